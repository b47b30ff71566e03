"""RAG look-ups by date give what a plain scan of every update gives, on a long random history."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from macros.model.models import RATINGS, RagUpdate, Status
from macros.model.rag import RagIndex

START = dt.date(2017, 12, 13)
REFS = [f"{a}.{b}" for a in range(1, 5) for b in range(1, 8)]


def _updates(seed: int) -> list[RagUpdate]:
    rng = random.Random(seed)
    found = []
    for ref in REFS:
        days = sorted(rng.sample(range(0, 2000, 7), rng.randint(0, 12)))
        found += [RagUpdate(action=ref, date=START + dt.timedelta(days=d), status=rng.choice(RATINGS)) for d in days]
    rng.shuffle(found)
    return found


def _latest(updates: list[RagUpdate], ref: str, on: dt.date | None) -> RagUpdate | None:
    mine = [u for u in updates if u.action == ref and (on is None or u.date <= on)]
    return max(mine, key=lambda u: u.date, default=None)


def _status(updates: list[RagUpdate], ref: str, on: dt.date | None) -> Status:
    latest = _latest(updates, ref, on)
    return latest.status if latest else Status.not_rated


def test_lookups_match_a_scan_of_every_update() -> None:
    rng = random.Random(1)
    for seed in range(5):
        updates = _updates(seed)
        index = RagIndex(updates)
        days = [None] + [START + dt.timedelta(days=rng.randrange(-30, 2100)) for _ in range(40)]
        for day in days:
            for ref in REFS + ["9.9"]:
                assert index.latest(ref, day) == _latest(updates, ref, day)
                assert index.status(ref, day) == _status(updates, ref, day)
            if day is not None:
                rated = Counter(_status(updates, ref, day) for ref in REFS if _latest(updates, ref, day))
                assert index.counts_on(day) == rated
        for after, until in zip(days[1:], days[2:]):
            after, until = min(after, until), max(after, until)
            expected = []
            for ref in REFS:
                now = _latest(updates, ref, until)
                if now is None or now.date <= after:
                    continue
                before = _status(updates, ref, after)
                if before != now.status:
                    expected.append((ref, before, now.status))
            assert [(c.ref, c.before, c.after) for c in index.changes(REFS, after, until)] == expected
        assert [(c.ref, c.before) for c in index.changes(REFS, None, days[1])] == [
            (ref, Status.not_rated) for ref in REFS if _status(updates, ref, days[1]) != Status.not_rated
        ]
