"""The repository's own sites, built from its data/, docs/ and newsletters/: only what any valid content must satisfy.

Nothing here counts, dates or rates the content, so publishing a newsletter or a quarter of ratings never
fails it (tests/build/test_new_quarter.py shows that). The browser sweep (tests/browser/test_every_page.py)
opens every page of this same build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, copy_project, run_planpress
from site_checks import CHECKS


def test_planpress_check_accepts_the_repositorys_content(tmp_path: Path) -> None:
    checked = run_planpress(copy_project(tmp_path / "live", source=ROOT), "check")
    assert checked.code == 0, checked.output


@pytest.mark.parametrize("check", list(CHECKS))
def test_the_repositorys_own_sites(live_site: Path, check: str) -> None:
    problems = CHECKS[check](live_site.parent, live_site)
    assert not problems, "\n".join(problems)
