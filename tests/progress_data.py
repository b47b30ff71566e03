"""Fixture data for progress: RAG updates, measure values and two extra actions, written into a copy of the project.

The Norfolk fixture (tests/fixtures/norfolk) has no updates and no measure values, so the tests of
history, charts, the dashboard, trends and exports write these into a copy of it. The expected numbers below are worked
out by hand from this data, so the tests check planpress against something it did not compute.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from helpers import write_yaml

MARCH = "2018-03-15"
JULY = "2018-07-25"
REFERENCE = dt.date(2018, 7, 25)

SECRET_UPDATE = "Workshop budget withdrawn pending review"
SECRET_ACTION = "Pilot a confidential case review panel"
SECRET_VALUE_NOTE = "Provisional figure from the July performance pack"
SECRET_VALUE = 463.0
SECRET_ACTION_UPDATE = "Panel terms of reference drafted"
SECRET_WORDS = (SECRET_UPDATE, SECRET_ACTION, SECRET_VALUE_NOTE, SECRET_ACTION_UPDATE, "actions/4-9", "action-4-9")
"""Words that only intranet-only items hold: none may reach any public file."""

UPDATES: dict[str, list[dict[str, Any]]] = {
    MARCH: [
        {"action": "1.1", "date": MARCH, "status": "green", "note": "Leadership programme launched with **all** CSLT members attending."},
        {"action": "1.2", "date": MARCH, "status": "green"},
        {"action": "1.3", "date": MARCH, "status": "green", "note": "Steering group met as planned."},
        {"action": "2.1", "date": MARCH, "status": "amber", "note": "Two of the first three courses were under-subscribed; see the [course list](https://example.org/courses)."},
        {"action": "3.1", "date": MARCH, "status": "red", "note": "Project board not yet formed."},
        {"action": "4.1", "date": MARCH, "status": "complete", "note": "Staff survey closed with 412 responses."},
    ],
    JULY: [
        {
            "action": "1.1",
            "date": JULY,
            "status": "amber",
            "note": "Two sessions moved to the autumn.\n\n- October session confirmed\n- December venue *to be booked*\n\n<script>alert('x')</script> is shown as text.",
        },
        {"action": "1.2", "date": JULY, "status": "red", "note": SECRET_UPDATE, "audience": "intranet"},
        {"action": "1.5", "date": JULY, "status": "complete", "note": "Every team has a development plan."},
        {"action": "2.1", "date": JULY, "status": "green", "note": "Courses full to December."},
        {"action": "2.2", "date": JULY, "status": "red", "note": "Boot camp places not filled."},
        {"action": "3.1", "date": JULY, "status": "amber", "note": "Board formed; go-live moved."},
        # A public update of an intranet-only action: the action's audience wins.
        {"action": "4.9", "date": JULY, "status": "amber", "note": SECRET_ACTION_UPDATE + "."},
    ],
}

EXTRA_PUBLIC_ACTION = {
    "ref": "3.9",
    # Cells that a spreadsheet would run as formulas if actions.csv did not escape them.
    "what": '=HYPERLINK("https://evil.example/","Open the course list")',
    "by_when": [{"text": "24 October 2018", "date": "2018-10-24", "kind": "training"}],
    "who": "+44 1603 000000 helpline",
    "monitoring": ["@mentions in the staff newsletter", "-1 places unfilled"],
}

EXTRA_INTRANET_ACTION = {
    "ref": "4.9",
    "audience": "intranet",
    "what": SECRET_ACTION,
    "by_when": [{"text": "23 October 2018", "date": "2018-10-23", "kind": "meeting"}],
    "who": "Head of Quality Assurance",
    "monitoring": ["Panel minutes"],
}

MEASURE_VALUES: dict[str, dict[str, Any]] = {
    "referrals-per-10000": {
        "unit": "per 10,000",
        "target": 450,
        "better": "lower",
        "values": [
            {"period": "Q3 2017/18", "date": "2017-12-31", "value": 512},
            {"period": "Q4 2017/18", "date": "2018-03-31", "value": 498},
            {"period": "Q1 2018/19", "date": "2018-06-30", "value": 471, "note": "Includes the new *front door* team."},
            {"period": "Q2 2018/19", "date": "2018-09-30", "value": SECRET_VALUE, "note": SECRET_VALUE_NOTE, "audience": "intranet"},
        ],
    },
    "family-network-engaged": {
        "unit": "%",
        "target": 80,
        "better": "higher",
        "values": [
            {"period": "Q4 2017/18", "date": "2018-03-31", "value": 62.5},
            {"period": "Q1 2018/19", "date": "2018-06-30", "value": 71},
        ],
    },
    "caseloads-in-line-with-policy": {
        "unit": "%",
        "values": [{"period": "Q1 2018/19", "date": "2018-06-30", "value": 88}],
    },
}

EXPECTED_COUNTS = {
    "public": {"red": 1, "amber": 2, "green": 2, "complete": 2, "not_rated": 21, "not_published": 1},
    "intranet": {"red": 2, "amber": 3, "green": 2, "complete": 2, "not_rated": 21},
}
"""Current statuses by hand: the public site cannot see 1.2's red (intranet-only update), so 1.2 is Not published
there, never its older Green; nor can it see action 4.9."""

EXPECTED_AREA_COUNTS = {
    "public": {
        "OD1": {"red": 0, "amber": 1, "green": 1, "complete": 1, "not_rated": 1, "not_published": 1},
        "OD2": {"red": 1, "amber": 0, "green": 1, "complete": 0, "not_rated": 10},
        "OD3": {"red": 0, "amber": 1, "green": 0, "complete": 0, "not_rated": 5},
        "OD4": {"red": 0, "amber": 0, "green": 0, "complete": 1, "not_rated": 5},
    },
    "intranet": {
        "OD1": {"red": 1, "amber": 1, "green": 1, "complete": 1, "not_rated": 1},
        "OD2": {"red": 1, "amber": 0, "green": 1, "complete": 0, "not_rated": 10},
        "OD3": {"red": 0, "amber": 1, "green": 0, "complete": 0, "not_rated": 5},
        "OD4": {"red": 0, "amber": 1, "green": 0, "complete": 1, "not_rated": 5},
    },
}

EXPECTED_ACTIONS = {"public": 29, "intranet": 30}


def _add_actions(path: Path, *actions: dict[str, Any]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["actions"].extend(actions)
    write_yaml(path, data)


def set_reference_date(root: Path, value: str) -> None:
    """Set the planpress plugin's reference_date in the copy's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "    reference_date:\n" in text, "mkdocs.yml no longer has an empty reference_date to set"
    config.write_text(text.replace("    reference_date:\n", f"    reference_date: {value}\n"), encoding="utf-8")


def write_progress_data(root: Path, reference_date: str | None = JULY) -> Path:
    """Add the fixture updates, measure values and actions to the project copy at `root`.

    The reference date is the July meeting's: Norfolk's newsletters run to 1 August 2018, which would
    otherwise be the default, and the dashboard is checked as it stood after that meeting.
    """
    if reference_date:
        set_reference_date(root, reference_date)
    data = root / "data"
    for name, updates in UPDATES.items():
        write_yaml(data / "updates" / f"{name}.yml", {"updates": updates})
    _add_actions(data / "delivery" / "od3.yml", EXTRA_PUBLIC_ACTION)
    _add_actions(data / "delivery" / "od4.yml", EXTRA_INTRANET_ACTION)
    measures = yaml.safe_load((data / "measures.yml").read_text("utf-8"))
    for item in measures["items"]:
        item.update(MEASURE_VALUES.get(item["id"], {}))
    write_yaml(data / "measures.yml", measures)
    return root
