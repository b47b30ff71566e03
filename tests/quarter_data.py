"""A fixture project for the quarter's tests: a copy of the project whose actions, ratings, measures and issues are all written here.

Every area keeps its header table (the pages need one) but holds only the actions below, so each
test knows every action, milestone and rating it meets and asserts nothing of the project's own data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from helpers import copy_project, write_yaml

ACTIONS: dict[str, list[dict[str, Any]]] = {
    "OD1": [
        {
            "ref": "1.1",
            "title": "Leadership sessions",
            "what": "Run the leadership sessions.",
            "by_when": [{"text": "March 2018", "date": "2018-03-31"}, {"text": "December 2018", "date": "2018-12-14"}],
            "who": "Head of Leadership QTLEAD11",
            "monitoring": ["Attendance"],
        },
        {
            "ref": "1.2",
            "title": "Partner workshops",
            "what": "Hold the partner workshops.",
            "by_when": [{"text": "June 2018", "date": "2018-06-30"}],
            "who": "Partnership Manager QTLEAD12",
            "monitoring": ["Minutes"],
        },
        {
            "ref": "1.3",
            "title": "Steering group meetings",
            "what": "Meet every quarter.",
            "by_when": [{"text": "2019 dates TBC"}],
            "who": "Chair QTLEAD13",
            "monitoring": ["Minutes"],
        },
    ],
    "OD2": [
        {
            "ref": "2.1",
            "title": "Foundation training",
            "what": "Train every new worker.",
            "by_when": [{"text": "September 2018", "date": "2018-09-30"}],
            "who": "Training Lead QTLEAD21",
            "monitoring": ["Course lists"],
        },
        {
            "ref": "2.2",
            "title": "Boot camps",
            "what": "Hold the family finding boot camps.",
            "by_when": [{"text": "July 2018", "date": "2018-07-31"}],
            "who": "Boot Camp Lead QTLEAD22",
            "monitoring": ["Places taken"],
        },
    ],
    "OD3": [
        {
            "ref": "3.1",
            "title": "Policy review",
            "what": "Review the policies.",
            "by_when": [{"text": "January 2019", "date": "2019-01-31"}],
            "who": "Board Manager QTLEAD31",
            "monitoring": ["Board papers"],
        },
    ],
    "OD4": [
        {
            "ref": "4.1",
            "title": "Staff survey",
            "what": "Survey the staff.",
            "by_when": [{"text": "May 2018", "date": "2018-05-31"}],
            "who": "Survey Lead QTLEAD41",
            "monitoring": ["Responses"],
        },
        {
            "ref": "4.2",
            "audience": "intranet",
            "title": "Confidential panel QTSECRETACTION",
            "what": "Pilot a confidential panel.",
            "by_when": [{"text": "October 2018", "date": "2018-10-31"}],
            "who": "Head of Quality QTLEAD42",
            "monitoring": ["Panel minutes"],
        },
    ],
}
"""Every action of the fixture plan; 4.2 is intranet-only."""

REFS = [a["ref"] for actions in ACTIONS.values() for a in actions]
PUBLIC_REFS = [a["ref"] for actions in ACTIONS.values() for a in actions if a.get("audience") != "intranet"]

MEASURES_TEXT = """\
# Measures for the quarter's tests. This comment must survive an import.
title: "Measures:"
items:
  # A measure with values written one a line.
  - id: referrals-per-10000
    name: Referral per 10,000
    unit: per 10,000
    target: 450
    better: lower
    values:
      - {period: Q4 2017/18, date: 2018-03-31, value: 498}
      - {period: Q1 2018/19, date: 2018-06-30, value: 471}
    # A comment after the values, about the next measure.
  - id: family-network-engaged
    name: "% of cases where the family network is identified"
    unit: "%"
    target: 80
    better: higher
  - id: staff-surveys
    name: Staff surveys
    values: []
  - id: caseloads
    name: "% of caseloads in line with *policy*"
    values:
      - period: Q1 2018/19
        date: 2018-06-30
        value: 88
"""


def write_plan(root: Path) -> Path:
    """Make the copy at `root` hold the fixture plan: its actions, no ratings, no issues, the fixture measures."""
    data = root / "data"
    for path in sorted((data / "delivery").glob("od*.yml")):
        area = yaml.safe_load(path.read_text("utf-8"))
        area["actions"] = ACTIONS[area["code"]]
        write_yaml(path, area)
    for path in (data / "updates").glob("*.yml"):
        path.unlink()
    for path in (root / "newsletters").glob("*.md"):
        path.unlink()
    (data / "measures.yml").write_text(MEASURES_TEXT, encoding="utf-8")
    return root


def quarter_project(dest: Path) -> Path:
    """A fresh fixture project in `dest`."""
    return write_plan(copy_project(dest))


def write_meeting(root: Path, day: str, updates: list[dict[str, Any]], **top: Any) -> Path:
    """A meeting's file, its date given once at the top."""
    path = root / "data" / "updates" / f"{day}.yml"
    write_yaml(path, {"date": day, **top, "updates": updates})
    return path


def write_issue(root: Path, day: str, slug: str, body: str, title: str = "An issue") -> Path:
    """A published newsletter issue."""
    path = root / "newsletters" / f"{day}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {day}\nsummary: The news of {day}.\n---\n\n{body}\n", encoding="utf-8")
    return path


def set_reference_date(root: Path, value: str) -> None:
    """Set extra.planpress.reference_date in the copy's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "    reference_date:\n" in text
    config.write_text(text.replace("    reference_date:\n", f"    reference_date: {value}\n"), encoding="utf-8")


def epoch(day: dt.date) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of `day`."""
    return str(int(dt.datetime.combine(day, dt.time(12, 0), dt.UTC).timestamp()))
