"""The content-independent checks (tests/site_checks.py): every fixture build passes them, and each finds what it looks for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from progress_data import SECRET_ACTION_UPDATE, SECRET_UPDATE, SECRET_VALUE_NOTE
from quarter import SECRET
from site_checks import CHECKS, feed_problems, intranet_only, leak_problems, link_problems, plan_text_problems, readable

FIXTURE_SITES = ("built_site", "progress_site", "quarter_site")


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("fixture", FIXTURE_SITES)
def test_every_fixture_build_passes(request: pytest.FixtureRequest, fixture: str, check: str) -> None:
    sites: Path = request.getfixturevalue(fixture)
    problems = CHECKS[check](sites.parent, sites)
    assert not problems, "\n".join(problems)


def test_intranet_only_words_are_read_from_the_data_and_are_on_the_intranet(progress_site: Path, quarter_site: Path) -> None:
    progress = intranet_only(progress_site.parent)
    # An intranet-only update, a value's note, and a public update of an intranet-only action.
    for words in (SECRET_UPDATE, SECRET_VALUE_NOTE, SECRET_ACTION_UPDATE + "."):
        assert words in progress.texts
    assert "delivery/actions/4-9/" in progress.urls and "action-4-9" in progress.marks
    quarter = intranet_only(quarter_site.parent)
    secrets = [t for t in quarter.texts if SECRET in t]
    assert len(secrets) >= 3 and "steering-group-notes/" in quarter.urls
    # The check can only see a leak of words that the built pages really hold.
    intranet = " ".join(readable(p) for p in (quarter_site / "intranet").rglob("*.html"))
    assert [t for t in secrets if t not in intranet] == []


@pytest.fixture
def broken(quarter_site: Path, tmp_path: Path) -> Path:
    """A copy of the quarter fixture's sites to break."""
    shutil.copytree(quarter_site.parent / "data", tmp_path / "data")
    shutil.copytree(quarter_site.parent / "docs", tmp_path / "docs")
    shutil.copytree(quarter_site.parent / "newsletters", tmp_path / "newsletters")
    shutil.copytree(quarter_site, tmp_path / "site")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_missing_sentence_of_the_plan_is_found(broken: Path) -> None:
    edit(broken / "site" / "public" / "vision" / "index.html", "Sara Tough", "S. Tough")
    problems = plan_text_problems(broken, broken / "site")
    assert problems and all(p.startswith("public: the plan's text") and "Sara Tough" in p for p in problems)


def test_a_feed_that_does_not_parse_is_found(broken: Path) -> None:
    feed = broken / "site" / "intranet" / "atom.xml"
    feed.write_bytes(feed.read_bytes()[:-200])
    assert [p.split(":")[0] for p in feed_problems(broken, broken / "site")] == ["intranet/atom.xml"]


def test_a_broken_link_or_anchor_is_found(broken: Path) -> None:
    page = broken / "site" / "public" / "about" / "index.html"
    edit(page, "</article>", '<a href="../no-such-page/">x</a><a href="../delivery/od1/#action-9-9">y</a><img src="../assets/gone.png" alt="z"></article>')
    assert link_problems(broken, broken / "site") == [
        "public/about/: <a href='../no-such-page/'>: no such file",
        "public/about/: <a href='../delivery/od1/#action-9-9'>: no id 'action-9-9' on delivery/od1/",
        "public/about/: <img src='../assets/gone.png'>: no such file",
    ]


def test_intranet_only_words_and_pages_on_the_public_site_are_found(broken: Path) -> None:
    shutil.copytree(broken / "site" / "intranet" / "steering-group-notes", broken / "site" / "public" / "steering-group-notes")
    secret = next(t for t in intranet_only(broken).texts if "finance panel at" in t)
    # In a feed the words are escaped twice, inside the item's HTML inside the XML.
    edit(broken / "site" / "public" / "feed.xml", "</description>", f"&lt;p&gt;{secret}&lt;/p&gt;</description>")
    problems = leak_problems(broken, broken / "site")
    assert "public/steering-group-notes/: an intranet-only page is built on the public site" in problems
    assert f"public/feed.xml: holds the intranet-only text {secret!r}" in problems
    assert any(p.startswith("public/steering-group-notes/index.html: holds the intranet-only text") for p in problems)
