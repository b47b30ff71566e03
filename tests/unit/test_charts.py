"""Chart geometry: bar lengths are shares of the total, trend points sit where their dates and values put them."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.views.charts import bar_chart, trend_chart

D = dt.date


def test_bars_are_shares_of_the_total() -> None:
    chart = bar_chart([("red", "Red", 1), ("green", "Green", 3), ("not_rated", "Not yet rated", 0)], width=360, label_width=110, value_width=40)
    assert chart.total == 4
    assert chart.scale_width == 210
    assert [bar.width for bar in chart.bars] == [52.5, 157.5, 0]
    assert [bar.value for bar in chart.bars] == [1, 3, 0]
    assert [bar.label for bar in chart.bars] == ["Red", "Green", "Not yet rated"]


def test_every_bar_has_its_own_row_and_its_number_after_its_end() -> None:
    chart = bar_chart([("a", "A", 2), ("b", "B", 2)], row_height=26, bar_height=18)
    assert chart.height == 52
    assert [bar.y for bar in chart.bars] == [4, 30]
    assert [bar.text_y for bar in chart.bars] == [13, 39]
    for bar in chart.bars:
        assert bar.value_x == pytest.approx(chart.bar_x + bar.width + 6)
        assert bar.value_x + 20 <= chart.width


def test_all_zero_draws_no_bars_and_divides_by_nothing() -> None:
    chart = bar_chart([("red", "Red", 0), ("green", "Green", 0)])
    assert chart.total == 0
    assert [bar.width for bar in chart.bars] == [0, 0]


def test_one_status_for_everything_fills_the_scale() -> None:
    chart = bar_chart([("red", "Red", 0), ("not_rated", "Not yet rated", 28)])
    assert chart.bars[1].width == chart.scale_width


READINGS = [(D(2018, 1, 1), 500.0, "Q3"), (D(2018, 4, 1), 480.0, "Q4"), (D(2018, 12, 28), 460.0, "Q2")]


def test_trend_points_are_placed_by_date_and_value() -> None:
    chart = trend_chart(READINGS, target=450, width=360, height=170, left=64, right=16, top=14, bottom=30)
    assert (chart.low, chart.high) == (450, 500)
    xs = [p.x for p in chart.points]
    assert xs[0] == 64 and xs[-1] == 344
    # 90 of 361 days in: x moves in proportion to time, not to the number of readings.
    assert xs[1] == pytest.approx(64 + 90 / 361 * 280, abs=0.01)
    ys = [p.y for p in chart.points]
    assert ys[0] == 14  # the highest value is at the top of the plot
    assert ys[1] == pytest.approx(140 - 30 / 50 * 126, abs=0.01)
    assert chart.target_y == 140  # the target is the lowest value here, at the bottom
    assert chart.path == "M64 14 L133.81 64.4 L344 114.8"
    assert not chart.flat


def test_the_scale_takes_in_a_target_above_every_value() -> None:
    chart = trend_chart([(D(2018, 3, 31), 62.5, "Q4"), (D(2018, 6, 30), 71.0, "Q1")], target=80)
    assert (chart.low, chart.high) == (62.5, 80)
    assert chart.target_y == chart.top
    assert chart.points[0].y == chart.bottom


def test_a_single_reading_sits_in_the_middle() -> None:
    chart = trend_chart([(D(2018, 6, 30), 88.0, "Q1")])
    assert chart.flat
    assert len(chart.points) == 1
    assert chart.points[0].x == (chart.left + chart.right) / 2
    assert chart.points[0].y == pytest.approx((chart.top + chart.bottom) / 2)
    assert chart.target_y is None
    assert chart.path == f"M{chart.points[0].x:g} {chart.points[0].y:g}"


def test_a_flat_line_at_zero_still_has_a_scale() -> None:
    chart = trend_chart([(D(2018, 1, 1), 0.0, "A"), (D(2018, 2, 1), 0.0, "B")])
    assert chart.flat and chart.low < 0 < chart.high
    assert [p.y for p in chart.points] == pytest.approx([(chart.top + chart.bottom) / 2] * 2)
