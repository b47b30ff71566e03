"""`planpress import-measures`: a KPI export's values added to data/measures.yml by editing its text.

The file is edited line by line rather than loaded and written out again, so that its comments,
its order and the way each value is written stay as they were: each new value is one line,
`- {period: Q2 2018/19, date: 2018-09-30, value: 455}`, put after the measure's last value (or
under a new `values:` key). The edited text is then read back and must hold exactly the old
values and the new ones; otherwise nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from macros.loading.kpi import KpiImport, KpiValue, read_kpi
from macros.loading.project import load_project
from macros.loading.tracker import ImportFailed
from macros.loading.yaml_reader import parse_yaml
from macros.model.models import Measures
from macros.model.problems import shown_path

MEASURES_FILE = Path("data") / "measures.yml"


def value_line(value: KpiValue) -> str:
    """One value as a one-line YAML flow mapping."""
    item: dict[str, Any] = {"period": value.period, "date": value.date, "value": int(value.value) if value.value.is_integer() else value.value}
    if value.note:
        item["note"] = " ".join(value.note.split())
    dumped = yaml.safe_dump([item], default_flow_style=True, allow_unicode=True, sort_keys=False, width=1_000_000).strip()
    return dumped[1:-1]  # {period: ..., ...}: the mapping, without the brackets of the list it was dumped in


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding any of the node's text."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        # A block scalar ends at the start of the line after it.
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if getattr(node, "flow_style", False):
        return node.end_mark.line
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            children += [key, child]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return max((_last_line(child) for child in children), default=node.start_mark.line)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def add_values(text: str, additions: dict[str, list[KpiValue]]) -> str:
    """`text` (measures.yml) with each measure's new values added after its last one, everything else as it was."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None, "add_values is given a measures file that has loaded"
    items = next(child for key, child in root.value if key.value == "items")
    lines = text.split("\n")
    # Edits are made from the end of the file backwards, so that earlier line numbers stay true.
    edits: list[tuple[int, int, list[str]]] = []
    for item in items.value:
        fields = {key.value: (key, child) for key, child in item.value}
        measure_id = fields["id"][1].value
        new = additions.get(measure_id)
        if not new:
            continue
        key_indent = " " * fields["id"][0].start_mark.column
        written = [value_line(v) for v in new]
        if "values" not in fields:
            after = _last_line(item) + 1
            edits.append((after, after, [f"{key_indent}values:", *(f"{key_indent}  - {w}" for w in written)]))
            continue
        key, values = fields["values"]
        if isinstance(values, yaml.SequenceNode) and not values.flow_style and values.value:
            dash = _indent(lines[values.value[0].start_mark.line])
            after = _last_line(values) + 1
            edits.append((after, after, [f"{dash}- {w}" for w in written]))
            continue
        # `values: []` or a list written in brackets: the whole list is written out again, one value a line.
        old = [text[child.start_mark.index : child.end_mark.index] for child in getattr(values, "value", None) or []]
        first, last = key.start_mark.line, _last_line(values)
        block = [f"{key_indent}values:", *(f"{key_indent}  - {item_text}" for item_text in old), *(f"{key_indent}  - {w}" for w in written)]
        edits.append((first, last + 1, block))
    for start, stop, new_lines in sorted(edits, reverse=True):
        lines[start:stop] = new_lines
    return "\n".join(lines)


def import_measures(root: Path, source: Path) -> tuple[int, int]:
    """Add a KPI export's values to data/measures.yml; (values added, rows already there). ImportFailed, and nothing written, on any bad row."""
    project = load_project(root / "data")
    shown = shown_path(source.resolve(), root)
    found: KpiImport = read_kpi(source.read_bytes(), shown, project.measures)
    if not found.values:
        return 0, found.already
    path = root / MEASURES_FILE
    text = path.read_text("utf-8")
    additions: dict[str, list[KpiValue]] = {}
    for value in found.values:
        additions.setdefault(value.measure, []).append(value)
    edited = add_values(text, additions)
    _check_edit(project.measures, edited, additions)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".measures-", suffix=".yml", delete=False, newline="") as handle:
        handle.write(edited)
    os.replace(handle.name, path)
    return len(found.values), found.already


def _check_edit(before: Measures, edited: str, additions: dict[str, list[KpiValue]]) -> None:
    """Refuse an edit that does not hold exactly the old values and the new ones."""
    try:
        after = Measures.model_validate(parse_yaml(edited))
    except Exception as error:  # any failure to read back means the edit went wrong; nothing is written
        raise ImportFailed([f"data/measures.yml could not be edited safely ({type(error).__name__}); add the values by hand"]) from None
    expected = {
        m.id: [(v.date, v.value, v.period) for v in m.values] + [(n.date, n.value, n.period) for n in additions.get(m.id, [])] for m in before.items
    }
    got = {m.id: [(v.date, v.value, v.period) for v in m.values] for m in after.items}
    if expected != got or [m.id for m in before.items] != [m.id for m in after.items]:
        raise ImportFailed(["data/measures.yml could not be edited safely: its layout is not one planpress can add to; add the values by hand"])
