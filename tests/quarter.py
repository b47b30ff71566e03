"""A realistic quarter of content, added to a copy of any project: what the partnership publishes after two meetings.

The quarter is what an editor adds, following the README, between one `make build` and the next:

- two steering group meetings, each rating every action of the plan (so every status, notes in
  Markdown or none, internal notes, forecasts with their reasons, and some ratings for the intranet
  only), in data/updates/<meeting>.yml;
- values for three measures, one of them for the intranet only, in data/measures.yml;
- two newsletters with an image each and links to actions, OD pages and anchors
  (tests/fixtures/quarter/newsletters/, images in tests/fixtures/quarter/docs/assets/newsletters/);
- an intranet-only page (tests/fixtures/quarter/docs/steering-group-notes.md).

The newsletters and the page are files to read; the ratings and values are generated, since they rate
whatever actions the project has. The quarter is dated October 2018 to January 2019. Added to a project
that already holds anything dated then or later (the repository's own content, some quarters from now),
every date of the quarter moves on by whole years until the quarter comes after it, so it never
collides with an update file or a newsletter that is already there.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from helpers import FIXTURES, write_yaml

from macros.loading.newsletters import read_newsletters
from macros.loading.project import load_project

QUARTER = FIXTURES / "quarter"
MEETINGS = (dt.date(2018, 10, 10), dt.date(2019, 1, 16))
VALUE_DATES = (dt.date(2018, 9, 30), dt.date(2018, 12, 31))
FIRST_DAY = min(*MEETINGS, *VALUE_DATES)
PAGE = "docs/steering-group-notes.md"

# Each action's rating at the two meetings, by its place in the plan (i % 10): every status is current
# on both sites afterwards, some actions change and some stay, and one in ten is rated not_rated twice.
RATINGS = (
    ("green", "green"),
    ("amber", "red"),
    ("red", "amber"),
    ("complete", "complete"),
    ("not_rated", "green"),
    ("green", "complete"),
    ("amber", "green"),
    ("red", "red"),
    ("complete", "complete"),
    ("not_rated", "not_rated"),
)
NOTES = (
    "On track: the sessions for the quarter ran as planned.",
    "**Two** of the three dates are confirmed; the third waits on a venue.",
    "Progress reported by the lead:\n\n- the first sessions took place\n- the evaluation forms are *being collated*",
    "Finished, and signed off by the steering group.",
    None,
    "Slipped by a month while the new case recording system went live.",
)
VALUES = ((52.5, 48.0), (71.0, 76.5), (88.0, 90.0))
"""Two values for each of the three measures: falling to a lower target, rising to a higher one, and with no target."""
SECRET = "Kestrel Yard"
"""A word only intranet-only items of the quarter hold (the page, and the notes below)."""
SECRET_NOTE = "Held back for the intranet: the finance panel at " + SECRET + " is reviewing the budget for action {ref}."
INTERNAL_NOTE = "For partner staff: the lead at " + SECRET + " has asked for one more trainer."
FORECASTS = ((120, "Waiting on the new case recording system."), (150, "The venue fell through; the sessions move to the spring."))
"""Days after each meeting that the actions given a forecast (one in five) are then expected to finish, and why."""


@dataclass(frozen=True)
class Quarter:
    """What add_quarter wrote: the meeting dates, the issues' paths and the measures given values."""

    meetings: tuple[dt.date, dt.date]
    issues: tuple[str, ...]
    measures: tuple[str, ...]
    page: str
    years_moved: int


def newest_date(root: Path) -> dt.date:
    """The newest date the project at `root` holds: a rating, a measure value, a newsletter or an update file's name."""
    project = load_project(root / "data")
    dates = [u.date for u in project.updates]
    dates += [v.date for m in project.measures.items for v in m.values]
    dates += [issue.date for issue in read_newsletters(root)]
    for path in (root / "data" / "updates").glob("*.yml"):
        try:
            dates.append(dt.date.fromisoformat(path.stem[:10]))
        except ValueError:
            pass
    return max(dates, default=dt.date.min)


def moved(day: dt.date, years: int) -> dt.date:
    """`day`, `years` later (the quarter's dates are never 29 February)."""
    return day.replace(year=day.year + years)


def financial_quarter(day: dt.date) -> str:
    """The period a measure value covers, as the partnership writes it: Q1 is April to June."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"Q{(day.month - 4) % 12 // 3 + 1} {start}/{(start + 1) % 100:02d}"


def ratings(refs: list[str], meetings: tuple[dt.date, dt.date]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every action's update at each meeting."""
    first: list[dict[str, Any]] = []
    second: list[dict[str, Any]] = []
    for i, ref in enumerate(refs):
        before, after = RATINGS[i % len(RATINGS)]
        update: dict[str, Any] = {"action": ref, "date": meetings[0].isoformat(), "status": before}
        if NOTES[i % len(NOTES)]:
            update["note"] = NOTES[i % len(NOTES)]
        elif before in ("red", "amber"):
            # A red or amber rating always says why (planpress check refuses one without a note).
            update["note"] = "Behind the plan; the steering group asked for a recovery note."
        if i % 5 == 1:
            _forecast(update, meetings[0], FORECASTS[0])
        first.append(update)
        update = {"action": ref, "date": meetings[1].isoformat(), "status": after}
        if i % 7 == 3:
            # The public site keeps the first meeting's rating for these actions.
            update.update(note=SECRET_NOTE.format(ref=ref), audience="intranet")
        elif i % 4 != 1 or after in ("red", "amber"):
            update["note"] = NOTES[(i + 2) % len(NOTES)] or "Rated again; no change to report."
        if i % 6 == 4 and i % 7 != 3:
            # Published ratings whose note for partner staff stays on the intranet.
            update["internal_note"] = INTERNAL_NOTE
        if i % 5 == 1 and i % 7 != 3:
            # The forecast slips again at the second meeting: the action's page lists both forecasts.
            _forecast(update, meetings[1], FORECASTS[1])
        second.append(update)
    return first, second


def _forecast(update: dict[str, Any], meeting: dt.date, forecast: tuple[int, str]) -> None:
    days, reason = forecast
    update.update(forecast=(meeting + dt.timedelta(days=days)).isoformat(), reason=reason)


def add_measure_values(path: Path, years: int) -> tuple[str, ...]:
    """Values for the project's first three measures, the last value of the second one for the intranet only."""
    measures = yaml.safe_load(path.read_text("utf-8"))
    chosen = measures["items"][:3]
    settings = ({"target": 45, "better": "lower"}, {"target": 80, "better": "higher"}, {})
    for k, (item, extra) in enumerate(zip(chosen, settings, strict=True)):
        item.setdefault("unit", "%")
        for key, value in extra.items():
            item.setdefault(key, value)
        values = item.setdefault("values", [])
        for j, day in enumerate(VALUE_DATES):
            day = moved(day, years)
            value: dict[str, Any] = {"period": financial_quarter(day), "date": day.isoformat(), "value": VALUES[k][j]}
            if k == 1 and j == 1:
                value.update(note=f"Provisional: the {SECRET} sample is still being checked.", audience="intranet")
            values.append(value)
    write_yaml(path, measures)
    return tuple(item["id"] for item in chosen)


def add_newsletters(root: Path, years: int) -> tuple[str, ...]:
    """Copy the quarter's issues (their dates moved) and their images into the project."""
    written = []
    for source in sorted((QUARTER / "newsletters").glob("*.md")):
        day = moved(dt.date.fromisoformat(source.name[:10]), years)
        text = re.sub(r"(?m)^date: \d{4}-\d{2}-\d{2}$", f"date: {day.isoformat()}", source.read_text("utf-8"), count=1)
        target = root / "newsletters" / f"{day.isoformat()}{source.name[10:]}"
        assert not target.exists(), f"{target} is already there"
        target.write_text(text, encoding="utf-8")
        written.append(target.relative_to(root).as_posix())
    images = root / "docs" / "assets" / "newsletters"
    images.mkdir(parents=True, exist_ok=True)
    for image in sorted((QUARTER / "docs" / "assets" / "newsletters").iterdir()):
        shutil.copy2(image, images / image.name)
    return tuple(written)


def add_quarter(root: Path) -> Quarter:
    """Add the quarter to the project at `root` (a copy: it is changed in place), dated after everything in it."""
    years = 0
    newest = newest_date(root)
    while moved(FIRST_DAY, years) <= newest:
        years += 1
    meetings = (moved(MEETINGS[0], years), moved(MEETINGS[1], years))
    refs = [action.ref for area in load_project(root / "data").areas for action in area.actions]
    for meeting, updates in zip(meetings, ratings(refs, meetings), strict=True):
        target = root / "data" / "updates" / f"{meeting.isoformat()}.yml"
        assert not target.exists(), f"{target} is already there"
        write_yaml(target, {"updates": updates})
    measures = add_measure_values(root / "data" / "measures.yml", years)
    issues = add_newsletters(root, years)
    # A project that holds the page already (a quarter added before) gets it again under the next free name.
    page, number = PAGE, 1
    while (root / page).exists():
        number += 1
        page = PAGE.removesuffix(".md") + f"-{number}.md"
    shutil.copy2(QUARTER / PAGE, root / page)
    return Quarter(meetings, issues, measures, page, years)
