"""Load the plan once per build for one edition, for every entry point to share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .loading import load_project
from .views import PlanSite

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


def load_site(project_dir: Path | str, edition: str, *, reference_date: dt.date | None = None, drafts: bool = False) -> PlanSite:
    """The validated, filtered plan for `edition`; loaded again only when an input file changed."""
    project_dir = Path(project_dir).resolve()
    key = (project_dir, edition, reference_date, drafts, fingerprint(project_dir))
    site = _cache.get(key)
    if site is None:
        _cache.clear()
        project = load_project(project_dir / "data")
        site = PlanSite(project, edition, reference_date=reference_date)
        _cache[key] = site
    return site
