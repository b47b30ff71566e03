"""A small iCalendar writer (RFC 5545): TEXT, DATE and UTC DATE-TIME values in folded content lines.

It writes only what milestones.ics needs. Lines are folded where the calendar library planpress
used before folded them, so the file keeps the same bytes for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

LINE_BREAK = b"\r\n"
FOLD = b"\r\n "
"""A fold: a line break and one space, which a reader removes to join the line again."""

FOLD_OCTETS = 74
"""Octets of content on each physical line, before the fold's space: 75 at most with it."""

KEEP_WITH_NEXT = frozenset(b"\\^")
"""A folded line never ends on one of these, so that an escape such as \\; stays on one line for
readers that unfold carelessly."""


def escape_text(text: str) -> str:
    r"""A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, each line break as \n."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def text_list(values: Iterable[str]) -> str:
    """Several TEXT values in one property, such as CATEGORIES: each escaped, separated by commas."""
    return ",".join(escape_text(value) for value in values)


def date_value(day: dt.date) -> str:
    """A DATE value (RFC 5545 3.3.4): YYYYMMDD."""
    return f"{day.year:04}{day.month:02}{day.day:02}"


def utc_value(moment: dt.datetime) -> str:
    """A DATE-TIME value in UTC (RFC 5545 3.3.5): YYYYMMDDTHHMMSSZ. A time without a zone is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone, so it cannot be written in UTC")
    utc = moment.astimezone(dt.timezone.utc)
    return f"{date_value(utc)}T{utc.hour:02}{utc.minute:02}{utc.second:02}Z"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded so that no physical line is longer than 75 octets.

    A fold falls between two characters, never inside one, and never just after a backslash or a
    caret. The line must not hold a line break: a TEXT value's are escaped by `escape_text`.
    """
    if "\r" in line or "\n" in line:
        raise ValueError(f"a content line cannot hold a line break: {line[:40]!r}")
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return data
    parts = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        end = _fold_point(data, start)
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return FOLD.join(parts)


def _fold_point(data: bytes, start: int) -> int:
    """Where the physical line that starts at `start` ends: as late as fits, on a character boundary."""
    end = start + FOLD_OCTETS
    # UTF-8 continuation bytes are 10xxxxxx: step back to the first byte of the character.
    while data[end] & 0xC0 == 0x80:
        end -= 1
    if data[end - 1] in KEEP_WITH_NEXT:
        end -= 1
    return end


def content_lines(lines: Iterable[str]) -> bytes:
    """Content lines as an iCalendar stream: each folded, each ending with CRLF."""
    return b"".join(fold(line) + LINE_BREAK for line in lines)
