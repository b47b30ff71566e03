"""Everything `planpress check` and a build validate before rendering, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.loading.front_matter import DocsFiles, page_audiences, read_docs
from macros.loading.macro_check import page_macro_problems
from macros.loading.newsletters import area_problems, read_newsletters
from macros.loading.project import load_project_with_notes
from macros.loading.published import contact_problems
from macros.model.models import Project
from macros.model.newsletter import Newsletter
from macros.model.problems import Problem, ValidationFailed


@dataclass(frozen=True)
class Validated:
    """A project that passed validation: its plan, every issue (drafts too) and the audience of every page."""

    project: Project
    issues: list[Newsletter]
    pages: dict[str, str]
    notes: list[Problem]
    """What is worth pointing out but not wrong, such as an action the latest meeting did not rate."""
    docs: DocsFiles
    """docs/ as it was read, for the checks that need its pages again (their links)."""

    @property
    def summary(self) -> str:
        """What was checked, in a line."""
        actions = sum(len(area.actions) for area in self.project.areas)
        drafts = sum(1 for issue in self.issues if issue.draft)
        return (
            f"data, newsletters and pages are valid: {counted(len(self.project.areas), 'delivery area')}, {counted(actions, 'action')}, "
            f"{counted(len(self.project.updates), 'RAG update')}, {counted(len(self.issues), 'newsletter')} ({counted(drafts, 'draft')}), "
            f"{counted(len(self.pages), 'page')}"
        )


def validate_all(root: Path) -> str:
    """Validate data/, newsletters/ and docs/; raise ValidationFailed with every problem, or say what was checked."""
    return validated(root).summary


def validated(root: Path) -> Validated:
    """Validate data/, newsletters/ and docs/; raise ValidationFailed with every problem, or give what was read."""
    problems: list[Problem] = []
    project = None
    notes: list[Problem] = []
    try:
        project, notes = load_project_with_notes(root / "data")
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    issues: list[Newsletter] = []
    try:
        issues = read_newsletters(root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    docs = DocsFiles([], frozenset())
    pages: dict[str, str] = {}
    try:
        docs = read_docs(root / "docs", root)
        pages = page_audiences(docs.pages, root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    problems.extend(page_macro_problems(docs.pages))
    if project is not None:
        problems.extend(area_problems(issues, (area.code for area in project.areas)))
        problems.extend(contact_problems(project, root))
    if problems:
        raise ValidationFailed(problems)
    assert project is not None
    return Validated(project, issues, pages, sorted(notes), docs)


def counted(number: int, noun: str) -> str:
    """'1 draft', '2 drafts', '0 drafts': a number and its noun, in the plural unless it is one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
