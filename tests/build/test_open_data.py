"""Open data at each built site's root: plan.json against its schema, actions.csv, milestones.ics; no leaks."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import lxml.html
import pytest
from progress_data import EXPECTED_ACTIONS, EXPECTED_COUNTS, SECRET_VALUE, SECRET_WORDS

from macros.loading.project import load_project

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ("plan.json", "plan.schema.json", "actions.csv", "milestones.ics")


@pytest.fixture(scope="module", params=["public", "intranet"])
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def site(progress_site: Path, edition: str) -> Path:
    return progress_site / edition


def fixture_actions(progress_site: Path, edition: str) -> list[Any]:
    """The fixture's actions as the edition shows them, read from its data with the audience rule done by hand."""
    project = load_project(progress_site.parent / "data")
    return [a for area in project.areas for a in area.actions if edition == "intranet" or a.audience == "public"]


def test_every_export_is_at_the_site_root(site: Path) -> None:
    for name in EXPORTS:
        assert (site / name).is_file(), name


def test_plan_json_follows_the_schema_beside_the_data(site: Path, edition: str) -> None:
    data = json.loads((site / "plan.json").read_text("utf-8"))
    schema = json.loads((ROOT / "data" / "plan.schema.json").read_text("utf-8"))
    assert json.loads((site / "plan.schema.json").read_text("utf-8")) == schema
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["edition"] == edition
    assert data["reference_date"] == "2018-07-25"
    # Every status is counted, Not published too (always 0 on the intranet), so the keys never change.
    assert data["summary"] == {"not_published": 0, **EXPECTED_COUNTS[edition]}
    assert len(data["statuses"]) == EXPECTED_ACTIONS[edition]
    current = {s["ref"]: (s["status"], s["label"], s["updated"]) for s in data["statuses"]}
    assert current["1.1"] == ("amber", "Amber", "2018-07-25")
    assert current["1.4"] == ("not_rated", "Not yet rated", None)
    assert current["1.2"] == {"public": ("not_published", "Not published", "2018-07-25"), "intranet": ("red", "Red", "2018-07-25")}[edition]
    refs = [a["ref"] for area in data["plan"]["areas"] for a in area["actions"]]
    assert refs == [s["ref"] for s in data["statuses"]]


def test_plan_json_keys_keep_one_order(site: Path) -> None:
    data = json.loads((site / "plan.json").read_text("utf-8"))
    assert list(data) == ["edition", "reference_date", "summary", "statuses", "plan"]
    assert list(data["plan"])[:3] == ["plan", "principles", "vision"]
    assert list(data["statuses"][0]) == [
        "ref",
        "area",
        "status",
        "label",
        "updated",
        "direction",
        "previous_status",
        "baseline",
        "forecast",
        "forecast_reason",
        "slippage_days",
    ]


def test_actions_csv_has_one_row_per_action(progress_site: Path, site: Path, edition: str) -> None:
    with (site / "actions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    actions = fixture_actions(progress_site, edition)
    assert len(rows) == len(actions) == EXPECTED_ACTIONS[edition]
    assert [r["Ref"] for r in rows] == [a.ref for a in actions]
    assert list(rows[0]) == [
        "Ref",
        "OD",
        "What needs to happen",
        "By when",
        "Who leads / is involved",
        "Monitored through",
        "Current RAG rating",
        "Date of latest update",
        "Direction of travel",
        "Planned finish (baseline)",
        "Forecast finish",
        "Slippage (days)",
        "Reason for the forecast",
    ]
    by_ref = {r["Ref"]: r for r in rows}
    assert by_ref["1.1"]["OD"] == "OD1"
    assert by_ref["1.1"]["By when"] == "15/03/2018; 19/06/2018; 10/10/2018; 12/12/2018; 2019 dates TBC"
    assert by_ref["1.1"]["Current RAG rating"] == "Amber"
    assert by_ref["1.1"]["Date of latest update"] == "2018-07-25"
    assert by_ref["1.4"]["Current RAG rating"] == "Not yet rated" and by_ref["1.4"]["Date of latest update"] == ""
    assert sum(r["Current RAG rating"] == "Red" for r in rows) == EXPECTED_COUNTS[edition]["red"]


def test_actions_csv_is_plain_text(site: Path) -> None:
    with (site / "actions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [cell for row in rows for cell in row.values()]
    for mark in ("**", "](", "<p>", "<li>", "\n"):
        assert not [c for c in cells if mark in c], mark
    # 4.2's "what" is a Markdown list in the data; the spreadsheet gets its words.
    row = next(r for r in rows if r["Ref"] == "4.2")
    assert row["What needs to happen"] == (
        "QA systems identify areas of strength and weakness in using SofS through analysis of "
        "Core data and dashboards Collaborative case audits Staff feedback Child and family feedback"
    )


def test_actions_csv_cells_cannot_run_as_formulas(site: Path) -> None:
    with (site / "actions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["Ref"]: row for row in csv.DictReader(handle)}
    row = rows["3.9"]
    assert row["What needs to happen"] == "'=HYPERLINK(\"https://evil.example/\",\"Open the course list\")"
    assert row["Who leads / is involved"] == "'+44 1603 000000 helpline"
    assert row["Monitored through"] == "'@mentions in the staff newsletter; -1 places unfilled"
    dangerous = [c for r in rows.values() for c in r.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []


def dated_milestones(progress_site: Path, edition: str) -> list[tuple[str, Any]]:
    return [
        (a.ref, m)
        for a in fixture_actions(progress_site, edition)
        for m in a.by_when
        if m.date is not None and (edition == "intranet" or m.audience == "public")
    ]


def _event_days(m: Any) -> list[tuple[dt.date, dt.date]]:
    """(DTSTART, DTEND) of the events a milestone should be: a deadline on its last day; more than 31 days as two days."""
    last = m.end or m.date
    day = dt.timedelta(days=1)
    if m.kind == "deadline":
        return [(last, last + day)]
    if (last - m.date).days + 1 > 31:
        return [(m.date, m.date + day), (last, last + day)]
    return [(m.date, last + day)]


def test_milestones_ics_has_the_events_of_each_dated_milestone(progress_site: Path, site: Path, edition: str) -> None:
    calendar = icalendar.Calendar.from_ical((site / "milestones.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    expected = dated_milestones(progress_site, edition)
    assert len({str(e["UID"]) for e in events}) == len(events)
    starts = sorted((ref, start, end) for ref, m in expected for start, end in _event_days(m))
    assert len(events) == len(starts) > len(expected)
    found = sorted((str(e["UID"]).split("-20")[0].removeprefix("action-").replace("-", "."), e["DTSTART"].dt, e["DTEND"].dt) for e in events)
    assert found == starts
    for event in events:
        # All-day events, stamped with the reference date rather than the time of the build.
        assert type(event["DTSTART"].dt) is dt.date
        assert event["DTSTAMP"].dt == dt.datetime(2018, 7, 25, tzinfo=dt.UTC)
    assert ("4.9" in {ref for ref, _ in expected}) is (edition == "intranet")


def test_milestone_uids_do_not_depend_on_the_edition(progress_site: Path) -> None:
    def uids(edition: str) -> set[str]:
        calendar = icalendar.Calendar.from_ical((progress_site / edition / "milestones.ics").read_bytes())
        return {str(e["UID"]) for e in calendar.walk("VEVENT")}

    public, intranet = uids("public"), uids("intranet")
    assert public < intranet
    assert {u.split("-20")[0] for u in intranet - public} == {"action-4-9"}


def test_exports_are_the_bytes_the_data_gives(progress_site: Path, edition: str) -> None:
    # A second rendering in this process gives the bytes the build wrote: nothing depends on the clock.
    from macros.outputs.exports import export_files
    from macros.views.plan_site import PlanSite

    site_url = {"public": "https://plan.example.org/", "intranet": "https://intranet.example.org/sofs-plan/"}[edition]
    again = export_files(PlanSite(load_project(progress_site.parent / "data"), edition), site_url)
    for name, content in again.items():
        written = (progress_site / edition / name).read_bytes()
        if name.endswith(".csv"):
            written = written.removeprefix(b"\xef\xbb\xbf")
        assert written == (content if isinstance(content, bytes) else content.encode("utf-8")), name


def site_texts(site: Path) -> dict[str, str]:
    """Every text file a site holds, by its path, with iCalendar's folded lines joined again."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"):
        try:
            content = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        texts[path.relative_to(site).as_posix()] = content.replace("\r\n ", "") if path.suffix == ".ics" else content
    return texts


def test_nothing_intranet_only_reaches_any_public_file(progress_site: Path) -> None:
    public = site_texts(progress_site / "public")
    assert {"plan.json", "actions.csv", "milestones.ics", "search/search_index.json", "sitemap.xml"} <= set(public)
    leaks = [f"{name}: {word}" for name, content in public.items() for word in SECRET_WORDS if word in content]
    assert leaks == []
    # The same words do reach the intranet, so the check above looks for something real.
    intranet = "\n".join(site_texts(progress_site / "intranet").values())
    assert [word for word in SECRET_WORDS if word not in intranet] == []


def test_public_plan_json_holds_no_intranet_only_item(progress_site: Path) -> None:
    data = json.loads((progress_site / "public" / "plan.json").read_text("utf-8"))
    audiences = {node["audience"] for node in _mappings(data["plan"]) if "audience" in node}
    assert audiences == {"public"}
    assert "4.9" not in [a["ref"] for area in data["plan"]["areas"] for a in area["actions"]]
    assert [u for u in data["plan"]["updates"] if u["action"] in ("4.9", "1.2") and u["date"] == "2018-07-25"] == []
    referrals = next(m for m in data["plan"]["measures"]["items"] if m["id"] == "referrals-per-10000")
    assert [v["value"] for v in referrals["values"]] == [512, 498, 471]
    assert SECRET_VALUE not in [v["value"] for m in data["plan"]["measures"]["items"] for v in m["values"]]
    intranet = json.loads((progress_site / "intranet" / "plan.json").read_text("utf-8"))
    assert {node["audience"] for node in _mappings(intranet["plan"]) if "audience" in node} == {"public", "intranet"}


def _mappings(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _mappings(item)


@pytest.mark.parametrize("url", ["about", "delivery/od1", "delivery/od2", "delivery/od3", "delivery/od4"])
def test_about_and_each_od_page_link_to_the_exports(progress_site: Path, url: str) -> None:
    site = progress_site / "public"
    tree = lxml.html.fromstring((site / url / "index.html").read_bytes())
    links = tree.xpath("//article//a/@href")
    targets = {(site / url / href).resolve() for href in links if not href.startswith(("http", "#"))}
    for name in ("plan.json", "actions.csv", "milestones.ics"):
        assert (site / name).resolve() in targets, f"{url} does not link to {name}"
