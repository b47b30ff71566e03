"""Word drafts: a .docx read as Markdown (by way of mammoth's HTML and markdownify), split at its headings, with its images.

What comes through: headings, paragraphs, bulleted and numbered lists (nested too), links to web and mail
addresses, bold and italic, tables (kept as HTML, as Markdown here has no tables), and images with the alt
text written in Word. A document with tracked changes or comments is refused, as is an image that browsers
cannot show (a Windows metafile, say). Nothing is written here: the caller saves the images and the draft.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import mammoth
from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVISION_TAGS = {"ins", "del", "moveFrom", "moveTo"}
"""Tracked insertions, deletions and moves of text."""
COMMENT_TAGS = {"comment", "commentRangeStart", "commentReference"}
"""A comment, in comments.xml, and where it is anchored in the text."""

STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
"""Word's Title style is a heading too: the document's first heading is the issue's title."""

IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg", "image/webp": ".webp"}
"""The images browsers show, and the file extension each is saved with."""

LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Links that still lead somewhere from the website; others (bookmarks, footnotes, files) keep only their text."""


class DocxRefused(ValueError):
    """A Word document that cannot be imported as it is; the message says what to do in Word."""


@dataclass(frozen=True)
class DocxImage:
    """An image of the document: the file name it is saved as, its bytes and its alt text (empty when Word has none)."""

    name: str
    data: bytes
    alt: str


@dataclass(frozen=True)
class DocxPart:
    """One heading of the document and the Markdown under it, up to the next heading.

    The first part has level 0 and no heading when the document starts with something else.
    """

    level: int
    heading: str
    """The heading as plain text."""
    heading_markdown: str
    body: str


@dataclass(frozen=True)
class DocxDraft:
    """A Word document read for a newsletter draft."""

    parts: list[DocxPart]
    images: list[DocxImage]
    notes: list[str] = field(default_factory=list)
    """What the writer should know: Word styles that were not recognised, links that keep only their text."""


def revisions(path: Path) -> tuple[int, int]:
    """(tracked changes, comments) in a .docx, counted in its XML; DocxRefused if it is not a Word document."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DocxRefused(f"{path.name} is not a Word document (.docx): {error}") from None
    changes = comments = 0
    with archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                for _, element in ElementTree.iterparse(part):
                    namespace, _, tag = element.tag.rpartition("}")
                    if namespace != "{" + WORD_NS:
                        continue
                    if tag in REVISION_TAGS:
                        changes += 1
                    elif tag == "comment":
                        comments += 1
                    elif tag in COMMENT_TAGS and name == "word/comments.xml":
                        comments += 1
    return changes, comments


def refuse_revisions(path: Path) -> None:
    """DocxRefused, saying what to do in Word, if the document has tracked changes or comments."""
    changes, comments = revisions(path)
    if not changes and not comments:
        return
    found = []
    if changes:
        found.append(f"{changes} tracked {'change' if changes == 1 else 'changes'}")
    if comments:
        found.append(f"{comments} {'comment' if comments == 1 else 'comments'}")
    steps = []
    if changes:
        steps.append("accept or reject every change (Review > Accept > Accept All Changes, or one by one)")
    if comments:
        steps.append("delete the comments (Review > Delete > Delete All Comments in Document)")
    raise DocxRefused(
        f"{path.name} has {' and '.join(found)}, and the draft could not say which words are meant; "
        f"in Word, {' and '.join(steps)}, save the document, and import it again"
    )


def read_docx(path: Path, image_prefix: str, taken: set[str] | None = None) -> DocxDraft:
    """The document at `path` as Markdown parts and images; images are named image-1.png and so on, skipping names in `taken`.

    `image_prefix` is what the Markdown puts before an image's name, such as '../assets/newsletters/2018-05-16/'.
    """
    refuse_revisions(path)
    images: list[DocxImage] = []
    unusable: list[str] = []
    used = set(taken or ())

    def save(image: Any) -> dict[str, str]:
        extension = IMAGE_TYPES.get(image.content_type)
        if extension is None:
            unusable.append(image.content_type or "an unknown type")
            return {"src": ""}
        number = len(images) + 1
        while f"image-{number}{extension}" in used:
            number += 1
        name = f"image-{number}{extension}"
        used.add(name)
        with image.open() as data:
            images.append(DocxImage(name, data.read(), " ".join((image.alt_text or "").split())))
        return {"src": image_prefix + name}

    with path.open("rb") as document:
        result = mammoth.convert_to_html(document, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(save))
    if unusable:
        kinds = ", ".join(sorted(set(unusable)))
        raise DocxRefused(
            f"{path.name} has {len(unusable)} {'image' if len(unusable) == 1 else 'images'} that web browsers cannot show ({kinds}); "
            "in Word, replace each with a PNG or JPEG picture (right-click it, Save as Picture, then Insert > Pictures), and import it again"
        )
    converter = _Markdown(image_prefix)
    notes = [f"Word: {message.message}" for message in result.messages if message.type == "warning"]
    parts = list(_parts(BeautifulSoup(result.value, "html.parser"), converter))
    notes += converter.notes
    return DocxDraft(parts, images, notes)


_HEADING = re.compile(r"^h([1-6])$")
_LISTS = {"ul", "ol"}


def _parts(soup: BeautifulSoup, converter: _Markdown) -> Iterator[DocxPart]:
    level, heading, heading_markdown, body = 0, "", "", []
    previous = ""
    for node in soup.contents:
        name = node.name if isinstance(node, Tag) else ""
        match = _HEADING.match(name)
        if match is None:
            if previous in _LISTS and name in _LISTS:
                # Python-Markdown would run two lists in a row into one; a comment between them keeps them apart.
                body.append("\n\n<!-- -->\n\n")
            previous = name
            body.append(converter.convert_soup(node) if isinstance(node, Tag) else converter.escape(str(node), set()))
            continue
        previous = name
        text = " ".join(node.get_text(" ").split())
        if not text:
            continue  # an empty heading paragraph, left over in Word
        if heading or "".join(body).strip():
            yield DocxPart(level, heading, heading_markdown, _tidy("".join(body)))
        level, heading, body = int(match[1]), text, []
        heading_markdown = re.sub(r"^#+[ \t]*", "", converter.convert_soup(node).strip())
    if heading or "".join(body).strip():
        yield DocxPart(level, heading, heading_markdown, _tidy("".join(body)))


def _tidy(markdown: str) -> str:
    """Blocks separated by one blank line, no trailing spaces but Markdown's line breaks."""
    lines = [line if line.endswith("  ") and line.strip() else line.rstrip() for line in markdown.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


_JINJA_OPENING = re.compile(r"\{(?=[{%#])")
_LINE_START = re.compile(r"^([ \t]*)([#>+-])")
_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])(?=\s|$)")
_CELL_TAGS = {"p", "strong", "b", "em", "i", "a", "ul", "ol", "li", "br", "img", "sup", "sub", "u", "s"}


class _Markdown(MarkdownConverter):
    """markdownify as Python-Markdown and the macros read its output.

    Text is escaped only with escapes Python-Markdown knows, '<' and '&' become character references (so a
    '<script>' typed in Word stays text), and '{{', '{%' and '{#' cannot start a macro. Nested lists are
    indented by four spaces, as Python-Markdown needs. Tables stay HTML, in the site's scrolling box.
    """

    def __init__(self, image_prefix: str) -> None:
        super().__init__(heading_style="ATX", bullets="-", strong_em_symbol="*", escape_asterisks=False, escape_underscores=False)
        self.image_prefix = image_prefix
        self.notes: list[str] = []
        self.tables = 0

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if not text:
            return ""
        text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
        text = re.sub(r"([`*_\[\]])", r"\\\1", text)
        text = _JINJA_OPENING.sub("&#123;", text)
        text = _LINE_START.sub(r"\1\\\2", text)
        return _NUMBERED.sub(r"\1\\\2", text)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        if not href.startswith(LINK_SCHEMES):
            if href and not href.startswith("#"):
                self.notes.append(f"the link '{text.strip()}' pointed at {href}, which is not a web or mail address; it is kept as text")
            return text
        el["href"] = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        base: Any = super()  # markdownify's stubs leave out its convert_ methods
        return str(base.convert_a(el, text, parent_tags))

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        base: Any = super()
        item = str(base.convert_li(el, text, parent_tags))
        first, _, rest = item.partition("\n")
        width = len(first) - len(first.lstrip(" ")) + len(first.lstrip(" ").split(" ", 1)[0]) + 1
        extra = " " * max(4 - width, 0)
        # markdownify indents what is under a bullet by the bullet's width; Python-Markdown needs four spaces.
        return first + "\n" + "\n".join(extra + line if line.strip() else line for line in rest.split("\n")) if rest else item

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n\n" + self.table_html(el) + "\n\n"

    def table_html(self, table: Tag) -> str:
        """A Word table as the site shows one: a header row, every cell's text and links, inside its scrolling box."""
        self.tables += 1
        rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
        head = [c for c in rows[0].find_all(["td", "th"], recursive=False)] if rows else []
        lines = [f'<div class="pp-scroll" role="region" aria-label="Table {self.tables}" tabindex="0">', '<table class="pp-table">']
        if head:
            # Word rarely marks a header row; the first row of a table in a newsletter is its headings.
            lines.append("<thead><tr>" + "".join(f'<th scope="col">{self._cell(c)}</th>' for c in head) + "</tr></thead>")
        lines.append("<tbody>")
        for row in rows[1:]:
            cells = row.find_all(["td", "th"], recursive=False)
            lines.append("<tr>" + "".join(f"<td>{self._cell(c)}</td>" for c in cells) + "</tr>")
        lines += ["</tbody>", "</table>", "</div>"]
        return "\n".join(lines)

    def _cell(self, cell: Tag) -> str:
        for element in cell.find_all(True):
            if element.name not in _CELL_TAGS:
                element.unwrap()
                continue
            if element.name == "a":
                href = str(element.get("href") or "")
                if not href.startswith(LINK_SCHEMES):
                    element.unwrap()
                    continue
                element.attrs = {"href": href}
            elif element.name == "img":
                src = str(element.get("src") or "")
                # HTML is not rewritten by MkDocs: its images are found from the page, one folder deeper than its Markdown.
                element.attrs = {"src": "../" + src if src.startswith(self.image_prefix) else src, "alt": str(element.get("alt") or "")}
            else:
                element.attrs = {}
        html = "".join(str(part) for part in cell.contents).strip()
        html = re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.S) if html.count("<p>") == 1 else html
        return _JINJA_OPENING.sub("&#123;", html).replace("\n", " ")
