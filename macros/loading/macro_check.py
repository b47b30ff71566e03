"""The one check of the macros in pages and newsletters, made before anything renders, and the one rule for code.

mkdocs-macros renders every page's macros. A Jinja syntax error or an unknown macro would stop the
build halfway, with a message about a temporary page rather than a line of the file the writer is
editing; so every page and issue is parsed here first, each mistake reported by file and line.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import meta as jinja_meta
from jinja2 import nodes

from macros.loading.front_matter import DocsPage
from macros.model.macro_names import (
    BLOCK_WRITER_MACROS,
    INLINE_MACROS,
    MACROS,
    WRITER_MACROS,
    WRITER_VARIABLES,
)
from macros.model.models import Status
from macros.model.newsletter import MacroCall
from macros.model.problems import Problem

MACRO_PLUGIN_NAMES = frozenset(
    {"config", "environment", "plugin", "git", "extra", "macros", "filters", "filters_builtin", "page", "navigation", "files"}
    | {"context", "macros_info", "now", "fix_url"}
)
"""What mkdocs-macros itself offers every page: its variables and its own macros."""

_JINJA = jinja2.Environment()  # mkdocs-macros' default delimiters: {{ }}, {% %}, {# #}
FILTERS = frozenset(_JINJA.filters) | {"pretty", "relative_url"}
TESTS = frozenset(_JINJA.tests)
SYNTAX_HINT = "a macro is written {{ name() }}; text that shows {{ or {% as written goes in `backticks`"


@dataclass(frozen=True)
class Vocabulary:
    """What one kind of file may use: its macros, with how each is written, and the other names it may read."""

    reader: str
    """Who uses it, as the messages say: 'a page', 'a newsletter'."""
    macros: Mapping[str, str]
    names: frozenset[str]


NEWSLETTER = Vocabulary("a newsletter", WRITER_MACROS, frozenset(WRITER_VARIABLES))


def page_vocabulary(meta: Iterable[str], config_extra: Iterable[str] = ("planpress", "generator")) -> Vocabulary:
    """What a page of docs/ may use: planpress's macros, mkdocs-macros' own names, `extra` and its front matter."""
    written = {name: f"{name}()" for name in MACROS} | {name: WRITER_MACROS[name] for name in INLINE_MACROS}
    names = MACRO_PLUGIN_NAMES | frozenset(_JINJA.globals) | frozenset(config_extra) | frozenset(meta) | {"planpress_edition"}
    return Vocabulary("a page", written, frozenset(names))


def macro_problems(text: str, file: str, first_line: int, vocabulary: Vocabulary) -> tuple[list[Problem], tuple[MacroCall, ...]]:
    """Every mistake in the macros of `text` (which starts at line `first_line` of `file`), and the writers' block macros it calls.

    Code is protected first, exactly as it is when the page renders, so macro syntax shown in code is never checked.
    """
    offset = first_line - 1
    try:
        tree = _JINJA.parse(protect_code(text))
    except jinja2.TemplateSyntaxError as error:
        return [Problem(file, (error.lineno or 1) + offset, "", f"macro syntax: {error.message or 'not valid'}".rstrip(".") + f"; {SYNTAX_HINT}")], ()
    problems: list[Problem] = []
    missing: dict[str, set[str]] = {"filter": set(), "test": set()}
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        kind, known = ("filter", FILTERS) if isinstance(node, nodes.Filter) else ("test", TESTS)
        if node.name not in known:
            missing[kind].add(node.name)
            problems.append(Problem(file, node.lineno + offset, "", f"'{node.name}' is not a {kind} {vocabulary.reader} can use"))
    calls: list[MacroCall] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in WRITER_MACROS:
            found = _call_problems(file, call, offset)
            problems.extend(found)
            if not found and call.node.name in BLOCK_WRITER_MACROS:
                calls.append((call.node.name, tuple(arg.value for arg in call.args if isinstance(arg, nodes.Const)), call.lineno + offset))
    if missing["filter"] or missing["test"]:
        # Jinja refuses to analyse a template that uses an unknown filter or test, so stand-ins are
        # given for them (already reported) to find the unknown names too, in a parse of their own.
        checker = _JINJA.overlay()
        checker.filters = {**_JINJA.filters, **{n: _stand_in for n in missing["filter"]}}
        checker.tests = {**_JINJA.tests, **{n: _stand_in for n in missing["test"]}}
        analysed = checker.parse(protect_code(text))
    else:
        # The same parse, analysed last: Jinja's analysis folds constant expressions in place, which
        # the checks of filters and calls above must not see. Names are never folded.
        analysed = tree
    unknown = jinja_meta.find_undeclared_variables(analysed) - set(vocabulary.macros) - vocabulary.names
    problems.extend(_unknown_names(tree, unknown, file, offset, vocabulary))
    return sorted(problems), tuple(calls)


def _unknown_names(tree: nodes.Template, unknown: set[str], file: str, offset: int, vocabulary: Vocabulary) -> list[Problem]:
    callees = {id(call.node) for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)}
    choices = sorted(vocabulary.macros) + sorted(n for n in vocabulary.names if not n.startswith("_"))
    readers = vocabulary.reader.split(" ", 1)[1] + "s"
    problems = []
    reported: set[str] = set()
    for node in tree.find_all(nodes.Name):
        if node.ctx != "load" or node.name not in unknown or node.name in reported:
            continue
        reported.add(node.name)
        close = difflib.get_close_matches(node.name, choices, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {vocabulary.macros.get(close[0], close[0])}?"
        else:
            hint = f"{readers} can use " + ", ".join(vocabulary.macros[m] for m in sorted(vocabulary.macros))
        what = "a macro" if id(node) in callees else "a name"
        problems.append(Problem(file, node.lineno + offset, "", f"'{node.name}' is not {what} {vocabulary.reader} can use; {hint}"))
    return problems


_AREA_CODE = re.compile(r"^OD\d+$")
_STATUSES = tuple(status.value for status in Status)


def _call_problems(file: str, call: nodes.Call, offset: int) -> list[Problem]:
    """A writers' macro called as it cannot be: the badge with other than one status, the others with other than area codes."""
    name = call.node.name  # type: ignore[attr-defined]
    line = call.lineno + offset
    if name in INLINE_MACROS:
        if len(call.args) != 1 or call.kwargs or call.dyn_args or call.dyn_kwargs:
            return [Problem(file, line, "", f"{name} takes one status, as in {WRITER_MACROS[name]}")]
        arg = call.args[0]
        if isinstance(arg, nodes.Const) and arg.value not in _STATUSES:
            return [Problem(file, line, "", f"{name}: '{arg.value}' is not one of {', '.join(_STATUSES)}")]
        return []
    plain = all(isinstance(arg, nodes.Const) and isinstance(arg.value, str) and _AREA_CODE.match(arg.value) for arg in call.args)
    if call.kwargs or call.dyn_args or call.dyn_kwargs or not plain:
        return [
            Problem(file, line, "", f"{name} takes its dates from the issue: write {WRITER_MACROS[name]} for the whole plan, "
                    f'or name delivery areas, as in {name}("OD3", "OD4")')
        ]
    return []


def macro_calls(text: str, names: Iterable[str]) -> tuple[MacroCall, ...] | None:
    """The calls in `text` of the macros `names`, with their arguments, in order (code protected, as when it renders).

    None when one is called with values the text does not write out, or the text is not a template:
    what such a call shows is known only when the page renders.
    """
    try:
        tree = _JINJA.parse(protect_code(text))
    except jinja2.TemplateSyntaxError:
        return None
    wanted = frozenset(names)
    calls: list[MacroCall] = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in wanted:
            continue
        if call.kwargs or call.dyn_args or call.dyn_kwargs or not all(isinstance(arg, nodes.Const) for arg in call.args):
            return None
        calls.append((call.node.name, tuple(arg.value for arg in call.args if isinstance(arg, nodes.Const)), call.lineno))
    return tuple(calls)


def _stand_in(value: Any, *args: Any) -> Any:
    return value


def page_macro_problems(pages: Iterable[DocsPage]) -> list[Problem]:
    """Macro mistakes in pages of docs/ that mkdocs-macros renders."""
    problems: list[Problem] = []
    for page in pages:
        if page.rendered:
            problems.extend(macro_problems(page.body, page.file, page.body_line, page_vocabulary(page.meta))[0])
    return problems


def macro_call_line(source: str, name: str, args: tuple[Any, ...]) -> int:
    """The line of `source` (a whole file) that calls macro `name` with `args`; its first call when none matches exactly."""
    try:
        tree = _JINJA.parse(protect_code(source))
    except jinja2.TemplateSyntaxError:
        return 1
    calls = [c for c in tree.find_all(nodes.Call) if isinstance(c.node, nodes.Name) and c.node.name == name]
    for call in calls:
        try:
            if tuple(arg.as_const() for arg in call.args) == args:
                return call.lineno
        except nodes.Impossible:
            continue
    return calls[0].lineno if calls else 1


def describe_macro_error(name: str, method: Callable[..., Any], args: tuple[Any, ...], error: Exception) -> str:
    """What went wrong in a macro call, in terms of the call as the page writes it."""
    written = f"{name}({', '.join(repr(a) for a in args)})"
    params = [p for p in inspect.signature(method).parameters if p != "page_url"]
    if isinstance(error, TypeError) and len(args) != len(params):
        takes = f"{name}({', '.join(params)})" if params else f"{name}()"
        return f"{written}: this macro is written {takes}"
    reason = str(error.args[0]) if isinstance(error, LookupError) and error.args else f"{type(error).__name__}: {error}"
    return f"{written}: {reason}"


def macro_failure(file: str, source: str, name: str, method: Callable[..., Any], args: tuple[Any, ...], error: Exception) -> Problem:
    """A macro call that failed while a page was rendered, located in `source`, the text of `file`."""
    return Problem(file, macro_call_line(source, name, args), "", describe_macro_error(name, method, args, error))


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

    The one rule for code, in pages and newsletters alike. Line breaks are kept exactly, so a line in
    the result is the same line in the file. Indented (four-space) code blocks are not recognised:
    write code in ``` fences.
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


def prose_lines(lines: list[str]) -> list[str]:
    """The lines with fenced code blanked and code spans turned to spaces, so that no check finds a link or image in code.

    The same rule for code as protect_code's, line for line and column for column.
    """
    prose: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            if _closes(line, fence):
                fence = None
            prose.append("")
            continue
        opening = _FENCE.match(line)
        if opening is not None:
            fence = opening["fence"]
            prose.append("")
            continue
        prose.append(_CODE_SPAN.sub(lambda code: " " * len(code.group(0)), line))
    return prose


def _closes(line: str, fence: str) -> bool:
    closing = _CLOSING_FENCE.match(line)
    return closing is not None and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence)


def _protect_spans(text: str) -> str:
    # A code span never crosses a blank line: that would be two paragraphs.
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    return "".join(_CODE_SPAN.sub(lambda m: _raw(m.group(0)), part) if i % 2 == 0 else part for i, part in enumerate(paragraphs))
