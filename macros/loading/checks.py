"""Checks across files: unique refs and codes, updates that name real actions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.loading.yaml_reader import decode, locate
from macros.model.models import DeliveryArea, Project, RagEntry, RagUpdate, RagUpdates, Status
from macros.model.problems import Problem
from macros.model.quarter import latest_meeting, unrated_at

REQUIRED = (
    "data/plan.yml",
    "data/principles.yml",
    "data/vision.yml",
    "data/priorities.yml",
    "data/measures.yml",
    "data/delivery/part-b.yml",
    "data/communications.yml",
    "data/about.yml",
)
"""The files a Project cannot be made without."""


class _Lines:
    """Finds lines in files on demand, reading each file once."""

    def __init__(self, data_dir: Path) -> None:
        self.base = data_dir.parent
        self.texts: dict[str, str] = {}

    def __call__(self, name: str, loc: tuple[Any, ...]) -> int:
        if name not in self.texts:
            self.texts[name] = decode((self.base / name).read_bytes(), name)
        return locate(self.texts[name], loc)


def check_project(loaded: dict[str, BaseModel], data_dir: Path, *, areas_complete: bool = True) -> tuple[Project | None, list[Problem]]:
    """Put the files together as one Project, with the problems no single file shows.

    When some files did not load, the checks still run on those that did, so that every problem is
    reported in one go; `areas_complete` says whether every delivery area loaded, without which an
    update's action cannot be said to be missing. No Project is made unless everything loaded.
    """
    line = _Lines(data_dir)
    problems: list[Problem] = []
    areas = [(name, m) for name, m in loaded.items() if isinstance(m, DeliveryArea)]
    update_files = [(name, m) for name, m in loaded.items() if isinstance(m, RagUpdates)]

    codes: dict[str, str] = {}
    refs: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for name, area in areas:
        if area.code in codes:
            first = codes[area.code]
            problems.append(Problem(name, line(name, ("code",)), "code", f"duplicate code '{area.code}'; first used at {first}:{line(first, ('code',))}"))
        codes.setdefault(area.code, name)
        number = area.code[2:]
        for i, action in enumerate(area.actions):
            loc = ("actions", i, "ref")
            if action.ref in refs:
                first, first_loc = refs[action.ref]
                where = f"{first}:{line(first, first_loc)}"
                problems.append(Problem(name, line(name, loc), f"actions[{i}].ref", f"duplicate ref '{action.ref}'; first used at {where}"))
                continue
            refs[action.ref] = (name, loc)
            if action.ref.split(".")[0] != number:
                problems.append(
                    Problem(name, line(name, loc), f"actions[{i}].ref", f"ref '{action.ref}' is in {area.code}; its refs start with '{number}.'")
                )

    seen: dict[tuple[str, Any], tuple[str, int]] = {}
    dated: list[RagUpdate] = []
    for name, batch in update_files:
        meeting, where, found = meeting_date(name, batch, line)
        problems.extend(found)
        for i, entry in enumerate(batch.updates):
            if entry.action not in refs and areas_complete:
                close = difflib.get_close_matches(entry.action, list(refs), n=1, cutoff=0.75)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(
                    Problem(name, line(name, ("updates", i, "action")), f"updates[{i}].action", f"no action has ref '{entry.action}'{hint}")
                )
            problems.extend(entry_problems(name, i, entry, meeting, where, line))
            day = entry.date or meeting
            if day is None:
                continue
            update = dated_update(entry, day, entry.recorded or batch.recorded)
            dated.append(update)
            key = (update.action, update.date)
            if key in seen:
                first, first_i = seen[key]
                where_first = f"{first}:{line(first, ('updates', first_i, 'date'))}"
                problems.append(
                    Problem(
                        name,
                        line(name, ("updates", i, "date")),
                        f"updates[{i}].date",
                        f"action {update.action} already has an update dated {update.date.isoformat()} at {where_first}; one update per action per date",
                    )
                )
            else:
                seen[key] = (name, i)

    measures = loaded.get("data/measures.yml")
    if measures is not None:
        ids: set[str] = set()
        for i, measure in enumerate(measures.items):  # type: ignore[attr-defined]
            if measure.id in ids:
                problems.append(Problem("data/measures.yml", line("data/measures.yml", ("items", i, "id")), f"items[{i}].id", f"duplicate id '{measure.id}'"))
            ids.add(measure.id)
            dates: dict[Any, int] = {}
            for j, value in enumerate(measure.values):
                # Two readings on one date would make the trend line double back on itself.
                if value.date in dates:
                    where = f"items[{i}].values[{j}].date"
                    first_line = line("data/measures.yml", ("items", i, "values", dates[value.date], "date"))
                    message = f"'{measure.id}' already has a value dated {value.date.isoformat()} on line {first_line}; one value per date"
                    problems.append(Problem("data/measures.yml", line("data/measures.yml", ("items", i, "values", j, "date")), where, message))
                dates.setdefault(value.date, j)

    if problems or not areas_complete or any(name not in loaded for name in REQUIRED):
        return None, problems
    project = Project(
        plan=loaded["data/plan.yml"],
        principles=loaded["data/principles.yml"],
        vision=loaded["data/vision.yml"],
        part_a=loaded["data/priorities.yml"],
        measures=loaded["data/measures.yml"],
        part_b=loaded["data/delivery/part-b.yml"],
        areas=sorted((m for _, m in areas), key=lambda a: int(a.code[2:])),
        communications=loaded["data/communications.yml"],
        about=loaded["data/about.yml"],
        contacts=loaded.get("data/contacts.yml"),
        updates=dated,
    )
    return project, problems


_MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-[A-Za-z0-9-]+)?$")
"""An updates file named for its meeting: 2018-10-10.yml, or 2018-10-10-extra.yml for a second file of that meeting."""


def name_date(name: str) -> dt.date | None:
    """The meeting date a file's name gives, or None when its name is not a date."""
    match = _MEETING_NAME.match(Path(name).stem)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


def meeting_date(name: str, batch: RagUpdates, line: Any) -> tuple[dt.date | None, str, list[Problem]]:
    """A file's meeting date, where it comes from (for messages), and any disagreement between its name and its `date:`."""
    from_name = name_date(name)
    problems = []
    meeting: dt.date | None
    if batch.date is not None:
        where = f"date: on line {line(name, ('date',))}"
        if from_name is not None and from_name != batch.date:
            problems.append(
                Problem(
                    name,
                    line(name, ("date",)),
                    "date",
                    f"{batch.date.isoformat()} is not the date in the file's name, {from_name.isoformat()}; rename the file or correct the date",
                )
            )
        meeting = batch.date
    else:
        meeting, where = from_name, "the file's name"
    if meeting is not None and batch.recorded is not None and batch.recorded < meeting:
        problems.append(
            Problem(
                name,
                line(name, ("recorded",)),
                "recorded",
                f"{batch.recorded.isoformat()} is before the meeting's date, {meeting.isoformat()}; ratings are recorded on or after the meeting",
            )
        )
    return meeting, where, problems


NEEDS_NOTE = (Status.red, Status.amber)
"""Ratings that must say why."""


def entry_problems(name: str, i: int, entry: RagEntry, meeting: dt.date | None, where: str, line: Any) -> list[Problem]:
    """What is wrong with one rating in a meeting's file: its date, its note, its forecast."""
    found = []

    def problem(field: str, message: str) -> None:
        found.append(Problem(name, line(name, ("updates", i, field)), f"updates[{i}].{field}", message))

    if entry.date is None and meeting is None:
        problem("date", "is required: this file's name is not a meeting date (YYYY-MM-DD.yml) and it has no top-level date:")
    elif entry.date is not None and meeting is not None and entry.date != meeting:
        problem(
            "date",
            f"{entry.date.isoformat()} is not this meeting's date, {meeting.isoformat()} (from {where}); "
            f"date this rating {meeting.isoformat()} or leave its date out, or move it to the file of its own meeting",
        )
    if entry.status in NEEDS_NOTE and not (entry.note or "").strip() and not (entry.internal_note or "").strip():
        problem("note", f"action {entry.action} is rated {entry.status.value}, so it needs a note saying why (note:, or internal_note: for partner staff only)")
    if entry.forecast is not None and not (entry.reason or "").strip():
        problem("reason", f"a forecast needs a reason: say why action {entry.action} is now expected to finish on {entry.forecast.isoformat()}")
    if entry.reason and entry.forecast is None:
        problem("reason", "a reason explains a forecast; add forecast: YYYY-MM-DD, or write this in note:")
    if entry.recorded is not None and entry.recorded < (entry.date or meeting or entry.recorded):
        problem("recorded", f"{entry.recorded.isoformat()} is before the rating's date; ratings are recorded on or after their meeting")
    return found


def dated_update(entry: RagEntry, day: dt.date, recorded: dt.date | None) -> RagUpdate:
    """The entry as the project holds it: dated, and recorded on a day only when that was after its date."""
    fields = dict(entry)
    fields["date"] = day
    fields["recorded"] = recorded if recorded is not None and recorded > day else None
    # Validated already, field by field: constructing skips doing it again for every rating of a large plan.
    return RagUpdate.model_construct(_fields_set=entry.model_fields_set | {"date"}, **fields)


def update_notes(loaded: dict[str, BaseModel], project: Project, data_dir: Path) -> list[Problem]:
    """What `planpress check` points out without refusing: actions the latest meeting did not rate, and ratings hidden whole from the public."""
    line = _Lines(data_dir)
    notes: list[Problem] = []
    update_files = [(name, m) for name, m in loaded.items() if isinstance(m, RagUpdates)]
    meeting = latest_meeting(project.updates)
    history: dict[str, list[RagUpdate]] = {}
    for update in sorted(project.updates, key=lambda u: u.date, reverse=True):
        history.setdefault(update.action, []).append(update)
    if meeting is not None:
        refs = [a.ref for area in project.areas for a in area.actions]
        missed = unrated_at(meeting, refs, history)
        files = [name for name, batch in update_files if (batch.date or name_date(name)) == meeting or any(e.date == meeting for e in batch.updates)]
        # The meeting's own file (2018-10-10.yml) before any other of the same meeting (2018-10-10-extra.yml).
        files.sort(key=lambda name: (Path(name).stem != meeting.isoformat(), name))
        if missed and files:
            count = f"{len(missed)} action{'s' if len(missed) != 1 else ''}"
            listed = ", ".join(missed[:-1]) + (" and " if len(missed) > 1 else "") + missed[-1]
            notes.append(Problem(files[0], line(files[0], ("updates",)), "note", f"the meeting of {meeting.isoformat()} did not rate {count}: {listed}"))
    public_refs = {a.ref for area in project.areas if area.audience == "public" for a in area.actions if a.audience == "public"}
    for name, batch in update_files:
        for i, entry in enumerate(batch.updates):
            if entry.audience == "public" or entry.action not in public_refs:
                continue
            newest = history.get(entry.action, [None])[0]
            if newest is None or newest.audience == "public" or newest.date != (entry.date or batch.date or name_date(name)):
                continue
            notes.append(
                Problem(
                    name,
                    line(name, ("updates", i, "audience")),
                    "warning",
                    f"updates[{i}].audience: the whole rating of action {entry.action} is intranet-only, so the public site says its latest rating "
                    "is not published; to publish the rating and keep only its note internal, write the note as internal_note: and remove audience: intranet",
                )
            )
    return notes

