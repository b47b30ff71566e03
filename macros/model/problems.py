"""Problems found in the project's files, reported as `file:line: path: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def shown_path(path: Path, project_dir: Path) -> str:
    """A file's name as problems show it: relative to the project when it is inside it."""
    return path.relative_to(project_dir).as_posix() if path.is_relative_to(project_dir) else path.as_posix()


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ValidationFailed(Exception):
    """Raised with every problem found, so they can all be fixed in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, with a count."""
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)
