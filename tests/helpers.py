"""Helpers shared by the tests: copy the project, run planpress, build both sites."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
NORFOLK = FIXTURES / "norfolk"
"""The Norfolk plan as it stood when the fixtures were made: data/, docs/ and newsletters/, frozen.

Behaviour tests run on it (or on copies of it with more added), never on the repository's own data/,
docs/ and newsletters/: those grow every quarter, and a test of planpress must not fail because the
partnership published a newsletter. tests/build/test_live_site.py checks the repository's own content."""

PROJECT_DIRS = ("data", "docs", "newsletters")
SHARED_FILES = ("mkdocs.yml", "mkdocs-intranet.yml", "docs/assets/planpress.css")
"""The sites' configuration and stylesheet. They are planpress's, not a plan's content, and change with the
code (the plugin, the theme, the colours), so every copy takes them from the repository root; a fixture
that needs its own settings holds its own copy, which then wins."""


def write_yaml(path: Path, data: Any) -> Path:
    """Write `data` as YAML to `path`, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_project(dest: Path, source: Path = NORFOLK) -> Path:
    """A copy of the project at `source` (the Norfolk fixture unless told) in `dest`, with the code linked, to change and build freely.

    `source=ROOT` copies the repository's own content, for the tests of its own sites.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_DIRS:
        if (source / name).exists():
            shutil.copytree(source / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (dest / name).mkdir()
    for name in SHARED_FILES:
        origin = source / name if (source / name).is_file() else ROOT / name
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, dest / name)
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return dest


def tree_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Result:
    """What a planpress command did."""

    code: int
    output: str


def run_planpress(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> Result:
    """Run the planpress command in `root`, as a user would."""
    # Outside GitHub's own runs unless a test asks: there, planpress adds annotations to what it prints.
    full_env = {**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "macros.cli", *args],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout + done.stderr)


def build_project(root: Path, env: dict[str, str] | None = None) -> Path:
    """Build both sites of the project in `root`; fail the test with planpress's output if it fails."""
    result = run_planpress(root, "build", env=env)
    assert result.code == 0, result.output
    return root / "site"
