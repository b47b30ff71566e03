"""YAML text in, plain values out, with every syntax problem located by line."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from macros.model.problems import Problem, ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Larger data files are refused before parsing: a plan this size is a mistake, not a plan."""


Loc = tuple[str | int, ...]


_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


_NULLS = {"", "~", "null", "Null", "NULL"}


_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


_WORDS = _NULLS | set(_BOOLS)
"""Plain scalars starting with a letter that YAML reads as something other than text."""


_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")


_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.M)
"""A line that is neither blank nor a comment."""


class YamlProblem(Exception):
    """A file that is not well-formed YAML of the kind data/ accepts."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _plain(value: str) -> Any:
    """Resolve an unquoted scalar: null, true/false, numbers; everything else stays text.

    Dates stay text on purpose, so that the models can say exactly what is wrong with one.
    """
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            return int(value.replace("_", ""))
        if _FLOAT.match(value):
            return float(value.replace("_", ""))
    return value


def _events(text: str) -> Iterator[Any]:
    try:
        yield from yaml.parse(text, Loader=_Parser)
    except yaml.MarkedYAMLError as error:
        line, message = _syntax_message(error, text)
        raise YamlProblem(line, f"YAML syntax: {message}") from None


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Where a YAML syntax error is and what to do about it, in words an editor of the file can act on.

    libyaml's own messages ("did not find expected '-' indicator") name the parser's state, not the
    mistake, so the common mistakes are recognised here and described with their fix.
    """
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    start = error.context_mark.line + 1 if error.context_mark else line
    lines = text.split("\n")
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = here[mark.column] if mark and mark.column < len(here) else ""
    problem = error.problem or ""
    context = error.context or ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "tab" in problem or char == "\t" or "\t" in indent:
        return line, "this line is indented with a tab; indent with spaces only"
    if "quoted scalar" in context and "end of stream" in problem:
        opening = lines[start - 1] if start - 1 < len(lines) else ""
        quote = next((c for c in opening if c in "\"'"), '"')
        return start, f"the {quote} that opens text on this line is never closed; end the text with {quote}"
    if "mapping values are not allowed" in problem:
        return line, "this line is indented further than the line above, or holds a second ': '; line it up with the line above, or put text containing ': ' in quotes"
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return line, "this line is not indented in step with the lines above it; line it up with the other keys of the same item"
    if "did not find expected key" in problem:
        return line, "this line does not continue the lines above it; check its indentation, and put text that follows a closing quote inside the quotes"
    if "could not find expected ':'" in problem:
        return start, "this line has no ':'; write it as 'key: value', or indent it further to continue the text above"
    if "cannot start any token" in problem and char:
        return line, f"a value cannot start with '{char}'; put the whole text in quotes"
    if "flow mapping" in context or "flow sequence" in context:
        bracket = "{" if "mapping" in context else "["
        closing = "}" if bracket == "{" else "]"
        return start, f"the '{bracket}' on this line is never closed; add '{closing}', or put the text in quotes"
    if "directive" in context:
        return line, "a line cannot start with '%'; put the text in quotes"
    return line, "; ".join(part for part in (context, problem) if part) or "this is not valid YAML"


def _tag_message(tag: str) -> str:
    written = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tags such as {written} are not allowed in plan data; remove '{written}' and write the value as plain text"


class _Irregular(Exception):
    """Something the reader does not accept; the diagnostic pass says exactly what and where."""


_NO_KEY = object()


def parse_yaml(text: str) -> Any:
    """Turn YAML text into plain values, refusing anchors, aliases, tags and duplicate keys.

    The values come from one tight loop that keeps no line numbers: large plans hold a hundred thousand
    RAG updates, and this loop is most of the time spent loading them. A file it does not accept is
    read again by the diagnostic pass, which raises a YamlProblem saying what is wrong and on which line.
    """
    try:
        return _read(text)
    except (_Irregular, yaml.YAMLError):
        _diagnose(text)
        raise YamlProblem(1, "this is not valid YAML") from None


def _read(text: str) -> Any:
    """The values of a file with nothing to report; _Irregular (or libyaml's error) for anything else."""
    parser = _Parser(text)
    try:
        get_event = parser.get_event
        stack: list[Any] = []
        keys: list[Any] = []
        root: Any = None
        documents = 0
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    raise _Irregular
                value: Any = event.value
                if event.implicit[0] and not event.style and not (value[:1].isalpha() and value not in _WORDS):
                    # Only a plain scalar that is not an ordinary word can be null, true/false or a number.
                    value = _plain(value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Irregular
                value = {} if kind is MappingStartEvent else []
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                keys.pop()
                continue
            elif kind is AliasEvent:
                raise _Irregular
            else:
                if kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Irregular
                continue
            if stack:
                top = stack[-1]
                if type(top) is dict:
                    key = keys[-1]
                    if key is _NO_KEY:
                        if kind is not ScalarEvent or value is None:
                            raise _Irregular
                        if type(value) is not str:
                            value = event.value
                        if value in top:
                            raise _Irregular
                        keys[-1] = value
                        continue
                    top[key] = value
                    keys[-1] = _NO_KEY
                else:
                    top.append(value)
            else:
                root = value
            if kind is not ScalarEvent:
                stack.append(value)
                keys.append(_NO_KEY)
        return root
    finally:
        parser.dispose()


@lru_cache(maxsize=8)  # locate() asks for the lines of one file once per problem in it
def _diagnose(text: str) -> Any:
    """The diagnostic pass: the file's shape with line numbers, or a YamlProblem at the first thing the reader refuses.

    The shape is mappings as {key: (line, child)} and lists as [(line, child)], for `locate`.
    """
    stack: list[Any] = []
    pending: list[Any] = []
    root: Any = None
    seen_document = False
    for event in _events(text):
        kind = type(event)
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if kind is AliasEvent:
            raise YamlProblem(line, "YAML aliases (*name) are not allowed in plan data; write the text out in full")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise YamlProblem(line, "YAML anchors (&name) are not allowed in plan data; write the text out in full")
        if kind is DocumentStartEvent:
            if seen_document:
                raise YamlProblem(line, "a data file holds one YAML document; remove the second '---'")
            seen_document = True
            continue
        if kind in (MappingEndEvent, SequenceEndEvent):
            stack.pop()
            pending.pop()
            continue
        if kind not in (ScalarEvent, MappingStartEvent, SequenceStartEvent):
            continue
        if event.tag is not None and (kind is not ScalarEvent or event.tag != "!"):
            raise YamlProblem(line, _tag_message(event.tag))
        node: Any = None if kind is ScalarEvent else ({} if kind is MappingStartEvent else [])
        top = stack[-1] if stack else None
        if isinstance(top, dict):
            if pending[-1] is None:
                if kind is not ScalarEvent or (event.implicit[0] and not event.style and event.value in _NULLS):
                    raise YamlProblem(line, "a key must be plain text")
                if event.value in top:
                    raise YamlProblem(line, f"'{event.value}' appears twice in the same mapping (first on line {top[event.value][0]}); keep one")
                pending[-1] = (event.value, line)
                continue
            key, key_line = pending[-1]
            top[key] = (key_line, node)
            pending[-1] = None
        elif isinstance(top, list):
            top.append((line, node))
        else:
            root = (line, node)
        if node is not None:
            stack.append(node)
            pending.append(None)
    return root


def locate(text: str, loc: Loc) -> int:
    """The line of the deepest node along `loc` that exists (a missing key points at its parent)."""
    try:
        line, node = _diagnose(text) or (1, None)
    except YamlProblem as problem:
        return problem.line
    for part in loc:
        if isinstance(node, dict) and part in node:
            line, node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node[part]
        else:
            break
    return line


def read_yaml(path: Path, name: str) -> Any:
    """Read one data file; raise ValidationFailed with a located problem if it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ValidationFailed([Problem(name, 0, "", f"cannot be read: {error.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ValidationFailed([Problem(name, 1, "", f"the file is {size / 1048576:.1f} MB, more than the {limit} MB a data file may be; split it into smaller files")])
    raw = path.read_bytes()
    text = decode(raw, name)
    if not _CONTENT_LINE.search(text):
        raise ValidationFailed([Problem(name, 1, "", "the file is empty; it should hold the YAML for this part of the plan")])
    try:
        return parse_yaml(text)
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line, "", problem.message)]) from None


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8, refusing a byte order mark or other encodings with a message that says how to fix it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationFailed([Problem(name, 1, "", "the file is saved as UTF-16; save it as UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValidationFailed([Problem(name, 1, "", "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValidationFailed(
            [Problem(name, line, "", f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read); save it as UTF-8")]
        ) from None


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects that stay alive are made.

    Loading a large plan makes hundreds of thousands of small objects and no reference cycles; the
    collector, run every few hundred allocations, would scan all of them again and again (about a
    third of the validation time at 2,800 actions). Printing a PDF is the same (outputs/pdf.py). It is
    restored as it was, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
