"""A quarter end to end, built with mkdocs build --strict: the tracker round trip, then every page that shows a rating, on both sites."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import feedparser
import jsonschema
import lxml.html
import openpyxl
import pytest
from helpers import ROOT, run_planpress, tree_hashes
from quarter_data import PUBLIC_REFS, epoch, quarter_project, write_issue, write_meeting
from site_text import html_pages
from test_html_validation import java, validate

from macros.loading.tracker import COLUMNS

__all__ = ["java"]  # the fixture that fails under CI, or skips elsewhere, without Java

BUILT_ON = dt.date(2018, 11, 1)
ENV = {"SOURCE_DATE_EPOCH": epoch(BUILT_ON)}
INTERNAL = "QTINTERNAL the trainer is off sick"
SECRET = "QTSECRET budget withdrawn"


def fill_tracker(path: Path) -> None:
    """What a secretary types into the workbook after the October meeting."""
    book = openpyxl.load_workbook(path)
    ws = book["Ratings"]
    at = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    cells = {
        "1.1": {"Status": "Amber", "Note": "Venue lost for December.", "Forecast": dt.datetime(2019, 3, 1), "Reason": "New venue from March."},
        "1.2": {"Status": "Green", "Internal note": INTERNAL},
        "2.2": {"Status": "Red", "Note": "Boot camp cancelled."},
        "4.1": {"Status": "Complete"},
        "4.2": {"Status": "Amber", "Note": "Panel QTSECRETPANEL delayed."},
    }
    for ref, values in cells.items():
        for heading, value in values.items():
            ws.cell(at[ref], COLUMNS.index(heading) + 1).value = value
    book.save(path)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture plan after two meetings, the second recorded through the tracker, with one late-recorded meeting and an issue."""
    root = quarter_project(tmp_path_factory.mktemp("quarter") / "project")
    # July's ratings were written down on 10 August, after the 1 August issue went out.
    write_meeting(
        root,
        "2018-07-25",
        [
            {"action": "1.1", "status": "green", "note": "Sessions full."},
            {"action": "1.2", "status": "amber", "note": "Slow start."},
            {"action": "2.2", "status": "amber", "note": "Places slow."},
            {"action": "3.1", "status": "green", "note": "Review started."},
        ],
        recorded="2018-08-10",
    )
    write_issue(root, "2018-08-01", "august", "Our news.\n\n{{ rag_summary() }}", title="August news")
    made = run_planpress(root, "tracker", "--date", "2018-10-10", env=ENV)
    assert made.code == 0 and made.output == "tracker-2018-10-10.xlsx\n", made.output
    fill_tracker(root / "tracker-2018-10-10.xlsx")
    imported = run_planpress(root, "import-ratings", "tracker-2018-10-10.xlsx", "--recorded", "2018-10-10", env=ENV)
    assert imported.code == 0 and imported.output == "planpress: wrote data/updates/2018-10-10.yml with 5 ratings\n", imported.output
    # The same meeting's rating of 3.1, kept whole for partner staff in a second file of that meeting.
    write_meeting(root, "2018-10-10-internal", [{"action": "3.1", "date": "2018-10-10", "status": "red", "note": SECRET, "audience": "intranet"}], date="2018-10-10")
    checked = run_planpress(root, "check", env=ENV)
    assert checked.code == 0, checked.output
    built = run_planpress(root, "build", env=ENV)
    assert built.code == 0, built.output
    return root


def page(root: Path, edition: str, url: str) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring((root / "site" / edition / url / "index.html").read_bytes())
    for br in tree.iter("br"):
        # A line break reads as a space between words.
        br.tail = " " + (br.tail or "")
    return tree.xpath("//article[contains(@class, 'md-content__inner')]")[0]


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_check_notes_what_the_meeting_did_not_rate_and_warns_of_the_hidden_rating(quarter: Path) -> None:
    result = run_planpress(quarter, "check", env=ENV)
    lines = result.output.splitlines()
    assert "data/updates/2018-10-10.yml:4: note: the meeting of 2018-10-10 did not rate 2 actions: 1.3 and 2.1" in lines
    assert any(line.startswith("data/updates/2018-10-10-internal.yml:") and "warning: updates[0].audience: the whole rating of action 3.1 is intranet-only" in line for line in lines)


def test_the_action_page_shows_rating_direction_forecast_slippage_and_note(quarter: Path) -> None:
    for edition in ("public", "intranet"):
        content = page(quarter, edition, "delivery/actions/1-1")
        assert words(content.xpath(".//p[contains(@class, 'pp-status')]")[0]) == "Current status: Amber since 10 October 2018"
        assert words(content.xpath(".//p[@class='pp-direction']")[0]) == "Direction of travel: ↓ Worsened from Green since 25 July 2018"
        summary = words(content.xpath(".//dl[@id='slippage-summary']")[0])
        assert summary == (
            "Planned finish (baseline) 14 December 2018 (the plan's latest dated milestone) Forecast 1 March 2019 (given 10 October 2018) "
            "Slippage 77 days later than planned Reason New venue from March."
        )
        current = content.xpath(".//tr[@class='pp-current']")[0]
        assert "Venue lost for December." in words(current) and "New forecast: 1 March 2019." in words(current)


def test_an_internal_note_shows_only_on_the_intranet_but_its_rating_on_both(quarter: Path) -> None:
    public, intranet = page(quarter, "public", "delivery/actions/1-2"), page(quarter, "intranet", "delivery/actions/1-2")
    for content in (public, intranet):
        assert words(content.xpath(".//p[contains(@class, 'pp-status')]")[0]) == "Current status: Green since 10 October 2018"
        assert "Improved from Amber since 25 July 2018" in words(content)
    assert INTERNAL in words(intranet) and INTERNAL not in words(public)


def test_a_rating_kept_whole_for_the_intranet_is_never_current_on_the_public_site(quarter: Path) -> None:
    public, intranet = page(quarter, "public", "delivery/actions/3-1"), page(quarter, "intranet", "delivery/actions/3-1")
    status = words(public.xpath(".//p[contains(@class, 'pp-status')]")[0])
    assert status.startswith("Current status: Not published The steering group's latest rating, given on 10 October 2018, is for partner staff only")
    assert "Green since" not in words(public)
    rows = public.xpath(".//table[@id='rag-history-table']/tbody/tr")
    assert [(r.get("data-date"), r.get("data-status"), r.get("class")) for r in rows] == [("2018-10-10", "not_published", "pp-current"), ("2018-07-25", "green", None)]
    assert words(intranet.xpath(".//p[contains(@class, 'pp-status')]")[0]) == "Current status: Red since 10 October 2018"
    od3 = page(quarter, "public", "delivery/od3").xpath(".//tr[@id='action-3-1']/td[last()]")[0]
    assert od3.get("data-status") == "not_published"
    assert words(od3) == "Not published Latest rating, 10 October 2018, not published"


def test_the_od_table_carries_direction_and_forecast(quarter: Path) -> None:
    cell = page(quarter, "public", "delivery/od1").xpath(".//tr[@id='action-1-1']/td[last()]")[0]
    assert words(cell) == "Amber Updated 10 October 2018 ↓ Worsened from Green since 25 July 2018 Forecast 1 March 2019 (77 days later than planned)"
    forecast = cell.xpath(".//span[@class='pp-forecast']")[0]
    assert (forecast.get("data-forecast"), forecast.get("data-slippage")) == ("2019-03-01", "77")


def exception_refs(root: Path, edition: str) -> dict[str, list[str]]:
    content = page(root, edition, "exceptions")
    return {div.get("data-group"): [tr.get("data-ref") for tr in div.xpath(".//tbody/tr")] for div in content.xpath(".//div[contains(@class, 'pp-exceptions')]")}


def test_the_exceptions_page_on_each_site_is_made_from_its_own_data(quarter: Path) -> None:
    assert exception_refs(quarter, "public") == {
        "red": ["2.2"],
        "amber": ["1.1"],
        "not_published": ["3.1"],
        "slipped": ["1.1"],
        # On the build's date, 1 November 2018: 2.2 (31 July), 1.2 (30 June), 2.1 (30 September); 1.1's forecast is March.
        "overdue": ["1.2", "2.2", "2.1"],
        "unrated": ["1.3", "2.1"],
    }
    assert exception_refs(quarter, "intranet") == {
        "red": ["2.2", "3.1"],
        "amber": ["1.1", "4.2"],
        "slipped": ["1.1"],
        # And the intranet-only 4.2, due 31 October.
        "overdue": ["1.2", "2.2", "2.1", "4.2"],
        "unrated": ["1.3", "2.1"],
    }
    public = page(quarter, "public", "exceptions")
    assert words(public.xpath(".//p[@class='pp-lead']")[0]).startswith("As at 1 November 2018:")
    red = words(public.xpath(".//table[@id='exceptions-red']/tbody/tr")[0])
    assert "Boot Camp Lead QTLEAD22" in red and "Boot camp cancelled." in red and "Worsened from Amber since 25 July 2018" in red
    assert "QTSECRETPANEL" in words(page(quarter, "intranet", "exceptions")) and SECRET in words(page(quarter, "intranet", "exceptions"))


def resolve(root: Path, edition: str, from_url: str, href: str) -> tuple[Path, str]:
    path, _, anchor = href.partition("#")
    target = (root / "site" / edition / from_url / path).resolve()
    return (target / "index.html" if target.is_dir() else target), anchor


def test_the_home_page_names_red_and_amber_actions_and_each_bar_leads_to_its_list(quarter: Path) -> None:
    for edition, expected in (("public", [("1.1", "amber"), ("2.2", "red")]), ("intranet", [("1.1", "amber"), ("2.2", "red"), ("3.1", "red"), ("4.2", "amber")])):
        home = page(quarter, edition, "")
        assert [(li.get("data-ref"), li.get("data-status")) for li in home.xpath(".//ul[@class='pp-attention-list']/li")] == expected
        bars = home.xpath(".//svg[@id='pp-chart-all']//a")
        assert len(bars) == len(home.xpath(".//svg[@id='pp-chart-all']//g"))
        for link in bars:
            status = link.xpath("./g")[0].get("data-status")
            target, anchor = resolve(quarter, edition, "", link.get("href"))
            listed = lxml.html.fromstring(target.read_bytes()).xpath(f"//*[@id='{anchor}']")
            assert listed, f"{edition}: the {status} bar leads to a missing list: {link.get('href')}"
            count = int(link.xpath("./g")[0].get("data-count"))
            assert link.get("aria-label") == f"{link.xpath('.//text')[0].text}: {count} {'action' if count == 1 else 'actions'}; see the list"


def test_exports_carry_forecast_slippage_and_the_honest_status(quarter: Path) -> None:
    schema = json.loads((ROOT / "data" / "plan.schema.json").read_text("utf-8"))
    for edition in ("public", "intranet"):
        site = quarter / "site" / edition
        plan = json.loads((site / "plan.json").read_text("utf-8"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(plan)
        statuses = {s["ref"]: s for s in plan["statuses"]}
        assert (statuses["1.1"]["forecast"], statuses["1.1"]["slippage_days"], statuses["1.1"]["direction"]) == ("2019-03-01", 77, "worsened")
        assert plan["reference_date"] == "2018-11-01"
        with (site / "actions.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = {r["Ref"]: r for r in csv.DictReader(handle)}
        assert (rows["1.1"]["Forecast finish"], rows["1.1"]["Slippage (days)"], rows["1.1"]["Reason for the forecast"]) == ("2019-03-01", "77", "New venue from March.")
        expected = {"public": ("not_published", "Not published"), "intranet": ("red", "Red")}[edition]
        assert (statuses["3.1"]["status"], rows["3.1"]["Current RAG rating"]) == expected
    public = quarter / "site" / "public"
    assert sorted(json.loads((public / "plan.json").read_text("utf-8"))["summary"].items()) == sorted(
        {"red": 1, "amber": 1, "green": 1, "complete": 1, "not_rated": 2, "not_published": 1}.items()
    )
    assert len(PUBLIC_REFS) == 7


def test_nothing_internal_reaches_any_public_file(quarter: Path) -> None:
    for path in (quarter / "site" / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".ics", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            for secret in (INTERNAL, SECRET, "QTSECRETPANEL", "QTSECRETACTION"):
                assert secret not in text, f"{secret} in {path}"


def test_an_issue_keeps_what_it_said_when_ratings_are_recorded_later(quarter: Path) -> None:
    for edition in ("public", "intranet"):
        content = page(quarter, edition, "newsletters/2018-08-01-august")
        notice = content.xpath(".//p[contains(@class, 'pp-late')]")[0]
        assert words(notice).startswith("Ratings recorded later. This issue shows the ratings as they were known when it was published.")
        assert "4 ratings dated on or before 1 August 2018 were recorded afterwards" in words(notice)
        counts = {li.xpath(".//span")[0].text: int(li.xpath(".//strong")[0].text) for li in content.xpath(".//ul[@class='pp-counts']/li")}
        # On 1 August nothing had been recorded: July's ratings came on 10 August.
        assert counts["Green"] == counts["Amber"] == 0
        feed = feedparser.parse((quarter / "site" / edition / "atom.xml").read_bytes())
        [item] = feed.entries
        assert "Ratings recorded later" not in item.content[0].value
        assert item.updated_parsed == item.published_parsed


def test_two_builds_with_the_same_build_date_are_the_same_bytes(quarter: Path) -> None:
    first = tree_hashes(quarter / "site")
    again = run_planpress(quarter, "build", env=ENV)
    assert again.code == 0, again.output
    assert tree_hashes(quarter / "site") == first


def test_the_dashboard_and_exceptions_are_as_at_the_build_date(quarter: Path, tmp_path: Path) -> None:
    later = {"SOURCE_DATE_EPOCH": epoch(dt.date(2019, 3, 2))}
    built = run_planpress(quarter, "build", env=later)
    assert built.code == 0, built.output
    try:
        dashboard = page(quarter, "intranet", "dashboard")
        assert words(dashboard.xpath(".//p[@class='pp-lead']")[0]).startswith("As at 2 March 2019:")
        overdue = [tr.get("data-ref") for tr in dashboard.xpath(".//table[@id='overdue-actions']/tbody/tr")]
        # 1.1's forecast, 1 March 2019, has now passed too.
        assert "1.1" in overdue
        assert "1.1" in exception_refs(quarter, "public")["overdue"]
    finally:
        assert run_planpress(quarter, "build", env=ENV).code == 0


def test_every_page_of_the_quarter_is_valid_html(quarter: Path, java: None) -> None:
    code, messages = validate(html_pages(quarter / "site" / "public") + html_pages(quarter / "site" / "intranet"))
    assert not messages and code == 0, "\n".join(messages)
