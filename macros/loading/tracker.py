"""Reading a meeting's ratings from the tracker workbook (or a CSV with its columns), every bad cell located.

The workbook is the one `planpress tracker` writes: a sheet called Ratings whose first row holds the
column headings, one row per action. A CSV saved from it (UTF-8, with or without a byte order mark)
has the same columns. Whatever is wrong is reported by sheet and cell (`Ratings!E7`) or, in a CSV, by
row and column heading (`ratings.csv:7: Status`), and nothing is read unless everything is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from macros.model.models import RATINGS, RagEntry, Status, rating_value

SHEET = "Ratings"
COLUMNS = ("Ref", "Action", "Lead", "Previous status", "Status", "Note", "Internal note", "Forecast", "Reason")
"""The tracker's columns, in order; import-ratings reads Ref and the input columns by their headings."""
INPUT_COLUMNS = ("Status", "Note", "Internal note", "Forecast", "Reason")
"""The columns the secretary fills in; the workbook locks every other one."""
STATUS_WORDS = ("Red", "Amber", "Green", "Complete", "Not yet rated")
"""The Status column's choices, as the drop-down offers them."""
STATUS_CHOICES = ", ".join(STATUS_WORDS[:-1]) + " or " + STATUS_WORDS[-1]
_WHAT = {"Note": "a note", "Internal note": "an internal note", "Forecast": "a forecast", "Reason": "a reason"}

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True, order=True)
class CellProblem:
    """One bad cell: in a workbook by sheet and cell, in a CSV by row and column heading."""

    row: int
    column: int
    file: str
    sheet: str | None
    heading: str
    message: str

    def __str__(self) -> str:
        if self.sheet is None:
            where = f"{self.file}:{self.row}" if self.row else self.file
            return f"{where}: {self.heading}: {self.message}" if self.heading else f"{where}: {self.message}"
        if not self.row:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {self.sheet}!{column_letter(self.column)}{self.row}: {self.message}"


class ImportFailed(Exception):
    """Raised with every bad cell of a file, so they can all be mended at once; nothing was written."""

    def __init__(self, problems: Iterable[CellProblem | str]) -> None:
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, with a count."""
        lines = [str(p) for p in self.problems]
        count = len(lines)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        return "\n".join(lines)


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Cell:
    """One cell as read: its value, where it is, and whether it is coloured in."""

    value: Any
    row: int
    column: int
    coloured: bool = False


@dataclass
class Sheet:
    """A table read from a workbook's sheet or a CSV: headings by column number, then rows of cells."""

    file: str
    name: str | None
    headings: dict[str, int]
    rows: list[dict[str, Cell]] = field(default_factory=list)


def meeting_from_name(path: Path) -> dt.date | None:
    """The meeting date a file's name holds, such as tracker-2018-10-10.xlsx; None when it holds none."""
    match = _DATE_IN_NAME.search(path.name)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


def read_sheet(path: Path, shown: str) -> Sheet:
    """The Ratings sheet of a workbook, or a CSV's rows, by column heading; ImportFailed when it cannot be read."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path, shown)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path, shown)
    raise ImportFailed([f"{shown}: is not a workbook (.xlsx) or a CSV file (.csv)"])


def _headings(values: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        if isinstance(value, str) and value.strip():
            found.setdefault(" ".join(value.split()).lower(), number)
    return found


def _read_csv(path: Path, shown: str) -> Sheet:
    raw = path.read_bytes()
    try:
        # utf-8-sig reads a file with a byte order mark (Excel's "CSV UTF-8") and one without alike.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([f"{shown}: is not UTF-8 text; in Excel, save it as 'CSV UTF-8 (Comma delimited)'"]) from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise ImportFailed([f"{shown}: is empty; its first row should hold the column headings {', '.join(COLUMNS)}"])
    sheet = Sheet(shown, None, _headings(records[0]))
    for number, record in enumerate(records[1:], start=2):
        sheet.rows.append({name: Cell(record[col - 1] if col - 1 < len(record) else None, number, col) for name, col in sheet.headings.items()})
    return sheet


def _coloured(cell: Any) -> bool:
    """Whether a workbook cell has a fill colour of its own."""
    fill = getattr(cell, "fill", None)
    return bool(fill is not None and fill.fill_type not in (None, "none"))


def _read_workbook(path: Path, shown: str) -> Sheet:
    import warnings
    import zipfile

    import openpyxl

    try:
        with warnings.catch_warnings():
            # Excel's own extensions (conditional formats and the like) that openpyxl does not read say so; they do not matter here.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFailed([f"{shown}: cannot be read as an Excel workbook ({type(error).__name__}); save it from Excel as .xlsx"]) from None
    if SHEET not in book.sheetnames:
        raise ImportFailed([f"{shown}: has no sheet called {SHEET} (it has {', '.join(book.sheetnames)}); start from the workbook `planpress tracker` writes"])
    ws = book[SHEET]
    first = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
    sheet = Sheet(shown, SHEET, _headings(first))
    for row in ws.iter_rows(min_row=2):
        cells = {name: row[col - 1] for name, col in sheet.headings.items() if col - 1 < len(row)}
        if not cells:
            continue
        number = next(iter(cells.values())).row
        sheet.rows.append({name: Cell(c.value, number, sheet.headings[name], _coloured(c)) for name, c in cells.items()})
    return sheet


def _text(value: Any) -> str:
    """A cell's value as text: numbers as written, without float noise."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def cell_date(value: Any) -> dt.date | None:
    """A date cell or text written YYYY-MM-DD or DD/MM/YYYY (as Excel in the UK writes it to CSV); None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    uk = _UK_DATE.match(text)
    if uk:
        try:
            return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class ReadRatings:
    """What a tracker holds: the meeting's date and one rating per action it rates, in the file's order."""

    meeting: dt.date
    entries: list[RagEntry]


def read_ratings(path: Path, shown: str, refs: list[str], meeting: dt.date | None = None) -> ReadRatings:
    """The ratings in a tracker, checked cell by cell against the plan's `refs`; ImportFailed with every bad cell.

    The meeting's date is the one in the file's name (tracker-2018-10-10.xlsx) or, for a file named
    otherwise, `meeting`; given both, they must agree.
    """
    named = meeting_from_name(path)
    if named is None and meeting is None:
        raise ImportFailed([f"{shown}: its name holds no meeting date; name it like tracker-2018-10-10.xlsx, or give the date with --date"])
    if named is not None and meeting is not None and named != meeting:
        raise ImportFailed([f"{shown}: its name says the meeting was on {named.isoformat()}, but --date says {meeting.isoformat()}; rename the file or correct --date"])
    day = named or meeting
    assert day is not None
    sheet = read_sheet(path, shown)
    problems: list[CellProblem] = []
    missing = [name for name in ("Ref", "Status") if name.lower() not in sheet.headings]
    if missing:
        where = f"{SHEET} row 1" if sheet.name else "the first row"
        raise ImportFailed([f"{shown}: {where} has no column headed {' or '.join(missing)}; the columns are {', '.join(COLUMNS)}"])
    entries: list[RagEntry] = []
    seen: dict[str, int] = {}
    known = set(refs)
    for row in sheet.rows:
        entry = _row(sheet, row, known, seen, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise ImportFailed(sorted(problems))
    return ReadRatings(day, entries)


def _row(sheet: Sheet, row: dict[str, Cell], known: set[str], seen: dict[str, int], problems: list[CellProblem]) -> RagEntry | None:
    """One row's rating, or None for a row the meeting did not rate; its bad cells go to `problems`."""

    def cell(name: str) -> Cell | None:
        return row.get(name.lower())

    def value(name: str) -> str:
        found = cell(name)
        return _text(found.value) if found else ""

    def bad(name: str, message: str) -> None:
        found = cell(name)
        where = found or next(iter(row.values()))
        problems.append(CellProblem(where.row, where.column if found else 0, sheet.file, sheet.name, name, message))

    ref_cell = cell("Ref")
    ref = value("Ref")
    given = {name: value(name) for name in ("Note", "Internal note", "Forecast", "Reason")}
    status_cell = cell("Status")
    status_text = value("Status")
    if not ref and not status_text and not any(given.values()):
        return None
    if ref_cell is not None and isinstance(ref_cell.value, float):
        bad("Ref", f"{ref_cell.value!r} is a number, and a number cannot tell 1.1 from 1.10; format the Ref column as text and write the ref again")
        return None
    if not ref:
        bad("Ref", "is empty, but the row has a rating; write the action's ref, such as 2.4")
        return None
    if ref not in known:
        close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.75)
        bad("Ref", f"'{ref}' is not an action's ref" + (f"; did you mean '{close[0]}'?" if close else ""))
        return None
    if ref in seen:
        bad("Ref", f"action {ref} is already on row {seen[ref]}; rate each action once")
        return None
    seen[ref] = ref_cell.row if ref_cell else 0
    status: Status | None = None
    if not status_text:
        if status_cell is not None and status_cell.coloured:
            bad("Status", f"has a colour but no status, and a colour alone is not read; choose {STATUS_CHOICES} from the list")
        elif any(given.values()):
            filled = [_WHAT[name] for name, text in given.items() if text]
            bad("Status", f"is empty, but the row has {' and '.join(filled)}; choose {STATUS_CHOICES}, or clear the row")
        return None
    try:
        status = Status(rating_value(status_text))
    except PydanticCustomError:
        bad("Status", f"'{status_text}' is not a status; use {STATUS_CHOICES}")
    if status in (Status.red, Status.amber) and not given["Note"] and not given["Internal note"]:
        bad("Note", f"action {ref} is rated {RATING_WORDS[status]}, so it needs a note saying why (Note, or Internal note for partner staff only)")
    forecast = None
    if given["Forecast"]:
        forecast_cell = cell("Forecast")
        forecast = cell_date(forecast_cell.value if forecast_cell else None)
        if forecast is None:
            bad("Forecast", f"'{given['Forecast']}' is not a date; write it as YYYY-MM-DD, such as 2019-03-31, or format the cell as a date")
    if given["Forecast"] and not given["Reason"]:
        bad("Reason", f"a forecast needs a reason: say why action {ref} is now expected to finish then")
    if given["Reason"] and not given["Forecast"]:
        bad("Reason", "a reason explains a forecast; give the Forecast date too, or put this in Note")
    if status is None or (given["Forecast"] and forecast is None):
        return None
    return RagEntry(
        action=ref,
        status=status,
        note=given["Note"] or None,
        internal_note=given["Internal note"] or None,
        forecast=forecast,
        reason=given["Reason"] or None,
    )


RATING_WORDS = {status: word for status, word in zip(RATINGS, STATUS_WORDS)}
"""Each rating as the Status column writes it."""
