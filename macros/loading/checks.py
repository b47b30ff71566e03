"""Checks across files: unique refs and codes, updates that name real actions."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.loading.yaml_reader import decode, locate
from macros.model.models import DeliveryArea, Project, RagUpdates
from macros.model.problems import Problem

REQUIRED = (
    "data/plan.yml",
    "data/principles.yml",
    "data/vision.yml",
    "data/priorities.yml",
    "data/measures.yml",
    "data/delivery/part-b.yml",
    "data/communications.yml",
    "data/about.yml",
)
"""The files a Project cannot be made without."""


class _Lines:
    """Finds lines in files on demand, reading each file once."""

    def __init__(self, data_dir: Path) -> None:
        self.base = data_dir.parent
        self.texts: dict[str, str] = {}

    def __call__(self, name: str, loc: tuple[Any, ...]) -> int:
        if name not in self.texts:
            self.texts[name] = decode((self.base / name).read_bytes(), name)
        return locate(self.texts[name], loc)


def check_project(loaded: dict[str, BaseModel], data_dir: Path, *, areas_complete: bool = True) -> tuple[Project | None, list[Problem]]:
    """Put the files together as one Project, with the problems no single file shows.

    When some files did not load, the checks still run on those that did, so that every problem is
    reported in one go; `areas_complete` says whether every delivery area loaded, without which an
    update's action cannot be said to be missing. No Project is made unless everything loaded.
    """
    line = _Lines(data_dir)
    problems: list[Problem] = []
    areas = [(name, m) for name, m in loaded.items() if isinstance(m, DeliveryArea)]
    update_files = [(name, m) for name, m in loaded.items() if isinstance(m, RagUpdates)]

    codes: dict[str, str] = {}
    refs: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for name, area in areas:
        if area.code in codes:
            first = codes[area.code]
            problems.append(Problem(name, line(name, ("code",)), "code", f"duplicate code '{area.code}'; first used at {first}:{line(first, ('code',))}"))
        codes.setdefault(area.code, name)
        number = area.code[2:]
        for i, action in enumerate(area.actions):
            loc = ("actions", i, "ref")
            if action.ref in refs:
                first, first_loc = refs[action.ref]
                where = f"{first}:{line(first, first_loc)}"
                problems.append(Problem(name, line(name, loc), f"actions[{i}].ref", f"duplicate ref '{action.ref}'; first used at {where}"))
                continue
            refs[action.ref] = (name, loc)
            if action.ref.split(".")[0] != number:
                problems.append(
                    Problem(name, line(name, loc), f"actions[{i}].ref", f"ref '{action.ref}' is in {area.code}; its refs start with '{number}.'")
                )

    seen: dict[tuple[str, Any], tuple[str, int]] = {}
    for name, batch in update_files:
        for i, update in enumerate(batch.updates):
            if update.action not in refs and areas_complete:
                close = difflib.get_close_matches(update.action, list(refs), n=1, cutoff=0.75)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(
                    Problem(name, line(name, ("updates", i, "action")), f"updates[{i}].action", f"no action has ref '{update.action}'{hint}")
                )
            key = (update.action, update.date)
            if key in seen:
                first, first_i = seen[key]
                where = f"{first}:{line(first, ('updates', first_i, 'date'))}"
                problems.append(
                    Problem(
                        name,
                        line(name, ("updates", i, "date")),
                        f"updates[{i}].date",
                        f"action {update.action} already has an update dated {update.date.isoformat()} at {where}; one update per action per date",
                    )
                )
            else:
                seen[key] = (name, i)

    measures = loaded.get("data/measures.yml")
    if measures is not None:
        ids: set[str] = set()
        for i, measure in enumerate(measures.items):  # type: ignore[attr-defined]
            if measure.id in ids:
                problems.append(Problem("data/measures.yml", line("data/measures.yml", ("items", i, "id")), f"items[{i}].id", f"duplicate id '{measure.id}'"))
            ids.add(measure.id)
            dates: dict[Any, int] = {}
            for j, value in enumerate(measure.values):
                # Two readings on one date would make the trend line double back on itself.
                if value.date in dates:
                    where = f"items[{i}].values[{j}].date"
                    first_line = line("data/measures.yml", ("items", i, "values", dates[value.date], "date"))
                    message = f"'{measure.id}' already has a value dated {value.date.isoformat()} on line {first_line}; one value per date"
                    problems.append(Problem("data/measures.yml", line("data/measures.yml", ("items", i, "values", j, "date")), where, message))
                dates.setdefault(value.date, j)

    if problems or not areas_complete or any(name not in loaded for name in REQUIRED):
        return None, problems
    project = Project(
        plan=loaded["data/plan.yml"],
        principles=loaded["data/principles.yml"],
        vision=loaded["data/vision.yml"],
        part_a=loaded["data/priorities.yml"],
        measures=loaded["data/measures.yml"],
        part_b=loaded["data/delivery/part-b.yml"],
        areas=sorted((m for _, m in areas), key=lambda a: int(a.code[2:])),
        communications=loaded["data/communications.yml"],
        about=loaded["data/about.yml"],
        contacts=loaded.get("data/contacts.yml"),
        updates=[u for _, batch in update_files for u in batch.updates],
    )
    return project, problems

