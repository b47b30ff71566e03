"""Dashboard rules around their boundary dates: overdue, coming up in the next 90 days, changes since a newsletter."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from macros.model.dashboard import (
    WINDOW_DAYS,
    coming_up,
    latest_milestone,
    window,
)
from macros.model.models import Action, RagUpdate, Status
from macros.model.newsletter import Newsletter
from macros.model.quarter import overdue_days, slippage

D = dt.date


def action(*milestones: dict | str, ref: str = "1.1") -> Action:
    return Action.model_validate({"ref": ref, "what": "Do it", "by_when": list(milestones), "who": "Someone", "monitoring": ["Minutes"]})


DUE = D(2018, 7, 25)
ONE = action({"text": "25 July 2018", "date": "2018-07-25"})


def overdue(item: Action, status: Status, on: dt.date) -> int | None:
    """Days overdue by the plan's own dates (no forecast): the one rule the dashboard, Exceptions and reports use."""
    return overdue_days(slippage(item, []), status, on)


def test_due_the_day_before_is_overdue() -> None:
    assert overdue(ONE, Status.green, DUE + dt.timedelta(days=1)) == 1


def test_due_today_is_not_overdue() -> None:
    assert overdue(ONE, Status.green, DUE) is None


def test_due_tomorrow_is_not_overdue() -> None:
    assert overdue(ONE, Status.red, DUE - dt.timedelta(days=1)) is None


@pytest.mark.parametrize("status", [Status.red, Status.amber, Status.green, Status.not_rated])
def test_every_status_but_complete_can_be_overdue(status: Status) -> None:
    assert overdue(ONE, status, D(2019, 1, 1)) is not None


def test_complete_is_never_overdue() -> None:
    assert overdue(ONE, Status.complete, D(2019, 1, 1)) is None


def test_only_the_latest_milestone_counts() -> None:
    two = action({"text": "March", "date": "2018-03-31"}, {"text": "October", "date": "2018-10-31"})
    # March has passed but October has not: the action is not overdue yet.
    assert overdue(two, Status.amber, D(2018, 7, 25)) is None
    assert overdue(two, Status.amber, D(2018, 11, 1)) == 1


def test_the_latest_milestone_is_the_one_that_ends_last_not_the_last_listed() -> None:
    listed = action({"text": "Review Sept 19", "date": "2019-09-01", "end": "2019-09-30"}, {"text": "March 19", "date": "2019-03-31"})
    assert latest_milestone(listed) is listed.by_when[0]
    # A range is due on its last day: still running on 30 September, overdue from 1 October.
    assert overdue(listed, Status.green, D(2019, 9, 30)) is None
    assert overdue(listed, Status.green, D(2019, 10, 1)) == 1


def test_words_without_a_date_are_never_overdue() -> None:
    words = action("2019 dates TBC")
    assert latest_milestone(words) is None
    assert overdue(words, Status.not_rated, D(2030, 1, 1)) is None


def test_the_window_is_ninety_days_both_ends_included() -> None:
    assert WINDOW_DAYS == 90
    assert window(D(2018, 7, 25)) == (D(2018, 7, 25), D(2018, 10, 23))


@pytest.mark.parametrize(
    "day,inside",
    [
        ("2018-07-24", False),  # yesterday: past, not coming up
        ("2018-07-25", True),  # today
        ("2018-07-26", True),
        ("2018-10-23", True),  # exactly 90 days on
        ("2018-10-24", False),  # 91 days on
    ],
)
def test_a_one_day_milestone_is_coming_up_from_today_to_ninety_days_on(day: str, inside: bool) -> None:
    one = action({"text": day, "date": day})
    assert bool(coming_up(one, DUE)) is inside


def test_a_range_counts_when_it_starts_or_ends_in_the_window() -> None:
    ending = action({"text": "June/July 18", "date": "2018-06-01", "end": "2018-07-25"})
    starting = action({"text": "Oct 23-25", "date": "2018-10-23", "end": "2018-10-25"})
    ended = action({"text": "June/July 18", "date": "2018-06-01", "end": "2018-07-24"})
    spanning = action({"text": "Sep 17 to Sep 19", "date": "2017-09-01", "end": "2019-09-30"})
    assert coming_up(ending, DUE) == ending.by_when
    assert coming_up(starting, DUE) == starting.by_when
    assert coming_up(ended, DUE) == []
    # A milestone that runs through the whole window neither starts nor ends in it.
    assert coming_up(spanning, DUE) == []


def test_coming_up_come_earliest_first() -> None:
    many = action(
        {"text": "12/12/2018", "date": "2018-12-12"},
        {"text": "10/10/2018", "date": "2018-10-10"},
        {"text": "01/08/2018", "date": "2018-08-01"},
        "Further dates TBC",
    )
    assert [m.text for m in coming_up(many, DUE)] == ["01/08/2018", "10/10/2018"]


def issue(day: str, title: str, *, draft: bool = False) -> Newsletter:
    """A newsletter dated `day`, as the newsletters module reads one."""
    published = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), ZoneInfo("Europe/London"))
    slug = title.lower().replace(" ", "-")
    return Newsletter(f"newsletters/{day}-{slug}.md", slug, title, published, "Summary.", "public", draft, None, "Body.", 6)


def _site(updates: list[dict], newsletters: list[Newsletter] = (), reference: dt.date | None = None):
    from helpers import NORFOLK

    from macros.loading.project import load_project
    from macros.views.plan_site import PlanSite

    project = load_project(NORFOLK / "data")
    project = project.model_copy(update={"updates": [RagUpdate.model_validate(u) for u in updates]})
    return PlanSite(project, "intranet", reference_date=reference, newsletters=newsletters)


UPDATES = [
    {"action": "1.1", "date": "2018-03-15", "status": "green"},
    {"action": "1.1", "date": "2018-07-25", "status": "amber"},
    {"action": "1.2", "date": "2018-05-01", "status": "green"},
    {"action": "1.3", "date": "2018-07-25", "status": "red"},
    {"action": "1.3", "date": "2018-06-01", "status": "red"},
    {"action": "1.4", "date": "2018-04-01", "status": "red"},
    {"action": "1.4", "date": "2018-07-25", "status": "red"},
]


def test_changes_since_the_last_newsletter_leave_out_that_days_updates() -> None:
    spring = issue("2018-05-01", "Spring")
    board = _site(UPDATES, [spring]).dashboard_data()
    assert board.on == dt.date(2018, 7, 25)
    assert board.since is spring
    # 1.2's update is dated the day of the newsletter, so the newsletter reported it; 1.3 was first
    # rated after it; 1.4 was rated again but stayed red, which is no change.
    assert [(row.view.ref, row.change.before, row.change.after) for row in board.changes] == [
        ("1.1", Status.green, Status.amber),
        ("1.3", Status.not_rated, Status.red),
    ]


def test_the_last_newsletter_is_the_newest_on_or_before_the_reference_date() -> None:
    old = issue("2018-04-01", "April")
    draft = issue("2018-07-01", "July", draft=True)
    later = issue("2018-08-01", "August")
    site = _site(UPDATES, [later, draft, old], reference=dt.date(2018, 7, 25))
    board = site.dashboard_data()
    # A draft has not been published, and August is after the reference date.
    assert board.since is old
    # Since 1 April: 1.1 went green then amber, 1.2 and 1.3 were first rated; 1.4 was red on 1 April already.
    assert [row.view.ref for row in board.changes] == ["1.1", "1.2", "1.3"]


def test_without_a_newsletter_every_rated_action_is_a_change() -> None:
    board = _site(UPDATES).dashboard_data()
    assert board.since is None
    assert [(row.view.ref, row.change.before) for row in board.changes] == [
        ("1.1", Status.not_rated),
        ("1.2", Status.not_rated),
        ("1.3", Status.not_rated),
        ("1.4", Status.not_rated),
    ]


def test_the_reference_date_defaults_to_the_newest_update_or_newsletter() -> None:
    assert _site(UPDATES).reference_date == dt.date(2018, 7, 25)
    summer = issue("2018-08-02", "Summer")
    assert _site(UPDATES, [summer]).reference_date == dt.date(2018, 8, 2)
    assert _site(UPDATES, [summer], reference=dt.date(2018, 1, 1)).reference_date == dt.date(2018, 1, 1)


def test_the_dashboard_uses_the_status_on_its_reference_date() -> None:
    updates = [{"action": "1.5", "date": "2018-03-01", "status": "amber"}, {"action": "1.5", "date": "2018-05-01", "status": "complete"}]
    # 1.5 is due 31 March 2018. On 1 April it is amber, so overdue; on 1 May it is complete.
    before = _site(updates, reference=dt.date(2018, 4, 1)).dashboard_data()
    after = _site(updates, reference=dt.date(2018, 5, 1)).dashboard_data()
    assert [(r.view.ref, r.days_late, r.status) for r in before.overdue if r.view.ref == "1.5"] == [("1.5", 1, Status.amber)]
    assert "1.5" not in [r.view.ref for r in after.overdue]


def test_overdue_actions_come_most_overdue_first() -> None:
    board = _site([], reference=dt.date(2018, 7, 25)).dashboard_data()
    lateness = [row.days_late for row in board.overdue]
    assert lateness == sorted(lateness, reverse=True)
    assert all(row.milestone.due < board.on for row in board.overdue)
    # 1.3's last meeting is on 25 July 2018, the reference date: coming up, not overdue.
    assert "1.3" not in [row.view.ref for row in board.overdue]
    assert "1.3" in [row.view.ref for row in board.upcoming]


def test_the_dashboard_names_and_links_the_last_newsletter() -> None:
    import lxml.html

    html = str(_site(UPDATES, [issue("2018-05-01", "Spring 2018")]).dashboard("dashboard/"))
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    link = tree.xpath("//a[text()='Spring 2018']")[0]
    assert link.get("href") == "../newsletters/2018-05-01-spring-2018/"
    assert link.getparent().xpath(".//time/@datetime") == ["2018-05-01"]
    rows = tree.xpath("//table[@id='rag-changes']/tbody/tr")
    assert [(r.get("data-ref"), r.get("data-before"), r.get("data-after")) for r in rows] == [("1.1", "green", "amber"), ("1.3", "not_rated", "red")]
    assert [a.get("href") for a in rows[0].xpath("./th/a")] == ["../delivery/actions/1-1/"]
