"""One edition's view of the quarter: honest public status, internal notes, exceptions, slippage, and issues as they were known."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import lxml.html
import pytest
from quarter_data import PUBLIC_REFS, REFS, quarter_project, write_issue, write_meeting

from macros.loading.project import load_project
from macros.model.models import Project, Status
from macros.outputs.exports import actions_csv, plan_json
from macros.views.issues import collect_newsletters
from macros.views.plan_site import EXCEPTION_GROUPS, PlanSite

D = dt.date
JULY, OCTOBER = "2018-07-25", "2018-10-10"
INTERNAL = "QTINTERNAL trainer off sick"
SECRET = "QTSECRET budget withdrawn"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return quarter_project(tmp_path / "project")


def meetings(root: Path) -> Project:
    """Two meetings: 1.1 worsens and slips, 1.2's newest rating is intranet-only, 2.1 has an internal note, 2.2 goes red."""
    write_meeting(
        root,
        JULY,
        [
            {"action": "1.1", "status": "green"},
            {"action": "1.2", "status": "green", "note": "Workshops held."},
            {"action": "2.1", "status": "green"},
            {"action": "2.2", "status": "amber", "note": "Places slow."},
            {"action": "4.1", "status": "complete"},
        ],
    )
    write_meeting(
        root,
        OCTOBER,
        [
            {"action": "1.1", "status": "amber", "note": "Venue lost.", "forecast": "2019-03-01", "reason": "New venue from March."},
            {"action": "1.2", "status": "red", "note": SECRET, "audience": "intranet"},
            {"action": "2.1", "status": "amber", "note": "Courses moved.", "internal_note": INTERNAL},
            {"action": "2.2", "status": "red", "note": "Boot camp cancelled."},
        ],
    )
    return load_project(root / "data")


def html(markup: object) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{markup}</div>")


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_a_public_rating_with_an_internal_note_shows_its_rating_publicly_and_its_note_only_on_the_intranet(root: Path) -> None:
    project = meetings(root)
    public, intranet = PlanSite(project, "public"), PlanSite(project, "intranet")
    assert public.by_ref["2.1"].status == intranet.by_ref["2.1"].status == Status.amber
    assert public.by_ref["2.1"].latest.internal_note is None
    assert intranet.by_ref["2.1"].latest.internal_note == INTERNAL
    public_page, intranet_page = words(html(public.action_page("2.1", "delivery/actions/2-1/"))), words(html(intranet.action_page("2.1", "delivery/actions/2-1/")))
    assert "Current status: Amber since 10 October 2018" in public_page
    assert "Courses moved." in public_page and INTERNAL not in public_page
    assert "Internal note, not on the public site:" + INTERNAL in intranet_page
    assert INTERNAL not in plan_json(public) and INTERNAL not in actions_csv(public)
    assert INTERNAL in plan_json(intranet)


def test_an_intranet_only_latest_rating_is_never_shown_as_current_in_public(root: Path) -> None:
    project = meetings(root)
    public = PlanSite(project, "public")
    view = public.by_ref["1.2"]
    assert view.status == Status.not_published and view.withheld
    assert [(u.date.isoformat(), u.status) for u in view.history] == [(OCTOBER, Status.not_published), (JULY, Status.green)]
    page = html(public.action_page("1.2", "delivery/actions/1-2/"))
    status = words(page.xpath("//p[contains(@class, 'pp-status')]")[0])
    assert status == "Current status: Not published The steering group's latest rating, given on 10 October 2018, is for partner staff only; this site does not show an older rating in its place."
    current = page.xpath("//tr[@class='pp-current']")[0]
    assert current.get("data-status") == "not_published" and current.get("data-date") == OCTOBER
    assert SECRET not in words(page) and "Red" not in words(current)
    # Counts, charts and exports say the same: not the July Green.
    assert public.summary()[Status.not_published] == 1 and public.summary()[Status.green] == 0
    chart = public.status_chart()
    assert [bar.key for bar in chart.bars][-1] == "not_published"
    rows = {r["Ref"]: r for r in csv.DictReader(io.StringIO(actions_csv(public)))}
    assert (rows["1.2"]["Current RAG rating"], rows["1.2"]["Date of latest update"]) == ("Not published", OCTOBER)
    statuses = {s["ref"]: s for s in json.loads(plan_json(public))["statuses"]}
    assert (statuses["1.2"]["status"], statuses["1.2"]["updated"]) == ("not_published", OCTOBER)
    assert SECRET not in plan_json(public) and SECRET not in actions_csv(public)
    # The intranet shows the rating itself.
    assert PlanSite(project, "intranet").by_ref["1.2"].status == Status.red


def test_a_superseded_intranet_only_rating_leaves_the_newer_public_one_current(root: Path) -> None:
    meetings(root)
    write_meeting(root, "2019-01-16", [{"action": "1.2", "status": "green", "note": "Back on track."}])
    public = PlanSite(load_project(root / "data"), "public")
    view = public.by_ref["1.2"]
    assert view.status == Status.green
    # Its direction cannot be told: the rating before it is not published.
    assert view.travel is None


def test_direction_of_travel_is_shown_in_words_with_an_arrow(root: Path) -> None:
    project = meetings(root)
    site = PlanSite(project, "public")
    assert (site.by_ref["1.1"].travel.direction, site.by_ref["2.2"].travel.direction) == ("worsened", "worsened")
    travel = html(site.action_page("1.1", "delivery/actions/1-1/")).xpath("//span[contains(@class, 'pp-travel')]")[0]
    assert travel.get("data-direction") == "worsened"
    assert words(travel) == "↓ Worsened from Green since 25 July 2018"
    assert travel.xpath("./span[@aria-hidden='true']")[0].text == "↓"
    cell = html(site.delivery_area("OD1", "delivery/od1/")).xpath("//tr[@id='action-1-1']/td[last()]")[0]
    assert "Worsened from Green since 25 July 2018" in words(cell)
    assert "Forecast 1 March 2019 (77 days later than planned)" in words(cell)


def test_the_action_page_shows_baseline_forecast_slippage_reason_and_history(root: Path) -> None:
    project = meetings(root)
    write_meeting(root, "2019-01-16", [{"action": "1.1", "status": "amber", "note": "Still late.", "forecast": "2019-04-30", "reason": "Venue from May."}])
    site = PlanSite(load_project(root / "data"), "public")
    page = html(site.action_page("1.1", "delivery/actions/1-1/"))
    summary = {words(dt_): words(dd) for dt_, dd in zip(page.xpath("//dl[@id='slippage-summary']/dt"), page.xpath("//dl[@id='slippage-summary']/dd"))}
    assert summary == {
        "Planned finish (baseline)": "14 December 2018 (the plan's latest dated milestone)",
        "Forecast": "30 April 2019 (given 16 January 2019)",
        "Slippage": "137 days later than planned",
        "Reason": "Venue from May.",
    }
    rows = page.xpath("//table[@id='forecast-history']/tbody/tr")
    assert [(r.get("data-date"), r.get("data-forecast")) for r in rows] == [("2019-01-16", "2019-04-30"), (OCTOBER, "2019-03-01")]
    assert [words(r.xpath("./td")[1]) for r in rows] == ["137 days later than planned", "77 days later than planned"]
    assert project  # the October forecast is still in the history
    statuses = {s["ref"]: s for s in json.loads(plan_json(site))["statuses"]}
    assert (statuses["1.1"]["baseline"], statuses["1.1"]["forecast"], statuses["1.1"]["slippage_days"]) == ("2018-12-14", "2019-04-30", 137)
    assert statuses["1.1"]["forecast_reason"] == "Venue from May."
    row = {r["Ref"]: r for r in csv.DictReader(io.StringIO(actions_csv(site)))}["1.1"]
    assert (row["Planned finish (baseline)"], row["Forecast finish"], row["Slippage (days)"]) == ("2018-12-14", "2019-04-30", "137")
    assert row["Direction of travel"] == "Held at Amber since 2018-10-10"


def test_exceptions_group_red_amber_slipped_overdue_and_unrated(root: Path) -> None:
    project = meetings(root)
    site = PlanSite(project, "public", reference_date=D(2018, 11, 1))
    report = site.exceptions_data()
    assert list(report.groups) == list(EXCEPTION_GROUPS)
    refs = {key: [row.view.ref for row in rows] for key, rows in report.groups.items()}
    assert refs["red"] == ["2.2"]
    assert refs["amber"] == ["1.1", "2.1"]
    assert refs["not_published"] == ["1.2"]
    assert refs["slipped"] == ["1.1"]
    # Overdue on 1 November: 1.2 (June), 2.1 (September) and 2.2 (July), most overdue first; 4.1 is complete.
    assert refs["overdue"] == ["1.2", "2.2", "2.1"]
    assert [row.overdue_days for row in report.groups["overdue"]] == [124, 93, 32]
    # October did not rate 1.3 or 3.1; 4.1 was complete already.
    assert refs["unrated"] == ["1.3", "3.1"]
    assert report.meeting == D(2018, 10, 10)
    assert [v.ref for v in report.actions] == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"]
    intranet = PlanSite(project, "intranet", reference_date=D(2018, 11, 1)).exceptions_data()
    assert [row.view.ref for row in intranet.groups["red"]] == ["1.2", "2.2"]
    assert intranet.groups["not_published"] == []
    # The intranet-only action was never rated, so the meeting did not rate it either.
    assert [row.view.ref for row in intranet.groups["unrated"]] == ["1.3", "3.1", "4.2"]


def test_the_exceptions_page_shows_each_actions_lead_and_note(root: Path) -> None:
    project = meetings(root)
    public = PlanSite(project, "public", reference_date=D(2018, 11, 1))
    page = html(public.exceptions("exceptions/"))
    red = page.xpath("//table[@id='exceptions-red']/tbody/tr")
    assert [r.get("data-ref") for r in red] == ["2.2"]
    assert "Boot Camp Lead QTLEAD22" in words(red[0]) and "Boot camp cancelled." in words(red[0])
    assert "Worsened from Amber since 25 July 2018" in words(red[0])
    amber = {r.get("data-ref"): words(r) for r in page.xpath("//table[@id='exceptions-amber']/tbody/tr")}
    assert "Courses moved." in amber["2.1"] and INTERNAL not in amber["2.1"]
    slipped = words(page.xpath("//table[@id='exceptions-slipped']/tbody/tr")[0])
    assert "Forecast 1 March 2019 (77 days later than planned)" in slipped and "New venue from March." in slipped
    assert "Overdue by 124 days" in words(page.xpath("//table[@id='exceptions-overdue']/tbody/tr")[0])
    intranet = words(html(PlanSite(project, "intranet", reference_date=D(2018, 11, 1)).exceptions("exceptions/")))
    assert INTERNAL in intranet and SECRET in intranet
    assert "Latest rating not published" not in intranet


def test_the_dashboard_counts_overdue_from_the_forecast(root: Path) -> None:
    project = meetings(root)
    board = PlanSite(project, "intranet", reference_date=D(2019, 1, 1)).dashboard_data()
    overdue = {row.view.ref: row.days_late for row in board.overdue}
    # 1.1's plan date (14 December) has passed, but its forecast (1 March) has not.
    assert "1.1" not in overdue
    later = PlanSite(project, "intranet", reference_date=D(2019, 3, 2)).dashboard_data()
    assert {row.view.ref: row.days_late for row in later.overdue}["1.1"] == 1


def test_home_names_red_and_amber_actions_and_links_each_bar_to_its_list(root: Path) -> None:
    project = meetings(root)
    page = html(PlanSite(project, "public").home(""))
    listed = [(li.get("data-ref"), li.get("data-status")) for li in page.xpath("//ul[@class='pp-attention-list']/li")]
    assert listed == [("1.1", "amber"), ("2.1", "amber"), ("2.2", "red")]
    svg = page.xpath("//svg[@id='pp-chart-all']")[0]
    assert svg.get("role") is None and svg.get("aria-labelledby") == "pp-chart-all-title pp-chart-all-desc"
    links = {a.xpath(".//g")[0].get("data-status"): (a.get("href"), a.get("aria-label")) for a in svg.xpath(".//a")}
    assert links["red"] == ("exceptions/#red", "Red: 1 action; see the list")
    assert links["amber"] == ("exceptions/#amber", "Amber: 2 actions; see the list")
    assert links["not_published"][0] == "exceptions/#not-published"
    assert links["green"][0] == "delivery/#status-green"
    assert links["not_rated"][0] == "delivery/#status-not-rated"
    # The delivery plan's page holds the lists those bars lead to.
    overview = html(PlanSite(project, "public").delivery_overview("delivery/"))
    lists = {div.get("data-status"): [li.get("data-ref") for li in div.xpath(".//li")] for div in overview.xpath("//div[contains(@class, 'pp-status-list')]")}
    assert lists["complete"] == ["4.1"] and lists["not_rated"] == ["1.3", "3.1"] and lists["not_published"] == ["1.2"]


ISSUE_BODY = "{{ rag_summary() }}\n\n{{ rag_changes() }}"


def test_an_issue_counts_the_ratings_as_they_were_known_when_it_was_published(root: Path) -> None:
    # July's ratings were written down on 10 August, after the 1 August issue went out.
    write_meeting(root, JULY, [{"action": "1.1", "status": "amber", "note": "Late."}, {"action": "2.1", "status": "green"}], recorded="2018-08-10")
    write_meeting(root, OCTOBER, [{"action": "1.1", "status": "amber", "note": "Still late."}])
    write_issue(root, "2018-08-01", "august", ISSUE_BODY)
    write_issue(root, "2018-11-01", "november", ISSUE_BODY)
    project = load_project(root / "data")
    site = PlanSite(project, "public", newsletters=collect_newsletters(root, "public"))
    august, november = "newsletters/2018-08-01-august/", "newsletters/2018-11-01-november/"
    counts = {li.xpath(".//span")[0].text: int(li.xpath(".//strong")[0].text) for li in html(site.rag_summary(page_url=august)).xpath("//li")}
    assert counts["Amber"] == 0 and counts["Green"] == 0 and counts["Not yet rated"] == len(PUBLIC_REFS)
    assert html(site.rag_changes(page_url=august)).xpath("//table") == []
    # The late ratings count in the next issue, as changes since the August one.
    rows = html(site.rag_changes(page_url=november)).xpath("//table//tbody/tr")
    assert [words(r.xpath("./th")[0]).split()[0] for r in rows] == ["1.1", "2.1"]
    # The August page says so, and links each late rating; the November page has nothing to say.
    assert [u.action for u in site.late_for(D(2018, 8, 1))] == ["1.1", "2.1"]
    august_page = html(site.newsletter_page("<p>Body</p>", august))
    notice = august_page.xpath("//p[contains(@class, 'pp-late')]")[0]
    assert notice.get("data-late") == "2"
    assert "2 ratings dated on or before 1 August 2018 were recorded afterwards" in words(notice)
    assert [a.get("href") for a in notice.xpath(".//a")] == ["../../delivery/actions/1-1/", "../../delivery/actions/2-1/"]
    assert html(site.newsletter_page("<p>Body</p>", november)).xpath("//p[contains(@class, 'pp-late')]") == []
    # The site's own pages show the ratings as they are now.
    assert site.by_ref["1.1"].status == Status.amber


def test_ratings_recorded_on_time_change_nothing(root: Path) -> None:
    write_meeting(root, JULY, [{"action": "1.1", "status": "amber", "note": "On time."}])
    write_issue(root, "2018-08-01", "august", ISSUE_BODY)
    site = PlanSite(load_project(root / "data"), "public", newsletters=collect_newsletters(root, "public"))
    assert site.known_on(D(2018, 8, 1)) is site.rag
    counts = {li.xpath(".//span")[0].text: int(li.xpath(".//strong")[0].text) for li in html(site.rag_summary(page_url="newsletters/2018-08-01-august/")).xpath("//li")}
    assert counts["Amber"] == 1


def test_every_action_is_in_the_fixture() -> None:
    assert len(REFS) == 8 and "4.2" not in PUBLIC_REFS


def test_each_measure_shows_its_direction_against_the_previous_period_and_the_target(root: Path) -> None:
    site = PlanSite(load_project(root / "data"), "public")
    page = html(site.measures("measures/"))
    row = page.xpath("//tr[@id='measure-referrals-per-10000']")[0]
    cells = [words(td) for td in row.xpath("./td")]
    assert cells == [
        "Referral per 10,000",
        "471 per 10,000 (Q1 2018/19)",
        "↓ Down 27 per 10,000 since Q4 2017/18: better",
        "450 per 10,000",
        "Not yet met: 21 per 10,000 above the target; ↗ moving towards it since Q4 2017/18",
    ]
    arrows = row.xpath(".//span[@aria-hidden='true']")
    assert [a.text for a in arrows] == ["↓", "↗"]
    single = [words(td) for td in page.xpath("//tr[@id='measure-caseloads']/td")]
    assert single[2] == "One period only" and single[4] == "No target set"
    empty = [words(td) for td in page.xpath("//tr[@id='measure-family-network-engaged']/td")]
    assert empty[2] == "No values yet" and empty[4] == "No values yet"
