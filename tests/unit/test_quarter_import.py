"""The quarter's files in and out: new-update's template, the tracker workbook, import-ratings and import-measures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers import run_planpress, tree_hashes
from openpyxl.styles import PatternFill
from quarter_data import MEASURES_TEXT, REFS, quarter_project, write_meeting

from macros.cli.measures import add_values, import_measures
from macros.cli.quarter import import_ratings, new_update, write_tracker
from macros.loading.kpi import KpiValue
from macros.loading.project import load_project
from macros.loading.tracker import COLUMNS, ImportFailed
from macros.model.models import Status

D = dt.date
MEETING = D(2018, 10, 10)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = quarter_project(tmp_path / "project")
    write_meeting(
        project,
        "2018-07-25",
        [
            {"action": "1.1", "status": "green"},
            {"action": "2.2", "status": "amber", "note": "Places slow.", "forecast": "2018-09-30", "reason": "Summer."},
            {"action": "4.1", "status": "complete"},
        ],
    )
    return project


# new-update


def test_new_update_writes_every_action_in_plan_order_with_the_date_once(root: Path) -> None:
    path = new_update(root, MEETING, recorded=D(2018, 10, 12))
    assert path == root / "data" / "updates" / "2018-10-10.yml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["date"] == MEETING and data["recorded"] == D(2018, 10, 12)
    assert [u["action"] for u in data["updates"]] == REFS
    assert all("date" not in u for u in data["updates"])
    by_ref = {u["action"]: u for u in data["updates"]}
    assert (by_ref["1.1"]["status"], by_ref["2.2"]["status"], by_ref["1.3"]["status"]) == ("green", "amber", "not_rated")
    lines = text.splitlines()
    # Short titles and help are YAML comments: nothing reads them.
    assert '  - action: "1.1"  # Leadership sessions' in lines
    assert "    status: amber  # was Amber on 2018-07-25" in lines
    # What fell due since the last meeting (25 July): 2.1's September, 2.2's July 31; not 1.1's March.
    assert "    # Due since the meeting of 2018-07-25: September 2018 (2018-09-30)" in lines
    assert "    # Due since the meeting of 2018-07-25: July 2018 (2018-07-31)" in lines
    assert not any("March 2018" in line for line in lines)
    assert "    # Current forecast: 2018-09-30 (given 2018-07-25); add forecast: and reason: to revise it" in lines


def test_the_template_is_valid_once_its_red_and_amber_notes_are_written(root: Path) -> None:
    path = new_update(root, MEETING)
    text = path.read_text("utf-8")
    assert "recorded:" in text  # written today, after the meeting
    result = run_planpress(root, "check")
    assert result.code == 1
    assert "data/updates/2018-10-10.yml:" in result.output and "action 2.2 is rated amber, so it needs a note" in result.output
    path.write_text(text.replace('"2.2"  # Boot camps\n    status: amber  # was Amber on 2018-07-25\n    note:', '"2.2"  # Boot camps\n    status: amber  # was Amber on 2018-07-25\n    note: Still slow.'), encoding="utf-8")
    assert run_planpress(root, "check").code == 0
    assert {u.action for u in load_project(root / "data").updates if u.date == MEETING} == set(REFS)


def test_new_update_never_overwrites(root: Path) -> None:
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}])
    before = tree_hashes(root / "data")
    result = run_planpress(root, "new-update", "--date", "2018-10-10")
    assert result.code == 1
    assert result.output == "planpress: data/updates/2018-10-10.yml already exists; edit it, or choose another --date; nothing was written\n"
    assert tree_hashes(root / "data") == before


# The tracker workbook


def test_the_tracker_has_the_columns_a_status_list_date_cells_and_only_input_cells_unlocked(root: Path) -> None:
    path = write_tracker(root, MEETING)
    assert path.name == "tracker-2018-10-10.xlsx"
    book = openpyxl.load_workbook(path)
    ws = book["Ratings"]
    assert [c.value for c in ws[1]] == list(COLUMNS) == ["Ref", "Action", "Lead", "Previous status", "Status", "Note", "Internal note", "Forecast", "Reason"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == REFS
    assert rows[0][:4] == ("1.1", "Leadership sessions", "Head of Leadership QTLEAD11", "Green")
    assert rows[2][3] == "Not yet rated"
    assert ws.protection.sheet is True
    for row in ws.iter_rows(min_row=2, max_row=len(REFS) + 1):
        locked = {COLUMNS[c.column - 1]: c.protection.locked for c in row}
        assert locked == {"Ref": True, "Action": True, "Lead": True, "Previous status": True, "Status": False, "Note": False, "Internal note": False, "Forecast": False, "Reason": False}
        assert row[7].number_format == "yyyy-mm-dd"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [dv.formula1 for dv in lists] == ['"Red,Amber,Green,Complete,Not yet rated"']
    assert str(lists[0].sqref) == f"E2:E{len(REFS) + 1}"
    assert [dv.type for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("H")] == ["date"]
    with pytest.raises(FileExistsError):
        write_tracker(root, MEETING)


def fill(path: Path, rows: dict[str, dict[str, object]], fills: dict[str, str] | None = None) -> Path:
    """Fill the tracker's input cells as a secretary would in Excel: by column heading, for each ref."""
    book = openpyxl.load_workbook(path)
    ws = book["Ratings"]
    at = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for ref, cells in rows.items():
        for heading, value in cells.items():
            ws.cell(at[ref], COLUMNS.index(heading) + 1).value = value
    for ref, colour in (fills or {}).items():
        ws.cell(at[ref], COLUMNS.index("Status") + 1).fill = PatternFill("solid", fgColor=colour)
    book.save(path)
    return path


def test_import_ratings_writes_the_meetings_file_from_the_workbook(root: Path) -> None:
    path = fill(
        write_tracker(root, MEETING),
        {
            "1.1": {"Status": "Amber", "Note": "Venue lost.\n\nSessions move to spring.", "Forecast": dt.datetime(2019, 3, 1), "Reason": "New venue: March."},
            "2.1": {"Status": "green", "Internal note": "Trainer off sick"},
            "4.2": {"Status": "Not yet rated"},
        },
    )
    written, count = import_ratings(root, path, recorded=D(2018, 10, 11))
    assert (written, count) == (root / "data" / "updates" / "2018-10-10.yml", 3)
    data = yaml.safe_load(written.read_text("utf-8"))
    assert data["date"] == MEETING and data["recorded"] == D(2018, 10, 11)
    assert data["updates"] == [
        {"action": "1.1", "status": "amber", "note": "Venue lost.\n\nSessions move to spring.", "forecast": D(2019, 3, 1), "reason": "New venue: March."},
        {"action": "2.1", "status": "green", "internal_note": "Trainer off sick"},
        {"action": "4.2", "status": "not_rated"},
    ]
    updates = {u.action: u for u in load_project(root / "data").updates if u.date == MEETING}
    assert updates["1.1"].status == Status.amber and updates["1.1"].forecast == D(2019, 3, 1)


def test_a_workbook_with_many_mistakes_has_every_bad_cell_reported_and_nothing_written(root: Path) -> None:
    path = fill(
        write_tracker(root, MEETING),
        {
            "1.1": {"Status": "Ambr"},
            "1.3": {"Status": "Red"},
            "2.1": {"Status": "Green", "Forecast": "31st March", "Reason": "Moved."},
            "2.2": {"Status": "Green", "Forecast": dt.datetime(2019, 3, 31)},
            "3.1": {"Note": "A note but no status."},
            "4.1": {"Status": "Complete", "Reason": "Alone."},
        },
        fills={"1.2": "FFFF0000"},
    )
    before = tree_hashes(root / "data")
    with pytest.raises(ImportFailed) as failure:
        import_ratings(root, path)
    assert failure.value.report().splitlines() == [
        "tracker-2018-10-10.xlsx: Ratings!E2: 'Ambr' is not a status; use Red, Amber, Green, Complete or Not yet rated",
        "tracker-2018-10-10.xlsx: Ratings!E3: has a colour but no status, and a colour alone is not read; choose Red, Amber, Green, Complete or Not yet rated from the list",
        "tracker-2018-10-10.xlsx: Ratings!F4: action 1.3 is rated Red, so it needs a note saying why (Note, or Internal note for partner staff only)",
        "tracker-2018-10-10.xlsx: Ratings!H5: '31st March' is not a date; write it as YYYY-MM-DD, such as 2019-03-31, or format the cell as a date",
        "tracker-2018-10-10.xlsx: Ratings!I6: a forecast needs a reason: say why action 2.2 is now expected to finish then",
        "tracker-2018-10-10.xlsx: Ratings!E7: is empty, but the row has a note; choose Red, Amber, Green, Complete or Not yet rated, or clear the row",
        "tracker-2018-10-10.xlsx: Ratings!I8: a reason explains a forecast; give the Forecast date too, or put this in Note",
        "7 problems found; nothing was written.",
    ]
    assert tree_hashes(root / "data") == before
    result = run_planpress(root, "import-ratings", "tracker-2018-10-10.xlsx")
    assert result.code == 1 and result.output == failure.value.report() + "\n"
    assert tree_hashes(root / "data") == before


def test_a_ref_typed_over_or_repeated_is_reported(root: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "ratings-2018-10-10.csv"
    csv_path.write_text("Ref,Status,Note\n1.1,Green,\n9.9,Green,\n1.1,Amber,Again\n1.10,Green,\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_ratings(root, csv_path)
    assert failure.value.report().splitlines()[:3] == [
        f"{csv_path.as_posix()}:3: Ref: '9.9' is not an action's ref",
        f"{csv_path.as_posix()}:4: Ref: action 1.1 is already on row 2; rate each action once",
        f"{csv_path.as_posix()}:5: Ref: '1.10' is not an action's ref; did you mean '1.1'?",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_csv_with_the_same_columns_is_read_with_or_without_a_byte_order_mark(root: Path, encoding: str) -> None:
    path = root / "ratings-2018-10-10.csv"
    path.write_text(
        "Ref,Action,Lead,Previous status,Status,Note,Internal note,Forecast,Reason\n"
        '1.1,Leadership sessions,x,Green,Amber,"Venue lost, again",Caf\u00e9 closed,01/03/2019,New venue\n'
        "1.2,Partner workshops,x,Not yet rated,,,,,\n",
        encoding=encoding,
    )
    written, count = import_ratings(root, path, recorded=MEETING)
    data = yaml.safe_load(written.read_text("utf-8"))
    assert count == 1 and "recorded" not in data
    assert data["updates"] == [{"action": "1.1", "status": "amber", "note": "Venue lost, again", "internal_note": "Caf\u00e9 closed", "forecast": D(2019, 3, 1), "reason": "New venue"}]


def test_a_bad_csv_row_is_reported_by_line_and_column(root: Path) -> None:
    path = root / "ratings-2018-10-10.csv"
    path.write_text("Ref,Status,Note\n1.1,Green,\n1.2,Ambr,\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_ratings(root, path)
    assert failure.value.report().splitlines() == [
        "ratings-2018-10-10.csv:3: Status: 'Ambr' is not a status; use Red, Amber, Green, Complete or Not yet rated",
        "1 problem found; nothing was written.",
    ]


def test_the_meeting_date_comes_from_the_files_name_or_date(root: Path) -> None:
    path = root / "ratings.csv"
    path.write_text("Ref,Status\n1.1,Green\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="its name holds no meeting date; name it like tracker-2018-10-10.xlsx, or give the date with --date"):
        import_ratings(root, path)
    dated = root / "ratings-2018-10-10.csv"
    dated.write_text("Ref,Status\n1.1,Green\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="its name says the meeting was on 2018-10-10, but --date says 2018-10-11"):
        import_ratings(root, dated, D(2018, 10, 11))
    written, _ = import_ratings(root, path, MEETING)
    assert written.name == "2018-10-10.yml"


def test_an_existing_meetings_file_is_never_overwritten(root: Path) -> None:
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}])
    path = fill(write_tracker(root, MEETING), {"1.1": {"Status": "Red", "Note": "No."}})
    before = tree_hashes(root / "data")
    with pytest.raises(ImportFailed, match="data/updates/2018-10-10.yml already exists; nothing was written"):
        import_ratings(root, path)
    assert tree_hashes(root / "data") == before


# import-measures


KPI_HEADER = "Measure,Period,Date,Value,Note\n"


def test_kpi_values_are_added_keeping_the_files_comments_and_layout(root: Path) -> None:
    kpi = root / "kpi.csv"
    kpi.write_text(
        KPI_HEADER
        + "referrals-per-10000,Q2 2018/19,2018-09-30,455,Provisional: from the pack\n"
        + '"% of cases where the family network is identified",Q2 2018/19,30/09/2018,75%,\n'
        + "staff-surveys,Q2 2018/19,2018-09-30,3.5,\n"
        + "% of caseloads in line with policy,Q2 2018/19,2018-09-30,\"1,250\",\n",
        encoding="utf-8-sig",
    )
    assert import_measures(root, kpi) == (4, 0)
    text = (root / "data" / "measures.yml").read_text("utf-8")
    lines = text.splitlines()
    # Every line of the file is still there, in order (but `values: []`, which now has values); only the new values are added.
    rest = iter(lines)
    assert all(any(line == other for other in rest) for line in MEASURES_TEXT.splitlines() if line != "    values: []")
    # Four values, and one new `values:` key; `values: []` became `values:`.
    assert len(lines) == len(MEASURES_TEXT.splitlines()) + 5
    assert lines[lines.index("      - {period: Q1 2018/19, date: 2018-06-30, value: 471}") + 1] == "      - {period: Q2 2018/19, date: 2018-09-30, value: 455, note: 'Provisional: from the pack'}"
    assert "    # A comment after the values, about the next measure." in lines
    assert '    unit: "%"\n    target: 80\n    better: higher\n    values:\n      - {period: Q2 2018/19, date: 2018-09-30, value: 75}' in text
    assert "    name: Staff surveys\n    values:\n      - {period: Q2 2018/19, date: 2018-09-30, value: 3.5}" in text
    assert "        value: 88\n      - {period: Q2 2018/19, date: 2018-09-30, value: 1250}" in text
    measures = {m.id: [(v.period, v.value) for v in m.values] for m in load_project(root / "data").measures.items}
    assert measures["referrals-per-10000"][-1] == ("Q2 2018/19", 455)
    assert measures["family-network-engaged"] == [("Q2 2018/19", 75)]
    # The same file again adds nothing, and changes not a byte.
    before = text
    assert import_measures(root, kpi) == (0, 4)
    assert (root / "data" / "measures.yml").read_text("utf-8") == before


def test_a_bad_kpi_file_has_every_row_reported_and_nothing_written(root: Path) -> None:
    kpi = root / "kpi.csv"
    kpi.write_text(
        KPI_HEADER
        + "referrals-per-10000,Q2 2018/19,2018-09-30,455,\n"
        + "referals-per-10000,Q2 2018/19,2018-09-30,455,\n"
        + "staff-surveys,,2018-09-30,3,\n"
        + "staff-surveys,Q2 2018/19,31/09/2018,3,\n"
        + "staff-surveys,Q3 2018/19,2018-12-31,n/a,\n"
        + "referrals-per-10000,Q1 2018/19,2018-06-30,470,\n"
        + "referrals-per-10000,Q2 2018/19,2018-09-30,456,\n",
        encoding="utf-8",
    )
    before = tree_hashes(root / "data")
    result = run_planpress(root, "import-measures", "kpi.csv")
    assert result.code == 1
    assert result.output.splitlines() == [
        "kpi.csv:3: Measure: 'referals-per-10000' is not a measure's id or name; did you mean 'referrals-per-10000'?",
        "kpi.csv:4: Period: is empty; write the period the value is for, such as Q1 2018/19",
        "kpi.csv:5: Date: '31/09/2018' is not a date; write it as YYYY-MM-DD, such as 2018-06-30",
        "kpi.csv:6: Value: 'n/a' is not a number",
        "kpi.csv:7: Value: 'referrals-per-10000' already has 471 for 2018-06-30 in data/measures.yml, not 470; change it there if the export corrects it",
        "kpi.csv:8: Date: 'referrals-per-10000' already has a value dated 2018-09-30 on row 2; one value per measure per date",
        "6 problems found; nothing was written.",
    ]
    assert tree_hashes(root / "data") == before


def test_a_kpi_file_without_the_columns_is_refused(root: Path) -> None:
    kpi = root / "kpi.csv"
    kpi.write_text("Indicator,When,Value\nx,y,1\n", encoding="utf-8")
    result = run_planpress(root, "import-measures", "kpi.csv")
    assert result.code == 1
    assert result.output.splitlines()[0] == "kpi.csv:1: has no column headed Measure, Period, Date; the columns are Measure (its id or name), Period, Date, Value and optionally Note"


def test_values_written_in_brackets_are_written_out_one_a_line() -> None:
    text = 'title: M\nitems:\n  - id: a\n    name: A\n    values: [{period: P1, date: 2018-03-31, value: 1}]  # inline\n  - id: b\n    name: B\n'
    added = add_values(text, {"a": [KpiValue("a", "P2", D(2018, 6, 30), 2.0, None, 2)], "b": [KpiValue("b", "P2", D(2018, 6, 30), 2.5, "Note: x", 3)]})
    assert added == (
        "title: M\nitems:\n  - id: a\n    name: A\n    values:\n      - {period: P1, date: 2018-03-31, value: 1}\n      - {period: P2, date: 2018-06-30, value: 2}\n"
        "  - id: b\n    name: B\n    values:\n      - {period: P2, date: 2018-06-30, value: 2.5, note: 'Note: x'}\n"
    )
