"""Status and history: newest first, the current status is the latest dated update, and audiences decide what counts."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import NORFOLK

from macros.loading.project import load_project
from macros.model.models import RagUpdate, Status
from macros.model.rag import RagIndex
from macros.views.plan_site import PlanSite


def update(ref: str, date: str, status: str, **more: str) -> RagUpdate:
    return RagUpdate.model_validate({"action": ref, "date": date, "status": status, **more})


# Written out of date order on purpose: the files hold one meeting each, read in any order.
UPDATES = [
    update("1.1", "2018-07-25", "amber", note="Two sessions moved."),
    update("1.1", "2018-03-15", "green"),
    update("1.1", "2018-10-10", "complete"),
    update("2.1", "2018-03-15", "red"),
]


def test_history_is_newest_first() -> None:
    index = RagIndex(UPDATES)
    assert [u.date.isoformat() for u in index.history("1.1")] == ["2018-10-10", "2018-07-25", "2018-03-15"]
    assert index.history("9.9") == []


def test_the_current_status_is_the_latest_dated_update() -> None:
    index = RagIndex(UPDATES)
    assert index.status("1.1") == Status.complete
    assert index.latest("1.1").date == dt.date(2018, 10, 10)


@pytest.mark.parametrize(
    "on,status",
    [("2018-03-14", Status.not_rated), ("2018-03-15", Status.green), ("2018-07-24", Status.green), ("2018-07-25", Status.amber), ("2019-01-01", Status.complete)],
)
def test_status_on_a_date_counts_updates_dated_that_day(on: str, status: Status) -> None:
    assert RagIndex(UPDATES).status("1.1", dt.date.fromisoformat(on)) == status


def test_an_action_without_updates_is_not_yet_rated() -> None:
    assert RagIndex(UPDATES).status("1.2") == Status.not_rated


def test_changes_compare_the_status_before_and_after() -> None:
    index = RagIndex(UPDATES)
    changes = index.changes(["1.1", "2.1"], dt.date(2018, 3, 15), dt.date(2018, 7, 25))
    assert [(c.ref, c.before, c.after) for c in changes] == [("1.1", Status.green, Status.amber)]


@pytest.fixture(scope="module")
def norfolk():
    return load_project(NORFOLK / "data")


def _with(project, updates: list[RagUpdate]):
    return project.model_copy(update={"updates": updates})


def test_an_intranet_only_update_shows_in_public_only_as_not_published(norfolk) -> None:
    secret = update("1.1", "2018-11-01", "red", note="Budget withdrawn", audience="intranet")
    project = _with(norfolk, [*UPDATES, secret])
    public = PlanSite(project, "public")
    intranet = PlanSite(project, "intranet")

    # The older Complete is never shown as current: the public site says a later rating is not published.
    assert public.by_ref["1.1"].status == Status.not_published
    history = public.by_ref["1.1"].history
    assert [u.date.isoformat() for u in history] == ["2018-11-01", "2018-10-10", "2018-07-25", "2018-03-15"]
    assert history[0].note is None and history[0].status == Status.not_published
    assert public.summary()[Status.red] == 1  # 2.1 only
    assert public.summary()[Status.not_published] == 1
    assert "Budget withdrawn" not in repr(public.project)
    assert public.reference_date == dt.date(2018, 11, 1)

    assert intranet.by_ref["1.1"].status == Status.red
    assert intranet.by_ref["1.1"].history[0].note == "Budget withdrawn"
    assert intranet.summary()[Status.red] == 2
    assert intranet.reference_date == dt.date(2018, 11, 1)


def test_updates_of_an_intranet_only_action_leave_the_public_plan(norfolk) -> None:
    area = norfolk.areas[0]
    hidden = area.actions[0].model_copy(update={"audience": "intranet"})
    areas = [area.model_copy(update={"actions": [hidden, *area.actions[1:]]}), *norfolk.areas[1:]]
    project = norfolk.model_copy(update={"areas": areas, "updates": UPDATES})
    public = PlanSite(project, "public")
    assert "1.1" not in public.by_ref
    assert [u.action for u in public.project.updates] == ["2.1"]
    assert public.rag.history("1.1") == []
    assert len(PlanSite(project, "intranet").project.updates) == 4
