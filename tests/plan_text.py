"""Read the plan's source text and list the fragments of it that the data and the site must contain.

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
from pathlib import Path

__all__ = ["normalise", "plan_fragments"]

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


if __name__ == "__main__":  # pragma: no cover - a quick look at the fragments
    import sys

    default = Path(__file__).resolve().parent / "fixtures" / "plan.txt"
    for fragment in plan_fragments(sys.argv[1] if len(sys.argv) > 1 else default):
        print(fragment)
