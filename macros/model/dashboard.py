"""Dashboard rules: an action's latest dated milestone, and which milestones are coming up.

The boundaries, stated once:
- an action is due on the last day of its latest dated milestone (quarter.baseline), and overdue
  from the day after when not Complete (quarter.overdue_days, which a forecast moves);
- a milestone is coming up when it starts or ends within the window that runs from the
  reference date to 90 days after it, both days included. So a milestone due today is
  coming up, not overdue, and one due exactly 90 days later is still in the window.
"""

from __future__ import annotations

import datetime as dt

from macros.model.models import Action, Milestone

WINDOW_DAYS = 90
"""How far ahead the dashboard looks for milestones."""


def dated(action: Action) -> list[Milestone]:
    """The action's milestones that carry a date, in the plan's order."""
    return [m for m in action.by_when if m.date is not None]


def latest_milestone(action: Action) -> Milestone | None:
    """The dated milestone that ends last; on a tie, the one the plan lists last."""
    latest: Milestone | None = None
    for milestone in dated(action):
        if latest is None or milestone.due >= latest.due:  # type: ignore[operator]
            latest = milestone
    return latest


def window(on: dt.date, days: int = WINDOW_DAYS) -> tuple[dt.date, dt.date]:
    """The first and last day the dashboard looks ahead over, both included."""
    return on, on + dt.timedelta(days=days)


def coming_up(action: Action, on: dt.date, days: int = WINDOW_DAYS) -> list[Milestone]:
    """The action's milestones that start or end within the window from `on`, earliest first."""
    first, last = window(on, days)
    found = [
        m
        for m in dated(action)
        if first <= m.date <= last or first <= m.due <= last  # type: ignore[operator]
    ]
    return sorted(found, key=lambda m: (m.date, m.due))
