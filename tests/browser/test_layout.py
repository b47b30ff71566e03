"""Layout as readers see it: on a desktop screen a delivery table shows every column without scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from visits import delivery_tables

FITS = """
() => Array.from(document.querySelectorAll(".pp-scroll")).map((box) => ({
  label: box.getAttribute("aria-label"),
  scrollWidth: box.scrollWidth,
  clientWidth: box.clientWidth,
}))
"""


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_delivery_tables_fit_a_desktop_screen(page: Page, built_site: Path, site_server: dict[str, str], edition: str) -> None:
    pages = delivery_tables(built_site / edition)
    assert pages
    for path in pages:
        page.goto(site_server[edition] + path)
        boxes = page.evaluate(FITS)
        assert boxes, path
        wide = [box for box in boxes if box["scrollWidth"] > box["clientWidth"]]
        assert not wide, f"{path}: a table needs sideways scrolling at 1280px: {wide}"
