"""Shared fixtures: copies of the fixture projects to edit, and their sites built once per run.

Every project here is a copy in a temporary folder. Behaviour tests use the Norfolk fixture
(tests/fixtures/norfolk) and what is added to it; only `live_site` is built from the repository's own
data/, docs/ and newsletters/, for the checks any valid content must pass (tests/site_checks.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ROOT, build_project, copy_project  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from the Norfolk fixture as it is: the folder holding public/ and intranet/."""
    root = copy_project(tmp_path_factory.mktemp("project") / "norfolk")
    return build_project(root)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the Norfolk fixture for one test to change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from the fixture with RAG updates, measure values and intranet-only items (tests/progress_data.py)."""
    from progress_data import write_progress_data

    root = copy_project(tmp_path_factory.mktemp("project") / "progress")
    write_progress_data(root)
    return build_project(root)


@pytest.fixture(scope="session")
def quarter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from the fixture with a quarter added (tests/quarter.py): ratings of every status, notes,
    intranet-only updates and page, measure values, two newsletters with images."""
    from quarter import add_quarter

    root = copy_project(tmp_path_factory.mktemp("project") / "quarter")
    add_quarter(root)
    return build_project(root)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from a copy of the repository's own content: for content-independent checks only."""
    root = copy_project(tmp_path_factory.mktemp("project") / "live", source=ROOT)
    return build_project(root)


@pytest.fixture(scope="session")
def mailing_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy with its own newsletters, images and meetings (tests/mailing_data.py), both sites built once: the project folder."""
    from mailing_data import write_mailing_project

    root = write_mailing_project(copy_project(tmp_path_factory.mktemp("project") / "mailing"))
    build_project(root)
    return root


@pytest.fixture(scope="session")
def partner_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built once from a copy that has refs sharing a prefix (2.1 and 2.10) and a boot camp action (tests/partner_data.py)."""
    from partner_data import write_partner_data

    root = copy_project(tmp_path_factory.mktemp("project") / "partners")
    write_partner_data(root)
    return build_project(root)
