"""Light and dark themes: the palette switch works and stays chosen, and every RAG badge keeps its contrast."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page
from visits import THEMES, context_options

BADGE_COLOURS = """
() => Array.from(document.querySelectorAll(".pp-badge")).map((badge) => {
  const style = getComputedStyle(badge);
  return {classes: badge.className, text: badge.textContent.trim(), color: style.color, background: style.backgroundColor};
})
"""
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"
STATUSES = {"red", "amber", "green", "complete", "not_rated", "not_published"}
"""The About page explains every status the sites show, Not published among them."""


def channels(css: str) -> tuple[float, float, float, float]:
    """An rgb()/rgba() colour as red, green, blue (0-255) and alpha."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def luminance(css: str) -> float:
    """Relative luminance, as WCAG defines it."""
    def linear(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue, _ = channels(css)
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_rag_badge_has_at_least_4_5_to_1_contrast(browser: Browser, site_server: dict[str, str], theme: str) -> None:
    context = browser.new_context(**context_options("desktop", theme))
    try:
        page = context.new_page()
        # The About page shows every status side by side, whatever the plan's current ratings are.
        page.goto(site_server["public"] + "about/")
        page.wait_for_function(f"() => ({SCHEME})() === '{THEMES[theme]}'")
        badges = page.evaluate(BADGE_COLOURS)
    finally:
        context.close()
    shown = {cls.removeprefix("pp-badge--") for badge in badges for cls in badge["classes"].split() if cls.startswith("pp-badge--")}
    assert shown == STATUSES
    for badge in badges:
        assert channels(badge["background"])[3] == 1.0, badge  # opaque, so the ratio below is the one readers see
        assert badge["text"], badge  # the word, not only the colour
        assert contrast(badge["color"], badge["background"]) >= 4.5, badge


def test_the_palette_switch_turns_dark_and_the_choice_stays_on_the_next_page(page: Page, site_server: dict[str, str]) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(site_server["public"])
    assert page.evaluate(SCHEME) == "default"
    page.get_by_title("Switch to dark theme").click()
    page.wait_for_function(f"() => ({SCHEME})() === 'slate'")
    page.goto(site_server["public"] + "delivery/")
    assert page.evaluate(SCHEME) == "slate"
    red, green, blue, _ = channels(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert max(red, green, blue) < 80
