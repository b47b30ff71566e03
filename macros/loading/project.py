"""The data files validated against their models, every problem located by file and line."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from macros.loading.yaml_reader import Loc, collection_paused, decode, locate, read_yaml
from macros.model.models import (
    EMAIL_PATTERN,
    FILE_MODELS,
    PHONE_PATTERN,
    DeliveryArea,
    Project,
    RagUpdates,
    type_name,
)
from macros.model.problems import Problem, ValidationFailed


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
    EMAIL_PATTERN: "an email address, such as accessibility@example.org",
    PHONE_PATTERN: "a phone number of digits and spaces, such as 01632 960000",
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


def describe_error(error: ErrorDetails, model: type[BaseModel]) -> tuple[Loc, str]:
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


def _as_written(described: tuple[Loc, str], item: ErrorDetails, text: str) -> tuple[Loc, str]:
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


def load_project(data_dir: Path | str) -> Project:
    """Load and validate everything under data/, reporting every problem at once."""
    with collection_paused():
        return _load_project(Path(data_dir))


def load_project_with_notes(data_dir: Path | str) -> tuple[Project, list[Problem]]:
    """load_project, and what `planpress check` points out without refusing (see checks.update_notes)."""
    notes: list[Problem] = []
    with collection_paused():
        return _load_project(Path(data_dir), notes), notes


def _load_project(data_dir: Path, notes: list[Problem] | None = None) -> Project:
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
    from macros.loading.checks import check_project

    project, more = check_project(loaded, data_dir, areas_complete=areas_complete)
    problems.extend(more)
    if problems or project is None:
        raise ValidationFailed(problems)
    if notes is not None:
        from macros.loading.checks import update_notes

        notes.extend(update_notes(loaded, project, data_dir))
    return project
