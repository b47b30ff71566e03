"""Newsletters: read and check the issues in newsletters/, and link them in order for one edition."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import jinja2
import jinja2.meta
import yaml
from jinja2 import nodes
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .audience import INTRANET, PUBLIC
from .loading import YamlProblem, collection_paused, decode, locate, located_problems, parse_yaml
from .markup import plain_text
from .models import Audience, parse_date, type_name
from .pages import front_matter, split_front_matter
from .problems import Problem, ValidationFailed
from .render import long_date
from .segments import INLINE_MACROS, Segment, plain_segments, quick_segments

NEWSLETTERS_DIR = "newsletters"
LONDON = ZoneInfo("Europe/London")
PUBLISH_TIME = dt.time(9, 0)
"""A date-only issue is published at 09:00 London time, so feed readers never show it on the day before."""

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
NOT_ISSUES = {"README.md"}
"""Markdown files in newsletters/ that are notes for writers, not issues."""

SUMMARY_PLACEHOLDER = "Write one or two sentences about this issue: the archive and feed readers show them."
"""The summary `planpress new-newsletter` writes; an issue cannot be published with it."""

WRITER_MACROS = {
    "rag_changes": "rag_changes()",
    "upcoming_milestones": "upcoming_milestones()",
    "rag_summary": "rag_summary()",
    "rag_badge": "rag_badge(\"green\")",
}
"""The macros a newsletter may call, with how each is written. The first three take their dates from the issue."""

BLOCK_WRITER_MACROS = frozenset(WRITER_MACROS) - INLINE_MACROS
"""The writers' macros that show a section, for the whole plan or for the delivery areas named in their brackets."""

WRITER_VARIABLES = {"page", "config"}
"""MkDocs values a newsletter may read, such as {{ page.title }}."""

QUARTER_MONTHS = ("January to March", "April to June", "July to September", "October to December")

_DATETIME = re.compile(
    r"^(?P<date>[^\sT]+)(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)
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
        zone = dt.timezone.utc
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


class IssueMeta(BaseModel):
    """The front matter of one issue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, BeforeValidator(_plain_title)]
    date: Annotated[dt.datetime, BeforeValidator(parse_issue_date)]
    summary: str
    audience: Audience = PUBLIC
    draft: bool = False
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None

    @field_validator("summary")
    @classmethod
    def _summary_written(cls, summary: str) -> str:
        if not summary.strip():
            raise PydanticCustomError("empty", "is empty; write a sentence or two for the archive and feed readers", {})
        return summary.strip()


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
    segments: tuple[Segment, ...] | None = field(default=None, repr=False, compare=False)
    """The body as text and macro calls, when that is all it holds (see read_body); None to render it with mkdocs-macros."""
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

    def sort_key(self) -> tuple[dt.date, dt.datetime, str]:
        """Oldest first: by date, then time, then file name."""
        return (self.date, self.published, self.stem)


def read_newsletters(project_dir: Path | str, *, feed_authority: str | None = None) -> list[Newsletter]:
    """Every issue in newsletters/, drafts and intranet-only issues included, oldest first; every problem at once."""
    project_dir = Path(project_dir)
    folder = project_dir / NEWSLETTERS_DIR
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    issues: list[Newsletter] = []
    with collection_paused():
        for path in sorted(folder.rglob("*.md")):
            if path.name in NOT_ISSUES:
                continue
            name = path.relative_to(project_dir).as_posix()
            try:
                issues.append(read_issue(path, name, feed_authority=feed_authority))
            except ValidationFailed as failure:
                problems.extend(failure.problems)
    problems.extend(_clashes(issues, project_dir))
    if problems:
        raise ValidationFailed(problems)
    return sorted(issues, key=Newsletter.sort_key)


def read_issue(path: Path, name: str, *, feed_authority: str | None = None) -> Newsletter:
    """Read and check one issue file: its name, its front matter and the macros in its body, every problem at once."""
    problems: list[Problem] = []
    match = FILE_NAME.match(path.name)
    named_date = None
    if match is None:
        problems.append(Problem(name, 1, "", _bad_name(path.name)))
    else:
        try:
            named_date = dt.date.fromisoformat(match["date"])
        except ValueError:
            problems.append(Problem(name, 1, "", f"the file name's date '{match['date']}' is not a real date"))
    text = decode(path.read_bytes(), name)
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            message = "the front matter that starts on line 1 has no closing '---' line"
        else:
            message = "no front matter: an issue starts with a '---' line, then title:, date: and summary: lines, then another '---' line"
        raise ValidationFailed([*problems, Problem(name, 1, "", message)])
    body_problems, segments = read_body(name, body, body_line)
    problems.extend(body_problems)
    try:
        meta = _front_matter(raw, name)
    except ValidationFailed as failure:
        raise ValidationFailed([*problems, *failure.problems]) from None
    if named_date is not None and meta.date.date() != named_date:
        line = locate(raw, ("date",)) + 1
        right = f"{meta.date.date().isoformat()}-{match['slug']}.md" if match else ""
        problems.append(
            Problem(name, line, "date", f"{meta.date.date().isoformat()} does not match the date in the file name, {named_date.isoformat()}; "
                    f"correct the date, or rename the file {right}")
        )
    if not meta.draft and meta.summary == SUMMARY_PLACEHOLDER:
        line = locate(raw, ("summary",)) + 1
        problems.append(Problem(name, line, "summary", "is still the placeholder; write the issue's summary before publishing it"))
    if problems or match is None:
        raise ValidationFailed(problems)
    return Newsletter(
        source=name,
        slug=match["slug"],
        title=meta.title,
        published=meta.date,
        summary=meta.summary,
        audience=meta.audience,
        draft=meta.draft,
        explicit_id=meta.id,
        body=body,
        body_line=body_line,
        feed_authority=feed_authority,
        segments=segments,
    )


def _bad_name(file_name: str) -> str:
    hint = "name the file YYYY-MM-DD-slug.md, such as 2018-03-22-launch.md: the issue's date, then lower-case words joined by hyphens"
    return f"'{file_name}' is not a newsletter file name; {hint}"


def _front_matter(raw: str, name: str) -> IssueMeta:
    try:
        data = parse_yaml(raw)
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line + 1, "", problem.message)]) from None
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(name, 2, "", "the front matter between the '---' lines must be 'key: value' lines: title, date and summary")])
    try:
        return IssueMeta.model_validate(data)
    except ValidationError as error:
        # The front matter starts on the file's second line, after the opening '---'.
        raise ValidationFailed(located_problems(error, IssueMeta, raw, name, first_line=2)) from None


def _clashes(issues: list[Newsletter], project_dir: Path) -> list[Problem]:
    """Two issues with one date and slug, or one feed id: readers could not tell them apart."""
    problems: list[Problem] = []
    stems: dict[str, Newsletter] = {}
    keys: dict[str, Newsletter] = {}
    for issue in sorted(issues, key=lambda i: i.source):
        if issue.stem in stems:
            first = stems[issue.stem]
            problems.append(Problem(issue.source, 1, "", f"{first.source} has the same date and name; the two would be one page, so rename one"))
            continue
        stems[issue.stem] = issue
        if issue.feed_key in keys:
            first = keys[issue.feed_key]
            key = "id" if issue.explicit_id else "date"
            what = f"the id '{issue.explicit_id}'" if issue.explicit_id else f"the date {issue.date.isoformat()}"
            problems.append(
                Problem(
                    issue.source,
                    _line_of(project_dir / issue.source, key),
                    key,
                    f"{first.source} has {what} too, and feed readers tell issues apart by date; add a line such as "
                    f"'id: {issue.slug}' to this issue's front matter (and never change it once published)",
                )
            )
            continue
        keys[issue.feed_key] = issue
    return problems


def _line_of(path: Path, key: str) -> int:
    raw, _, _ = split_front_matter(path.read_text("utf-8"))
    return locate(raw or "", (key,)) + 1


# Macros in issues: code is shown as written, and everything else is checked before anything renders.

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
_CLOSING_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*$")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def _raw(text: str) -> str:
    """`text` inside a Jinja raw block, so that macro syntax in it is shown as written."""
    inner = _ENDRAW.sub(lambda m: "{% endraw %}{{ " + repr(m.group(0)) + " }}{% raw %}", text)
    return "{% raw %}" + inner + "{% endraw %}"


def protect_code(markdown: str) -> str:
    """The Markdown with every fenced code block and code span wrapped so Jinja leaves it alone.

    Line breaks are kept exactly, so a line in the result is the same line in the file. Indented
    (four-space) code blocks are not recognised: write code in ``` fences.
    """
    lines = markdown.split("\n")
    parts: list[str] = []
    prose_start = 0
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not _closes(lines[end], opening["fence"]):
            end += 1
        if i > prose_start:
            parts.append(_protect_spans("\n".join(lines[prose_start:i])))
        parts.append(_raw("\n".join(lines[i : end + 1])))
        prose_start = i = end + 1
    if prose_start < len(lines):
        parts.append(_protect_spans("\n".join(lines[prose_start:])))
    return "\n".join(parts)


def _closes(line: str, fence: str) -> bool:
    closing = _CLOSING_FENCE.match(line)
    return closing is not None and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence)


def _protect_spans(text: str) -> str:
    # A code span never crosses a blank line: that would be two paragraphs.
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    return "".join(_CODE_SPAN.sub(lambda m: _raw(m.group(0)), part) if i % 2 == 0 else part for i, part in enumerate(paragraphs))


_CHECKER = jinja2.Environment(undefined=jinja2.StrictUndefined)
_KNOWN_FILTERS = set(_CHECKER.filters) | {"pretty", "relative_url"}


def read_body(source: str, body: str, body_line: int) -> tuple[list[Problem], tuple[Segment, ...] | None]:
    """Check an issue's body, parsed once, and split it into text and macro calls when that is all it holds.

    The segments are None when the body uses more of Jinja than the writers' macros (a variable such as
    {{ page.title }}, a filter, a condition); mkdocs-macros then renders it as a template.
    """
    offset = body_line - 1
    protected = protect_code(body)
    tree = None
    # Text, code and calls with quoted arguments need no Jinja parser; anything else does.
    segments = quick_segments(protected, WRITER_MACROS, offset)
    if segments is None:
        try:
            tree = _CHECKER.parse(protected)
        except jinja2.TemplateSyntaxError as error:
            hint = "a macro is written {{ name() }}; text that shows {{ or {% as written goes in `backticks`"
            return [Problem(source, (error.lineno or 1) + offset, "", f"macro syntax: {error.message.rstrip('.')}; {hint}")], None
        segments = plain_segments(tree, WRITER_MACROS, offset)
    if segments is not None:
        # Text and the writers' macros only: no other name or filter to look for, and no template to compile.
        calls = [nodes.Call(nodes.Name(name, "load"), [nodes.Const(a) for a in args], [], None, None, lineno=line) for name, args, line in _calls(segments)]
        return sorted(p for call in calls for p in _check_call(source, call, 0)), segments
    assert tree is not None
    problems = []
    strange_filters = set()
    for flt in tree.find_all(nodes.Filter):
        if flt.name not in _KNOWN_FILTERS:
            strange_filters.add(flt.name)
            problems.append(Problem(source, flt.lineno + offset, "", f"'{flt.name}' is not a filter a newsletter can use"))
    allowed = sorted(WRITER_MACROS)
    known = set(WRITER_MACROS) | WRITER_VARIABLES
    # Finding undeclared names compiles the template, which needs every filter it uses to exist.
    checker = _CHECKER.overlay()
    checker.filters = {**_CHECKER.filters, **{name: str for name in strange_filters}}
    unknown = jinja2.meta.find_undeclared_variables(checker.parse(protected)) - known
    for name in sorted(unknown):
        line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == name), 1)
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean {WRITER_MACROS[close[0]]}?" if close else "newsletters can use " + ", ".join(WRITER_MACROS[m] for m in allowed)
        problems.append(Problem(source, line + offset, "", f"'{name}' is not a macro a newsletter can use; {hint}"))
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in WRITER_MACROS:
            problems.extend(_check_call(source, call, offset))
    return sorted(problems), None


def _calls(segments: tuple[Segment, ...]) -> list[tuple[str, tuple[Any, ...], int]]:
    return [segment for segment in segments if not isinstance(segment, str)]


def _check_call(source: str, call: nodes.Call, offset: int) -> list[Problem]:
    name = call.node.name  # type: ignore[attr-defined]
    given = len(call.args) + len(call.kwargs)
    line = call.lineno + offset
    if name == "rag_badge":
        if given != 1 or call.kwargs:
            return [Problem(source, line, "", f"rag_badge takes one status, as in {WRITER_MACROS['rag_badge']}")]
        arg = call.args[0]
        statuses = ("red", "amber", "green", "complete", "not_rated")
        if isinstance(arg, nodes.Const) and arg.value not in statuses:
            return [Problem(source, line, "", f"rag_badge: '{arg.value}' is not one of {', '.join(statuses)}")]
        return []
    if call.kwargs or call.dyn_args or call.dyn_kwargs or not all(_is_area_code(arg) for arg in call.args):
        return [
            Problem(source, line, "", f"{name} takes its dates from the issue: write {WRITER_MACROS[name]} for the whole plan, "
                    f'or name delivery areas, as in {name}("OD3", "OD4")')
        ]
    return []


_AREA_CODE = re.compile(r"^OD\d+$")


def _is_area_code(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, str) and _AREA_CODE.match(node.value) is not None


def area_problems(issues: Iterable[Newsletter], codes: Iterable[str]) -> list[Problem]:
    """Delivery areas that issues' macros name and the plan does not have, by file and line."""
    known = list(codes)
    problems = []
    for issue in issues:
        for name, args, line in _calls(issue.segments or ()):
            for code in args if name in BLOCK_WRITER_MACROS else ():
                if code not in known:
                    problems.append(Problem(issue.source, line, "", f"{name}: the plan has no delivery area '{code}'; its areas are {', '.join(known)}"))
    return problems


# One edition's issues, in order.


def collect_newsletters(project_dir: Path | str, edition: str, drafts: bool = False, *, feed_authority: str | None = None) -> list[Newsletter]:
    """The issues `edition` shows, newest first, each linked to its previous and next published issue."""
    issues = read_newsletters(project_dir, feed_authority=feed_authority)
    return link_issues(issues, edition, drafts)


def link_issues(issues: Iterable[Newsletter], edition: str, drafts: bool = False) -> list[Newsletter]:
    """Keep what `edition` shows and link neighbours; drafts link to published issues, never the other way."""
    shown = [i for i in issues if (edition == INTRANET or i.audience == PUBLIC) and (drafts or not i.draft)]
    shown.sort(key=Newsletter.sort_key)
    published = [i for i in shown if not i.draft]
    linked: dict[str, Newsletter] = {i.source: dataclasses.replace(i) for i in shown}
    # Bisect the published issues' keys: comparing every issue with every other is slow for years of issues.
    keys = [p.sort_key() for p in published]
    for issue in shown:
        key = issue.sort_key()
        before = bisect_left(keys, key)
        after = bisect_right(keys, key)
        target = linked[issue.source]
        object.__setattr__(target, "previous", linked[published[before - 1].source] if before > 0 else None)
        object.__setattr__(target, "next", linked[published[after].source] if after < len(published) else None)
    return [linked[i.source] for i in reversed(shown)]


def issue_page(issue: Newsletter) -> str:
    """The Markdown of an issue's page: its title, and its body with code protected from the macros."""
    return front_matter(issue_meta(issue)) + issue_body(issue)


def issue_meta(issue: Newsletter) -> dict[str, str]:
    """An issue page's title and description, as plain text."""
    # Plain text: the hooks escape every page's title and description in one place (see markup.page_title).
    return {"title": issue.title, "description": plain_text(issue.summary)}


def issue_body(issue: Newsletter) -> str:
    """An issue page's Markdown: its body with code protected from the macros."""
    return protect_code(issue.body).strip("\n") + "\n"


def slugify(text: str) -> str:
    """'Newsletter, May 2018' -> 'newsletter-may-2018'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "newsletter"


# Starting the next issue: `planpress new-newsletter`.


@dataclass(frozen=True)
class Section:
    """One of the three things the plan asks every issue to hold: a heading and the plan's further words."""

    heading: str
    guidance: str


def issue_sections(communications: Any) -> list[Section]:
    """The sections of an issue, in the plan's words, from the activity marked `id: newsletter`."""
    activity = next((a for a in communications.activities if a.id == "newsletter"), None)
    if activity is None or not activity.items:
        raise ValidationFailed(
            [Problem("data/communications.yml", 1, "activities", "no activity has 'id: newsletter' and items; the items are the sections of every issue")]
        )
    sections = []
    for item in activity.items:
        words = plain_text(item.text)
        # The first sentence is the heading; the rest of the plan's words guide the writer.
        first, _, rest = words.partition(". ")
        sections.append(Section(first.rstrip("."), rest.strip()))
    return sections


def new_issue_path(project_dir: Path, day: dt.date, title: str) -> Path:
    """Where the issue dated `day` with `title` is written."""
    return Path(project_dir) / NEWSLETTERS_DIR / f"{day.isoformat()}-{slugify(title)}.md"


def new_issue(project_dir: Path | str, sections: list[Section], start: dt.date, day: dt.date, title: str) -> tuple[Path, str]:
    """The path and text of a new draft issue: front matter, the plan's three sections, the progress macros."""
    project_dir = Path(project_dir)
    try:
        checked = _plain_title(title)
    except PydanticCustomError as error:
        raise ValueError(f"--title: {error.message()}") from None
    path = new_issue_path(project_dir, day, checked)
    if path.exists():
        raise FileExistsError(f"{path.relative_to(project_dir).as_posix()} already exists; edit it, or choose another --title or --date")
    issues = read_newsletters(project_dir)
    same_day = next((i for i in issues if i.date == day), None)
    if same_day is not None:
        raise FileExistsError(f"{same_day.source} already has the date {day.isoformat()}; choose another date with --date, or edit that issue")
    previous = next((i for i in reversed(issues) if not i.draft and i.date < day), None)
    # Written by hand rather than by yaml.dump, which would put the date in quotes.
    front = "\n".join(
        ["---", f"title: {_yaml_text(checked)}", f"date: {day.isoformat()}", f"summary: {_yaml_text(SUMMARY_PLACEHOLDER)}", "draft: true", "---"]
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,  # Markdown, not HTML: the values are plain text from data and front matter.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    text = env.get_template("new_issue.md").render(front_matter=front, previous=previous, start=start, day=day, sections=sections)
    return path, text


def _yaml_text(text: str) -> str:
    """`text` as one YAML value, quoted only if it must be."""
    return yaml.safe_dump({"k": text}, allow_unicode=True, width=1000)[3:].rstrip("\n")
