"""RAG logic: an action's history, its status on any date, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from macros.model.models import RagUpdate, Status

ORDER = (Status.red, Status.amber, Status.green, Status.complete, Status.not_rated)
"""Statuses in the order summaries and charts show them."""

ALL_ORDER = (*ORDER, Status.not_published)
"""Every status a count may hold: the public edition adds actions whose latest rating it may not publish."""


@dataclass(frozen=True)
class Change:
    """An action whose status on one date differs from its status on an earlier date."""

    ref: str
    before: Status
    after: Status
    update: RagUpdate


@dataclass(frozen=True)
class ForecastChange:
    """A forecast the steering group gave an action at a meeting that differs from the action's previous one (or is its first)."""

    ref: str
    before: dt.date | None
    after: dt.date
    reason: str | None
    update: RagUpdate


@dataclass(frozen=True)
class Meeting:
    """One steering group meeting, known by the date of its ratings: what it changed and forecast."""

    date: dt.date
    changes: list[Change]
    forecasts: list[ForecastChange]


class RagIndex:
    """Every action's updates, sorted once, for quick look-ups by ref and date.

    Look-ups bisect by date rather than scan, so that a newsletter or a chart asking about one date
    costs the same however long the plan's history is.
    """

    def __init__(self, updates: Iterable[RagUpdate]) -> None:
        by_ref: dict[str, list[RagUpdate]] = {}
        for update in updates:
            by_ref.setdefault(update.action, []).append(update)
        self._history = {ref: sorted(items, key=lambda u: u.date, reverse=True) for ref, items in by_ref.items()}
        self._dates = {ref: [u.date for u in reversed(items)] for ref, items in self._history.items()}
        """Each action's update dates, oldest first."""
        self._by_date = sorted((u for items in self._history.values() for u in items), key=lambda u: u.date)
        self._all_dates = [u.date for u in self._by_date]

    def history(self, ref: str) -> list[RagUpdate]:
        """Every update of one action, newest first."""
        return self._history.get(ref, [])

    def latest(self, ref: str, on: dt.date | None = None) -> RagUpdate | None:
        """The newest update of an action, or the newest on or before `on`."""
        history = self._history.get(ref)
        if not history:
            return None
        if on is None:
            return history[0]
        dates = self._dates[ref]
        count = bisect_right(dates, on)
        return history[len(dates) - count] if count else None

    def status(self, ref: str, on: dt.date | None = None) -> Status:
        """An action's status: its latest update's, or Not yet rated."""
        update = self.latest(ref, on)
        return update.status if update else Status.not_rated

    def changes(self, refs: Iterable[str], after: dt.date | None, until: dt.date) -> list[Change]:
        """Actions whose status changed in the period (after, until], in ref order."""
        touched: set[str] | None = None
        if after is not None:
            # Only an action updated in the period can have changed in it.
            window = self._by_date[bisect_right(self._all_dates, after) : bisect_right(self._all_dates, until)]
            touched = {u.action for u in window}
        found = []
        for ref in refs:
            if touched is not None and ref not in touched:
                continue
            now = self.latest(ref, until)
            if now is None or (after is not None and now.date <= after):
                continue
            before = self.status(ref, after) if after is not None else Status.not_rated
            if before != now.status:
                found.append(Change(ref, before, now.status, now))
        return found

    def counts_on(self, day: dt.date) -> Counter[Status]:
        """How many of the indexed actions had each status on `day` (actions not yet rated are not counted)."""
        dates, counts = self._timeline
        index = bisect_right(dates, day)
        return Counter(counts[index - 1]) if index else Counter()

    @cached_property
    def _timeline(self) -> tuple[list[dt.date], list[Counter[Status]]]:
        """The status counts as they stood after each date that has updates."""
        dates: list[dt.date] = []
        snapshots: list[Counter[Status]] = []
        current: dict[str, Status] = {}
        counts: Counter[Status] = Counter()
        for update in self._by_date:
            if dates and dates[-1] != update.date:
                snapshots.append(Counter(counts))
            if not dates or dates[-1] != update.date:
                dates.append(update.date)
            before = current.get(update.action)
            if before is not None:
                counts[before] -= 1
            counts[update.status] += 1
            current[update.action] = update.status
        if dates:
            snapshots.append(Counter(counts))
        return dates, snapshots

    def update_dates(self) -> list[dt.date]:
        """Every date that has updates, oldest first: the steering group's meetings."""
        return sorted(set(self._all_dates))

    def meetings(self, refs: Iterable[str]) -> list[Meeting]:
        """Each meeting (each date with updates), newest first, with the changes and new forecasts of the actions `refs`, in their order."""
        order = {ref: n for n, ref in enumerate(refs)}
        found = []
        previous: dt.date | None = None
        for day in self.update_dates():
            found.append(Meeting(day, self.changes(list(order), previous, day), self._new_forecasts(order, day)))
            previous = day
        return found[::-1]

    def _new_forecasts(self, order: dict[str, int], day: dt.date) -> list[ForecastChange]:
        """The forecasts given on `day` that differ from each action's previous forecast, in the order of `order`."""
        window = self._by_date[bisect_left(self._all_dates, day) : bisect_right(self._all_dates, day)]
        found = []
        for update in sorted((u for u in window if u.action in order), key=lambda u: order[u.action]):
            if update.forecast is None:
                continue
            before = next((u.forecast for u in self.history(update.action) if u.date < day and u.forecast is not None), None)
            if before != update.forecast:
                found.append(ForecastChange(update.action, before, update.forecast, update.reason, update))
        return found

    def previous(self, ref: str, update: RagUpdate) -> RagUpdate | None:
        """The rating of the same action before `update`, if any."""
        history = self._history.get(ref, [])
        for i, item in enumerate(history):
            if item is update:
                return history[i + 1] if i + 1 < len(history) else None
        return None

    def newest_date(self) -> dt.date | None:
        """The date of the newest update of any action."""
        return self._all_dates[-1] if self._all_dates else None


def changes_across(before: RagIndex, after: RagIndex, refs: Iterable[str], since: dt.date | None, until: dt.date) -> list[Change]:
    """Actions whose status as `before` knew it on `since` differs from their status as `after` knows it on `until`, in ref order.

    The two indexes differ when ratings were recorded late: one dated before `since` but recorded after
    it is a change of this period, since nobody could have reported it before.
    """
    found = []
    for ref in refs:
        now = after.latest(ref, until)
        if now is None:
            continue
        was = before.status(ref, since) if since is not None else Status.not_rated
        if was != now.status:
            found.append(Change(ref, was, now.status, now))
    return found


def summarise(statuses: Iterable[Status]) -> dict[Status, int]:
    """How many actions have each status, every status listed, in display order."""
    counts = Counter(statuses)
    return {status: counts.get(status, 0) for status in ALL_ORDER}


def shown(counts: dict[Status, int]) -> tuple[Status, ...]:
    """The statuses a summary shows: the five, and Not published when some action has it."""
    return ALL_ORDER if counts.get(Status.not_published) else ORDER
