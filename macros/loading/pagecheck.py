"""Mistakes in the macros of Markdown pages, reported by file and line before or while rendering."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta as jinja_meta
from jinja2 import nodes

from macros.loading.front_matter import read_front_matter
from macros.loading.segments import Segment, plain_segments
from macros.model.problems import Problem, ValidationFailed, shown_path

MACRO_PLUGIN_NAMES = frozenset(
    {"config", "environment", "plugin", "git", "extra", "macros", "filters", "filters_builtin", "page", "navigation", "files"}
    | {"context", "macros_info", "now", "fix_url"}
)
"""What mkdocs-macros itself offers every page: its variables and its own macros."""

_JINJA = jinja2.Environment()  # mkdocs-macros' default delimiters: {{ }}, {% %}, {# #}
PAGE_FILTERS = frozenset(_JINJA.filters) | {"pretty", "relative_url"}
PAGE_TESTS = frozenset(_JINJA.tests)


def page_macros() -> frozenset[str]:
    """The macros a page may call."""
    from macros.model.macro_names import PAGE_NAMES

    return frozenset(n for n in PAGE_NAMES if n != "planpress_edition")


def page_names(meta: dict[str, Any], config_extra: Iterable[str] = ("planpress", "generator")) -> frozenset[str]:
    """Every name a page may use: planpress's macros, mkdocs-macros' own, `extra` and its front matter."""
    from macros.model.macro_names import PAGE_NAMES

    return frozenset(PAGE_NAMES) | MACRO_PLUGIN_NAMES | frozenset(_JINJA.globals) | frozenset(config_extra) | frozenset(meta)


def template_problems(body: str, name: str, first_line: int, names: frozenset[str]) -> list[Problem]:
    """Mistakes in the macros of a page's Markdown, found before anything is rendered.

    A Jinja syntax error or an unknown macro would otherwise stop the build halfway, with a message
    about a temporary page rather than a line of the file the writer is editing.
    """
    try:
        tree = _JINJA.parse(body)
    except jinja2.TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        hint = "a macro is written {{ name(...) }}; text that shows {{ or {% as written goes between {% raw %} and {% endraw %}"
        return [Problem(name, line, "", f"macro syntax: {error.message.rstrip('.')}; {hint}")]
    macro_names = page_macros()
    problems: list[Problem] = []
    missing: dict[str, set[str]] = {"filter": set(), "test": set()}
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        kind, known = ("filter", PAGE_FILTERS) if isinstance(node, nodes.Filter) else ("test", PAGE_TESTS)
        if node.name not in known:
            missing[kind].add(node.name)
            problems.append(Problem(name, first_line + node.lineno - 1, "", f"unknown {kind} '{node.name}'"))
    if missing["filter"] or missing["test"]:
        # Jinja refuses to analyse a template that uses an unknown filter or test, so stand-ins are
        # given for them (already reported) to find the unknown names too.
        lenient = _JINJA.overlay()
        lenient.filters = {**_JINJA.filters, **{n: _stand_in for n in missing["filter"]}}
        lenient.tests = {**_JINJA.tests, **{n: _stand_in for n in missing["test"]}}
        tree = lenient.parse(body)
    unknown = jinja_meta.find_undeclared_variables(tree) - names
    callees = {id(call.node) for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)}
    macros = sorted(n for n in names if not n.startswith("_"))
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name in unknown:
            called = id(node) in callees
            close = difflib.get_close_matches(node.name, macros, n=1, cutoff=0.7)
            if close:
                hint = f"did you mean {close[0]}{'()' if close[0] in macro_names else ''}?"
            else:
                hint = "pages can use " + ", ".join(f"{m}()" for m in sorted(macro_names))
            what = "a macro" if called else "a name"
            problems.append(Problem(name, first_line + node.lineno - 1, "", f"'{node.name}' is not {what} a page can use; {hint}"))
    return problems


def page_segments(markdown: str, offset: int = 0) -> tuple[Segment, ...] | None:
    """A page's Markdown as text and calls of planpress's macros (see segments.plain_segments), or None
    if it needs mkdocs-macros or does not parse (reported by file and line before the build)."""
    try:
        tree = _JINJA.parse(markdown)
    except jinja2.TemplateSyntaxError:
        return None
    return plain_segments(tree, page_macros(), offset)


def _stand_in(value: Any, *args: Any) -> Any:
    return value


def page_template_problems(docs_dir: Path, project_dir: Path) -> list[Problem]:
    """Template mistakes in every Markdown page of docs/."""
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        name = shown_path(path, project_dir)
        try:
            meta_, body, start = read_front_matter(path, name)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
            continue
        if meta_.get("render_macros") is not False:
            problems.extend(template_problems(body, name, start, page_names(meta_)))
    return problems


def macro_call_line(markdown: str, name: str, args: tuple[Any, ...]) -> int:
    """The line of `markdown` that calls macro `name` with `args`; its first call when none matches exactly."""
    try:
        tree = _JINJA.parse(markdown)
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


def body_offset(source: str, markdown: str) -> int:
    """How many lines of `source` (a page file) come before `markdown` (its body as MkDocs passed it on)."""
    position = source.find(markdown) if markdown else -1
    return source[:position].count("\n") if position > 0 else 0


def describe_macro_error(name: str, method: Callable[..., Any], args: tuple[Any, ...], error: Exception) -> str:
    """What went wrong in a macro call, in terms of the call as the page writes it."""
    written = f"{name}({', '.join(repr(a) for a in args)})"
    params = [p for p in inspect.signature(method).parameters if p != "page_url"]
    if isinstance(error, TypeError) and len(args) != len(params):
        takes = f"{name}({', '.join(params)})" if params else f"{name}()"
        return f"{written}: this macro is written {takes}"
    reason = str(error.args[0]) if isinstance(error, LookupError) and error.args else f"{type(error).__name__}: {error}"
    return f"{written}: {reason}"


def macro_failure(page_file: str, source: str | None, markdown: str, name: str, method: Callable[..., Any], args: tuple[Any, ...], error: Exception) -> Problem:
    """A macro call that failed while a page was rendered, located in the page's own file."""
    line = macro_call_line(markdown, name, args)
    if source is not None:
        line += body_offset(source, markdown)
    return Problem(page_file, line, "", describe_macro_error(name, method, args, error))
