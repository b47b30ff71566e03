"""A newsletter issue as planpress holds it: its front matter's rules, its dates in London time and its feed id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from macros.model.audience import PUBLIC
from macros.model.models import Audience, parse_date, type_name

MacroCall = tuple[str, tuple[Any, ...], int]
"""A call of one of the writers' block macros: its name, its literal arguments, and its line in the file."""

NEWSLETTERS_DIR = "newsletters"


LONDON = ZoneInfo("Europe/London")


PUBLISH_TIME = dt.time(9, 0)
"""A date-only issue is published at 09:00 London time, so feed readers never show it on the day before."""


QUARTER_MONTHS = ("January to March", "April to June", "July to September", "October to December")


_DATETIME = re.compile(
    r"^(?P<date>[^\sT]+)(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)


UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters, which no feed, page or email can carry (XML forbids most of them): they come in unseen with pasted text."""


_FEED_AUTHORITY = re.compile(r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[^@\s,]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+),\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_issue_date(value: Any) -> dt.datetime:
    """An issue's `date` as a time-zone-aware datetime: a date alone means 09:00 London time."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, PUBLISH_TIME, LONDON)
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date written as YYYY-MM-DD, got {got}", {"got": type_name(value)})
    text = value.strip()
    match = _DATETIME.match(text)
    day = parse_date(match["date"] if match else text)
    if not match or match["hour"] is None:
        return dt.datetime.combine(day, PUBLISH_TIME, LONDON)
    try:
        time = dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        raise PydanticCustomError("time_unreal", "'{value}' is not a real time of day", {"value": text}) from None
    zone: dt.tzinfo = LONDON
    if match["zone"] == "Z":
        zone = dt.UTC
    elif match["zone"]:
        digits = match["zone"].replace(":", "")
        offset = dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        zone = dt.timezone(offset if digits[0] == "+" else -offset)
    return dt.datetime.combine(day, time, zone)


def check_feed_authority(value: Any) -> str:
    """The fixed `tag:` authority of feed ids (such as 'plan.example.org,2017'), or ValueError saying what is wrong."""
    if not isinstance(value, str) or not _FEED_AUTHORITY.match(value.strip()):
        raise ValueError(
            f"'{value}' is not a feed id authority: write a domain you own and a year, such as 'plan.example.org,2017'; "
            "never change it once a feed is published"
        )
    return value.strip()


UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters, which no feed, page or email can carry (XML forbids most of them): they come in unseen with pasted text."""


def unpublishable(text: str) -> str | None:
    """The first control character in `text`, written U+XXXX, or None."""
    found = UNPUBLISHABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _plain_title(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty", "is empty; give the issue a title", {})
        if "<" in value or ">" in value:
            raise PydanticCustomError("title_markup", "a title is plain text: remove '<' and '>'", {})
        if any(mark in value for mark in ("{{", "{%", "{#")):
            raise PydanticCustomError("title_macro", "a title is plain text: macro markers ({{, {% and {#) cannot be used in it", {})
        return " ".join(value.split())
    return value


def _image_path(value: Any) -> Any:
    if isinstance(value, str):
        path = value.strip()
        if not path:
            raise PydanticCustomError("empty", "is empty; name an image under docs/, such as assets/newsletters/2018-05-16/photo.jpg, or delete the line", {})
        if "://" in path or path.startswith(("/", "../", "./")) or "/../" in path or "\\" in path:
            raise PydanticCustomError(
                "image_path", "'{value}' is not a path under docs/: write it from the docs folder, such as assets/newsletters/2018-05-16/photo.jpg", {"value": path}
            )
        return path
    return value


def _tag(value: Any) -> Any:
    if isinstance(value, str):
        text = " ".join(value.split())
        if not text:
            raise PydanticCustomError("empty", "is empty; write the tag, or delete it from the list", {})
        if "<" in text or ">" in text or "{" in text or "}" in text:
            raise PydanticCustomError("tag_markup", "a tag is plain text: remove '<', '>', '{' and '}'", {})
        return text
    return value


class IssueMeta(BaseModel):
    """The front matter of one issue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, BeforeValidator(_plain_title)]
    date: Annotated[dt.datetime, BeforeValidator(parse_issue_date)]
    summary: str
    audience: Audience = PUBLIC
    draft: bool = False
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    image: Annotated[str, BeforeValidator(_image_path)] | None = None
    """The issue's lead image for feeds and mailing tools, as a path under docs/; without it, the first image in the issue."""
    tags: list[Annotated[str, BeforeValidator(_tag)]] = []
    """Words a mailing tool or feed reader may sort issues by, beside the delivery areas the issue reports on."""

    @field_validator("summary")
    @classmethod
    def _summary_written(cls, summary: str) -> str:
        if not summary.strip():
            raise PydanticCustomError("empty", "is empty; write a sentence or two for the archive and feed readers", {})
        return summary.strip()

    @field_validator("title", "summary")
    @classmethod
    def _publishable(cls, text: str) -> str:
        # The front matter's own lines may hold the character escaped ("\x0e"), so the value read is checked.
        code = unpublishable(text)
        if code:
            raise PydanticCustomError(
                "control_character",
                "holds an invisible control character ({code}), which pages, feeds and email cannot carry; it usually comes in with pasted text: retype it",
                {"code": code},
            )
        return text


@dataclass(frozen=True)
class Newsletter:
    """One issue: its front matter, its Markdown body, and its neighbours in one edition."""

    source: str
    slug: str
    title: str
    published: dt.datetime
    summary: str
    audience: str
    draft: bool
    explicit_id: str | None
    body: str
    body_line: int
    feed_authority: str | None = None
    image: str | None = None
    """The lead image named in the front matter, as a path under docs/."""
    tags: tuple[str, ...] = ()
    calls: tuple[MacroCall, ...] = field(default=(), repr=False, compare=False)
    """The writers' block macros the body calls, in order: what the issue reports on."""
    previous: Newsletter | None = field(default=None, repr=False, compare=False)
    next: Newsletter | None = field(default=None, repr=False, compare=False)

    @property
    def date(self) -> dt.date:
        """The issue's date, as written in its front matter and file name."""
        return self.published.date()

    @property
    def stem(self) -> str:
        return f"{self.date.isoformat()}-{self.slug}"

    @property
    def url(self) -> str:
        """The site-relative URL of the issue's page."""
        return f"{NEWSLETTERS_DIR}/{self.stem}/"

    @property
    def src(self) -> str:
        """The docs-relative path of the issue's generated page."""
        return f"{NEWSLETTERS_DIR}/{self.stem}.md"

    @property
    def quarter(self) -> str:
        """The calendar quarter of the issue's date: 'Q1 2018' is January to March 2018."""
        return f"Q{(self.date.month - 1) // 3 + 1} {self.date.year}"

    @property
    def quarter_months(self) -> str:
        """'January to March 2018'."""
        return f"{QUARTER_MONTHS[(self.date.month - 1) // 3]} {self.date.year}"

    @property
    def published_london(self) -> dt.datetime:
        """When the issue was published, in Europe/London time."""
        return self.published.astimezone(LONDON)

    @property
    def feed_key(self) -> str:
        """What makes the feed id unique: the date, and the explicit id where two issues share a date."""
        return self.date.isoformat() + (f"/{self.explicit_id}" if self.explicit_id else "")

    @property
    def feed_id(self) -> str | None:
        """The RSS GUID and Atom id: a tag URI that a title edit or a renamed slug leaves unchanged."""
        if self.feed_authority is None:
            return None
        return f"tag:{self.feed_authority}:{NEWSLETTERS_DIR}/{self.feed_key}"

    def area_codes(self, plan_codes: list[str]) -> list[str]:
        """The delivery areas the issue's macros report on, in the plan's order: a macro that names none reports on them all."""
        named: set[str] = set()
        for _, args, _ in self.calls:
            if not args:
                return list(plan_codes)
            named.update(str(code) for code in args)
        return [code for code in plan_codes if code in named]

    def sort_key(self) -> tuple[dt.date, dt.datetime, str]:
        """Oldest first: by date, then time, then file name."""
        return (self.date, self.published, self.stem)
