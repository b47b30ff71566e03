"""Progress in Chromium, from the fixture build: what a partner sees first, the charts in both themes, and screenshots."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        yield context.new_page()
    finally:
        context.close()


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def clip_between(page: Page, first: str, last: str) -> dict[str, float]:
    """The page area from the top of `first` to the bottom of `last`, across the content column."""
    top = page.locator(first).first.bounding_box()
    bottom = page.locator(last).first.bounding_box()
    column = page.locator("article.md-content__inner").bounding_box()
    assert top and bottom and column
    scroll = page.evaluate("window.scrollY")
    return {
        "x": column["x"] - 8,
        "y": top["y"] + scroll - 8,
        "width": column["width"] + 16,
        "height": bottom["y"] + bottom["height"] - top["y"] + 16,
    }


def test_the_summary_chart_is_what_a_partner_sees_first(progress_server: dict[str, str], desktop: Page) -> None:
    desktop.goto(progress_server["public"])
    chart = desktop.locator("#pp-chart-all")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300
    # The whole chart of all actions is on screen before any scrolling.
    assert box["y"] + box["height"] <= DESKTOP["height"]
    # Its bars are links to their lists, so it is not an image, whose contents would be hidden.
    assert chart.get_attribute("role") is None
    labels = desktop.locator("#pp-chart-all .pp-bar__label").all_text_contents()
    assert labels == ["Red", "Amber", "Green", "Complete", "Not yet rated", "Not published"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_words_are_drawn_in_the_themes_text_colour(progress_server: dict[str, str], browser: Browser, scheme: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(progress_server["public"])
        fill, body = page.evaluate(
            """() => [getComputedStyle(document.querySelector('#pp-chart-all .pp-bar__label')).fill,
                      getComputedStyle(document.querySelector('.md-typeset')).color]"""
        )
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()
    # The labels follow the theme's text colour, so they stay readable on the dark background.
    assert fill == body
    assert fill != background


def test_screenshots_of_progress(progress_server: dict[str, str], desktop: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    public, intranet = progress_server["public"], progress_server["intranet"]
    shots: dict[str, Path] = {}

    desktop.goto(public)
    shots["home-summary"] = ARTIFACTS / "home-summary.png"
    desktop.screenshot(path=shots["home-summary"], clip=clip_between(desktop, "h2#status", "#status-numbers"), full_page=True)

    desktop.goto(intranet + "delivery/actions/1-2/")
    assert desktop.locator("#rag-history-table tbody tr").count() == 2
    shots["action-history"] = ARTIFACTS / "action-history.png"
    desktop.screenshot(path=shots["action-history"], full_page=True)

    desktop.goto(intranet + "dashboard/")
    assert desktop.locator("#overdue-actions tbody tr").count() > 0
    shots["dashboard"] = ARTIFACTS / "dashboard.png"
    desktop.screenshot(path=shots["dashboard"], full_page=True)

    desktop.goto(intranet + "measures/")
    assert desktop.locator("[data-measure='referrals-per-10000'] svg circle").count() == 4
    shots["measure-trend"] = ARTIFACTS / "measure-trend.png"
    desktop.screenshot(
        path=shots["measure-trend"], clip=clip_between(desktop, "h2#trend-referrals-per-10000", "[data-measure='referrals-per-10000']"), full_page=True
    )

    for name, path in shots.items():
        width, height = png_size(path)
        assert width >= 600 and height >= 200, (name, width, height)
