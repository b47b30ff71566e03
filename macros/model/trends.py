"""Trend data for a measure: its values in date order, the latest change, and how it stands against its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from macros.model.models import Measure, MeasureValue

Direction = Literal["up", "down", "same"]
Verdict = Literal["better", "worse", "same"]
Heading = Literal["towards", "away", "same"]


@dataclass(frozen=True)
class Trend:
    """Where a measure stands: its readings oldest first and what the latest one says."""

    measure: Measure
    values: list[MeasureValue]
    latest: MeasureValue | None
    previous: MeasureValue | None
    change: float | None
    direction: Direction | None
    verdict: Verdict | None
    target_met: bool | None
    gap: float | None = None
    """The latest value minus the target: how far above (positive) or below it the measure is."""
    heading: Heading | None = None
    """Whether the latest value is nearer the target than the previous one was."""


def measure_trend(measure: Measure) -> Trend:
    """The trend of one measure; a measure with no values has an empty trend."""
    values = sorted(measure.values, key=lambda v: v.date)
    latest = values[-1] if values else None
    previous = values[-2] if len(values) > 1 else None
    change = verdict = None
    direction: Direction | None = None
    if latest is not None and previous is not None:
        change = latest.value - previous.value
        direction = "up" if change > 0 else "down" if change < 0 else "same"
        verdict = judge(direction, measure.better)
    gap = latest.value - measure.target if latest is not None and measure.target is not None else None
    return Trend(
        measure, values, latest, previous, change, direction, verdict, target_met(measure, latest), gap, heading(measure, latest, previous)
    )


def heading(measure: Measure, latest: MeasureValue | None, previous: MeasureValue | None) -> Heading | None:
    """Whether a measure short of its target moved towards it since the previous period.

    None without a target or two values, and once the target is met: "Met" says all there is to say.
    Where the measure says which way is better, a move that way is towards the target; otherwise the
    value nearer the target is.
    """
    if latest is None or previous is None or measure.target is None or target_met(measure, latest):
        return None
    change = latest.value - previous.value
    if measure.better is not None:
        if change == 0:
            return "same"
        return "towards" if (change < 0) == (measure.better == "lower") else "away"
    before, now = abs(previous.value - measure.target), abs(latest.value - measure.target)
    return "towards" if now < before else "away" if now > before else "same"


def judge(direction: Direction, better: str | None) -> Verdict | None:
    """Whether a move in `direction` is for the better, when the measure says which way is better."""
    if direction == "same":
        return "same"
    if better is None:
        return None
    return "better" if (direction == "up") == (better == "higher") else "worse"


def target_met(measure: Measure, latest: MeasureValue | None) -> bool | None:
    """Whether the latest value meets the target: reaching it counts. None when either is missing."""
    if latest is None or measure.target is None or measure.better is None:
        return None
    if measure.better == "higher":
        return latest.value >= measure.target
    return latest.value <= measure.target


def format_number(value: float) -> str:
    """455 for 455.0, 12.5 for 12.5, 1,250 for 1250.0: no float noise in pages and exports."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str | None) -> str:
    """A value with its unit: '45%' or '455 per 10,000'."""
    number = format_number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def change_text(change: float, unit: str | None) -> str:
    """The size of a change with its unit; a change in a percentage is in percentage points."""
    size = abs(change)
    if unit == "%":
        return f"{format_number(size)} percentage {'point' if size == 1 else 'points'}"
    return with_unit(size, unit)
