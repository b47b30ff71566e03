"""Data Markdown to HTML: the shortcut for plain sentences gives exactly what the full parser gives."""

from __future__ import annotations

import random

import pytest
import yaml
from helpers import NORFOLK

from macros.views.markup import (
    _PLAIN_SENTENCE,
    convert_markdown,
    render_inline,
    render_markdown,
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


NORFOLK = sorted({s for path in sorted((NORFOLK / "data").rglob("*.yml")) for s in _strings(yaml.safe_load(path.read_text("utf-8")))})

EDGE_CASES = [
    "Plain sentence.",
    "Children's services (EH) review: 50% done; next/then?",
    "Quarterly review – on track’s way",
    "1. A list item",
    "2018. A year then a full stop",
    "1) Not a list in Python-Markdown",
    "- A bullet",
    "# A heading",
    "Text with **bold**",
    "Text with <b>raw HTML</b>",
    "Fish & chips",
    "A line\nand another",
    "Ends with two spaces  ",
    "    Indented like code",
    "Trailing newline\n",
    "\nLeading newline",
    "Word_with_underscores",
    "A [link](https://example.org)",
    "Back`tick",
    "Tabs\tinside",
    "Quote \"marks\" inside",
    "x" * 500,
    "Some **strong** words",
    "**Strong** at the start",
    "Ends **strong**",
    "Ends **strong**.",
    "Two **strong** and **bold** words",
    "Intra**word**strong",
    "Unclosed **strong",
    "Spaced ** not strong **",
    "Single *emphasis* stays with the parser",
    "A **strong phrase, with commas** inside",
]


def _fuzz(count: int) -> list[str]:
    """Short strings of the characters the shortcut cares about, to compare both paths on."""
    rng = random.Random(8)
    parts = ["a", "B", "1", " ", "*", "**", ".", ",", "-", "'", ":", "(", ")", "x y", "#", "_", "&"]
    words = ["a", "Bc", "**de**", "**f g**", "*h*", "**", "x.", "y,", "2", "**3**"]
    found = {"".join(rng.choice(parts) for _ in range(rng.randint(1, 10))) for _ in range(count)}
    found |= {rng.choice(["", " "]).join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(count)}
    found |= {" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(count)}
    return sorted(found)


FUZZ = _fuzz(4000)


@pytest.mark.parametrize("text", EDGE_CASES + NORFOLK)
def test_shortcut_matches_the_parser(text: str) -> None:
    assert str(render_markdown(text)) == str(convert_markdown(text))


def test_shortcut_matches_the_parser_on_many_strings() -> None:
    differ = [t for t in FUZZ if str(render_markdown(t)) != str(convert_markdown(t))]
    assert not differ
    assert sum(bool(_PLAIN_SENTENCE.fullmatch(t)) for t in FUZZ) > 100
    assert any("**" in t and _PLAIN_SENTENCE.fullmatch(t) for t in FUZZ)


def test_shortcut_is_taken_for_plain_sentences_and_not_for_markup() -> None:
    # Without this, the comparison above could pass with the shortcut never used.
    taken = [t for t in EDGE_CASES if _PLAIN_SENTENCE.fullmatch(t.strip("\n"))]
    assert "Plain sentence." in taken
    assert {"Some **strong** words", "Ends **strong**.", "Two **strong** and **bold** words"} <= set(taken)
    assert "Children's services (EH) review: 50% done; next/then?" in taken
    assert not {"1. A list item", "Intra**word**strong", "Text with <b>raw HTML</b>", "Fish & chips", "# A heading"} & set(taken)
    assert sum(bool(_PLAIN_SENTENCE.fullmatch(t.strip("\n"))) for t in NORFOLK) > 20


def test_raw_html_is_shown_as_text_on_both_paths() -> None:
    assert "<b>" not in str(render_inline("Text with <b>raw HTML</b>"))
    assert "&lt;b&gt;" in str(render_inline("Text with <b>raw HTML</b>"))
