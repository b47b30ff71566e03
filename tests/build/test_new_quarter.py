"""A new quarter never fails the tests: the repository's content with a realistic quarter added passes every check.

The quarter (tests/quarter.py) is what an editor adds after two steering group meetings: ratings of every
action at each, some for the intranet only; values for three measures; two newsletters with images and
links to actions; an intranet-only page. Added to a copy of the repository's own content, dated after
everything in it, it must pass `planpress check`, build, and pass the same content-independent checks as
the repository's own sites (tests/site_checks.py). Every other test runs on fixtures, so together these
show that publishing a quarter cannot break `make test`. The data checks of tests/unit/test_norfolk_data.py
(tests/plan_text.py) run on the copy too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, build_project, copy_project, run_planpress
from plan_text import DATA_CHECKS
from quarter import Quarter, add_quarter
from site_checks import CHECKS

from macros.loading.project import load_project


@pytest.fixture(scope="module")
def new_quarter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Quarter]:
    """A copy of the repository's own content with the quarter added: the project folder and what was added."""
    root = copy_project(tmp_path_factory.mktemp("new-quarter") / "project", source=ROOT)
    return root, add_quarter(root)


@pytest.fixture(scope="module")
def new_quarter_site(new_quarter: tuple[Path, Quarter]) -> Path:
    return build_project(new_quarter[0])


def test_planpress_check_accepts_the_new_quarter(new_quarter: tuple[Path, Quarter]) -> None:
    root, quarter = new_quarter
    checked = run_planpress(root, "check")
    assert checked.code == 0, checked.output
    assert quarter.meetings[0] < quarter.meetings[1]


def test_the_quarter_is_on_the_sites(new_quarter: tuple[Path, Quarter], new_quarter_site: Path) -> None:
    # Without this, the checks below could pass on a build that left the quarter out.
    root, quarter = new_quarter
    first = load_project(root / "data").areas[0].actions[0].ref.replace(".", "-")
    for edition in ("public", "intranet"):
        site = new_quarter_site / edition
        for issue in quarter.issues:
            assert (site / issue.removesuffix(".md") / "index.html").is_file(), (edition, issue)
        assert (site / "assets" / "newsletters" / "autumn-courses.png").is_file()
        for meeting in quarter.meetings:
            assert meeting.isoformat() in (site / "delivery" / "actions" / first / "index.html").read_text("utf-8")
    page = quarter.page.removeprefix("docs/").removesuffix(".md")
    assert (new_quarter_site / "intranet" / page / "index.html").is_file()
    assert not (new_quarter_site / "public" / page).exists()


@pytest.mark.parametrize("check", list(CHECKS))
def test_every_content_independent_check_passes_after_a_new_quarter(new_quarter: tuple[Path, Quarter], new_quarter_site: Path, check: str) -> None:
    problems = CHECKS[check](new_quarter[0], new_quarter_site)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("check", list(DATA_CHECKS))
def test_the_data_is_still_the_plan_after_a_new_quarter(new_quarter: tuple[Path, Quarter], check: str) -> None:
    problems = DATA_CHECKS[check](new_quarter[0] / "data")
    assert not problems, "\n".join(problems)
