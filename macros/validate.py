"""Everything `planpress check` and a build validate before rendering, in one place."""

from __future__ import annotations

from pathlib import Path

from .loading import load_project
from .pages import docs_audiences
from .problems import Problem, ValidationFailed


def validate_all(root: Path) -> str:
    """Validate data/ and docs/; raise ValidationFailed with every problem, or say what was checked."""
    problems: list[Problem] = []
    project = None
    try:
        project = load_project(root / "data")
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    pages: dict[str, str] = {}
    try:
        pages = docs_audiences(root / "docs", root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    assert project is not None
    actions = sum(len(area.actions) for area in project.areas)
    return f"data and pages are valid: {len(project.areas)} delivery areas, {actions} actions, {len(project.updates)} RAG updates, {len(pages)} pages"
