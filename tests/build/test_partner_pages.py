"""What partners read, in the built sites: the navigation's labels, the plan on a page, the text search indexes, the
header's short name and the calendar's events, parsed from real builds."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import icalendar
import lxml.html
import pytest
import yaml
from progress_data import JULY, MARCH, UPDATES

from macros.loading.project import load_project
from macros.views.plan_site import PLAN_ON_A_PAGE_URL, action_url

EDITIONS = ("public", "intranet")


def _cls(name: str) -> str:
    """An XPath test that an element has the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


ROWS = f"//table[{_cls('pp-plan')}]/tbody/tr"


def _tree(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_text("utf-8"))


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_navigation_section_is_named_like_its_first_entry(built_site: Path, edition: str) -> None:
    tree = _tree(built_site / edition, "")
    sections = tree.xpath(f"//nav[{_cls('md-nav--primary')}]//li[{_cls('md-nav__item--nested')}]")
    assert sections
    for section in sections:
        label = _text(section.xpath(f"./label[{_cls('md-nav__link')}]")[0])
        entries = [_text(a) for a in section.xpath(f"./nav/ul/li/a[{_cls('md-nav__link')}]")]
        assert entries and entries[0] != label, (label, entries)
    labels = [_text(a) for a in tree.xpath(f"//nav[{_cls('md-nav--primary')}]//a[{_cls('md-nav__link')}]") if not (a.get("href") or "").startswith("#")]
    # Every label is a page's own: no two entries share one.
    assert len(labels) == len(set(labels)), labels
    assert ("Dashboard" in labels) is (edition == "intranet")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_home_page_shows_the_navigation(built_site: Path, edition: str) -> None:
    tree = _tree(built_site / edition, "")
    sidebar = tree.xpath(f"//*[{_cls('md-sidebar--primary')}]")
    # Material writes the sidebar with a `hidden` attribute on a page whose front matter hides the navigation.
    assert sidebar and sidebar[0].get("hidden") is None
    assert tree.xpath(f"//nav[{_cls('md-nav--primary')}]//a[{_cls('md-nav__link')} and @href='{PLAN_ON_A_PAGE_URL}']")
    assert tree.xpath(f"//article//a[@href='{PLAN_ON_A_PAGE_URL}']")


def _plan_rows(site: Path) -> list[lxml.html.HtmlElement]:
    return _tree(site, PLAN_ON_A_PAGE_URL).xpath(ROWS)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_plan_on_a_page_lists_every_action_once_by_area(progress_site: Path, edition: str) -> None:
    from macros.views.plan_site import PlanSite

    site = PlanSite(load_project(progress_site.parent / "data"), edition)
    tree = _tree(progress_site / edition, PLAN_ON_A_PAGE_URL)
    tables = tree.xpath(f"//table[{_cls('pp-plan')}]")
    assert [t.get("data-area") for t in tables] == [area.code for area in site.project.areas]
    for table, area in zip(tables, site.project.areas, strict=True):
        assert [tr.get("data-ref") for tr in table.xpath("./tbody/tr")] == [a.ref for a in area.actions]
    headers = [_text(th) for th in tables[0].xpath("./thead//th")]
    # No rating carries a forecast yet, so the Slippage column is left out until one does.
    assert headers == ["Ref", "Action", "Lead", "By when", "Status", "Rated"]
    for tr in tree.xpath(ROWS):
        view = site.by_ref[tr.get("data-ref")]
        cells = tr.xpath("./th | ./td")
        assert _text(cells[0]) == view.ref and cells[0].xpath(f".//*[{_cls('pp-ref')}]")
        assert cells[1].xpath(".//a")[0].get("href").endswith(action_url(view.ref).removeprefix("delivery/"))
        assert _text(cells[4]) == site.statuses()[view.status.value].label
        assert tr.get("data-status") == view.status.value
        rated = cells[5].xpath(".//time")
        assert [t.get("datetime") for t in rated] == ([view.latest.date.isoformat()] if view.latest else [])
        dated = [m for m in view.action.by_when if m.due]
        due = [t.get("datetime") for t in cells[3].xpath(".//time")]
        assert due == ([max(m.due for m in dated).isoformat()] if dated else [])


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_plan_on_a_page_shows_each_forecasts_slippage_once_a_rating_gives_one(quarter_site: Path, edition: str) -> None:
    from macros.views.site import load_site

    site = load_site(quarter_site.parent, edition)
    tree = _tree(quarter_site / edition, PLAN_ON_A_PAGE_URL)
    headers = [_text(th) for th in tree.xpath(f"//table[{_cls('pp-plan')}]")[0].xpath("./thead//th")]
    assert headers == ["Ref", "Action", "Lead", "By when", "Status", "Rated", "Slippage"]
    forecasts = 0
    for tr in tree.xpath(ROWS):
        slip = site.by_ref[tr.get("data-ref")].slippage
        cell = tr.xpath("./td[@data-label='Slippage']")[0]
        if slip is None or slip.current is None:
            assert _text(cell) == "No forecast"
            continue
        forecasts += 1
        assert [t.get("datetime") for t in cell.xpath(".//time")] == [slip.forecast.isoformat()]
        assert [int(s) for s in cell.xpath(".//@data-slippage")] == ([slip.days] if slip.days is not None else [])
        if slip.days and slip.days > 0:
            late = f"{slip.days} {'day' if slip.days == 1 else 'days'} late"
            assert [_text(part) for part in cell.xpath("./span")] == [late, f"to {slip.forecast:%d/%m/%Y}"]
    assert forecasts, "the quarter fixture gives some actions a forecast"


def test_the_plan_on_a_page_shows_each_status_as_rated(progress_site: Path) -> None:
    tree = _tree(progress_site / "public", PLAN_ON_A_PAGE_URL)
    by_ref = {tr.get("data-ref"): tr for tr in tree.xpath(ROWS)}
    # 2.1 was rated amber in March, then green in July (tests/progress_data.py).
    assert [u["status"] for u in UPDATES[MARCH] if u["action"] == "2.1"] == ["amber"]
    assert by_ref["2.1"].get("data-status") == "green"
    assert by_ref["2.1"].xpath("./td//time")[-1].get("datetime") == JULY


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_plan_on_a_page_filters_by_status_with_links(progress_site: Path, edition: str) -> None:
    tree = _tree(progress_site / edition, PLAN_ON_A_PAGE_URL)
    rows = {tr.get("data-ref"): tr.get("data-status") for tr in tree.xpath(ROWS)}
    links = tree.xpath(f"//*[{_cls('pp-status-filter')}]//a")
    statuses = ["red", "amber", "green", "complete", "not_rated"]
    # An action whose latest rating is for the intranet only is "Not published" on the public site, and listed so.
    withheld = "not_published" in rows.values()
    assert withheld == (edition == "public")
    assert [a.get("href") for a in links] == [f"#status-{status}" for status in statuses + (["not_published"] if withheld else [])]
    listed: dict[str, str] = {}
    for link in links:
        status = link.get("href").removeprefix("#status-")
        heading = tree.get_element_by_id(f"status-{status}")
        section = heading.getnext()
        assert section.get("data-status") == status
        refs = [li.get("data-ref") for li in section.xpath(".//li")]
        assert int(_text(link.xpath(f".//*[{_cls('pp-count')}]")[0])) == len(refs)
        listed.update(dict.fromkeys(refs, status))
    assert listed == rows
    assert len(set(rows.values())) > 2, "the fixture's ratings should give several statuses"


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_text_keeps_table_cells_apart(built_site: Path, edition: str) -> None:
    site = built_site / edition
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r"</t[hd]>(?:</tr>)?(?:<tr[^>]*>)?<t[hd][\s>]", html), page
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    about = next(doc for doc in index["docs"] if doc["location"] == "about/#rag")
    assert "Status What it means" in about["text"], about["text"][:200]
    if edition == "intranet":
        contacts = next(doc for doc in index["docs"] if doc["location"] == "contacts/")
        assert "Name Role Organisation" in contacts["text"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_action_pages_are_boosted_in_search(built_site: Path, edition: str) -> None:
    index = json.loads((built_site / edition / "search" / "search_index.json").read_text("utf-8"))
    boosted = {doc["location"].split("#")[0] for doc in index["docs"] if doc.get("boost")}
    actions = {doc["location"].split("#")[0] for doc in index["docs"] if doc["location"].startswith("delivery/actions/")}
    assert actions and boosted == actions
    separator = re.compile(index["config"]["separator"])
    # A ref with a two-digit second part is two words, so that the words of "2.1" are not its start.
    assert separator.split("2.10") == ["2", "10"] and separator.split("2.1") == ["2.1"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_header_holds_the_short_name(built_site: Path, edition: str) -> None:
    short = load_project(built_site.parent / "data").plan.short_name
    for path in ("", "delivery/od1/", "404.html"):
        file = built_site / edition / (path if path.endswith(".html") else path + "index.html")
        tree = lxml.html.fromstring(file.read_text("utf-8"))
        topic = tree.xpath(f"//*[{_cls('md-header__topic')}]")[0]
        assert [_text(e) for e in topic.xpath(f".//*[{_cls('pp-site-short-name')}]")] == [short], path
        assert topic.xpath(f".//*[{_cls('pp-site-name')}]")


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_calendar_event_is_longer_than_a_month(built_site: Path, edition: str) -> None:
    calendar = icalendar.Calendar.from_ical((built_site / edition / "milestones.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert events
    days = {str(e["UID"]): (e["DTEND"].dt - e["DTSTART"].dt).days for e in events}
    assert max(days.values()) <= 31, {uid: d for uid, d in days.items() if d > 31}
    for event in events:
        if str(event["SUMMARY"]).startswith("Deadline:"):
            assert days[str(event["UID"])] == 1, event["SUMMARY"]


def test_a_long_period_is_its_first_and_last_day_and_keeps_its_uid(project: Path) -> None:
    from helpers import build_project, write_yaml
    from progress_data import EXTRA_PUBLIC_ACTION

    from macros.model.models import Milestone
    from macros.outputs.exports import milestone_uid

    period = {"text": "Sep 17 to Sep 19", "date": "2017-09-01", "end": "2019-09-30", "kind": "review"}
    deadline = {"text": "Sep 17 to Sep 19", "date": "2017-09-01", "end": "2019-09-30", "kind": "deadline"}
    area_file = project / "data" / "delivery" / "od3.yml"
    area = yaml.safe_load(area_file.read_text("utf-8"))
    area["actions"].append({**EXTRA_PUBLIC_ACTION, "ref": "3.8", "what": "Review across the plan", "by_when": [period, deadline]})
    write_yaml(area_file, area)
    site = build_project(project)
    events = icalendar.Calendar.from_ical((site / "public" / "milestones.ics").read_bytes()).walk("VEVENT")
    mine = sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"]).split(":")[0], str(e["UID"])) for e in events if " 3.8 " in str(e["SUMMARY"]))
    plan = load_project(project / "data").plan.short_title
    uid = milestone_uid(plan, "3.8", Milestone(**period))
    assert mine == [
        (dt.date(2017, 9, 1), dt.date(2017, 9, 2), "Review starts", uid),
        (dt.date(2019, 9, 30), dt.date(2019, 10, 1), "Deadline", milestone_uid(plan, "3.8", Milestone(**deadline))),
        (dt.date(2019, 9, 30), dt.date(2019, 10, 1), "Review ends", uid.replace("@", "-end@")),
    ]
