"""Every page of both sites, as readers open them: desktop and mobile, light and dark.

Two builds are swept. "live" is the repository's own content, every page: what any valid content must
pass (axe, no request to another host, no failed request, no sideways scroll), never a count or a status.
"quarter" is the Norfolk fixture with a quarter added (tests/quarter.py): ratings of every status, notes,
intranet-only ratings and a page, measure values, newsletters with images. Only there is markup that
Norfolk's pages do not have yet, such as the current rating's row of an action's history. Its pages are
sampled (visits.sample_pages: one of each kind and each variant the data makes), since every page of a
kind comes from one template; the live sweep opens every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from visits import SIZES, SWEEPS, THEMES, Visit, is_local, page_paths

EDITIONS = ("public", "intranet")
SETTINGS = [(sweep, edition, size, theme) for sweep in SWEEPS for edition in EDITIONS for size in SIZES for theme in THEMES]
IDS = ["-".join(setting) for setting in SETTINGS]

Visits = Callable[[str, str, str, str], list[Visit]]
Pages = Callable[[str, str], list[str]]


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in found.items())


@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_built_page_is_visited(sweep_sites: Callable[[str], Path], sweep_pages: Pages, sweep_visits: Visits, sweep: str) -> None:
    # Pages are found in the built site, so pages added later are tested without changing this suite.
    for edition in EDITIONS:
        built = page_paths(sweep_sites(sweep) / edition)
        paths = sweep_pages(sweep, edition)
        assert "" in paths and "delivery/" in paths and "about/" in paths and "404.html" in paths, edition
        assert any(p.startswith("delivery/actions/") for p in paths), edition
        assert [v.path for v in sweep_visits(sweep, edition, "desktop", "light")] == paths
        if sweep == "live":
            assert paths == built
        else:
            # The sample still holds a page of every kind the site has.
            kinds = {kind(p) for p in built}
            assert {kind(p) for p in paths} == kinds, edition
    assert set(page_paths(sweep_sites(sweep) / "public")) < set(page_paths(sweep_sites(sweep) / "intranet"))


def kind(path: str) -> str:
    """What kind of page a URL path is: an action, an OD table, an issue, or a page of its own."""
    for pattern, name in ((r"delivery/actions/[^/]+/", "action"), (r"delivery/od\d+/", "table"), (r"newsletters/\d{4}-\d{2}-\d{2}-[^/]+/", "issue")):
        if re.fullmatch(pattern, path):
            return name
    return path


@pytest.mark.parametrize(("sweep", "edition", "size", "theme"), SETTINGS, ids=IDS)
def test_axe_finds_no_violations(sweep_visits: Visits, sweep: str, edition: str, size: str, theme: str) -> None:
    found = {
        v.name: [f"{x['id']} ({x['impact']}): {x['help']} at {', '.join(x['targets'][:5])}" for x in v.violations]
        for v in sweep_visits(sweep, edition, size, theme)
        if v.violations
    }
    assert not found, f"axe-core violations ({sweep}, {size}, {theme}):\n" + _report(found)


@pytest.mark.parametrize(("sweep", "edition", "size", "theme"), SETTINGS, ids=IDS)
def test_the_theme_asked_for_is_the_one_shown(sweep_visits: Visits, sweep: str, edition: str, size: str, theme: str) -> None:
    # Material must really apply the scheme, or the dark run would test the light theme twice.
    for visit in sweep_visits(sweep, edition, size, theme):
        assert visit.scheme == THEMES[theme], visit.name
        red, green, blue = (int(n) for n in re.findall(r"\d+", visit.background)[:3])
        brightness = (red + green + blue) / 3
        assert (brightness < 80) if theme == "dark" else (brightness > 200), f"{visit.name}: {visit.background}"


@pytest.mark.parametrize(("sweep", "edition", "size", "theme"), SETTINGS, ids=IDS)
def test_no_request_goes_to_another_host(sweep_visits: Visits, sweep: str, edition: str, size: str, theme: str) -> None:
    visits = sweep_visits(sweep, edition, size, theme)
    found = {v.name: v.foreign + [u for u in v.requests if not is_local(u)] for v in visits}
    assert not {k: v for k, v in found.items() if v}, "requests to other hosts:\n" + _report({k: v for k, v in found.items() if v})
    # Every page loaded its styles and scripts from the test server, so the check above saw real traffic.
    assert all(any(u.endswith(".css") for u in v.requests) and any(u.endswith(".js") for u in v.requests) for v in visits)


@pytest.mark.parametrize(("sweep", "edition", "size", "theme"), SETTINGS, ids=IDS)
def test_no_javascript_error_and_no_failed_request(sweep_visits: Visits, sweep: str, edition: str, size: str, theme: str) -> None:
    found = {v.name: v.errors + v.failures for v in sweep_visits(sweep, edition, size, theme) if v.errors or v.failures}
    assert not found, "errors:\n" + _report(found)


@pytest.mark.parametrize(("sweep", "edition", "theme"), [(w, e, t) for w in SWEEPS for e in EDITIONS for t in THEMES])
def test_no_page_scrolls_sideways_on_a_phone(sweep_visits: Visits, sweep: str, edition: str, theme: str) -> None:
    found = {}
    for visit in sweep_visits(sweep, edition, "mobile", theme):
        overflow = visit.overflow
        assert overflow["width"] == SIZES["mobile"]["width"], visit.name
        if overflow["scrolled"] or overflow["scrollWidth"] > overflow["width"] or overflow["wide"]:
            found[visit.name] = [f"page {overflow['scrollWidth']}px wide, scrolled {overflow['scrolled']}px", *overflow["wide"]]
    assert not found, "wider than a 390px screen, outside a table's scroll container:\n" + _report(found)


@pytest.mark.parametrize(("sweep", "edition", "size"), [(w, e, s) for w in SWEEPS for e in EDITIONS for s in SIZES])
def test_the_first_tab_reaches_a_visible_skip_link(sweep_visits: Visits, sweep: str, edition: str, size: str) -> None:
    found = {}
    for visit in sweep_visits(sweep, edition, size, "light"):
        if visit.path == "404.html":
            continue  # MkDocs gives the 404 page no table of contents, so Material writes no skip link for it.
        focus = visit.first_tab
        if not (focus and "md-skip" in focus["classes"] and focus["visible"] and focus["indicated"]):
            found[visit.name] = [repr(focus)]
    assert not found, "the first Tab did not reach a visible skip link:\n" + _report(found)
