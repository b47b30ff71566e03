"""Screenshots of the pages readers open most, at desktop and phone sizes, kept as test artefacts (not in git)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from visits import SIZES, THEMES, context_options

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

PAGES = {
    "home": re.compile(r""),
    "delivery-plan": re.compile(r"delivery/"),
    "delivery-table": re.compile(r"delivery/od\d+/"),
    "action": re.compile(r"delivery/actions/[^/]+/"),
    "newsletter": re.compile(r"newsletters/\d{4}-\d{2}-\d{2}-[^/]+/"),
}
"""Each screenshot and the pages it may show; the first match in the built site is taken (the newest newsletter)."""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def pick(paths: list[str], pattern: re.Pattern[str], newest_first: bool) -> str | None:
    """The first page whose path matches, or the last one when the newest is wanted."""
    matches = [p for p in paths if pattern.fullmatch(p)]
    if not matches:
        return None
    return matches[-1] if newest_first else matches[0]


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(browser: Browser, site_server: dict[str, str], site_pages: dict[str, list[str]], name: str, size: str, theme: str) -> None:
    path = pick(site_pages["public"], PAGES[name], newest_first=name == "newsletter")
    if path is None:
        assert name == "newsletter", f"no {name} page was built"
        pytest.skip("no newsletter has been published yet")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}-{size}-{theme}.png"
    context = browser.new_context(**context_options(size, theme))
    try:
        page = context.new_page()
        page.goto(site_server["public"] + path, wait_until="load")
        page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=THEMES[theme])
        data = page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
    width, height = png_size(target.read_bytes())
    assert data == target.read_bytes()
    assert width == SIZES[size]["width"] and height >= SIZES[size]["height"], (width, height)
