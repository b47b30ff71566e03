"""Exports as plain Python: spreadsheet-safe cells, stable calendar UIDs, byte-identical output, plan.json against its schema."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import jsonschema
import pytest
from helpers import NORFOLK

from macros.loading.project import load_project
from macros.model.models import Milestone
from macros.outputs.exports import (
    CSV_COLUMNS,
    actions_csv,
    calendar_entries,
    milestone_uid,
    milestones_ics,
    plan_json,
    safe_cell,
)
from macros.outputs.schema import plan_schema
from macros.views.plan_site import PlanSite


@pytest.fixture(scope="module")
def site() -> PlanSite:
    return PlanSite(load_project(NORFOLK / "data"), "public")


@pytest.mark.parametrize("text", ["=1+1", "+44 1603", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_escaped(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["1.1", "OD2", "Staff survey", "2018-07-25", "", "a=b"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_a_uid_does_not_move_when_milestones_are_added_or_reordered() -> None:
    march = Milestone(text="March 2018", date="2018-03-31")
    assert milestone_uid("Plan", "1.5", march) == milestone_uid("Plan", "1.5", Milestone(text="March 2018", date="2018-03-31"))
    assert milestone_uid("Plan", "1.5", march) != milestone_uid("Plan", "1.6", march)
    assert milestone_uid("Plan", "1.5", march) != milestone_uid("Plan", "1.5", Milestone(text="March 2018", date="2018-03-30"))
    assert milestone_uid("Plan", "1.5", march).startswith("action-1-5-20180331-")


def test_each_calendar_entry_has_its_own_uid(site: PlanSite) -> None:
    uids = [entry.uid for entry in calendar_entries(site)]
    assert len(uids) == len(set(uids))


def test_norfolk_calendar_has_an_event_per_dated_milestone_and_two_per_long_period(site: PlanSite) -> None:
    dated = [m for view in site.actions for m in view.action.by_when if m.date]
    # A period of more than 31 days shows as its first and its last day; a deadline is always one day.
    long = [m for m in dated if m.kind != "deadline" and m.end and (m.end - m.date).days >= 31]
    calendar = icalendar.Calendar.from_ical(milestones_ics(site, "https://plan.example.org/"))
    events = list(calendar.walk("VEVENT"))
    assert long and len(events) == len(dated) + len(long)
    training = [e for e in events if str(e["SUMMARY"]).startswith("Training: 2.1 ")]
    first = min(training, key=lambda e: e["DTSTART"].dt)
    # "11-12 Feb 2018": two days, so DTEND (exclusive) is the 13th.
    assert first["DTSTART"].dt.isoformat() == "2018-02-11"
    assert first["DTEND"].dt.isoformat() == "2018-02-13"
    assert str(first["URL"]) == "https://plan.example.org/delivery/actions/2-1/"


def test_plan_json_is_written_as_json_dumps_would_write_it(site: PlanSite) -> None:
    from macros.model.models import Measure
    from macros.outputs.exports import plan_export

    measures = site.project.measures
    item = measures.items[0].model_copy(update={"target": 12.5, "name": "Café “quoted” — \\ back\tslash \u2028 and 😀"})
    odd = site.project.model_copy(update={"measures": measures.model_copy(update={"items": [item, *measures.items[1:]]})})
    assert isinstance(item, Measure)
    for plan_site in (site, PlanSite(odd, "public")):
        expected = json.dumps(plan_export(plan_site).model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        assert plan_json(plan_site) == expected
    assert "Café “quoted” — \\\\ back\\tslash" in plan_json(PlanSite(odd, "public"))
    # Only a number JSON writes with an exponent is spelled differently (1.25e-6, not 1.25e-06): the same value.
    tiny = odd.model_copy(update={"measures": measures.model_copy(update={"items": [item.model_copy(update={"target": 12.5e-7})]})})
    written = plan_json(PlanSite(tiny, "public"))
    assert '"target": 1.25e-6' in written
    assert json.loads(written) == plan_export(PlanSite(tiny, "public")).model_dump(mode="json")


def test_exports_are_the_same_bytes_every_time(site: PlanSite) -> None:
    again = PlanSite(load_project(NORFOLK / "data"), "public")
    assert plan_json(site) == plan_json(again)
    assert actions_csv(site) == actions_csv(again)
    assert milestones_ics(site, "https://x.example/") == milestones_ics(again, "https://x.example/")


def test_actions_csv_is_one_row_per_action(site: PlanSite) -> None:
    rows = list(csv.reader(io.StringIO(actions_csv(site))))
    assert rows[0][:2] == ["Ref", "OD"]
    assert [r[0] for r in rows[1:]] == [view.ref for view in site.actions]
    assert {len(r) for r in rows} == {len(CSV_COLUMNS)}


def test_plan_json_follows_the_schema(site: PlanSite) -> None:
    data = json.loads(plan_json(site))
    jsonschema.Draft202012Validator(plan_schema(), format_checker=jsonschema.FormatChecker()).validate(data)
    assert list(data) == ["edition", "reference_date", "summary", "statuses", "plan"]


def test_the_schema_is_a_valid_json_schema_that_rejects_unknown_keys(site: PlanSite) -> None:
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(plan_json(site))
    data["plan"]["plan"]["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("milestone", "days"),
    [
        # A deadline is one day, the day it is due: the last day of one written as a range.
        ({"text": "March 2018", "date": "2018-03-31"}, [("", "2018-03-31", "2018-03-31")]),
        ({"text": "Sep 17 to Sep 19", "date": "2017-09-01", "end": "2019-09-30"}, [("", "2019-09-30", "2019-09-30")]),
        # Up to 31 days is one event over its days.
        ({"text": "16-20 Apr 2018", "date": "2018-04-16", "end": "2018-04-20", "kind": "training"}, [("", "2018-04-16", "2018-04-20")]),
        ({"text": "Review March 2018", "date": "2018-03-01", "end": "2018-03-31", "kind": "review"}, [("", "2018-03-01", "2018-03-31")]),
        # Longer is a period: its first day and its last.
        (
            {"text": "Review June/July 18", "date": "2018-06-01", "end": "2018-07-31", "kind": "review"},
            [("starts", "2018-06-01", "2018-06-01"), ("ends", "2018-07-31", "2018-07-31")],
        ),
        (
            {"text": "1 March to 1 April", "date": "2018-03-01", "end": "2018-04-01", "kind": "event"},
            [("starts", "2018-03-01", "2018-03-01"), ("ends", "2018-04-01", "2018-04-01")],
        ),
    ],
)
def test_calendar_days(milestone: dict[str, str], days: list[tuple[str, str, str]]) -> None:
    from macros.outputs.exports import calendar_days

    found = calendar_days(Milestone(**milestone))
    assert [(part, start.isoformat(), end.isoformat()) for part, start, end in found] == days
