"""Load the plan once per build for one edition, for every entry point to share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.loading.newsletters import area_problems
from macros.loading.project import load_project
from macros.model.problems import Problem, ValidationFailed
from macros.views.issues import collect_newsletters
from macros.views.plan_site import PlanSite

_cache: dict[tuple[object, ...], PlanSite] = {}


def fingerprint(project_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every input file, so edits are noticed."""
    stamps = []
    for folder in ("data", "newsletters"):
        for path in sorted((project_dir / folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                stamps.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def load_site(
    project_dir: Path | str,
    edition: str,
    *,
    reference_date: dt.date | None = None,
    drafts: bool = False,
    feed_authority: str | None = None,
) -> PlanSite:
    """The validated, filtered plan and newsletters for `edition`; loaded again only when an input file changed."""
    project_dir = Path(project_dir).resolve()
    key = (project_dir, edition, reference_date, drafts, feed_authority, fingerprint(project_dir))
    site = _cache.get(key)
    if site is None:
        _cache.clear()
        problems: list[Problem] = []
        project = newsletters = None
        try:
            project = load_project(project_dir / "data")
        except ValidationFailed as failure:
            problems.extend(failure.problems)
        try:
            newsletters = collect_newsletters(project_dir, edition, drafts, feed_authority=feed_authority)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
        if project is not None and newsletters is not None:
            problems.extend(area_problems(newsletters, (area.code for area in project.areas)))
        if problems:
            raise ValidationFailed(problems)
        assert project is not None and newsletters is not None
        site = PlanSite(project, edition, reference_date=reference_date, newsletters=newsletters, feed_authority=feed_authority)
        _cache[key] = site
    return site
