"""One edition's plan and newsletters, loaded and checked together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.loading.newsletters import area_problems
from macros.loading.project import load_project
from macros.model.problems import Problem, ValidationFailed
from macros.views.issues import collect_newsletters
from macros.views.plan_site import PlanSite


def load_site(
    project_dir: Path | str,
    edition: str,
    *,
    reference_date: dt.date | None = None,
    drafts: bool = False,
    feed_authority: str | None = None,
) -> PlanSite:
    """The validated, filtered plan and newsletters for `edition`, every problem at once."""
    project_dir = Path(project_dir).resolve()
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
    return PlanSite(project, edition, reference_date=reference_date, newsletters=newsletters, feed_authority=feed_authority)
