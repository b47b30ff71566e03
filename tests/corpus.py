"""The bad input corpus: one folder per mistake under tests/bad_input/, with the message it must give.

A case folder holds files laid out as in the project (data/..., docs/..., newsletters/...) that are
copied over a copy of the project, an optional `delete.txt` listing project files to remove, and
`expected.txt`: exactly what `planpress check` prints for it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "bad_input"
CONTROL_FILES = {"expected.txt", "delete.txt", "README.md"}


@dataclass(frozen=True)
class Case:
    """One bad input and the message it must give."""

    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def expected(self) -> str:
        return (self.folder / "expected.txt").read_text("utf-8")

    def files(self) -> list[Path]:
        """The case's files, relative to the project they are copied into."""
        return sorted(p.relative_to(self.folder) for p in self.folder.rglob("*") if p.is_file() and p.name not in CONTROL_FILES)

    def apply(self, project: Path) -> None:
        """Put the case's files into `project` and remove the files it lists."""
        for rel in self.files():
            target = project / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.folder / rel, target)
        deleted = self.folder / "delete.txt"
        if deleted.exists():
            for rel in deleted.read_text("utf-8").split():
                (project / rel).unlink()


def cases() -> list[Case]:
    """Every case of the corpus, by name."""
    return [Case(p) for p in sorted(CORPUS.iterdir()) if p.is_dir()]


def build_failure(expected: str) -> str:
    """What `planpress build` prints when both editions stop on the problems `planpress check` reports."""
    return f"planpress: neither site was built:\n{expected}planpress: nothing in site/ was changed.\n"
