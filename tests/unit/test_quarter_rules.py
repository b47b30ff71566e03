"""The quarter's rules: direction of travel, slippage, overdue by forecast, unrated actions, statuses in any case, measures against targets."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from macros.model.models import Action, Measure, RagEntry, RagUpdate, Status
from macros.model.quarter import latest_meeting, overdue_days, slippage, travel, unrated_at
from macros.model.trends import measure_trend

D = dt.date


def rating(ref: str, day: str, status: str, **more: object) -> RagUpdate:
    return RagUpdate.model_validate({"action": ref, "date": day, "status": status, **more})


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("red", "amber", "improved"),
        ("amber", "green", "improved"),
        ("green", "complete", "improved"),
        ("green", "red", "worsened"),
        ("complete", "amber", "worsened"),
        ("amber", "amber", "held"),
        ("not_rated", "green", "changed"),
        ("green", "not_rated", "changed"),
        ("not_rated", "not_rated", "held"),
    ],
)
def test_direction_of_travel_follows_red_amber_green_complete(before: str, after: str, direction: str) -> None:
    previous = rating("1.1", "2018-03-15", before, note="n")
    latest = rating("1.1", "2018-07-25", after, note="n")
    found = travel(latest, previous)
    assert found is not None
    assert (found.direction, found.before, found.status, found.since) == (direction, Status(before), Status(after), D(2018, 3, 15))


def test_a_first_rating_is_first_and_no_rating_has_no_direction() -> None:
    assert travel(rating("1.1", "2018-03-15", "green"), None).direction == "first"
    assert travel(None, None) is None


def test_a_rating_the_edition_may_not_publish_has_no_direction() -> None:
    hidden = RagUpdate.model_construct(action="1.1", date=D(2018, 7, 25), status=Status.not_published, audience="public")
    shown = rating("1.1", "2018-10-10", "green")
    assert travel(hidden, rating("1.1", "2018-03-15", "green")) is None
    assert travel(shown, hidden) is None


ACTION = Action.model_validate(
    {
        "ref": "1.1",
        "what": "x",
        "by_when": [{"text": "a", "date": "2018-03-31"}, {"text": "b", "date": "2018-12-01", "end": "2018-12-14"}, {"text": "TBC"}],
        "who": "w",
        "monitoring": ["m"],
    }
)


def test_slippage_is_the_latest_forecast_against_the_plans_last_date() -> None:
    history = [
        rating("1.1", "2018-10-10", "amber", note="n"),
        rating("1.1", "2018-07-25", "amber", note="n", forecast="2019-02-28", reason="Venue"),
        rating("1.1", "2018-03-15", "green", forecast="2018-12-31", reason="Early"),
    ]
    slip = slippage(ACTION, history)
    assert slip.baseline == D(2018, 12, 14)
    assert slip.forecast == D(2019, 2, 28)
    assert slip.current is history[1]
    assert slip.days == (D(2019, 2, 28) - D(2018, 12, 14)).days == 76
    assert slip.slipped and slip.due == D(2019, 2, 28)
    assert [u.date for u in slip.forecasts] == [D(2018, 7, 25), D(2018, 3, 15)]
    # As it stood in April, only the March forecast had been given.
    assert slippage(ACTION, history, D(2018, 4, 1)).days == 17


def test_a_forecast_earlier_than_the_plan_is_not_slippage() -> None:
    slip = slippage(ACTION, [rating("1.1", "2018-07-25", "green", forecast="2018-11-30", reason="Ahead")])
    assert slip.days == -14 and not slip.slipped


def test_without_a_forecast_the_plans_date_stands() -> None:
    slip = slippage(ACTION, [rating("1.1", "2018-07-25", "green")])
    assert (slip.forecast, slip.days, slip.slipped, slip.due) == (None, None, False, D(2018, 12, 14))


def test_overdue_counts_from_the_forecast_where_there_is_one() -> None:
    late = slippage(ACTION, [rating("1.1", "2018-07-25", "amber", note="n", forecast="2019-02-28", reason="r")])
    plain = slippage(ACTION, [])
    assert overdue_days(plain, Status.amber, D(2019, 1, 1)) == 18
    # The forecast moved the due date, so it is not overdue until after 28 February.
    assert overdue_days(late, Status.amber, D(2019, 1, 1)) is None
    assert overdue_days(late, Status.amber, D(2019, 2, 28)) is None
    assert overdue_days(late, Status.amber, D(2019, 3, 1)) == 1
    assert overdue_days(late, Status.complete, D(2019, 3, 1)) is None


def test_unrated_at_the_latest_meeting_leaves_out_complete_actions() -> None:
    updates = [
        rating("1.1", "2018-03-15", "green"),
        rating("1.2", "2018-03-15", "complete"),
        rating("1.1", "2018-07-25", "green"),
    ]
    history: dict[str, list[RagUpdate]] = {}
    for u in sorted(updates, key=lambda u: u.date, reverse=True):
        history.setdefault(u.action, []).append(u)
    assert latest_meeting(updates) == D(2018, 7, 25)
    assert latest_meeting(updates, D(2018, 7, 1)) == D(2018, 3, 15)
    assert unrated_at(D(2018, 7, 25), ["1.1", "1.2", "1.3"], history) == ["1.3"]


@pytest.mark.parametrize(("written", "status"), [("Amber", "amber"), ("RED", "red"), (" green ", "green"), ("Not yet rated", "not_rated"), ("Not_Rated", "not_rated"), ("Complete", "complete")])
def test_a_status_may_be_written_in_any_case(written: str, status: str) -> None:
    assert RagEntry.model_validate({"action": "1.1", "status": written}).status == Status(status)


@pytest.mark.parametrize("written", ["Amberish", "not_published", "Not published"])
def test_data_cannot_give_any_other_status(written: str) -> None:
    with pytest.raises(ValidationError):
        RagEntry.model_validate({"action": "1.1", "status": written})


def _measure(values: list[float], target: float | None = 450, better: str = "lower") -> Measure:
    return Measure.model_validate(
        {
            "id": "m",
            "name": "M",
            "target": target,
            "better": better,
            "values": [{"period": f"P{i}", "date": (D(2018, 1, 1) + dt.timedelta(days=90 * i)).isoformat(), "value": v} for i, v in enumerate(values)],
        }
    )


def test_a_measure_moves_towards_or_away_from_its_target() -> None:
    towards = measure_trend(_measure([498, 471]))
    assert (towards.gap, towards.heading, towards.verdict, towards.target_met) == (21, "towards", "better", False)
    away = measure_trend(_measure([440, 470]))
    assert (away.gap, away.heading, away.verdict) == (20, "away", "worse")
    # Once the target is met there is no heading: "met" says it.
    past = measure_trend(_measure([455, 400]))
    assert (past.heading, past.verdict, past.target_met, past.gap) == (None, "better", True, -50)
    # Without a better direction, nearer the target is towards it.
    loose = measure_trend(_measure([500, 460], better=None))  # type: ignore[arg-type]
    assert (loose.heading, loose.target_met) == ("towards", None)
    assert measure_trend(_measure([471])).heading is None
    assert measure_trend(_measure([498, 471], target=None)).gap is None
