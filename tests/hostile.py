"""Hostile data: the project's data with script-injection payloads planted in every free-text field.

The models are walked together with each file's YAML, so that every string field a person types
gets a payload, and fields whose values are codes (refs, ids, statuses, dates, audiences, kinds)
keep valid values and the data still loads.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from macros.loading.project import data_files
from macros.loading.yaml_reader import parse_yaml

PAYLOADS = (
    '<script>alert("pp-xss")</script>',
    '<img src=x onerror=alert("pp-xss")>',
    '[a javascript link](javascript:alert("pp-xss"))',
    '"><svg onload=alert("pp-xss")>',
    "{{ 191*343 }}",
)
"""One of each kind of attack: a script element, an event handler, a javascript: link, an
attribute break-out and a Jinja expression (whose result, 65513, must never appear: no marker
number or heading anchor made from the text can spell it)."""

EVALUATED = "65513"
VISIBLE = (PAYLOADS[0], PAYLOADS[1], PAYLOADS[3], PAYLOADS[4])
"""Payloads that a reader sees as text, character for character, wherever the field is shown."""

REFERENCES = {"action"}
"""String fields that name something else in the data: changing them would only break the link."""

SHORT_FIELDS = {"short_name": '"><svg onload=1>'}
"""Fields with a length limit (a short name is 20 characters at most), and an attack that fits in it."""


FORMULA = "=HYPERLINK(\"http://evil.example/\",\"pp-csv\") "
"""Starts every third field: a spreadsheet opening an export would run a cell that starts with '='."""


def payload(number: int) -> str:
    """The text planted in field number `number`: a marker to find it by, then every payload."""
    return ("" if number % 3 else FORMULA) + f"pp{number} " + " ".join(PAYLOADS)


def _constrained(annotation: Any, metadata: list[Any] | None) -> bool:
    """Whether a field's value must match a pattern (a ref, an id), at the field or inside its type."""
    rules = list(metadata or [])
    stack = [annotation]
    while stack:
        current = stack.pop()
        if typing.get_origin(current) is typing.Annotated:
            rules.extend(typing.get_args(current)[1:])
            stack.append(typing.get_args(current)[0])
        elif typing.get_origin(current) in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(current))
    return any(getattr(rule, "pattern", None) or any(getattr(m, "pattern", None) for m in getattr(rule, "metadata", [])) for rule in rules)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


class Planter:
    """Replaces every free-text string of a data file's YAML with a numbered payload."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return payload(self.count)

    def plant(self, value: Any, annotation: Any, metadata: list[Any] | None = None) -> Any:
        """`value` (plain YAML data of type `annotation`) with payloads in its free-text strings."""
        kind = _unwrap(annotation)
        if value is None:
            return None
        if kind is str:
            return value if _constrained(annotation, metadata) else self.next()
        if typing.get_origin(kind) is list:
            (item,) = typing.get_args(kind)
            return [self.plant(v, item) for v in value]
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if isinstance(value, str):
                # A list item written as plain text stands for {text: ...}.
                return self.next() if "text" in kind.model_fields else value
            planted = {}
            for key, child in value.items():
                field = kind.model_fields.get(key)
                if field is None or key in REFERENCES:
                    planted[key] = child
                elif key in SHORT_FIELDS:
                    planted[key] = SHORT_FIELDS[key]
                else:
                    planted[key] = self.plant(child, field.annotation, field.metadata)
            return planted
        return value


NEWSLETTER = "newsletters/2018-10-24-hostile.md"
NEWSLETTER_TITLE = "Q&A on \"plans\" & 'people'"
"""A newsletter's title is plain text (markup and macro markers are refused), so it carries what is left: & and quotes."""


def plant_newsletter(project: Path, planter: Planter) -> None:
    """An issue with a payload in its summary, and raw HTML payloads and a javascript: link in its body.

    A newsletter's body may call macros, so the Jinja payload goes in its summary only.
    """
    body = "\n\n".join(
        [
            "Our news.",
            PAYLOADS[0],
            f"A picture: {PAYLOADS[1]}",
            f"And {PAYLOADS[2]}, and <a href=\"javascript:alert('pp-xss')\">a raw one</a>.",
            f"Broken out {PAYLOADS[3]} of nothing.",
            '<div onclick="alert(\'pp-xss\')" style="background:url(javascript:alert(1))">clickable</div>',
            "{{ rag_summary() }}",
        ]
    )
    front = {"title": NEWSLETTER_TITLE, "date": "2018-10-24", "summary": planter.next()}
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + body + "\n"
    (project / NEWSLETTER).write_text(text, encoding="utf-8")


def plant_payloads(project: Path) -> int:
    """Plant payloads in every free-text field of `project`'s data, and a hostile RAG update per action; return how many."""
    from macros.loading.project import load_project

    planter = Planter()
    for path, model in data_files(project / "data").values():
        if not path.exists():
            continue
        raw = parse_yaml(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(planter.plant(raw, model), allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    refs = [a.ref for area in load_project(project / "data").areas for a in area.actions]
    july, october = [], []
    for i, ref in enumerate(refs):
        july.append({"action": ref, "date": "2018-07-25", "status": "amber", "note": planter.next(), "internal_note": planter.next()})
        october.append(
            {
                "action": ref,
                "status": "green",
                "note": planter.next(),
                "forecast": "2019-06-30",
                "reason": planter.next(),
                **({"audience": "intranet"} if i % 2 else {}),
            }
        )
    # One file per meeting: the October file's date is given once, as a meeting's file gives it.
    for day, updates in (("2018-07-25", {"updates": july}), ("2018-10-24", {"date": "2018-10-24", "updates": october})):
        (project / "data" / "updates" / f"{day}.yml").write_text(yaml.safe_dump(updates, sort_keys=False, width=1000), encoding="utf-8")
    plant_newsletter(project, planter)
    return planter.count
