"""The quarter's pages in Chromium, from a fixture quarter: no accessibility problem, the chart's bars reached and followed by keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from conftest import serve_both
from helpers import run_planpress
from playwright.sync_api import Browser
from quarter_data import epoch, quarter_project, write_meeting
from visits import Visit, visit_site

PAGES = ["", "exceptions/", "delivery/", "delivery/od1/", "delivery/actions/1-1/", "delivery/actions/3-1/", "measures/", "dashboard/"]


@pytest.fixture(scope="module")
def quarter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fixture quarter with every kind of exception, built as at 1 November 2018 and served on 127.0.0.1."""
    root = quarter_project(tmp_path_factory.mktemp("quarter-browser") / "project")
    write_meeting(root, "2018-07-25", [{"action": "1.1", "status": "green"}, {"action": "2.2", "status": "amber", "note": "Slow."}, {"action": "3.1", "status": "green"}])
    write_meeting(
        root,
        "2018-10-10",
        [
            {"action": "1.1", "status": "amber", "note": "Venue lost.", "forecast": "2019-03-01", "reason": "New venue from March."},
            {"action": "1.2", "status": "green", "internal_note": "Staff only."},
            {"action": "2.2", "status": "red", "note": "Cancelled."},
            {"action": "3.1", "status": "red", "note": "Held up.", "audience": "intranet"},
            {"action": "4.1", "status": "complete"},
        ],
    )
    measures = root / "data" / "measures.yml"
    measures.write_text(measures.read_text("utf-8").replace("value: 471}", "value: 471}\n      - {period: Q2 2018/19, date: 2018-09-30, value: 460}"), encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": epoch(dt.date(2018, 11, 1))}
    assert run_planpress(root, "check", env=env).code == 0
    built = run_planpress(root, "build", env=env)
    assert built.code == 0, built.output
    with serve_both(root / "site") as urls:
        yield urls


@pytest.fixture(scope="module")
def quarter_visits(browser: Browser, quarter_server: dict[str, str]) -> dict[tuple[str, str, str], list[Visit]]:
    """The quarter's pages opened on a desktop in the light theme and on a phone in the dark one, on both sites."""
    done = {}
    for edition in ("public", "intranet"):
        paths = [p for p in PAGES if edition == "intranet" or p != "dashboard/"]
        for size, theme in (("desktop", "light"), ("mobile", "dark")):
            done[(edition, size, theme)] = visit_site(browser, edition, quarter_server[edition], paths, size, theme)
    return done


@pytest.mark.parametrize("key", [("public", "desktop", "light"), ("public", "mobile", "dark"), ("intranet", "desktop", "light"), ("intranet", "mobile", "dark")])
def test_the_quarters_pages_have_no_accessibility_problem(quarter_visits: dict[tuple[str, str, str], list[Visit]], key: tuple[str, str, str]) -> None:
    visits = quarter_visits[key]
    assert {v.name: v.violations for v in visits if v.violations} == {}
    assert {v.name: v.failures + v.errors + v.foreign for v in visits if v.failures or v.errors or v.foreign} == {}
    if key[1] == "mobile":
        wide = {v.name: v.overflow for v in visits if v.overflow.get("scrollWidth", 0) > v.overflow.get("width", 0)}
        assert wide == {}


def test_a_bar_is_reached_by_keyboard_shows_its_focus_and_leads_to_its_list(browser: Browser, quarter_server: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(quarter_server["public"])
        red = page.locator("#pp-chart-all a.pp-bar-link").first
        red.focus()
        focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        assert focused == "Red: 1 action; see the list"
        stroke = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth")
        assert stroke == "3px"
        page.keyboard.press("Enter")
        page.wait_for_url("**/exceptions/#red")
        assert page.locator("#exceptions-red tbody tr").count() == 1
    finally:
        context.close()
