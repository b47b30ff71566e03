"""RAG logic: an action's history, its status on any date, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .models import RagUpdate, Status

ORDER = (Status.red, Status.amber, Status.green, Status.complete, Status.not_rated)
"""Statuses in the order summaries and charts show them."""


@dataclass(frozen=True)
class Change:
    """An action whose status on one date differs from its status on an earlier date."""

    ref: str
    before: Status
    after: Status
    update: RagUpdate


class RagIndex:
    """Every action's updates, sorted once, for quick look-ups by ref and date."""

    def __init__(self, updates: Iterable[RagUpdate]) -> None:
        by_ref: dict[str, list[RagUpdate]] = {}
        for update in updates:
            by_ref.setdefault(update.action, []).append(update)
        self._history = {ref: sorted(items, key=lambda u: u.date, reverse=True) for ref, items in by_ref.items()}

    def history(self, ref: str) -> list[RagUpdate]:
        """Every update of one action, newest first."""
        return self._history.get(ref, [])

    def latest(self, ref: str, on: dt.date | None = None) -> RagUpdate | None:
        """The newest update of an action, or the newest on or before `on`."""
        for update in self.history(ref):
            if on is None or update.date <= on:
                return update
        return None

    def status(self, ref: str, on: dt.date | None = None) -> Status:
        """An action's status: its latest update's, or Not yet rated."""
        update = self.latest(ref, on)
        return update.status if update else Status.not_rated

    def changes(self, refs: Iterable[str], after: dt.date | None, until: dt.date) -> list[Change]:
        """Actions whose status changed in the period (after, until], in ref order."""
        found = []
        for ref in refs:
            now = self.latest(ref, until)
            if now is None or (after is not None and now.date <= after):
                continue
            before = self.status(ref, after) if after is not None else Status.not_rated
            if before != now.status:
                found.append(Change(ref, before, now.status, now))
        return found

    def newest_date(self) -> dt.date | None:
        """The date of the newest update of any action."""
        return max((items[0].date for items in self._history.values()), default=None)


def summarise(statuses: Iterable[Status]) -> dict[Status, int]:
    """How many actions have each status, every status listed, in display order."""
    counts = Counter(statuses)
    return {status: counts.get(status, 0) for status in ORDER}
