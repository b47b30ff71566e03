"""Reading built PDFs back with pypdf: each page's text, the body text without the running header and footer, bookmarks, fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from plan_text import normalise
from pypdf import PdfReader

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Normalised text without any whitespace.

    A PDF's text has no spaces of its own, only glyphs at places: where a line breaks after a hyphen or a
    slash ("decision-" / "making"), or inside a word too long for its column, reading it back puts a
    line break that the text never had, and a line that breaks at a space loses the space. Comparing
    without whitespace still compares every character, in order.
    """
    return _WHITESPACE.sub("", normalise(text))


@lru_cache(maxsize=64)
def _read(path: Path, stamp: int) -> tuple[PdfReader, tuple[str, ...]]:
    reader = PdfReader(path)
    return reader, tuple(page.extract_text() or "" for page in reader.pages)


def reader(path: Path) -> PdfReader:
    """The PDF at `path`, read once per test run (re-read if the file changed)."""
    return _read(path, path.stat().st_mtime_ns)[0]


def page_texts(path: Path) -> tuple[str, ...]:
    """Each page's text, in page order."""
    return _read(path, path.stat().st_mtime_ns)[1]


def margin_texts(short_title: str, number: int, pages: int, internal: bool) -> list[str]:
    """What the margin boxes of page `number` of `pages` say: the running header, the edition, the page number."""
    return [short_title, *(["Internal edition"] if internal else []), f"Page {number} of {pages}"]


def body_text(path: Path, short_title: str, internal: bool, first: int = 2) -> str:
    """The document's text with the margin boxes of each page from `first` on taken out, pages joined by a space.

    WeasyPrint draws the margin boxes after the page's content, so each is the last occurrence of its words on its page.
    """
    texts = page_texts(path)
    kept = []
    for number, text in enumerate(texts, start=1):
        if number >= first:
            for words in margin_texts(short_title, number, len(texts), internal):
                at = text.rfind(words)
                assert at >= 0, f"{path.name} page {number} does not show '{words}'"
                text = text[:at] + " " + text[at + len(words) :]
        elif internal:
            at = text.rfind("Internal edition")
            assert at >= 0, f"{path.name} page {number} is not marked 'Internal edition'"
            text = text[:at] + " " + text[at + len("Internal edition") :]
        kept.append(text)
    return " ".join(kept)


@dataclass(frozen=True)
class Bookmark:
    """One entry of the PDF's outline."""

    title: str
    level: int
    page: int
    """1-based."""


def bookmarks(path: Path) -> list[Bookmark]:
    """The outline, flattened in reading order."""
    pdf = reader(path)
    found: list[Bookmark] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append(Bookmark(item.title, level, pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline, 1)
    return found


def destination_pages(path: Path) -> dict[str, int]:
    """Each named destination (an id of the printed HTML) and its 1-based page."""
    pdf = reader(path)
    return {name: pdf.get_destination_page_number(dest) + 1 for name, dest in pdf.named_destinations.items()}


def fonts(path: Path) -> dict[str, bool]:
    """Every font the pages use, by its PDF name: whether its font program is embedded in the file."""
    pdf = reader(path)
    found: dict[str, bool] = {}
    for page in pdf.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object().values() if font_dict else ()):
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor is not None and any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found
