"""The code keeps its shape: layers in one direction with no cycles, ruff's rules, and mypy in strict mode."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

BIN = Path(sys.executable).parent


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    tool = BIN / name if (BIN / name).exists() else shutil.which(name)
    if tool is None:
        pytest.fail(f"{name} is not installed; it is in requirements-test.lock")
    return subprocess.run([str(tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_layers_import_one_way_and_nothing_imports_in_a_cycle() -> None:
    done = run_tool("lint-imports")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_ruff_finds_nothing() -> None:
    done = run_tool("ruff", "check", "macros", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing_in_the_package() -> None:
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
