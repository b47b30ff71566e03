"""YAML in, validated models out, with every problem located by file and line."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.events import (
    AliasEvent,
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
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")


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
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, _syntax_message(error, text, mark)) from None


def _syntax_message(error: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = error.problem or "is not valid YAML"
    lines = text.split("\n")
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "YAML syntax: a tab character is used; indent with spaces, not tabs"
    parts = [error.context, problem]
    message = "; ".join(p for p in parts if p)
    hints = {
        "found unexpected end of stream": " (is a quote left open?)",
        "mapping values are not allowed here": " (check the indentation, or put text containing ': ' in quotes)",
        "did not find expected key": " (check the indentation of this line and the one above)",
        "did not find expected '-' indicator": " (check the indentation of this list)",
    }
    for key, hint in hints.items():
        if key in message:
            message += hint
            break
    return f"YAML syntax: {message}"


def parse_yaml(text: str) -> Any:
    """Turn YAML text into plain values, refusing anchors, aliases, tags and duplicate keys."""
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
                raise YamlProblem(event.start_mark.line + 1, f"YAML tags such as {event.tag} are not allowed in plan data")
            value: Any = _plain(event.value) if event.implicit[0] and not event.style else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise YamlProblem(event.start_mark.line + 1, f"YAML tags such as {event.tag} are not allowed in plan data")
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
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise ValidationFailed([Problem(name, 1, "", "the file is empty; it should hold the YAML for this part of the plan")])
    try:
        return parse_yaml(text)
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line, "", problem.message)]) from None


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8, refusing a byte order mark or other encodings with a message that says how to fix it."""
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
        allowed = [f for f in parent.model_fields] if parent else []
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed fields: {', '.join(allowed)}" if allowed else "")
        return loc, f"'{name}' is not a known field{hint}"
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'\"") for o in re.split(r",|\bor\b", expected) if o.strip()]
        return loc, f"'{given}' is not one of {', '.join(options)}"
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
        low, high = ctx.get("min_length"), ctx.get("max_length")
        count = ctx.get("actual_length")
        if low is not None and low == high:
            return loc, f"expected exactly {low} items, got {count}"
        return loc, str(error["msg"]).replace("List", "the list")
    return loc, str(error["msg"])


def validate_file(path: Path, name: str, model: type[BaseModel]) -> BaseModel:
    """Load and validate one data file against its model."""
    data = read_yaml(path, name)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        text = decode(path.read_bytes(), name)
        raise ValidationFailed(located_problems(error, model, text, name)) from None


def located_problems(error: ValidationError, model: type[BaseModel], text: str, name: str, first_line: int = 1) -> list[Problem]:
    """A validation error's problems, each at its line of `text`, which starts at line `first_line` of the file."""
    described = [describe_error(item, model) for item in error.errors(include_url=False)]
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


def load_project(data_dir: Path | str) -> Project:
    """Load and validate everything under data/, reporting every problem at once."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, (path, model) in data_files(data_dir).items():
        if not path.exists():
            problems.append(Problem(name, 0, "", "the file is missing"))
            continue
        try:
            loaded[name] = validate_file(path, name, model)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    from .checks import check_project

    project, more = check_project(loaded, data_dir)
    if more:
        raise ValidationFailed(more)
    return project
