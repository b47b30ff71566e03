"""The Norfolk plan, built with mkdocs build --strict: every part of the plan is on the site."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import FIXTURES, NORFOLK
from plan_text import normalise, plan_fragments
from site_text import elements, html_pages, page_text

from macros.loading.project import load_project
from macros.views.markup import plain_text
from macros.views.plan_site import action_slug

PROJECT = load_project(NORFOLK / "data")
ACTIONS = [(area, action) for area in PROJECT.areas for action in area.actions]


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def text_of(site: Path, url: str) -> str:
    return normalise(page_text(read(site, url)))


@pytest.fixture(scope="module", params=["public", "intranet"])
def site(request: pytest.FixtureRequest, built_site: Path) -> Path:
    return built_site / request.param


def test_both_sites_are_built(built_site: Path) -> None:
    for edition in ("public", "intranet"):
        assert (built_site / edition / "index.html").is_file()
        assert (built_site / edition / "sitemap.xml").is_file()
        assert (built_site / edition / "search" / "search_index.json").is_file()


@pytest.mark.parametrize("area,action", ACTIONS, ids=[a.ref for _, a in ACTIONS])
def test_every_action_is_on_its_table_and_its_own_page(site: Path, area, action) -> None:
    table = read(site, f"delivery/{area.code.lower()}")
    row = [e for e in elements(table, "tr") if e.get("id") == f"action-{action_slug(action.ref)}"]
    assert row, f"no row for {action.ref} in {area.code}'s table"
    what = normalise(plain_text(action.what))
    assert what in normalise(page_text(table))
    links = [e["href"] for e in elements(table, "a")]
    assert f"../actions/{action_slug(action.ref)}/" in links
    own = text_of(site, f"delivery/actions/{action_slug(action.ref)}")
    assert what in own
    assert normalise(plain_text(action.who)) in own
    for milestone in action.by_when:
        assert normalise(milestone.text) in own
    for item in action.monitoring:
        assert normalise(plain_text(item.text)) in own
    assert "Not yet rated" in own


def test_each_priority_shows_its_four_columns(site: Path) -> None:
    html = read(site, "priorities")
    text = normalise(page_text(html))
    for priority in PROJECT.part_a.priorities:
        for column in priority.columns:
            assert normalise(column) in text
        for cell in (priority.change, priority.by_deadline, priority.focus, priority.success):
            assert normalise(plain_text(cell)) in text
    headers = [e for e in elements(html, "th") if e.get("scope") == "col"]
    assert len(headers) == 4 * len(PROJECT.part_a.priorities)


def test_all_eighteen_measures(site: Path) -> None:
    text = text_of(site, "measures")
    assert len(PROJECT.measures.items) == 18
    for measure in PROJECT.measures.items:
        assert normalise(plain_text(measure.name)) in text


@pytest.mark.parametrize("name", ["principles", "vision"])
def test_every_list_of_both_statements(site: Path, name: str) -> None:
    statement = getattr(PROJECT, name)
    text = text_of(site, name)
    for part in statement.lists:
        assert normalise(part.heading) in text
        for item in part.items:
            assert normalise(plain_text(item.text)) in text
    assert f"{statement.signed_by.name}, {statement.signed_by.role}" in text


def test_no_sentence_of_the_plan_is_missing(built_site: Path) -> None:
    site = built_site / "public"
    text = " ".join(normalise(page_text(p.read_text("utf-8"))) for p in html_pages(site))
    missing = [f for f in plan_fragments(FIXTURES / "plan.txt") if f not in text]
    assert not missing, "missing from the public site:\n" + "\n".join(missing)


def test_search_finds_action_pages(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for _, action in ACTIONS:
        assert f"delivery/actions/{action_slug(action.ref)}/" in locations
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Liquid logic" in texts or "Liquid Logic" in texts


def test_sitemap_lists_every_page(site: Path) -> None:
    tree = ElementTree.parse(site / "sitemap.xml")
    urls = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = [p for p in html_pages(site) if p.name == "index.html"]
    assert len(urls) == len(pages)


def test_navigation_does_not_list_every_action(site: Path) -> None:
    html = read(site, "")
    nav_links = [e for e in elements(html, "a") if "md-nav__link" in (e.get("class") or "")]
    assert len(nav_links) < 40, "the navigation must stay bounded as the plan grows"
