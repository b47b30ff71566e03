"""The quarter's rules: direction of travel between ratings, slippage against the plan's dates, and meetings.

Stated once:
- direction of travel compares an action's latest rating with the one before it: Red < Amber < Green
  < Complete. Up that scale is *improved*, down it *worsened*, the same *held*; a first rating is
  *first*; to or from Not yet rated is *changed*. A rating the edition may not publish has no direction.
- the baseline is the plan's own date: the last day of the action's latest dated milestone. A rating
  may give a *forecast* (when the action is now expected to finish); it holds until a later rating
  gives another. Slippage is the forecast minus the baseline, in days: positive is late.
- a meeting is a date on which ratings were given. The latest meeting *did not rate* an action that it
  left out, unless the action was already Complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from macros.model.dashboard import latest_milestone
from macros.model.models import Action, RagUpdate, Status

RANK = {Status.red: 0, Status.amber: 1, Status.green: 2, Status.complete: 3}
"""How good each rating is, for the direction of travel; Not yet rated has no place on the scale."""

Direction = Literal["improved", "worsened", "held", "changed", "first"]


@dataclass(frozen=True)
class Travel:
    """How an action's latest rating compares with its rating before."""

    direction: Direction
    status: Status
    before: Status | None
    since: dt.date | None
    """The date of the rating before, if any."""


def travel(latest: RagUpdate | None, previous: RagUpdate | None) -> Travel | None:
    """The direction of travel from `previous` to `latest`; None when there is no rating, or either is not published."""
    if latest is None or latest.status == Status.not_published:
        return None
    if previous is None:
        return Travel("first", latest.status, None, None)
    if previous.status == Status.not_published:
        return None
    before, now = RANK.get(previous.status), RANK.get(latest.status)
    if previous.status == latest.status:
        direction: Direction = "held"
    elif before is None or now is None:
        direction = "changed"
    else:
        direction = "improved" if now > before else "worsened"
    return Travel(direction, latest.status, previous.status, previous.date)


def baseline(action: Action) -> dt.date | None:
    """When the plan says the action finishes: the last day of its latest dated milestone."""
    latest = latest_milestone(action)
    return latest.due if latest is not None else None


@dataclass(frozen=True)
class Slippage:
    """An action's baseline, its current forecast and the forecasts given before it."""

    baseline: dt.date | None
    current: RagUpdate | None
    """The latest rating that gave a forecast."""
    forecasts: list[RagUpdate]
    """Every rating that gave a forecast, newest first."""

    @property
    def forecast(self) -> dt.date | None:
        return self.current.forecast if self.current else None

    @property
    def days(self) -> int | None:
        """Days from the baseline to the forecast; positive is late. None without both."""
        if self.baseline is None or self.forecast is None:
            return None
        return (self.forecast - self.baseline).days

    @property
    def slipped(self) -> bool:
        """Whether the forecast is later than the plan's date."""
        return (self.days or 0) > 0

    @property
    def due(self) -> dt.date | None:
        """When the action is due: its forecast where there is one, else the baseline."""
        return self.forecast or self.baseline


def slippage(action: Action, history: Sequence[RagUpdate], on: dt.date | None = None) -> Slippage:
    """The action's slippage from its ratings (newest first), counting those dated on or before `on` when given."""
    forecasts = [u for u in history if u.forecast is not None and (on is None or u.date <= on)]
    return Slippage(baseline(action), forecasts[0] if forecasts else None, forecasts)


def overdue_days(slip: Slippage, status: Status, on: dt.date) -> int | None:
    """Days an action is overdue on `on`: its due date (forecast, else baseline) has passed and it is not Complete."""
    due = slip.due
    if status == Status.complete or due is None or due >= on:
        return None
    return (on - due).days


def meeting_dates(updates: Iterable[RagUpdate]) -> list[dt.date]:
    """The dates ratings were given on, oldest first."""
    return sorted({u.date for u in updates})


def latest_meeting(updates: Iterable[RagUpdate], on: dt.date | None = None) -> dt.date | None:
    """The newest date ratings were given on, on or before `on` when given."""
    dates = [d for d in meeting_dates(updates) if on is None or d <= on]
    return dates[-1] if dates else None


def unrated_at(meeting: dt.date, refs: Iterable[str], history: dict[str, list[RagUpdate]]) -> list[str]:
    """The refs the meeting did not rate, leaving out actions already Complete before it; `history` is each ref's ratings, newest first."""
    missed = []
    for ref in refs:
        ratings = history.get(ref, [])
        if any(u.date == meeting for u in ratings):
            continue
        before = next((u for u in ratings if u.date < meeting), None)
        if before is not None and before.status == Status.complete:
            continue
        missed.append(ref)
    return missed
