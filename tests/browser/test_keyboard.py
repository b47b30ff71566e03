"""Keyboard use: from the skip link, Tab reaches the search, the navigation and every link of a delivery table."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from visits import FOCUSED, delivery_tables

MAX_TABS = 600

TARGETS = """
() => ({
  nav: Array.from(document.querySelectorAll(".md-sidebar--primary a.md-nav__link"))
    .filter((a) => a.getClientRects().length > 0).map((a) => a.href),
  table: Array.from(document.querySelectorAll("table.pp-table a[href]")).map((a) => a.href),
})
"""
"""What Tab must reach: every navigation link shown, and every link in the page's plan tables."""

FOCUSED_HREF = "() => document.activeElement && document.activeElement.href"


def tab_through(page: Page) -> list[dict]:
    """Press Tab until focus comes back round to the first element; what each press focused."""
    seen: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus is not None:
            focus["resolved"] = page.evaluate(FOCUSED_HREF)
        if seen and focus is not None and focus == seen[0]:
            return seen
        seen.append(focus)
    pytest.fail(f"focus did not come back to the start after {MAX_TABS} presses of Tab")


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_tab_reaches_search_navigation_and_every_delivery_link_with_visible_focus(
    page: Page, built_site: Path, site_server: dict[str, str], edition: str
) -> None:
    pages = delivery_tables(built_site / edition)
    assert len(pages) >= 4, pages  # OD1 to OD4 at least
    for path in pages:
        page.goto(site_server[edition] + path)
        targets = page.evaluate(TARGETS)
        assert targets["nav"] and targets["table"], path
        order = tab_through(page)
        focused = [f for f in order if f is not None]
        assert "md-skip" in focused[0]["classes"], f"{path}: the first Tab reached {focused[0]}"
        assert any("md-search__input" in f["classes"] for f in focused), f"{path}: Tab never reached the search box"
        reached = {f["resolved"] for f in focused}
        missing = [href for href in targets["nav"] + targets["table"] if href not in reached]
        assert not missing, f"{path}: Tab never reached {missing}"
        hidden = [f for f in focused if not (f["visible"] and f["indicated"])]
        assert not hidden, f"{path}: focus not visible on {hidden}"
