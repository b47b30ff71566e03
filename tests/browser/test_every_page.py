"""Every page of both built sites, as readers open them: desktop and mobile, light and dark."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from visits import SIZES, THEMES, Visit, is_local

SETTINGS = [(edition, size, theme) for edition in ("public", "intranet") for size in SIZES for theme in THEMES]
IDS = ["-".join(setting) for setting in SETTINGS]

Visits = Callable[[str, str, str], list[Visit]]


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in found.items())


def test_every_built_page_is_visited(site_pages: dict[str, list[str]], site_visits: Visits) -> None:
    # Pages are found in the built site, so pages added later are tested without changing this suite.
    for edition, paths in site_pages.items():
        assert "" in paths and "delivery/" in paths and "about/" in paths, edition
        assert any(p.startswith("delivery/actions/") for p in paths), edition
        assert [v.path for v in site_visits(edition, "desktop", "light")] == paths
    assert set(site_pages["public"]) < set(site_pages["intranet"])


@pytest.mark.parametrize(("edition", "size", "theme"), SETTINGS, ids=IDS)
def test_axe_finds_no_violations(site_visits: Visits, edition: str, size: str, theme: str) -> None:
    found = {
        v.name: [f"{x['id']} ({x['impact']}): {x['help']} at {', '.join(x['targets'][:5])}" for x in v.violations]
        for v in site_visits(edition, size, theme)
        if v.violations
    }
    assert not found, f"axe-core violations ({size}, {theme}):\n" + _report(found)


@pytest.mark.parametrize(("edition", "size", "theme"), SETTINGS, ids=IDS)
def test_the_theme_asked_for_is_the_one_shown(site_visits: Visits, edition: str, size: str, theme: str) -> None:
    # Material must really apply the scheme, or the dark run would test the light theme twice.
    for visit in site_visits(edition, size, theme):
        assert visit.scheme == THEMES[theme], visit.name
        red, green, blue = (int(n) for n in re.findall(r"\d+", visit.background)[:3])
        brightness = (red + green + blue) / 3
        assert (brightness < 80) if theme == "dark" else (brightness > 200), f"{visit.name}: {visit.background}"


@pytest.mark.parametrize(("edition", "size", "theme"), SETTINGS, ids=IDS)
def test_no_request_goes_to_another_host(site_visits: Visits, edition: str, size: str, theme: str) -> None:
    visits = site_visits(edition, size, theme)
    found = {v.name: v.foreign + [u for u in v.requests if not is_local(u)] for v in visits}
    assert not {k: v for k, v in found.items() if v}, "requests to other hosts:\n" + _report({k: v for k, v in found.items() if v})
    # Every page loaded its styles and scripts from the test server, so the check above saw real traffic.
    assert all(any(u.endswith(".css") for u in v.requests) and any(u.endswith(".js") for u in v.requests) for v in visits)


@pytest.mark.parametrize(("edition", "size", "theme"), SETTINGS, ids=IDS)
def test_no_javascript_error_and_no_failed_request(site_visits: Visits, edition: str, size: str, theme: str) -> None:
    found = {v.name: v.errors + v.failures for v in site_visits(edition, size, theme) if v.errors or v.failures}
    assert not found, "errors:\n" + _report(found)


@pytest.mark.parametrize(("edition", "theme"), [(e, t) for e in ("public", "intranet") for t in THEMES])
def test_no_page_scrolls_sideways_on_a_phone(site_visits: Visits, edition: str, theme: str) -> None:
    found = {}
    for visit in site_visits(edition, "mobile", theme):
        overflow = visit.overflow
        assert overflow["width"] == SIZES["mobile"]["width"], visit.name
        if overflow["scrolled"] or overflow["scrollWidth"] > overflow["width"] or overflow["wide"]:
            found[visit.name] = [f"page {overflow['scrollWidth']}px wide, scrolled {overflow['scrolled']}px", *overflow["wide"]]
    assert not found, "wider than a 390px screen, outside a table's scroll container:\n" + _report(found)


@pytest.mark.parametrize(("edition", "size"), [(e, s) for e in ("public", "intranet") for s in SIZES])
def test_the_first_tab_reaches_a_visible_skip_link(site_visits: Visits, edition: str, size: str) -> None:
    found = {}
    for visit in site_visits(edition, size, "light"):
        if visit.path == "404.html":
            continue  # MkDocs gives the 404 page no table of contents, so Material writes no skip link for it.
        focus = visit.first_tab
        if not (focus and "md-skip" in focus["classes"] and focus["visible"] and focus["indicated"]):
            found[visit.name] = [repr(focus)]
    assert not found, "the first Tab did not reach a visible skip link:\n" + _report(found)
