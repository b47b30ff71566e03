"""What partners meet at desktop widths (1024 to 1920 px) and on a phone (390 px), on both sites: a way from the home
page to every section, refs that never break, search that finds the action typed, the main chart as legible as the
per-area charts, the site's name in full in the header, and the plan on a page printed on two sheets.

Run on a copy of the project that has refs sharing a prefix (2.1 and 2.10) and an action that runs boot camps
(tests/partner_data.py); what each test expects is read from that copy's data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import serve_both
from partner_data import BOOT_CAMP_WORDS, PREFIXED_REFS, action_texts
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_search import SETTLED
from test_search import search as search_from_the_box

from macros.loading.project import load_project
from macros.views.plan_site import PLAN_ON_A_PAGE_URL, action_title, action_url

EDITIONS = ("public", "intranet")
DESKTOP_WIDTHS = (1024, 1152, 1280, 1600, 1920)
PHONE = 390
WIDTHS = (*DESKTOP_WIDTHS, PHONE)
INTRANET_ONLY = {"dashboard/", "contacts/"}
"""Pages the public site leaves out (their docs/ files say `audience: intranet`)."""

REACHABLE = """
(a) => {
  a.scrollIntoView({block: "center"});
  const box = a.getBoundingClientRect();
  if (!box.width || !box.height) return false;
  const x = box.left + Math.min(box.width / 2, 24), y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return !!hit && (hit === a || a.contains(hit));
}
"""
"""Whether a link is on screen and the thing a click there would reach, not hidden under or beside something."""

SECTION_LABEL = """
(a) => {
  const nested = a.closest("nav.md-nav[data-md-level]");
  const item = nested && nested.parentElement;
  const label = item && item.querySelector(":scope > label.md-nav__link");
  return label ? label.getAttribute("for") : null;
}
"""
"""The id of the switch that opens the navigation section a link is in, when it is in one."""

REF_LINES = """
() => [...document.querySelectorAll("article .pp-ref")].map((ref) => ({
  ref: ref.textContent,
  lines: new Set([...ref.getClientRects()].map((box) => Math.round(box.top))).size,
  height: ref.getBoundingClientRect().height,
  lineHeight: parseFloat(getComputedStyle(ref).fontSize) * 1.6,
}))
"""
"""Each ref on the page: on how many lines it is drawn, and its height beside a line's."""

LEADING_REF_LINES = """
(count) => {
  // The first `count` letters of the first result's title, wherever search highlighting split them into elements.
  const title = document.querySelector(".md-search-result__article h1");
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  let left = count;
  for (let node = walker.nextNode(); node && left > 0; node = walker.nextNode()) {
    for (let i = 0; i < node.length && left > 0; i++, left--) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      for (const box of range.getClientRects()) tops.add(Math.round(box.top));
    }
  }
  return {text: title.textContent.trim(), lines: tops.size};
}
"""

TEXT_HEIGHT = """
(selector) => {
  const text = document.querySelector(selector);
  return text ? text.getBoundingClientRect().height : null;
}
"""


def search(page: Page, base_url: str, words: str) -> tuple[str, list[str]]:
    """Search as test_search does; on a phone, where the box is behind the header's search button, press it first."""
    button = page.locator("label.md-header__button[for='__search']")
    page.goto(base_url)
    if button.is_visible():
        button.click()
        page.locator("input.md-search__input").wait_for(state="visible")
        box = page.locator("input.md-search__input")
        box.press_sequentially(words, delay=30)
        page.wait_for_function(SETTLED)
        meta, previous = page.evaluate(SETTLED), None
        while meta != previous:
            page.wait_for_timeout(400)
            previous, meta = meta, page.evaluate(SETTLED)
        base = urlsplit(base_url).path
        links = page.locator(".md-search-result__link").evaluate_all("links => links.map((a) => a.href)")
        return meta, [urlsplit(href).path.removeprefix(base) for href in links]
    return search_from_the_box(page, base_url, words)


def _nav_urls(root: Path) -> list[str]:
    """The site URL of every page mkdocs.yml's nav lists, in order: 'index.md' is '', 'delivery/od1.md' is 'delivery/od1/'."""
    nav = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["nav"]
    files: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            files.append(item)
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(nav)
    urls = []
    for file in files:
        path = file.removesuffix(".md")
        urls.append("" if path == "index" else path.removesuffix("/index") + "/")
    return urls


@pytest.fixture(scope="module")
def project_root(partner_site: Path) -> Path:
    """The copied project the partner build was made from."""
    return partner_site.parent


@pytest.fixture
def sized(browser: Browser) -> Iterator[Any]:
    """Open pages at a given width: sized(width) is a fresh page in its own context, closed after the test."""
    contexts = []

    def open_at(width: int) -> Page:
        phone = width <= PHONE
        context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_at
    finally:
        for context in contexts:
            context.close()


def _reachable_soon(page: Page, link: Any) -> bool:
    """Whether the link becomes reachable within a second (Material slides the drawer and its sections in)."""
    try:
        page.wait_for_function(REACHABLE, arg=link.element_handle(), timeout=1000)
    except PlaywrightTimeout:
        return False
    return True


def _open_to(page: Page, link: Any) -> tuple[bool, bool]:
    """Make a navigation link reachable as a reader would, opening the menu and then the section it is in.

    Returns whether it is reachable, and whether anything was opened (so the page must be loaded again).
    """
    if link.evaluate(REACHABLE):
        return True, False
    menu = page.locator("label.md-header__button[for='__drawer']")
    opened = False
    if menu.is_visible():
        menu.click()
        opened = True
        if _reachable_soon(page, link):
            return True, opened
    section = link.evaluate(SECTION_LABEL)
    if section:
        page.locator(f"label.md-nav__link[for='{section}']").first.click()
        opened = True
    return _reachable_soon(page, link), opened


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_page_reaches_every_section(sized: Any, partner_server: dict[str, str], project_root: Path, edition: str, width: int) -> None:
    # Every page the nav lists but the home page itself, which the logo and the nav's first entry show already.
    expected = [url for url in _nav_urls(project_root) if url and (edition == "intranet" or url not in INTRANET_ONLY)]
    assert "dashboard/" in expected or edition == "public"
    assert PLAN_ON_A_PAGE_URL in expected
    page = sized(width)
    base = partner_server[edition]
    page.goto(base)
    unreached = []
    for url in expected:
        link = page.locator(f"nav.md-nav--primary a.md-nav__link[href='{url}']").first
        assert link.count(), f"the home page's navigation has no link to {url} on the {edition} site"
        reached, opened = _open_to(page, link)
        if not reached:
            unreached.append(url)
        if opened:
            page.goto(base)
    assert not unreached, f"at {width}px the {edition} home page gives no visible way to {unreached}"
    # Following one, as a reader would: the dashboard on the intranet, the plan on a page on the public site.
    target = "dashboard/" if edition == "intranet" else PLAN_ON_A_PAGE_URL
    link = page.locator(f"nav.md-nav--primary a.md-nav__link[href='{target}']").first
    assert _open_to(page, link)[0]
    link.click()
    page.wait_for_load_state()
    assert page.url == base + target


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_home_page_links_to_the_plan_on_a_page(page: Page, partner_server: dict[str, str], edition: str) -> None:
    page.goto(partner_server[edition])
    links = page.locator(f"article a[href='{PLAN_ON_A_PAGE_URL}']")
    assert links.count() == 1 and links.first.is_visible()


def _ref_pages(root: Path, edition: str) -> list[str]:
    areas = load_project(root / "data").areas
    pages = [f"delivery/{area.code.lower()}/" for area in areas] + [PLAN_ON_A_PAGE_URL]
    return pages + (["dashboard/"] if edition == "intranet" else [])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_ref_is_one_line_tall(sized: Any, partner_server: dict[str, str], project_root: Path, edition: str, width: int) -> None:
    page = sized(width)
    refs = {a.ref for area in load_project(project_root / "data").areas for a in area.actions}
    seen: set[str] = set()
    for path in _ref_pages(project_root, edition):
        page.goto(partner_server[edition] + path)
        found = page.evaluate(REF_LINES)
        assert found or path == "dashboard/", f"{path} shows no ref"
        broken = [f["ref"] for f in found if f["lines"] != 1 or f["height"] > f["lineHeight"] * 1.2]
        assert not broken, f"at {width}px refs break over lines on the {edition} site's {path}: {broken}"
        seen |= {f["ref"] for f in found}
    # Every ref of a prefixed pair is shown (and measured), the longer ones that broke included.
    assert {ref for pair in PREFIXED_REFS for ref in pair} <= seen <= refs


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_ref_in_search_results_is_one_line_tall(sized: Any, partner_server: dict[str, str], width: int) -> None:
    page = sized(width)
    for ref in (pair[1] for pair in PREFIXED_REFS):
        search(page, partner_server["public"], ref)
        found = page.evaluate(LEADING_REF_LINES, len(ref))
        assert found["text"].startswith(ref + " ") and found["lines"] == 1, found


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("pair", PREFIXED_REFS, ids=lambda pair: pair[0])
def test_searching_a_ref_finds_that_action_first(page: Page, partner_server: dict[str, str], edition: str, pair: tuple[str, str]) -> None:
    for ref in pair:
        meta, found = search(page, partner_server[edition], ref)
        assert found, meta
        assert found[0] == action_url(ref), f"searching {ref!r} on the {edition} site listed {found[:6]} first"
    # The shorter ref's search finds the longer one too, but after it.
    meta, found = search(page, partner_server[edition], pair[0])
    assert action_url(pair[1]) not in found[:1]


@pytest.mark.parametrize("edition", EDITIONS)
def test_searching_an_actions_words_finds_the_action_before_pages_that_mention_it(page: Page, partner_server: dict[str, str], project_root: Path, edition: str) -> None:
    texts = action_texts(project_root)
    actions = {action_url(ref) for ref, text in texts.items() if BOOT_CAMP_WORDS in text.lower()}
    assert actions
    meta, found = search(page, partner_server[edition], BOOT_CAMP_WORDS)
    pages = list(dict.fromkeys(found))
    assert pages[0] in actions, (meta, pages)
    others = [p for p in pages if not p.startswith("delivery/actions/")]
    assert others, f"no other page mentions {BOOT_CAMP_WORDS!r}, so the order proves nothing: {pages}"
    last_action = max(pages.index(p) for p in actions if p in pages)
    assert last_action < pages.index(others[0]), pages
    # An action's own title, typed as written, finds that action first.
    first_ref = PREFIXED_REFS[1][0]
    action = next(a for area in load_project(project_root / "data").areas for a in area.actions if a.ref == first_ref)
    words = re.sub(r"[^\w\s]", " ", action_title(action).rstrip("…")).split()[:6]
    meta, found = search(page, partner_server[edition], " ".join(words))
    assert found and found[0] == action_url(first_ref), (words, found[:6])


def test_search_excerpts_keep_table_cells_apart(page: Page, partner_server: dict[str, str], project_root: Path) -> None:
    contacts = yaml.safe_load((project_root / "data" / "contacts.yml").read_text("utf-8"))["people"]
    person = next(p for p in contacts if p.get("audience", "public") == "public")
    meta, found = search(page, partner_server["intranet"], person["name"])
    assert "contacts/" in found, (meta, found)
    item = page.locator(".md-search-result__item", has=page.locator("a.md-search-result__link[href*='/contacts/']")).first
    text = " ".join(item.inner_text().split())
    role = re.sub(r"[*_]", "", person["role"]).split()[0]
    assert f"{person['name']} {role}" in text, text


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [PHONE, 1280])
def test_the_main_chart_is_as_legible_as_the_area_charts(sized: Any, partner_server: dict[str, str], edition: str, width: int) -> None:
    page = sized(width)
    page.goto(partner_server[edition])
    main = page.evaluate(TEXT_HEIGHT, "#pp-chart-all .pp-bar__label")
    areas = page.locator(".pp-area-charts svg.pp-chart")
    assert main and areas.count()
    for i in range(areas.count()):
        area = areas.nth(i).locator(".pp-bar__label").first.bounding_box()
        assert area is not None
        assert main >= area["height"] - 0.5, f"at {width}px the main chart's words are {main:.1f}px tall, an area chart's {area['height']:.1f}px"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_header_shows_the_sites_name_in_full(sized: Any, partner_server: dict[str, str], project_root: Path, edition: str) -> None:
    short = load_project(project_root / "data").plan.short_name
    for width in WIDTHS:
        page = sized(width)
        page.goto(partner_server[edition])
        shown = page.locator(".md-header__topic").first.locator(".md-ellipsis:visible")
        assert shown.count() == 1, width
        text = " ".join(shown.inner_text().split())
        fits = shown.evaluate("(e) => e.scrollWidth <= e.clientWidth")
        assert fits, f"at {width}px the header cuts off {text!r}"
        if width == PHONE:
            assert text == short


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points, from the PDF's page objects."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize("sweep", ["partner", "quarter"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_plan_on_a_page_prints_on_two_landscape_sheets(browser: Browser, sweep_sites: Callable[[str], Path], edition: str, sweep: str) -> None:
    # The partner fixture adds actions; the quarter's forecasts add the Slippage column.
    sites = sweep_sites(sweep)
    actions = sum(len(area.actions) for area in load_project(sites.parent / "data").areas)
    assert actions <= 28 + len(PREFIXED_REFS) * 2  # Norfolk's 28, and any the fixture added
    page = browser.new_page()
    try:
        with serve_both(sites) as server:
            page.goto(server[edition] + PLAN_ON_A_PAGE_URL)
            page.emulate_media(media="print")
            # Every action's row is there to print, and nothing meant for the screen only.
            assert page.locator("table.pp-plan tbody tr").count() == actions
            assert page.locator(".pp-plan-status:visible, .pp-status-filter:visible").count() == 0
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    pages = _pdf_pages(pdf)
    assert 1 <= len(pages) <= 2, f"{len(pages)} sheets"
    assert all(width > height and abs(width - 841.9) < 2 and abs(height - 595.3) < 2 for width, height in pages), pages
