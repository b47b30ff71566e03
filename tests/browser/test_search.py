"""Material's search, typed into as a reader would: it finds actions, and never intranet-only text on the public site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from helpers import build_project, write_yaml
from playwright.sync_api import Page
from serve import serve_site

MARKER = "Zorbelwick"
"""A word planted only in intranet-only data, found nowhere else."""

SETTLED = """
() => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta && /matching document/i.test(meta.textContent) ? meta.textContent.trim() : null;
}
"""


def search(page: Page, base_url: str, words: str) -> tuple[str, list[str]]:
    """Type `words` into the search box of the home page; the result count line and the paths of the results."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(words, delay=30)
    page.wait_for_function(SETTLED)
    # Results follow each key; wait until the line has stopped changing for the whole query.
    meta, previous = page.evaluate(SETTLED), None
    while meta != previous:
        page.wait_for_timeout(400)
        previous, meta = meta, page.evaluate(SETTLED)
    base = urlsplit(base_url).path
    links = page.locator(".md-search-result__link").evaluate_all("links => links.map((a) => a.href)")
    return meta, [urlsplit(href).path.removeprefix(base) for href in links]


@pytest.mark.parametrize("edition", ["public", "intranet"])
@pytest.mark.parametrize(
    ("words", "action_pages"),
    [("Superleaders", ["delivery/actions/2-4/"]), ("Liquid Logic", ["delivery/actions/3-3/", "delivery/actions/4-5/"])],
)
def test_search_finds_the_actions_a_reader_types(page: Page, site_server: dict[str, str], edition: str, words: str, action_pages: list[str]) -> None:
    meta, found = search(page, site_server[edition], words)
    assert found, meta
    for path in action_pages:
        assert path in found, f"searching {words!r} on the {edition} site found {found}"
    page.goto(site_server[edition] + action_pages[0])
    assert words.split()[0].lower() in page.locator("article").inner_text().lower()


def _plant_marker(root: Path) -> None:
    """Put MARKER into an intranet-only paragraph of the About page and an intranet-only RAG update note."""
    about_file = root / "data" / "about.yml"
    about = yaml.safe_load(about_file.read_text("utf-8"))
    about["subscribe"].append({"text": f"Partner staff can also ask the {MARKER} desk.", "audience": "intranet"})
    write_yaml(about_file, about)
    update = {"action": "1.1", "date": "2018-07-25", "status": "green", "note": f"Reviewed by the {MARKER} panel.", "audience": "intranet"}
    write_yaml(root / "data" / "updates" / "2018-07-25.yml", {"updates": [update]})


def test_intranet_only_words_are_found_on_the_intranet_and_not_on_the_public_site(page: Page, project: Path) -> None:
    _plant_marker(project)
    site = build_project(project)
    with serve_site(site / "intranet") as intranet:
        meta, found = search(page, intranet, MARKER)
        # The intranet finds both places, so the search below would find the word if it had leaked.
        assert {"about/", "delivery/actions/1-1/"} <= set(found), (meta, found)
    with serve_site(site / "public") as public:
        meta, found = search(page, public, MARKER)
        assert found == [] and meta.lower().startswith("no matching"), (meta, found)
