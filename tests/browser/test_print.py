"""Print: the delivery plan and its OD pages laid out for A4 in Chromium, no table wider than the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

# A4 with the stylesheet's 15 mm margins: 180 mm of printable width, in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round(180 / 25.4 * 96)
A4_POINTS = (595.3, 841.9)
"""210 × 297 mm in PDF points; Chromium rounds to whole hundredths of an inch, so allow a point."""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Norfolk's pages, and from the fixture build the pages whose tables only data with values fills.
PAGES = [
    ("norfolk", "delivery/"),
    ("norfolk", "delivery/od1/"),
    ("norfolk", "delivery/od2/"),
    ("norfolk", "delivery/od3/"),
    ("norfolk", "delivery/od4/"),
    ("norfolk", "priorities/"),
    ("progress", "delivery/actions/1-1/"),
    ("progress", "measures/"),
    ("progress", ""),
]

MEASURE = """() => {
  const page = document.documentElement.getBoundingClientRect().left;
  return {
    pageScroll: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll("article table")].map((t) => {
      const box = t.getBoundingClientRect();
      const wrap = t.closest(".pp-scroll");
      return {
        id: t.id || t.className,
        scrollWidth: t.scrollWidth,
        left: box.left - page,
        right: box.right - page,
        wrapScroll: wrap ? wrap.scrollWidth : 0,
        wrapClient: wrap ? wrap.clientWidth : 0,
        cells: [...t.querySelectorAll("th, td")].filter((c) => c.scrollWidth > c.clientWidth + 1).length,
      };
    }),
  };
}"""


@pytest.fixture
def print_page(browser: Browser) -> Iterator[Page]:
    """A page as wide as the printable width of A4, with print media emulated."""
    context = browser.new_context(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("build,path", PAGES)
def test_no_table_is_wider_than_the_printed_page(request: pytest.FixtureRequest, print_page: Page, build: str, path: str) -> None:
    server = request.getfixturevalue("site_server" if build == "norfolk" else "progress_server")
    response = print_page.goto(server["public"] + path)
    assert response is not None and response.ok
    found = print_page.evaluate(MEASURE)
    # The delivery plan's own page is text; its tables are on the OD pages.
    assert found["tables"] or path == "delivery/", f"{path} has no table to check"
    for table in found["tables"]:
        where = f"{path} {table['id']}"
        assert table["scrollWidth"] <= PRINTABLE_WIDTH, where
        assert table["left"] >= -1 and table["right"] <= PRINTABLE_WIDTH + 1, where
        # Print has no scroll bar: nothing may hide in the table's scrolling region or overflow a cell.
        assert table["wrapScroll"] <= table["wrapClient"] + 1, where
        assert table["cells"] == 0, where
    assert found["pageScroll"] <= PRINTABLE_WIDTH, path


def test_print_hides_the_navigation_and_keeps_the_badge_words(site_server: dict[str, str], print_page: Page) -> None:
    print_page.goto(site_server["public"] + "delivery/od1/")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".pp-downloads"):
        assert not print_page.locator(selector).first.is_visible(), selector
    badge = print_page.locator(".pp-actions .pp-badge").first
    assert badge.inner_text() == "Not yet rated"
    # The badge keeps its colour on paper too, and tells the browser to print its background.
    colours = badge.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.backgroundColor, s.borderTopColor, s.printColorAdjust]; }")
    assert colours == ["rgb(255, 255, 255)", "rgb(89, 89, 89)", "rgb(89, 89, 89)", "exact"]


def test_printed_badges_keep_their_colours(progress_server: dict[str, str], print_page: Page) -> None:
    print_page.goto(progress_server["public"] + "delivery/od2/")
    found = print_page.evaluate(
        "() => [...document.querySelectorAll('.pp-actions .pp-badge')].map(b => [b.className, getComputedStyle(b).backgroundColor, getComputedStyle(b).printColorAdjust])"
    )
    backgrounds = {"pp-badge--red": "rgb(164, 38, 44)", "pp-badge--green": "rgb(27, 110, 51)", "pp-badge--not_rated": "rgb(89, 89, 89)"}
    kinds = set()
    for classes, background, adjust in found:
        kind = classes.split()[-1]
        kinds.add(kind)
        if kind in backgrounds:
            assert background == backgrounds[kind], classes
        assert adjust == "exact", classes
    assert {"pp-badge--red", "pp-badge--green"} <= kinds


def printed_pages(browser: Browser, url: str) -> list[str]:
    """The text of each page of `url` printed by Chromium to A4 as a person would print it (no background option)."""
    from io import BytesIO

    from pypdf import PdfReader

    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.ok, url
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    return [p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("path", ["", "delivery/od2/", "about/", "reports/"])
def test_every_printed_page_of_the_intranet_says_internal_edition(site_server: dict[str, str], browser: Browser, path: str) -> None:
    pages = printed_pages(browser, site_server["intranet"] + path)
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "Internal edition" in text, f"{path} page {number} of {len(pages)}"
    if path == "delivery/od2/":
        assert len(pages) >= 2
    for text in printed_pages(browser, site_server["public"] + path):
        assert "Internal edition" not in text, path


@pytest.mark.parametrize("path,name", [("delivery/", "delivery-plan"), ("delivery/od2/", "od2")])
def test_the_delivery_plan_prints_to_an_a4_pdf(site_server: dict[str, str], browser: Browser, path: str, name: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_server["public"] + path)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    assert pdf.startswith(b"%PDF-")
    boxes = [tuple(float(n) for n in box.split()[2:4]) for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf)]
    assert boxes
    for width, height in boxes:
        assert width == pytest.approx(A4_POINTS[0], abs=1) and height == pytest.approx(A4_POINTS[1], abs=1), (width, height)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 2 if name == "od2" else pages >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
