"""Chart geometry in SVG user units, worked out in Python so the templates only draw it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

STATUS_CHART_WIDTH = 360
"""Every status chart's width in SVG user units. A chart is scaled to fit its column, text and all, so the home
page's chart of all actions is drawn at the width of the per-area charts: on a phone, where each fills the
screen's width, its words are then as large as theirs rather than shrunk by a wider drawing."""


@dataclass(frozen=True)
class Bar:
    """One labelled bar: its word on the left, the bar, then its number."""

    key: str
    label: str
    value: int
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per status, each as long as its share of the total."""

    width: int
    height: int
    bar_x: float
    bar_height: float
    scale_width: float
    total: int
    bars: list[Bar]


def bar_chart(
    items: Sequence[tuple[str, str, int]],
    *,
    width: int = STATUS_CHART_WIDTH,
    label_width: int = 110,
    value_width: int = 40,
    row_height: int = 26,
    bar_height: int = 18,
) -> BarChart:
    """Bars for (key, label, value) items; a bar as wide as the chart's scale means every item counted."""
    total = sum(value for _, _, value in items)
    bar_x = float(label_width)
    scale_width = float(width - label_width - value_width)
    bars = []
    for i, (key, label, value) in enumerate(items):
        length = scale_width * value / total if total else 0.0
        top = i * row_height + (row_height - bar_height) / 2
        bars.append(
            Bar(
                key=key,
                label=label,
                value=value,
                y=round(top, 2),
                width=round(length, 2),
                text_y=round(i * row_height + row_height / 2, 2),
                value_x=round(bar_x + length + 6, 2),
            )
        )
    return BarChart(width, len(items) * row_height, bar_x, float(bar_height), scale_width, total, bars)


@dataclass(frozen=True)
class Point:
    """One reading placed on a trend chart."""

    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    """A small line chart of readings over time, with an optional target line.

    `low` and `high` are the values at the bottom and top of the plot; `flat` says every value
    (and the target) is the same, so the scale around them is padding with no meaning of its own.
    """

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float
    points: list[Point]
    path: str
    target: float | None
    target_y: float | None
    flat: bool


def trend_chart(
    readings: Sequence[tuple[dt.date, float, str]],
    target: float | None = None,
    *,
    width: int = 360,
    height: int = 170,
    left: int = 64,
    right: int = 16,
    top: int = 14,
    bottom: int = 30,
) -> TrendChart:
    """Place (date, value, label) readings, oldest first: x by date, y from the lowest to the highest value or target."""
    plot_left, plot_right = float(left), float(width - right)
    plot_top, plot_bottom = float(top), float(height - bottom)
    values = [value for _, value, _ in readings]
    if target is not None:
        values.append(target)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    flat = low == high
    if flat:
        # A flat line sits in the middle rather than on an edge.
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad

    def y_of(value: float) -> float:
        return round(plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top), 2)

    first = readings[0][0] if readings else None
    span = (readings[-1][0] - first).days if readings and first else 0

    def x_of(day: dt.date) -> float:
        if not span or first is None:
            return round((plot_left + plot_right) / 2, 2)
        return round(plot_left + (day - first).days / span * (plot_right - plot_left), 2)

    points = [Point(x_of(day), y_of(value), value, label) for day, value, label in readings]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:g} {p.y:g}" for i, p in enumerate(points))
    return TrendChart(
        width=width,
        height=height,
        left=plot_left,
        right=plot_right,
        top=plot_top,
        bottom=plot_bottom,
        low=low,
        high=high,
        points=points,
        path=path,
        target=target,
        target_y=y_of(target) if target is not None else None,
        flat=flat,
    )
