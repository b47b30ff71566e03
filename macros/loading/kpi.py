"""Reading a KPI export: a CSV of measure values by period, every bad row located by line and column."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass

from macros.loading.tracker import CellProblem, ImportFailed, cell_date
from macros.model.models import Measures

HEADINGS = {
    "measure": ("measure", "measure id", "measure name", "id", "name"),
    "period": ("period",),
    "date": ("date",),
    "value": ("value",),
    "note": ("note",),
}
"""The columns a KPI export may have, by what they hold; headings are matched in any case."""
REQUIRED = ("measure", "period", "date", "value")

_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass(frozen=True)
class KpiValue:
    """One value to add to a measure, and the row of the export it came from."""

    measure: str
    period: str
    date: dt.date
    value: float
    note: str | None
    row: int


@dataclass(frozen=True)
class KpiImport:
    """What an export adds: new values in the file's order, and how many rows were already in the data."""

    values: list[KpiValue]
    already: int


def _bare(text: str) -> str:
    """A measure's name without Markdown's emphasis marks, as an export would write it."""
    return " ".join(re.sub(r"[*_`]", "", text).split())


def _key(text: str) -> str:
    return _bare(text).casefold()


def _number(text: str) -> float | None:
    """A value as an export writes it: 471, 1,250, 62.5 or 62.5%."""
    bare = text.strip().removesuffix("%").strip()
    if not _NUMBER.match(bare):
        return None
    return float(bare.replace(",", ""))


def read_kpi(data: bytes, shown: str, measures: Measures) -> KpiImport:
    """The values a KPI export adds to `measures`; ImportFailed with every bad row, and nothing is added."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([f"{shown}: is not UTF-8 text; in Excel, save it as 'CSV UTF-8 (Comma delimited)'"]) from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise ImportFailed([f"{shown}: is empty; its first row should hold the headings Measure, Period, Date, Value and optionally Note"])
    found: dict[str, int] = {}
    for number, heading in enumerate(records[0]):
        name = " ".join(heading.split()).casefold()
        for column, names in HEADINGS.items():
            if name in names and column not in found:
                found[column] = number
    missing = [c.capitalize() for c in REQUIRED if c not in found]
    if missing:
        raise ImportFailed([f"{shown}:1: has no column headed {', '.join(missing)}; the columns are Measure (its id or name), Period, Date, Value and optionally Note"])
    by_id = {m.id: m for m in measures.items}
    by_name = {_key(m.name): m for m in measures.items}
    choices = [*by_id, *(_bare(m.name) for m in measures.items)]
    problems: list[CellProblem] = []
    values: list[KpiValue] = []
    seen: dict[tuple[str, dt.date], int] = {}
    already = 0
    for row, record in enumerate(records[1:], start=2):
        cells = {column: (record[i].strip() if i < len(record) else "") for column, i in found.items()}
        if not any(cells.values()):
            continue

        def bad(column: str, message: str, row: int = row) -> None:
            problems.append(CellProblem(row, found.get(column, 0) + 1, shown, None, column.capitalize(), message))

        written = cells["measure"]
        measure = by_id.get(written) or by_name.get(_key(written))
        if not written:
            bad("measure", "is empty; write the measure's id or name")
        elif measure is None:
            close = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else "; the measures are listed in data/measures.yml"
            bad("measure", f"'{written}' is not a measure's id or name{hint}")
        if not cells["period"]:
            bad("period", "is empty; write the period the value is for, such as Q1 2018/19")
        day = cell_date(cells["date"])
        if day is None:
            bad("date", f"'{cells['date']}' is not a date; write it as YYYY-MM-DD, such as 2018-06-30" if cells["date"] else "is empty; write the last day of the period, such as 2018-06-30")
        amount = _number(cells["value"])
        if amount is None:
            bad("value", f"'{cells['value']}' is not a number" if cells["value"] else "is empty; write the value as a number")
        if measure is None or day is None or amount is None or not cells["period"]:
            continue
        key = (measure.id, day)
        if key in seen:
            bad("date", f"'{measure.id}' already has a value dated {day.isoformat()} on row {seen[key]}; one value per measure per date")
            continue
        seen[key] = row
        existing = next((v for v in measure.values if v.date == day), None)
        if existing is not None:
            if existing.value == amount:
                already += 1
            else:
                bad("value", f"'{measure.id}' already has {existing.value:g} for {day.isoformat()} in data/measures.yml, not {amount:g}; change it there if the export corrects it")
            continue
        values.append(KpiValue(measure.id, cells["period"], day, amount, cells.get("note") or None, row))
    if problems:
        raise ImportFailed(sorted(problems))
    return KpiImport(values, already)
