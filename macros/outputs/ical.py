"""A small iCalendar writer (RFC 5545): TEXT, DATE and UTC DATE-TIME values in folded content lines.

It writes only what milestones.ics needs, byte for byte as the calendar library planpress used
before wrote it, except where that library changed the text: it turned a backslash before "N" into a
line break, and could fold a line between the two backslashes of an escaped backslash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

LINE_BREAK = b"\r\n"
FOLD = b"\r\n "
"""A fold: a line break and one space, which a reader removes to join the line again."""

FOLD_OCTETS = 74
"""Octets of content on each physical line, before the fold's space: 75 at most with it."""

BACKSLASH = ord("\\")
CARET = ord("^")


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
    utc = moment.astimezone(dt.UTC)
    return f"{date_value(utc)}T{utc.hour:02}{utc.minute:02}{utc.second:02}Z"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded so that no physical line is longer than 75 octets.

    A fold falls between two characters, never inside one, and never inside a backslash escape.
    The line must not hold a line break: `escape_text` writes a TEXT value's line breaks as \\n.
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
    """Where the physical line that starts at `start` ends: as late as fits, on a character boundary.

    A line does not end inside an escape such as \\; or \\n: the escape's backslash starts the next
    line instead. Nor does it end just after a caret, as the earlier library's lines did not, so
    that the same text is folded in the same places.
    """
    end = start + FOLD_OCTETS
    # UTF-8 continuation bytes are 10xxxxxx: step back to the first byte of the character.
    while data[end] & 0xC0 == 0x80:
        end -= 1
    if data[end - 1] == CARET or _ends_in_escape(data, start, end):
        end -= 1
    return end


def _ends_in_escape(data: bytes, start: int, end: int) -> bool:
    """Whether data[start:end] ends on the backslash that starts an escape: an odd run of backslashes."""
    run = 0
    while end - run > start and data[end - run - 1] == BACKSLASH:
        run += 1
    return run % 2 == 1


def content_lines(lines: Iterable[str]) -> bytes:
    """Content lines as an iCalendar stream: each folded, each ending with CRLF."""
    return b"".join(fold(line) + LINE_BREAK for line in lines)
