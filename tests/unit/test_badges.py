"""RAG badges: a word for every status, and text contrast of at least 4.5:1 in both themes."""

from __future__ import annotations

import re

import pytest
from helpers import NORFOLK, ROOT

from macros.loading.project import load_project
from macros.model.models import Status
from macros.views.plan_site import PlanSite

CSS = (ROOT / "docs" / "assets" / "planpress.css").read_text("utf-8")


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def badge_colours(status: Status) -> tuple[str, str]:
    rule = re.search(rf"\.pp-badge--{status.value}\s*\{{([^}}]*)\}}", CSS)
    assert rule, f"no badge style for {status.value}"
    background = re.search(r"background:\s*(#[0-9a-fA-F]{6})", rule.group(1))
    colour = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", rule.group(1))
    assert background and colour, f"badge {status.value} must set its own background and text colour"
    return background.group(1), colour.group(1)


@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
def test_badge_text_contrast(status: Status) -> None:
    background, colour = badge_colours(status)
    # Badges set both colours themselves, so the ratio holds in the light and the dark theme alike.
    assert contrast(background, colour) >= 4.5


def test_badges_do_not_take_colours_from_the_theme() -> None:
    dark_rules = re.findall(r"\[data-md-color-scheme=\"slate\"\][^{]*\.pp-badge[^{]*\{([^}]*)\}", CSS)
    for rule in dark_rules:
        assert "background" not in rule and re.search(r"(?<!-)color:", rule) is None


@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
def test_badge_shows_its_word(status: Status) -> None:
    site = PlanSite(load_project(NORFOLK / "data"), "public")
    html = str(site.badges[status])
    label = site.statuses()[status.value].label
    assert f">{label}<" in html
    assert f"pp-badge--{status.value}" in html
