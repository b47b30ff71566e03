"""Open data: the plan as plan.json, actions.csv and milestones.ics, for one edition."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from macros.model.models import CurrentStatus, Milestone, PlanExport
from macros.model.quarter import Travel, slippage
from macros.outputs.ical import (
    content_lines,
    date_value,
    escape_text,
    text_list,
    utc_value,
)
from macros.views.markup import plain_text
from macros.views.plan_site import PlanSite, action_url

CSV_COLUMNS = (
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
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP's CSV injection list)."""

KIND_LABELS = {"deadline": "Deadline", "event": "Event", "meeting": "Meeting", "training": "Training", "review": "Review"}


def plan_export(site: PlanSite) -> PlanExport:
    """The model behind plan.json for this edition."""
    labels = site.statuses()
    return PlanExport(
        edition=site.edition,
        reference_date=site.reference_date,
        summary=site.summary(),
        statuses=[
            CurrentStatus(
                ref=view.ref,
                area=view.area.code,
                status=view.status,
                label=labels[view.status.value].label,
                updated=view.latest.date if view.latest else None,
                direction=view.travel.direction if view.travel else None,
                previous_status=view.previous.status if view.previous else None,
                baseline=slip.baseline,
                forecast=slip.forecast,
                forecast_reason=slip.current.reason if slip.current else None,
                slippage_days=slip.days,
            )
            for view in site.actions
            for slip in [view.slippage or slippage(view.action, view.history)]
        ],
        plan=site.project,
    )


def plan_json(site: PlanSite) -> str:
    """plan.json: keys in the models' order, so the same data always gives the same bytes."""
    # pydantic writes what json.dumps(indent=2, ensure_ascii=False) would, several times faster (a number
    # with an exponent is spelled 1.25e-6 rather than 1.25e-06).
    return plan_export(site).model_dump_json(indent=2) + "\n"


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is escaped with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _plain(text: str | None) -> str:
    return plain_text(text) if text else ""


def travel_text(travel: Travel | None, labels: dict[str, Any]) -> str:
    """A direction of travel in words, as a spreadsheet cell: 'Improved from Amber (2018-03-15)'."""
    if travel is None:
        return ""
    if travel.direction == "first":
        return "First rating"
    if travel.direction == "held":
        return f"Held at {labels[travel.status.value].label} since {travel.since}"
    assert travel.before is not None
    return f"{travel.direction.capitalize()} from {labels[travel.before.value].label} since {travel.since}"


def action_rows(site: PlanSite) -> list[list[str]]:
    """One row of plain text per action, in plan order, without the header."""
    labels = site.statuses()
    rows = []
    for view in site.actions:
        action = view.action
        who = _plain(action.who)
        if action.who_note:
            who = f"{who} ({_plain(action.who_note)})"
        slip = view.slippage or slippage(action, view.history)
        rows.append(
            [
                view.ref,
                view.area.code,
                _plain(action.what),
                "; ".join(_plain(m.text) for m in action.by_when),
                who,
                "; ".join(_plain(item.text) for item in action.monitoring),
                labels[view.status.value].label,
                view.latest.date.isoformat() if view.latest else "",
                travel_text(view.travel, labels),
                slip.baseline.isoformat() if slip.baseline else "",
                slip.forecast.isoformat() if slip.forecast else "",
                str(slip.days) if slip.days is not None else "",
                _plain(slip.current.reason) if slip.current else "",
            ]
        )
    return rows


def actions_csv(site: PlanSite) -> str:
    """actions.csv: a header, then one row per action, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in action_rows(site):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


LONGEST_EVENT_DAYS = 31
"""A milestone that spans more days than a month is a period of work, not an event: a calendar would show it as a
bar across every day of those months. It becomes two one-day events, on its first and on its last day."""


@dataclass(frozen=True)
class CalendarEntry:
    """One event of one dated milestone, as the calendar shows it: its first and last day, both included."""

    ref: str
    title: str
    milestone: Milestone
    uid: str
    start: dt.date
    end: dt.date
    part: str = ""
    """'' for the whole milestone; 'starts' or 'ends' for the two days a long period becomes."""


def calendar_days(milestone: Milestone) -> list[tuple[str, dt.date, dt.date]]:
    """(part, first day, last day) of each event a dated milestone becomes.

    A deadline is one day, the day it is due (its last day, for one written as a range). Any other
    milestone is one event over its days, unless it spans more than LONGEST_EVENT_DAYS: then it is
    an event on the day it starts and another on the day it ends.
    """
    assert milestone.date is not None and milestone.due is not None
    if milestone.kind == "deadline":
        return [("", milestone.due, milestone.due)]
    if (milestone.due - milestone.date).days + 1 <= LONGEST_EVENT_DAYS:
        return [("", milestone.date, milestone.due)]
    return [("starts", milestone.date, milestone.date), ("ends", milestone.due, milestone.due)]


def calendar_entries(site: PlanSite) -> list[CalendarEntry]:
    """Every event of every dated milestone of every action the edition shows, earliest first."""
    entries: list[CalendarEntry] = []
    seen: dict[str, int] = {}
    for view in site.actions:
        for milestone in view.action.by_when:
            if milestone.date is None:
                continue
            uid = milestone_uid(site.project.plan.short_title, view.ref, milestone)
            # The same milestone written twice in one action still needs two distinct UIDs.
            seen[uid] = seen.get(uid, 0) + 1
            if seen[uid] > 1:
                uid = uid.replace("@", f"-{seen[uid]}@", 1)
            for part, start, end in calendar_days(milestone):
                # A period's first day keeps the milestone's UID, so a calendar updates the event it already has.
                event_uid = uid.replace("@", "-end@", 1) if part == "ends" else uid
                entries.append(CalendarEntry(view.ref, view.title, milestone, event_uid, start, end, part))
    return sorted(entries, key=lambda e: (e.start, _ref_key(e.ref), e.uid))


def _ref_key(ref: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ref.split("."))


def milestone_uid(plan: str, ref: str, milestone: Milestone) -> str:
    """A UID that stays put while the milestone's ref, dates, kind and words stay put, whatever is added around it."""
    key = "\n".join([plan, ref, str(milestone.date), str(milestone.end), milestone.kind, milestone.text])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"action-{ref.replace('.', '-')}-{milestone.date:%Y%m%d}-{digest}@planpress"


def milestones_ics(site: PlanSite, site_url: str) -> bytes:
    """milestones.ics: each dated milestone as all-day events (calendar_days); the stamp comes from the data, not the clock."""
    plan = site.project.plan
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + escape_text(f"-//planpress//{plan.short_title}//EN"),
        "CALSCALE:GREGORIAN",
        # An X- property's value is TEXT unless it says otherwise (RFC 5545 3.8.8.2), so it is escaped too.
        "X-WR-CALNAME:" + escape_text(f"{plan.short_title}: milestones"),
    ]
    stamp = utc_value(dt.datetime.combine(site.reference_date, dt.time(0, 0), tzinfo=dt.UTC))
    base = site_url.rstrip("/") + "/" if site_url else ""
    for entry in calendar_entries(site):
        lines += _event_lines(site, entry, stamp, base)
    lines.append("END:VCALENDAR")
    return content_lines(lines)


def _event_lines(site: PlanSite, entry: CalendarEntry, stamp: str, base: str) -> list[str]:
    """One milestone's VEVENT, its properties in the order the calendar has always listed them."""
    kind = KIND_LABELS[entry.milestone.kind]
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_text(f"{event_label(entry)}: {entry.ref} {entry.title}"),
        "DTSTART;VALUE=DATE:" + date_value(entry.start),
        # DTEND is exclusive for all-day events: the day after the event's last day.
        "DTEND;VALUE=DATE:" + date_value(entry.end + dt.timedelta(days=1)),
        "DTSTAMP:" + stamp,
        "UID:" + escape_text(entry.uid),
        "CATEGORIES:" + text_list([kind]),
        "DESCRIPTION:" + escape_text(_description(site, entry, base)),
        "TRANSP:TRANSPARENT",
    ]
    if base:
        # A URI value is written as it is: TEXT escaping does not apply to it.
        lines.append("URL:" + base + action_url(entry.ref))
    lines.append("END:VEVENT")
    return lines


def event_label(entry: CalendarEntry) -> str:
    """What an event's summary starts with: its kind, and for a long period which end of it this is."""
    kind = KIND_LABELS[entry.milestone.kind]
    return f"{kind} {entry.part}" if entry.part else kind


def _description(site: PlanSite, entry: CalendarEntry, base: str) -> str:
    view = site.by_ref[entry.ref]
    lines = [
        f"Action {entry.ref} ({view.area.code}): {_plain(view.action.what)}",
        f"By when: {_plain(entry.milestone.text)}",
        f"Who: {_plain(view.action.who)}",
    ]
    if base:
        lines.append(base + action_url(entry.ref))
    return "\n".join(lines)


def export_files(site: PlanSite, site_url: str) -> dict[str, Any]:
    """Every export by its file name at the site root: text or bytes."""
    from macros.outputs.schema import schema_text

    return {
        "plan.json": plan_json(site),
        "plan.schema.json": schema_text(),
        "actions.csv": actions_csv(site),
        "milestones.ics": milestones_ics(site, site_url),
    }
