"""The iCalendar writer: lines folded at 75 octets on character boundaries, TEXT escaped, and the
Norfolk calendar read back by icalendar exactly as planpress wrote it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import icalendar
import pytest
from helpers import NORFOLK, ROOT

from macros.loading.project import load_project
from macros.outputs.exports import KIND_LABELS, calendar_entries, milestones_ics
from macros.outputs.ical import (
    content_lines,
    date_value,
    escape_text,
    fold,
    text_list,
    utc_value,
)
from macros.views.markup import plain_text
from macros.views.plan_site import PlanSite

SITE_URL = "https://plan.example.org/"


def physical_lines(folded: bytes) -> list[bytes]:
    """The lines of one folded content line as they are stored."""
    return folded.split(b"\r\n")


def unfold(folded: bytes) -> str:
    """The content line again: each fold, a line break and one space, removed (RFC 5545 3.1)."""
    return folded.replace(b"\r\n ", b"").decode("utf-8")


def assert_folded_well(line: str) -> list[bytes]:
    """`line` folded: no physical line over 75 octets, none splitting a character, and it unfolds to `line`."""
    folded = fold(line)
    lines = physical_lines(folded)
    assert [len(part) for part in lines if len(part) > 75] == []
    for part in lines:
        part.decode("utf-8")  # A character split by a fold would not decode on its own.
    assert [part[:2] for part in lines[1:] if not part.startswith(b" ")] == []
    assert unfold(folded) == line
    return lines


def test_a_short_line_is_not_folded() -> None:
    line = "SUMMARY:" + "x" * 66
    assert len(line) == 74
    assert fold(line) == line.encode("ascii")


def test_a_long_ascii_line_is_folded_into_lines_of_75_octets_at_most() -> None:
    line = "DESCRIPTION:" + "".join(str(i % 10) for i in range(500))
    lines = assert_folded_well(line)
    assert len(lines) == 7
    # As full as the limit allows: 74 octets, then a space and 74 more.
    assert [len(part) for part in lines[:-1]] == [74] + [75] * 5


def test_one_octet_over_is_folded() -> None:
    line = "SUMMARY:" + "x" * 67
    assert fold(line) == ("SUMMARY:" + "x" * 66 + "\r\n x").encode("ascii")


@pytest.mark.parametrize("char", ["é", "—", "😀", "中"], ids=["2-octets", "3-octets", "4-octets", "cjk"])
@pytest.mark.parametrize("offset", range(4))
def test_a_long_multibyte_line_is_folded_between_characters(char: str, offset: int) -> None:
    # The offset moves each fold to a different place within a character.
    line = "SUMMARY:" + "a" * offset + char * 120 + " end"
    lines = assert_folded_well(line)
    assert len(lines) > 1
    # A fold falls as late as it can: one more character would not have fitted.
    width = len(char.encode("utf-8"))
    assert [len(part) for part in lines[:-1] if len(part) + width <= (75 if part.startswith(b" ") else 74)] == []


def test_mixed_text_from_the_plan_folds_and_unfolds() -> None:
    words = "Children’s services — “Signs of Safety”, é à ü; 😀 training 2018–19 \\ ^ "
    for length in range(60, 400, 7):
        assert_folded_well("DESCRIPTION:" + escape_text((words * 10)[:length]))


@pytest.mark.parametrize("escape", ["\\\\", "\\;", "\\,", "\\n"])
def test_a_fold_never_separates_an_escape(escape: str) -> None:
    for before in range(60, 80):
        line = "DESCRIPTION:" + "a" * before + escape + "b" * 80
        lines = assert_folded_well(line)
        assert [part for part in lines if escape.encode("ascii") in part], f"{escape} split after {before}"


def test_a_run_of_escaped_backslashes_is_folded_in_pairs() -> None:
    for before in range(60, 76):
        for count in range(1, 6):
            lines = assert_folded_well("DESCRIPTION:" + "a" * before + escape_text("\\" * count) + ";")
            runs = [len(part) - len(part.rstrip(b"\\")) for part in lines[:-1]]
            assert [run for run in runs if run % 2] == [], (before, count, lines)


@pytest.mark.parametrize("line", ["SUMMARY:one\ntwo", "SUMMARY:one\rtwo", "URL:https://x.example/\r\nBEGIN:VEVENT"])
def test_a_line_break_cannot_reach_a_content_line(line: str) -> None:
    with pytest.raises(ValueError, match="line break"):
        fold(line)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\\b", "a\\\\b"),
        ("a;b", "a\\;b"),
        ("a,b", "a\\,b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("\\n is not a line break", "\\\\n is not a line break"),
        ("C:\\New", "C:\\\\New"),
        ("Q&A: “plans”, people; 5:30", "Q&A: “plans”\\, people\\; 5:30"),
        ("", ""),
    ],
)
def test_text_is_escaped(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_several_values_are_each_escaped_and_separated_by_commas() -> None:
    assert text_list(["Deadline"]) == "Deadline"
    assert text_list(["a,b", "c;d"]) == "a\\,b,c\\;d"


def test_dates_and_stamps() -> None:
    assert date_value(dt.date(2018, 2, 1)) == "20180201"
    assert date_value(dt.date(999, 1, 1)) == "09990101"
    assert utc_value(dt.datetime(2018, 7, 25, tzinfo=dt.UTC)) == "20180725T000000Z"
    # A time in another zone is written as the same moment in UTC.
    summer = dt.timezone(dt.timedelta(hours=1))
    assert utc_value(dt.datetime(2018, 7, 25, 0, 30, 5, tzinfo=summer)) == "20180724T233005Z"
    with pytest.raises(ValueError, match="no time zone"):
        utc_value(dt.datetime(2018, 7, 25))


@pytest.mark.parametrize(
    "text",
    [
        "back\\slash; semi, comma\nnew line",
        "C:\\New and \\n stay as written",
        "é — 😀 " * 30,
        "ends on a backslash \\",
        "=HYPERLINK(\"x\");END:VEVENT\nBEGIN:VEVENT",
    ],
)
def test_icalendar_reads_back_the_text_as_written(text: str) -> None:
    stream = content_lines(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//planpress//test//EN",
            "BEGIN:VEVENT",
            "UID:" + escape_text("one@planpress"),
            "DTSTAMP:" + utc_value(dt.datetime(2018, 7, 25, tzinfo=dt.UTC)),
            "SUMMARY:" + escape_text(text),
            "CATEGORIES:" + text_list([text, "Event"]),
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    assert b"\n" not in stream.replace(b"\r\n", b"")
    [event] = icalendar.Calendar.from_ical(stream).walk("VEVENT")
    assert str(event["SUMMARY"]) == text
    assert [str(c) for c in event["CATEGORIES"].cats] == [text, "Event"]


@pytest.fixture(scope="module", params=["public", "intranet"])
def site(request: pytest.FixtureRequest) -> PlanSite:
    return PlanSite(load_project(NORFOLK / "data"), request.param)


def test_norfolk_calendar_lines_are_crlf_and_75_octets_at_most(site: PlanSite) -> None:
    ics = milestones_ics(site, SITE_URL)
    assert ics.endswith(b"END:VCALENDAR\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert [line for line in lines if b"\n" in line or b"\r" in line] == []
    assert [line for line in lines if len(line) > 75] == []
    assert any(len(line) == 75 for line in lines), "no line was long enough to fold"
    for line in lines:
        line.decode("utf-8")


def test_norfolk_calendar_text_is_escaped(site: PlanSite) -> None:
    unfolded = milestones_ics(site, SITE_URL).replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    text = [line.split(":", 1) for line in unfolded if line.startswith(("SUMMARY:", "DESCRIPTION:", "UID:", "PRODID:"))]
    assert len(text) == 3 * len(calendar_entries(site)) + 1  # SUMMARY, DESCRIPTION and UID of each event, and PRODID
    # Once each escape is taken out, no semicolon, comma or backslash is left bare.
    bare = [(name, value) for name, value in text if set(re.sub(r"\\[\\;,n]", "", value)) & set("\\;,")]
    assert bare == []
    assert any("\\;" in value for _, value in text) and any("\\," in value for _, value in text)


def test_norfolk_calendar_round_trips_through_icalendar(site: PlanSite) -> None:
    calendar = icalendar.Calendar.from_ical(milestones_ics(site, SITE_URL))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//planpress//Norfolk Signs of Safety EIP2 Plan 2017/9//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Norfolk Signs of Safety EIP2 Plan 2017/9: milestones"
    events = calendar.walk("VEVENT")
    entries = calendar_entries(site)
    assert len(events) == len(entries) > 0
    for event, entry in zip(events, entries, strict=True):
        view = site.by_ref[entry.ref]
        milestone = entry.milestone
        assert milestone.date is not None
        kind = KIND_LABELS[milestone.kind] + (f" {entry.part}" if entry.part else "")
        url = f"{SITE_URL}delivery/actions/{entry.ref.replace('.', '-')}/"
        found = {
            "uid": str(event["UID"]),
            "dtstart": event["DTSTART"].dt,
            "dtend": event["DTEND"].dt,
            "dtstamp": event["DTSTAMP"].dt,
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "categories": [str(c) for c in event["CATEGORIES"].cats],
            "transp": str(event["TRANSP"]),
            "url": str(event["URL"]),
        }
        assert found == {
            "uid": entry.uid,
            "dtstart": entry.start,
            "dtend": entry.end + dt.timedelta(days=1),
            "dtstamp": dt.datetime.combine(site.reference_date, dt.time(0, 0), tzinfo=dt.UTC),
            "summary": f"{kind}: {entry.ref} {view.title}",
            "description": "\n".join(
                [
                    f"Action {entry.ref} ({view.area.code}): {plain_text(view.action.what)}",
                    f"By when: {plain_text(milestone.text)}",
                    f"Who: {plain_text(view.action.who)}",
                    url,
                ]
            ),
            "categories": [KIND_LABELS[milestone.kind]],
            "transp": "TRANSPARENT",
            "url": url,
        }, entry.uid
        assert type(found["dtstart"]) is dt.date and type(found["dtend"]) is dt.date


def test_without_a_site_url_events_have_no_url(site: PlanSite) -> None:
    events = icalendar.Calendar.from_ical(milestones_ics(site, "")).walk("VEVENT")
    assert events and [e for e in events if "URL" in e or "http" in str(e["DESCRIPTION"])] == []


def test_writing_the_exports_does_not_import_icalendar() -> None:
    script = "import sys, macros.outputs.writer, macros.outputs.exports; print('icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
