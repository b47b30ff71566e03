"""Everything `planpress check` and a build validate before rendering, in one place."""

from __future__ import annotations

from pathlib import Path

from macros.loading.front_matter import docs_audiences
from macros.loading.newsletters import area_problems, read_newsletters
from macros.loading.pagecheck import page_template_problems
from macros.loading.project import load_project
from macros.loading.published import contact_problems
from macros.model.newsletter import Newsletter
from macros.model.problems import Problem, ValidationFailed


def validate_all(root: Path) -> str:
    """Validate data/, newsletters/ and docs/; raise ValidationFailed with every problem, or say what was checked."""
    problems: list[Problem] = []
    project = None
    try:
        project = load_project(root / "data")
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    issues: list[Newsletter] = []
    try:
        issues = read_newsletters(root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    pages: dict[str, str] = {}
    try:
        pages = docs_audiences(root / "docs", root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    problems.extend(page_template_problems(root / "docs", root))
    if project is not None:
        problems.extend(area_problems(issues, (area.code for area in project.areas)))
        problems.extend(contact_problems(project, root))
    if problems:
        raise ValidationFailed(problems)
    assert project is not None
    actions = sum(len(area.actions) for area in project.areas)
    drafts = sum(1 for issue in issues if issue.draft)
    return (
        f"data, newsletters and pages are valid: {len(project.areas)} delivery areas, {actions} actions, "
        f"{len(project.updates)} RAG updates, {len(issues)} newsletters ({drafts} drafts), {len(pages)} pages"
    )
