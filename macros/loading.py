"""YAML in, validated models out, with every problem located by file and line."""

from __future__ import annotations

import difflib
import gc
import re
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
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

from .models import FILE_MODELS, DeliveryArea, Project, RagUpdates, type_name
from .problems import Problem, ValidationFailed

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
    """Something the quick reader leaves to the careful one, which says exactly what and where."""


_NO_KEY = object()


def parse_yaml(text: str) -> Any:
    """Turn YAML text into plain values, refusing anchors, aliases, tags and duplicate keys."""
    try:
        return _read_quickly(text)
    except (_Irregular, yaml.YAMLError):
        return _read_carefully(text)


def _read_quickly(text: str) -> Any:
    """The values of a file with nothing to report, read in one tight loop.

    Large plans hold a hundred thousand RAG updates; this loop is most of the time spent loading them.
    It keeps no line numbers: on anything irregular it gives up and the careful reader reports it.
    """
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


def _read_carefully(text: str) -> Any:
    """parse_yaml, keeping track of lines to say where each problem is."""
    stack: list[Any] = []
    keys: list[Any] = []
    key_lines: list[dict[str, int]] = []
    root: Any = None
    seen_document = False
    for event in _events(text):
        kind = type(event)
        if isinstance(event, AliasEvent):
            raise YamlProblem(event.start_mark.line + 1, "YAML aliases (*name) are not allowed in plan data; write the text out in full")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise YamlProblem(event.start_mark.line + 1, "YAML anchors (&name) are not allowed in plan data; write the text out in full")
        if kind is ScalarEvent:
            if event.tag not in (None, "!"):
                raise YamlProblem(event.start_mark.line + 1, _tag_message(event.tag))
            # libyaml reports a plain (unquoted) scalar's style as "" where PyYAML says None.
            value: Any = _plain(event.value) if event.implicit[0] and not event.style else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise YamlProblem(event.start_mark.line + 1, _tag_message(event.tag))
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            keys.pop()
            key_lines.pop()
            continue
        else:
            if type(event).__name__ == "DocumentStartEvent":
                if seen_document:
                    raise YamlProblem(event.start_mark.line + 1, "a data file holds one YAML document; remove the second '---'")
                seen_document = True
            continue
        top = stack[-1] if stack else None
        if type(top) is dict:
            if keys[-1] is None:
                if not isinstance(value, str) or kind is not ScalarEvent:
                    if kind is ScalarEvent and value is not None:
                        value = str(event.value)
                    else:
                        raise YamlProblem(event.start_mark.line + 1, "a key must be plain text")
                if value in top or value in key_lines[-1]:
                    first = key_lines[-1][value]
                    raise YamlProblem(event.start_mark.line + 1, f"'{value}' appears twice in the same mapping (first on line {first}); keep one")
                keys[-1] = value
                key_lines[-1][value] = event.start_mark.line + 1
                continue
            top[keys[-1]] = value
            keys[-1] = None
        elif top is not None:
            top.append(value)
        else:
            root = value
        if kind is not ScalarEvent:
            stack.append(value)
            keys.append(None)
            key_lines.append({})
    return root


def _line_tree(text: str) -> Any:
    """The file's shape with line numbers: mappings as {key: (line, child)}, lists as [(line, child)]."""
    stack: list[Any] = []
    pending: list[Any] = []
    root: Any = None
    for event in _events(text):
        kind = type(event)
        if kind in (MappingEndEvent, SequenceEndEvent):
            stack.pop()
            pending.pop()
            continue
        if kind not in (ScalarEvent, MappingStartEvent, SequenceStartEvent):
            continue
        line = event.start_mark.line + 1
        node: Any = None if kind is ScalarEvent else ({} if kind is MappingStartEvent else [])
        top = stack[-1] if stack else None
        if isinstance(top, dict):
            if pending[-1] is None:
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
        line, node = _line_tree(text) or (1, None)
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


def format_loc(loc: Loc) -> str:
    """('actions', 3, 'rag') -> 'actions[3].rag'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(model: Any, loc: Loc) -> type[BaseModel] | None:
    """The model class reached by following `loc` from `model`, if any."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


MISSING = "is required but missing"

_PATTERNS = {
    r"^\d+\.\d+$": "a ref such as 2.1",
    r"^OD\d+$": "OD followed by a number, such as OD2",
    r"^[a-z0-9][a-z0-9-]*$": "lower-case letters, digits and hyphens",
}


def _length_limits(model: type[BaseModel], loc: Loc) -> tuple[int | None, int | None]:
    """The fewest and most items the list field at `loc` may hold, from the model."""
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(str(loc[-1])) if parent and loc else None
    low = high = None
    for rule in field.metadata if field else []:
        low = getattr(rule, "min_length", low)
        high = getattr(rule, "max_length", high)
    return low, high


def describe_error(error: dict[str, Any], model: type[BaseModel]) -> tuple[Loc, str]:
    """A pydantic error as (where, plain message)."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return loc, MISSING
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        # audience is on every mapping; listing it last keeps the fields that matter here in front.
        allowed = sorted(parent.model_fields, key=lambda f: f == "audience") if parent else []
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed fields: {', '.join(allowed)}" if allowed else "")
        return loc, f"'{name}' is not a known field{hint}"
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'\"") for o in re.split(r",|\bor\b", expected) if o.strip()]
        if given is None:
            return loc, f"has no value; write one of {', '.join(options)}"
        return loc, f"'{given}' is not one of {', '.join(options)}"
    if given is None and kind in ("string_type", "float_type", "int_type", "bool_type"):
        return loc, "has no value; fill it in, or remove the line if it is optional"
    if kind == "string_type":
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            return loc, f"expected text, got a number; put it in quotes: '{given}'"
        return loc, f"expected text, got {type_name(given)}"
    if kind == "list_type":
        return loc, f"expected a list (lines starting with '- '), got {type_name(given)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"expected a mapping (lines of 'key: value'), got {type_name(given)}"
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type", "int_from_float"):
        return loc, f"expected a number, got {type_name(given)}" + (f" '{given}'" if isinstance(given, str) else "")
    if kind in ("bool_parsing", "bool_type"):
        return loc, f"expected true or false, got '{given}'"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return loc, f"'{given}' is not {_PATTERNS.get(pattern, 'in the form ' + pattern)}"
    if kind in ("too_short", "too_long"):
        low, high = _length_limits(model, loc)
        count = ctx.get("actual_length")
        if low is not None and low == high:
            return loc, f"expected exactly {low} items, got {count}"
        if kind == "too_short":
            return loc, f"expected at least {low if low is not None else ctx.get('min_length')} items, got {count}"
        return loc, f"expected at most {high if high is not None else ctx.get('max_length')} items, got {count}"
    return loc, str(error["msg"])


def validate_file(path: Path, name: str, model: type[BaseModel]) -> BaseModel:
    """Load and validate one data file against its model."""
    data = read_yaml(path, name)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        text = decode(path.read_bytes(), name)
        raise ValidationFailed(located_problems(error, model, text, name)) from None


_NUMBER_ON_LINE = re.compile(r"^\s*(?:-\s+)?(?:[^:#]+:\s+)?(?P<number>[-+]?[0-9][0-9_.eE+-]*)\s*(?:#.*)?$")


def _as_written(described: tuple[Loc, str], item: dict[str, Any], text: str) -> tuple[Loc, str]:
    """Quote a number back as the file has it: 2.10 read as a number is 2.1, and '2.1' would change a ref."""
    loc, message = described
    given = item.get("input")
    if item["type"] != "string_type" or isinstance(given, bool) or not isinstance(given, (int, float)):
        return described
    lines = text.split("\n")
    line = locate(text, loc)
    match = _NUMBER_ON_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    return (loc, message.replace(f"'{given}'", f"'{match['number']}'")) if match else described


def located_problems(error: ValidationError, model: type[BaseModel], text: str, name: str, first_line: int = 1) -> list[Problem]:
    """A validation error's problems, each at its line of `text`, which starts at line `first_line` of the file."""
    items = error.errors(include_url=False)
    described = [_as_written(describe_error(item, model), item, text) for item in items]
    # A misspelt key also leaves its field missing; the did-you-mean says both, so say it once.
    suggested = {(loc[:-1], m.rsplit("'", 2)[-2]) for loc, m in described if m.endswith("?") and "did you mean" in m}
    return [
        Problem(name, locate(text, loc) + first_line - 1, format_loc(loc), message)
        for loc, message in described
        if not (message == MISSING and (loc[:-1], loc[-1]) in suggested)
    ]


def data_files(data_dir: Path) -> dict[str, tuple[Path, type[BaseModel]]]:
    """Every data file planpress reads, by its name relative to the project, with its model."""
    base = data_dir.parent
    files: dict[str, tuple[Path, type[BaseModel]]] = {}
    for rel, model in FILE_MODELS.items():
        path = data_dir / rel
        if path.exists() or rel != "contacts.yml":
            files[_rel(path, base)] = (path, model)
    for path in sorted((data_dir / "delivery").glob("od*.yml")):
        files[_rel(path, base)] = (path, DeliveryArea)
    for path in sorted((data_dir / "updates").glob("*.yml")):
        files[_rel(path, base)] = (path, RagUpdates)
    return files


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while plain data is read and validated.

    Loading a large plan makes hundreds of thousands of small objects and no reference cycles; the
    collector, run every few hundred allocations, would scan all of them again and again (about a
    third of the validation time at 2,800 actions). It is restored as it was, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project(data_dir: Path | str) -> Project:
    """Load and validate everything under data/, reporting every problem at once."""
    with collection_paused():
        return _load_project(Path(data_dir))


def _load_project(data_dir: Path) -> Project:
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    areas_complete = True
    for name, (path, model) in data_files(data_dir).items():
        try:
            if not path.exists():
                raise ValidationFailed([Problem(name, 0, "", "the file is missing")])
            loaded[name] = validate_file(path, name, model)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
            areas_complete = areas_complete and model is not DeliveryArea
    from .checks import check_project

    project, more = check_project(loaded, data_dir, areas_complete=areas_complete)
    problems.extend(more)
    if problems or project is None:
        raise ValidationFailed(problems)
    return project
