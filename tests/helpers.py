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

PROJECT_FILES = ("mkdocs.yml", "mkdocs-intranet.yml")
PROJECT_DIRS = ("data", "docs", "newsletters")


def write_yaml(path: Path, data: Any) -> Path:
    """Write `data` as YAML to `path`, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_project(dest: Path) -> Path:
    """A copy of the project's inputs in `dest`, with the code linked, to change and build freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    for name in PROJECT_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
        else:
            (dest / name).mkdir()
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
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
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
