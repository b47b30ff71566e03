"""A meeting's file: its date written once, mistakes caught with file and line, and what `check` points out without failing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from quarter_data import PUBLIC_REFS, REFS, quarter_project, write_meeting

from macros.loading.project import load_project, load_project_with_notes
from macros.model.models import Status
from macros.model.problems import ValidationFailed


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return quarter_project(tmp_path / "project")


def problems(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        load_project(root / "data")
    return [str(p) for p in failure.value.problems]


def notes(root: Path) -> list[str]:
    _, found = load_project_with_notes(root / "data")
    return [str(n) for n in sorted(found)]


def test_the_meeting_date_is_written_once_and_given_to_every_entry(root: Path) -> None:
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "Green"}, {"action": "2.2", "status": "AMBER", "note": "Places."}])
    project = load_project(root / "data")
    assert [(u.action, u.date, u.status) for u in project.updates] == [
        ("1.1", dt.date(2018, 10, 10), Status.green),
        ("2.2", dt.date(2018, 10, 10), Status.amber),
    ]


def test_the_file_name_alone_gives_the_meeting_date(root: Path) -> None:
    (root / "data" / "updates" / "2018-10-10.yml").write_text('updates:\n  - action: "1.1"\n    status: green\n', encoding="utf-8")
    assert load_project(root / "data").updates[0].date == dt.date(2018, 10, 10)


def test_old_files_with_a_date_on_every_entry_stay_valid(root: Path) -> None:
    text = 'updates:\n  - action: "1.1"\n    date: 2018-05-09\n    status: green\n  - action: "1.2"\n    date: 2018-05-09\n    status: complete\n'
    (root / "data" / "updates" / "2018-05-09.yml").write_text(text, encoding="utf-8")
    (root / "data" / "updates" / "history.yml").write_text('updates:\n  - action: "1.1"\n    date: 2018-01-10\n    status: green\n', encoding="utf-8")
    assert sorted(u.date.isoformat() for u in load_project(root / "data").updates) == ["2018-01-10", "2018-05-09", "2018-05-09"]


def test_a_rating_dated_other_than_its_meeting_names_both_dates(root: Path) -> None:
    text = 'date: 2018-10-10\nupdates:\n  - action: "1.1"\n    status: green\n  - action: "1.2"\n    date: 2019-10-10\n    status: green\n'
    (root / "data" / "updates" / "2018-10-10.yml").write_text(text, encoding="utf-8")
    assert problems(root) == [
        "data/updates/2018-10-10.yml:6: updates[1].date: 2019-10-10 is not this meeting's date, 2018-10-10 (from date: on line 1); "
        "date this rating 2018-10-10 or leave its date out, or move it to the file of its own meeting"
    ]


def test_a_year_typo_in_an_old_style_file_is_caught_by_its_name(root: Path) -> None:
    text = 'updates:\n  - action: "1.1"\n    date: 2019-10-10\n    status: green\n'
    (root / "data" / "updates" / "2018-10-10.yml").write_text(text, encoding="utf-8")
    assert problems(root) == [
        "data/updates/2018-10-10.yml:3: updates[0].date: 2019-10-10 is not this meeting's date, 2018-10-10 (from the file's name); "
        "date this rating 2018-10-10 or leave its date out, or move it to the file of its own meeting"
    ]


def test_a_top_date_that_is_not_the_files_name_is_an_error(root: Path) -> None:
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}])
    path = root / "data" / "updates" / "2018-10-10.yml"
    path.rename(path.with_name("2018-10-11.yml"))
    assert problems(root) == ["data/updates/2018-10-11.yml:1: date: 2018-10-10 is not the date in the file's name, 2018-10-11; rename the file or correct the date"]


def test_a_rating_needs_a_date_from_somewhere(root: Path) -> None:
    (root / "data" / "updates" / "extra.yml").write_text('updates:\n  - action: "1.1"\n    status: green\n', encoding="utf-8")
    assert problems(root) == [
        "data/updates/extra.yml:2: updates[0].date: is required: this file's name is not a meeting date (YYYY-MM-DD.yml) and it has no top-level date:"
    ]


def test_red_and_amber_need_a_note_and_a_forecast_needs_a_reason(root: Path) -> None:
    write_meeting(
        root,
        "2018-10-10",
        [
            {"action": "1.1", "status": "red"},
            {"action": "1.2", "status": "amber", "internal_note": "Only staff may know why."},
            {"action": "2.1", "status": "green", "forecast": "2019-03-31"},
            {"action": "2.2", "status": "green", "reason": "No forecast given."},
            {"action": "3.1", "status": "Amber", "note": "   "},
        ],
    )
    assert problems(root) == [
        "data/updates/2018-10-10.yml:3: updates[0].note: action 1.1 is rated red, so it needs a note saying why (note:, or internal_note: for partner staff only)",
        "data/updates/2018-10-10.yml:8: updates[2].reason: a forecast needs a reason: say why action 2.1 is now expected to finish on 2019-03-31",
        "data/updates/2018-10-10.yml:13: updates[3].reason: a reason explains a forecast; add forecast: YYYY-MM-DD, or write this in note:",
        "data/updates/2018-10-10.yml:16: updates[4].note: action 3.1 is rated amber, so it needs a note saying why (note:, or internal_note: for partner staff only)",
    ]


def test_ratings_are_recorded_on_or_after_their_meeting(root: Path) -> None:
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}], recorded="2018-10-01")
    assert problems(root) == ["data/updates/2018-10-10.yml:2: recorded: 2018-10-01 is before the meeting's date, 2018-10-10; ratings are recorded on or after the meeting"]


def test_a_late_recorded_date_is_kept_and_an_on_time_one_is_not(root: Path) -> None:
    write_meeting(root, "2018-07-25", [{"action": "1.1", "status": "green"}], recorded="2018-08-10")
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}], recorded="2018-10-10")
    recorded = {u.date.isoformat(): u.recorded for u in load_project(root / "data").updates}
    assert recorded == {"2018-07-25": dt.date(2018, 8, 10), "2018-10-10": None}


def test_check_lists_the_actions_the_latest_meeting_did_not_rate(root: Path) -> None:
    write_meeting(root, "2018-07-25", [{"action": ref, "status": "complete" if ref == "4.1" else "green"} for ref in REFS])
    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}, {"action": "2.1", "status": "green"}])
    # 4.1 was complete already, so the meeting had no need to rate it.
    missed = [r for r in REFS if r not in ("1.1", "2.1", "4.1")]
    listed = ", ".join(missed[:-1]) + " and " + missed[-1]
    assert notes(root) == [f"data/updates/2018-10-10.yml:2: note: the meeting of 2018-10-10 did not rate {len(missed)} actions: {listed}"]


def test_check_warns_of_a_latest_rating_hidden_whole_from_the_public(root: Path) -> None:
    write_meeting(root, "2018-07-25", [{"action": ref, "status": "green"} for ref in REFS])
    write_meeting(
        root,
        "2018-10-10",
        [
            *({"action": ref, "status": "green"} for ref in REFS if ref not in ("1.2", "4.2")),
            {"action": "1.2", "status": "red", "note": "Budget.", "audience": "intranet"},
            # An intranet-only action's ratings are hidden with it: nothing to warn of.
            {"action": "4.2", "status": "red", "note": "Panel.", "audience": "intranet"},
        ],
    )
    assert "1.2" in PUBLIC_REFS and "4.2" not in PUBLIC_REFS
    found = notes(root)
    assert found == [
        "data/updates/2018-10-10.yml:18: warning: updates[6].audience: the whole rating of action 1.2 is intranet-only, so the public site says its latest rating "
        "is not published; to publish the rating and keep only its note internal, write the note as internal_note: and remove audience: intranet"
    ]


def test_check_prints_its_notes_and_succeeds(root: Path) -> None:
    from helpers import run_planpress

    write_meeting(root, "2018-10-10", [{"action": "1.1", "status": "green"}])
    result = run_planpress(root, "check")
    assert result.code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("data/updates/2018-10-10.yml:2: note: the meeting of 2018-10-10 did not rate")
    assert lines[-1].startswith("planpress: data, newsletters and pages are valid")
