"""Shared fixtures: a copy of the project to edit, and both sites built once per run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import build_project, copy_project  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from the project as it is: the folder holding public/ and intranet/."""
    root = copy_project(tmp_path_factory.mktemp("project") / "norfolk")
    return build_project(root)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project for one test to change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from a copy with RAG updates, measure values and intranet-only items (tests/progress_data.py)."""
    from progress_data import write_progress_data

    root = copy_project(tmp_path_factory.mktemp("project") / "progress")
    write_progress_data(root)
    return build_project(root)


@pytest.fixture(scope="session")
def partner_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from a copy that has refs sharing a prefix (2.1 and 2.10) and a boot camp action (tests/partner_data.py)."""
    from partner_data import write_partner_data

    root = copy_project(tmp_path_factory.mktemp("project") / "partners")
    write_partner_data(root)
    return build_project(root)
