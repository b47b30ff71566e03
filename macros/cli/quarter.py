"""The quarter's data: a meeting's ratings file (`new-update`), the tracker workbook (`tracker`) and its import (`import-ratings`)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from pydantic import ValidationError

from macros.loading.checks import entry_problems
from macros.loading.project import load_project
from macros.loading.tracker import COLUMNS, INPUT_COLUMNS, SHEET, STATUS_WORDS, ImportFailed, read_ratings
from macros.loading.yaml_reader import parse_yaml
from macros.model.models import Action, Project, RagEntry, RagUpdates, Status
from macros.model.problems import Problem, shown_path
from macros.model.quarter import latest_meeting, slippage
from macros.model.rag import RagIndex
from macros.views.markup import plain_text
from macros.views.plan_site import action_title
from macros.views.render import TEMPLATES, long_date

UPDATES_DIR = Path("data") / "updates"


def update_path(root: Path, meeting: dt.date) -> Path:
    """Where a meeting's ratings live: data/updates/YYYY-MM-DD.yml."""
    return root / UPDATES_DIR / f"{meeting.isoformat()}.yml"


@dataclass
class EntryText:
    """One entry of a meeting's file as it is written: the rating, and comments that help whoever edits it."""

    ref: str
    title: str
    status: str
    was: str = ""
    heading: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def yaml_value(text: str, indent: int) -> str:
    """`text` as a YAML value after 'key: ': plain or quoted on one line, or a literal block when it has several."""
    text = text.strip()
    if "\n" in text:
        pad = " " * indent
        return "|-\n" + "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=1_000_000)
    return dumped[3:].rstrip("\n")


def render_update_file(group: str, meeting: dt.date, recorded: dt.date | None, entries: list[EntryText], imported: str = "") -> str:
    """The text of a meeting's file: its date once, then one entry per action."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # YAML, not HTML: values are escaped for YAML by yaml_value
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env.get_template("new_update.yml").render(group=group, meeting=meeting, recorded=recorded, entries=entries, imported=imported)


def group_name(project: Project) -> str:
    """The steering group's name as the plan gives it."""
    return _one_line(plain_text(project.part_b.roles.steering_group.heading))


def _labels(project: Project) -> dict[str, str]:
    return {info.status.value: info.label for info in project.about.statuses}


def _previous_meeting(project: Project, meeting: dt.date) -> dt.date | None:
    return latest_meeting(u for u in project.updates if u.date < meeting)


def _was(index: RagIndex, ref: str, meeting: dt.date, labels: dict[str, str]) -> str:
    before = index.latest(ref, meeting - dt.timedelta(days=1))
    return f"was {labels[before.status.value]} on {before.date.isoformat()}" if before else "not rated before"


def _due_since(action: Action, since: dt.date | None, meeting: dt.date) -> list[str]:
    due = [m for m in action.by_when if m.due is not None and (since is None or m.due > since) and m.due <= meeting]
    return [f"{_one_line(plain_text(m.text))} ({m.due.isoformat()})" for m in due]  # type: ignore[union-attr]


def new_update_text(project: Project, meeting: dt.date, recorded: dt.date | None) -> str:
    """The prefilled file for a meeting: every action in plan order with its current status, and what fell due since the last meeting."""
    index = RagIndex(project.updates)
    labels = _labels(project)
    since = _previous_meeting(project, meeting)
    entries = []
    for area in project.areas:
        for i, action in enumerate(area.actions):
            before = index.latest(action.ref, meeting - dt.timedelta(days=1))
            entry = EntryText(
                ref=action.ref,
                title=_one_line(action_title(action)),
                status=before.status.value if before else Status.not_rated.value,
                was=_was(index, action.ref, meeting, labels),
                heading=_one_line(f"{area.code} {area.title}") if i == 0 else "",
                fields=[("note", "")],
            )
            due = _due_since(action, since, meeting)
            if due:
                first = f"since the meeting of {since.isoformat()}" if since else "so far"
                entry.comments.append(f"Due {first}: " + "; ".join(due))
            slip = slippage(action, index.history(action.ref), meeting - dt.timedelta(days=1))
            if slip.current is not None:
                entry.comments.append(f"Current forecast: {slip.current.forecast} (given {slip.current.date.isoformat()}); add forecast: and reason: to revise it")
            entries.append(entry)
    return render_update_file(group_name(project), meeting, recorded, entries)


def imported_text(project: Project, meeting: dt.date, recorded: dt.date | None, ratings: list[RagEntry], source: str) -> str:
    """A meeting's file from the ratings read from a tracker, in the plan's order."""
    actions = {a.ref: a for area in project.areas for a in area.actions}
    place = {ref: i for i, ref in enumerate(actions)}
    entries = []
    for rating in sorted(ratings, key=lambda r: place[r.action]):
        action = actions[rating.action]
        fields = []
        for key in ("note", "internal_note", "reason"):
            value = getattr(rating, key)
            if value:
                fields.append((key, yaml_value(value, 6)))
            if key == "internal_note" and rating.forecast is not None:
                fields.append(("forecast", rating.forecast.isoformat()))
        entries.append(EntryText(ref=rating.action, title=_one_line(action_title(action)), status=rating.status.value, fields=fields))
    return render_update_file(group_name(project), meeting, recorded, entries, imported=source)


def check_update_text(text: str, name: str, meeting: dt.date, refs: set[str]) -> list[Problem]:
    """Problems with a meeting's file as written, found as `planpress check` would find them."""
    from macros.loading.project import located_problems
    from macros.loading.yaml_reader import locate

    try:
        batch = RagUpdates.model_validate(parse_yaml(text))
    except ValidationError as error:
        return located_problems(error, RagUpdates, text, name)

    def line(_: str, loc: tuple[Any, ...]) -> int:
        return locate(text, loc)

    found: list[Problem] = []
    for i, entry in enumerate(batch.updates):
        if entry.action not in refs:
            found.append(Problem(name, line(name, ("updates", i, "action")), f"updates[{i}].action", f"no action has ref '{entry.action}'"))
        found += entry_problems(name, i, entry, batch.date or meeting, "date:", line)
    return found


def _recorded(meeting: dt.date, recorded: dt.date | None) -> dt.date | None:
    """The recorded date to write: the day given, or today; left out when it is the meeting's own day or before it."""
    day = recorded or dt.date.today()
    return day if day > meeting else None


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; FileExistsError if it does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # "x" creates the file only if it does not exist, so a meeting's ratings are never overwritten.
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _existing_ratings(project: Project, meeting: dt.date) -> bool:
    return any(u.date == meeting for u in project.updates)


def new_update(root: Path, meeting: dt.date, recorded: dt.date | None = None) -> Path:
    """Write data/updates/<meeting>.yml prefilled for the meeting; FileExistsError if it, or ratings of that date, exist."""
    project = load_project(root / "data")
    path = update_path(root, meeting)
    if path.exists():
        raise FileExistsError(f"{shown_path(path, root)} already exists; edit it, or choose another --date")
    if _existing_ratings(project, meeting):
        raise FileExistsError(f"the data already has ratings dated {meeting.isoformat()}; edit that meeting's file")
    _write_new(path, new_update_text(project, meeting, _recorded(meeting, recorded)))
    return path


def import_ratings(root: Path, source: Path, meeting: dt.date | None = None, recorded: dt.date | None = None) -> tuple[Path, int]:
    """Write data/updates/<meeting>.yml from a tracker workbook or CSV; ImportFailed with every bad cell, and nothing written."""
    project = load_project(root / "data")
    shown = shown_path(source.resolve(), root)
    refs = [a.ref for area in project.areas for a in area.actions]
    read = read_ratings(source, shown, refs, meeting)
    path = update_path(root, read.meeting)
    name = shown_path(path, root)
    if path.exists():
        raise ImportFailed([f"{name} already exists; nothing was written. Rename the tracker for another meeting's date, or edit {name} by hand"])
    if _existing_ratings(project, read.meeting):
        raise ImportFailed([f"the data already has ratings dated {read.meeting.isoformat()}; nothing was written"])
    if not read.entries:
        raise ImportFailed([f"{shown}: no row has a status, so there is nothing to import"])
    text = imported_text(project, read.meeting, _recorded(read.meeting, recorded), read.entries, Path(shown).name)
    problems = check_update_text(text, name, read.meeting, set(refs))
    if problems:
        raise ImportFailed([str(problem) for problem in sorted(problems)])
    try:
        _write_new(path, text)
    except FileExistsError:
        raise ImportFailed([f"{name} already exists; nothing was written"]) from None
    return path, len(read.entries)


def tracker_path(root: Path, meeting: dt.date) -> Path:
    """Where `planpress tracker` writes: tracker-YYYY-MM-DD.xlsx in the project's folder."""
    return root / f"tracker-{meeting.isoformat()}.xlsx"


def write_tracker(root: Path, meeting: dt.date, path: Path | None = None) -> Path:
    """Write the tracker workbook for a meeting: one row per action, the input columns unlocked; never over an existing file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    project = load_project(root / "data")
    path = path or tracker_path(root, meeting)
    if path.exists():
        raise FileExistsError(f"{shown_path(path, root)} already exists; fill that one in, or delete it first")
    index = RagIndex(project.updates)
    labels = _labels(project)
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    locked_fill = PatternFill("solid", fgColor="FFE7E6E6")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = locked_fill
    rows = 0
    for area in project.areas:
        for action in area.actions:
            before = index.latest(action.ref, meeting - dt.timedelta(days=1))
            ws.append(
                [
                    action.ref,
                    _one_line(action_title(action)),
                    _one_line(plain_text(action.who)),
                    labels[before.status.value] if before else labels[Status.not_rated.value],
                    None,
                    None,
                    None,
                    None,
                    None,
                ]
            )
            rows += 1
    last = rows + 1
    inputs = {COLUMNS.index(name) + 1 for name in INPUT_COLUMNS}
    widths = {"Ref": 7, "Action": 40, "Lead": 30, "Previous status": 16, "Status": 15, "Note": 45, "Internal note": 45, "Forecast": 13, "Reason": 35}
    for number, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, number).column_letter].width = widths[name]
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in inputs:
                # Only the input columns may change; the sheet's protection keeps the rest as written.
                cell.protection = Protection(locked=False)
            else:
                cell.fill = locked_fill
            if COLUMNS[cell.column - 1] == "Ref":
                cell.number_format = "@"
            if COLUMNS[cell.column - 1] == "Forecast":
                cell.number_format = "yyyy-mm-dd"
    letter = {name: ws.cell(1, COLUMNS.index(name) + 1).column_letter for name in COLUMNS}
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a status",
        error="Choose " + ", ".join(STATUS_WORDS[:-1]) + " or " + STATUS_WORDS[-1] + ". Leave it empty if the meeting did not rate this action.",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Choose from the list. A colour alone is not read.",
    )
    status_list.add(f"{letter['Status']}2:{letter['Status']}{last}")
    forecast_dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a date",
        error="Write the date the action is now expected to finish, such as 2019-03-31.",
    )
    forecast_dates.add(f"{letter['Forecast']}2:{letter['Forecast']}{last}")
    ws.add_data_validation(status_list)
    ws.add_data_validation(forecast_dates)
    ws.freeze_panes = "B2"
    ws.protection.sheet = True
    # Protected against changes to the plan's columns, but columns and rows may still be resized.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    about = book.create_sheet("Read me")
    notes = [
        f"Ratings of the {group_name(project)} meeting of {long_date(meeting)}",
        "",
        "Fill in the white columns of the Ratings sheet, one row per action the meeting rated:",
        f"Status: choose {', '.join(STATUS_WORDS[:-1])} or {STATUS_WORDS[-1]} from the list; leave it empty if the meeting did not rate the action.",
        "Note: why; a red or amber rating needs a note (or an internal note). The public site shows it.",
        "Internal note: for partner staff only; the public site shows the rating without it.",
        "Forecast: the date the action is now expected to finish, if that has moved; Reason: why.",
        "",
        f"Then run: planpress import-ratings {path.name}",
        f"It writes data/updates/{meeting.isoformat()}.yml; the meeting's date comes from this file's name, so keep the date in it.",
    ]
    for line in notes:
        about.append([line])
    about.column_dimensions["A"].width = 120
    about["A1"].font = Font(bold=True)
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target first, then renamed, so a half-written workbook never stands in its place.
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tracker-", suffix=".xlsx", delete=False) as handle:
        temp = Path(handle.name)
    try:
        book.save(temp)
        if path.exists():
            raise FileExistsError(f"{shown_path(path, root)} already exists")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path
