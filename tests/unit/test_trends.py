"""Trend data: readings in date order, the latest change, better or worse, and the target."""

from __future__ import annotations

import pytest

from macros.model.models import Measure
from macros.model.trends import change_text, format_number, measure_trend, with_unit


def measure(values: list[tuple[str, str, float]], **fields: object) -> Measure:
    return Measure.model_validate(
        {"id": "m", "name": "A measure", **fields, "values": [{"period": p, "date": d, "value": v} for p, d, v in values]}
    )


def test_no_values_is_an_empty_trend() -> None:
    trend = measure_trend(measure([], target=10, better="higher"))
    assert trend.values == [] and trend.latest is None and trend.previous is None
    assert trend.change is None and trend.direction is None and trend.verdict is None and trend.target_met is None


def test_values_are_put_in_date_order_whatever_order_the_file_has() -> None:
    trend = measure_trend(measure([("Q2", "2018-06-30", 5), ("Q4", "2017-12-31", 9), ("Q1", "2018-03-31", 7)]))
    assert [v.period for v in trend.values] == ["Q4", "Q1", "Q2"]
    assert trend.latest.period == "Q2" and trend.previous.period == "Q1"
    assert trend.change == -2 and trend.direction == "down"


@pytest.mark.parametrize(
    "better,last,verdict",
    [("lower", 90, "better"), ("lower", 110, "worse"), ("higher", 110, "better"), ("higher", 90, "worse"), ("higher", 100, "same"), (None, 90, None)],
)
def test_a_move_is_better_or_worse_by_the_measures_direction(better: str | None, last: float, verdict: str | None) -> None:
    trend = measure_trend(measure([("Q1", "2018-03-31", 100), ("Q2", "2018-06-30", last)], better=better))
    assert trend.verdict == verdict


def test_one_value_has_no_change() -> None:
    trend = measure_trend(measure([("Q1", "2018-03-31", 100)], better="lower", target=120))
    assert trend.change is None and trend.verdict is None
    assert trend.target_met is True


@pytest.mark.parametrize(
    "better,last,met",
    [("lower", 450, True), ("lower", 450.5, False), ("lower", 449, True), ("higher", 80, True), ("higher", 79.9, False)],
)
def test_reaching_the_target_exactly_meets_it(better: str, last: float, met: bool) -> None:
    target = 450 if better == "lower" else 80
    trend = measure_trend(measure([("Q1", "2018-03-31", last)], better=better, target=target))
    assert trend.target_met is met


def test_a_target_without_a_direction_is_neither_met_nor_missed() -> None:
    assert measure_trend(measure([("Q1", "2018-03-31", 5)], target=4)).target_met is None


@pytest.mark.parametrize("value,text", [(455.0, "455"), (12.5, "12.5"), (1250.0, "1,250"), (0.1 + 0.2, "0.3"), (-3.0, "-3")])
def test_numbers_are_shown_without_float_noise(value: float, text: str) -> None:
    assert format_number(value) == text


def test_units() -> None:
    assert with_unit(45, "%") == "45%"
    assert with_unit(455, "per 10,000") == "455 per 10,000"
    assert with_unit(3, None) == "3"
    assert change_text(-8.5, "%") == "8.5 percentage points"
    assert change_text(1, "%") == "1 percentage point"
    assert change_text(-8, "per 10,000") == "8 per 10,000"


def test_two_values_on_one_date_are_an_error_with_both_lines(project) -> None:
    import yaml

    from macros.loading.project import load_project
    from macros.model.problems import ValidationFailed

    path = project / "data" / "measures.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["items"][0]["values"] = [
        {"period": "Q1", "date": "2018-06-30", "value": 1},
        {"period": "Q1 again", "date": "2018-06-30", "value": 2},
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        load_project(project / "data")
    lines = path.read_text("utf-8").splitlines()
    first = next(i for i, l in enumerate(lines, 1) if "date: '2018-06-30'" in l)
    second = next(i for i, l in enumerate(lines, 1) if "date: '2018-06-30'" in l and i > first)
    assert [str(p) for p in failure.value.problems] == [
        f"data/measures.yml:{second}: items[0].values[1].date: 'referrals-per-10000' already has a value dated 2018-06-30 on line {first}; one value per date"
    ]
