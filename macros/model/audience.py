"""Audiences: remove intranet-only items before anything is rendered for the public."""

from __future__ import annotations

import typing
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from macros.model.models import INTRANET_FIELD, Model

PUBLIC: Final = "public"
INTRANET: Final = "intranet"
EDITIONS = (PUBLIC, INTRANET)

T = TypeVar("T", bound=BaseModel)


def visible(item: Any, edition: str) -> bool:
    """Whether an item may appear in the given edition."""
    return edition == INTRANET or getattr(item, "audience", PUBLIC) == PUBLIC


def filter_for(model: T, edition: str) -> T:
    """A copy of `model` holding only what `edition` may show, at every depth."""
    if edition == INTRANET:
        return model
    return _filter(model)


def _intranet_field(field: Any) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and all(extra.get(k) == v for k, v in INTRANET_FIELD.items())


def _filter(model: T) -> T:
    changes: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is not None and _intranet_field(field):
            # An internal note: the mapping is public, this one field is not.
            changes[name] = None
            continue
        new = _filter_value(value)
        if new is _DROP:
            if _optional(field.annotation):
                changes[name] = None
            else:
                raise ValueError(f"{type(model).__name__}.{name} is required and cannot be intranet-only")
        elif new is not value:
            changes[name] = new
    return model.model_copy(update=changes) if changes else model


_DROP = object()


def _filter_value(value: Any) -> Any:
    if isinstance(value, Model):
        if value.audience != PUBLIC:
            return _DROP
        return _filter(value)
    if isinstance(value, BaseModel):
        return _filter(value)
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        kept = []
        changed = False
        for item in value:
            new = _filter_value(item)
            if new is _DROP:
                changed = True
                continue
            changed = changed or new is not item
            kept.append(new)
        return kept if changed else value
    return value


def _optional(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)
