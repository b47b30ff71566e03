"""Reading and checking newsletters/: file names, front matter and the macros in each issue, every problem at once."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from pydantic import ValidationError

from macros.loading.front_matter import split_front_matter
from macros.loading.project import located_problems
from macros.loading.segments import Segment, plain_segments, quick_segments
from macros.loading.yaml_reader import (
    YamlProblem,
    collection_paused,
    decode,
    locate,
    parse_yaml,
)
from macros.model.macro_names import (
    BLOCK_WRITER_MACROS,
    WRITER_MACROS,
    WRITER_VARIABLES,
)
from macros.model.newsletter import NEWSLETTERS_DIR, IssueMeta, Newsletter
from macros.model.problems import Problem, ValidationFailed

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


NOT_ISSUES = {"README.md"}
"""Markdown files in newsletters/ that are notes for writers, not issues."""


SUMMARY_PLACEHOLDER = "Write one or two sentences about this issue: the archive and feed readers show them."
"""The summary `planpress new-newsletter` writes; an issue cannot be published with it."""


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
