"""Read the plan's source text, list the fragments of it that the data and the site must contain, and check a data folder holds them.

The plan text (tests/fixtures/plan.txt) is the plan as extracted from its original document: headings
and paragraphs one to a line, table rows as tab-separated cells, and table cells holding HTML
fragments (<p>, <ul style=...>, <li>, <u>, <i>) with "•" bullets. A *fragment* is a run of text
between layout boundaries. Every fragment must appear, after normalise(), somewhere in the
normalised text of the data files (tests/unit/test_norfolk_data.py) and of the built site.

How the text is cut into fragments:

- the "CONTENTS<tab>Page" line is dropped, and so are the page numbers after the contents lines;
- lines are split on tabs (table cells);
- block HTML tags (<p>, </p>, <ul ...>, </ul>, <ol ...>, </ol>, <li>, </li>) and the "•" bullet are
  separators;
- Markdown list markers at the start of a line ("- ", "1. ") are dropped: they are layout, and an
  HTML list shows them as bullets or numbers, not as text;
- inline tags (<u>, <i>, <b>, <strong>, <em> and their closing tags) and Markdown "**" markers are
  removed, keeping the text inside them;
- each fragment is normalised (see normalise());
- empty fragments, pure numbers (page numbers, action references such as "2.12") and rows of
  dashes (the plan's empty closing table row) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = ["DATA_CHECKS", "PLAN_TEXT", "normalise", "plan_fragments"]

PLAN_TEXT = Path(__file__).resolve().parent / "fixtures" / "plan.txt"

_CONTENTS_HEADER = re.compile(r"^\s*CONTENTS\tPage\s*$")
_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li)\b[^>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:u|i|b|strong|em)>", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_PURE_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_DASHES = re.compile(r"^-+$")
_WHITESPACE = re.compile(r"\s+")

_REPLACEMENTS = {
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote / apostrophe
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',  # left double quote
    "\u201d": '"',  # right double quote
    "\u201e": '"',
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u00a0": " ",  # non-breaking space
    "\u202f": " ",  # narrow non-breaking space
    "\u2007": " ",  # figure space
}
_TRANSLATE = str.maketrans(_REPLACEMENTS)


def normalise(text: str) -> str:
    """Normalise text for comparison: straight quotes, '-' for dashes, single spaces, stripped."""
    return _WHITESPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def _is_contents_line(line: str, in_contents: bool) -> bool:
    return in_contents and "\t" in line


def plan_fragments(path: str | Path) -> list[str]:
    """Return, in reading order, every normalised fragment of the plan text at *path*."""
    fragments: list[str] = []
    in_contents = False
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if _CONTENTS_HEADER.match(raw):
            in_contents = True
            continue
        if in_contents and not raw.strip():
            in_contents = False
        cells = raw.split("\t")
        if _is_contents_line(raw, in_contents) and _PURE_NUMBER.match(cells[-1].strip()):
            cells = cells[:-1]  # the contents line's page number
        for cell in cells:
            cell = _LIST_MARKER.sub("", cell)
            for piece in _BLOCK_TAG.split(cell):
                for part in piece.split("\u2022"):
                    part = _INLINE_TAG.sub("", part).replace("**", "")
                    part = normalise(part)
                    if not part or _PURE_NUMBER.match(part) or _DASHES.match(part):
                        continue
                    fragments.append(part)
    return fragments


# The plan's text in a data folder: what any faithful data/ holds, whatever has been added to it since.

ALLOWED_MISSING: dict[str, str] = {}
"""Fragments of the plan that are layout rather than text, each with the reason it is not in the data."""

NON_TEXT_KEYS = {"audience", "kind", "status", "id", "language", "date", "end", "ordered", "page", "values", "unit", "target", "better"}
"""Keys whose values are codes, settings or recorded figures (a measure's values), not the plan's text."""

SITE_TEXT_FILES = {"about.yml", "contacts.yml"}
"""Files that hold the site's own text rather than the plan's."""

NOT_FROM_PLAN = {
    ("plan.yml", "Norfolk Safeguarding Children Board"): "partnership name; the plan writes it only in capitals",
    ("plan.yml", "Norfolk SofS plan"): "the site's short name for a phone's header; SofS is the plan's own abbreviation",
}
"""Plan-file values that are not the plan's words: (file, value) and the reason."""


def plan_files(data: Path) -> list[str]:
    """The data files that hold the plan (everything but the RAG updates), relative to `data`."""
    return sorted(p.relative_to(data).as_posix() for p in data.rglob("*.yml") if "updates" not in p.relative_to(data).parts)


def _load(data: Path, relative: str) -> Any:
    return yaml.safe_load((data / relative).read_text("utf-8"))


def texts(value: Any, key: str | None = None, *, public_only: bool = False) -> Iterator[str]:
    """The text of a data file, in order, skipping codes and settings (and intranet-only items, if asked)."""
    if key in NON_TEXT_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if public_only and value.get("audience") == "intranet":
            return
        if key == "signed_by":  # a signature reads "Name, Role"
            yield f"{value.get('name', '')}, {value.get('role', '')}"
            return
        for child_key, child in value.items():
            yield from texts(child, child_key, public_only=public_only)
    elif isinstance(value, list):
        for child in value:
            yield from texts(child, key, public_only=public_only)


def plain(markdown: str) -> str:
    """Markdown to the words a reader sees: no emphasis markers, list markers or line breaks."""
    text = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+\.)[ \t]+", "", markdown)
    text = text.replace("**", "").replace("*", "")
    return normalise(text)


def data_text(data: Path) -> str:
    """Every text of the plan's data files, as a reader sees it, in one string."""
    return " ".join(plain(text) for relative in plan_files(data) for text in texts(_load(data, relative)))


def missing_fragments(data: Path) -> list[str]:
    """Every fragment of the plan that the data does not hold."""
    text = data_text(data)
    return [f"{fragment!r} is not in {data.name}/" for fragment in plan_fragments(PLAN_TEXT) if fragment not in text and fragment not in ALLOWED_MISSING]


def milestone_problems(data: Path) -> list[str]:
    """Each action of the plan is in the data, in the plan's order, and its milestones' texts hold its 'By when' cell."""
    rows = {}
    for line in PLAN_TEXT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and re.fullmatch(r"\d+\.\d+", cells[0]):
            rows[cells[0]] = normalise(cells[2])
    actions = {}
    for relative in plan_files(data):
        if relative.startswith("delivery/od"):
            for action in _load(data, relative).get("actions") or []:
                actions[str(action["ref"])] = action
    problems = []
    in_data = [ref for ref in actions if ref in rows]
    if in_data != [ref for ref in rows if ref in actions]:
        problems.append(f"the plan's actions are in another order: {in_data}")
    problems += [f"action {ref} of the plan is not in {data.name}/delivery/" for ref in rows if ref not in actions]
    for ref, cell in rows.items():
        if ref in actions:
            when = normalise(" ".join(str(m["text"]) if isinstance(m, dict) else str(m) for m in actions[ref].get("by_when") or []))
            if cell not in when:
                problems.append(f"action {ref}: its milestones read {when!r}, not the plan's {cell!r}")
    return problems


def added_words(data: Path) -> list[str]:
    """Text in the plan's public items that is not the plan's own (intranet-only notes and recorded values may be added)."""
    plan = " ".join(plan_fragments(PLAN_TEXT))
    added = []
    for relative in plan_files(data):
        if relative in SITE_TEXT_FILES:
            continue
        for text in texts(_load(data, relative), public_only=True):
            for part in re.split(r"\n\s*\n|\n(?=- )", text):
                words = plain(part)
                if not words or re.fullmatch(r"\d+\.\d+", words) or (relative, words) in NOT_FROM_PLAN:
                    continue
                if words not in plan:
                    added.append(f"{data.name}/{relative}: {words!r} is not the plan's text")
    return added


DATA_CHECKS: dict[str, Callable[[Path], list[str]]] = {
    "every fragment of the plan is in the data": missing_fragments,
    "every action of the plan has the plan's milestones": milestone_problems,
    "the plan's files add no words to the plan": added_words,
}
"""The plan's text in a data folder, checked on the repository's data/ and on a copy with a quarter added."""


if __name__ == "__main__":  # pragma: no cover - a quick look at the fragments
    import sys

    for fragment in plan_fragments(sys.argv[1] if len(sys.argv) > 1 else PLAN_TEXT):
        print(fragment)
