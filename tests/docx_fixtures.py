"""Word documents for the import-docx tests, written with python-docx: every element import-docx keeps, and what it refuses."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.text.paragraph import Paragraph

SECTIONS = (
    "Brief summary of progress reported to the Steering Group, highlighting achievements and things to be worked on",
    "An example of good SofS practice introduced by a Steering Group Member found through an Appreciative Inquiry conversation or audit",
    "A piece of useful research/development tool",
)
"""The plan's three sections (data/communications.yml), as a writer might shorten them in Word."""


def png(width: int = 6, height: int = 4, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A hyperlink run, as Word writes one: a relationship to the address and a w:hyperlink around the run."""
    rel = paragraph.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def add_picture(document: Document, data: bytes, alt: str | None) -> None:
    """A picture in its own paragraph, with Word's alt text (wp:docPr descr) when `alt` is given."""
    document.add_picture(io.BytesIO(data), width=Inches(1))
    inline = document.paragraphs[-1]._p.findall(".//" + qn("wp:docPr"))[-1]
    if alt is None:
        inline.attrib.pop("descr", None)
    else:
        inline.set("descr", alt)


def add_list(document: Document, items: list[tuple[int, str]], *, numbered: bool = False) -> None:
    """A list of (level, text) items, as Word writes a multilevel list: its own numbering with a format per level."""
    numbering = document.part.numbering_part.element
    abstract_id = str(max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=0) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for name, value in (("w:start", "1"), ("w:numFmt", "decimal" if numbered else "bullet"), ("w:lvlText", f"%{level + 1}." if numbered else "•")):
            element = OxmlElement(name)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    # The schema puts every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.add_num(int(abstract_id))
    for level, text in items:
        paragraph = document.add_paragraph(text, style="List Paragraph")
        properties = paragraph._p.get_or_add_pPr()
        numbers = OxmlElement("w:numPr")
        depth = OxmlElement("w:ilvl")
        depth.set(qn("w:val"), str(level))
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), str(num.numId))
        numbers.append(depth)
        numbers.append(number)
        properties.append(numbers)


def full_document(path: Path, *, title: str = "Spring into safety planning", alt: str | None = "Staff at the May boot camp") -> Path:
    """A document with everything import-docx keeps: a title, the plan's sections, runs, lists, links, a table and images."""
    document = docx.Document()
    document.add_heading(title, 0)
    intro = document.add_paragraph("An ")
    intro.add_run("imported").bold = True
    intro.add_run(" issue, with ")
    intro.add_run("italic words").italic = True
    intro.add_run(" and a literal {{ rag_summary() }} and <b>tag</b> typed in Word.")
    document.add_heading("Brief summary of progress", 1)
    linked = document.add_paragraph("Training went well; see ")
    add_hyperlink(linked, "the course list", "https://example.org/courses")
    linked.add_run(".")
    add_list(document, [(0, "First point"), (1, "A point under it"), (0, "Second point")])
    add_list(document, [(0, "Step one"), (0, "Step two")], numbered=True)
    document.add_heading("Boot camp numbers", 2)
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate((("Course", "Places"), ("Boot camp", "37"), ("Foundation", "120"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    add_picture(document, png(), alt)
    document.add_heading("An example of good SofS practice", 1)
    document.add_paragraph("A family network meeting that changed the plan.")
    document.add_heading("A piece of useful research", 1)
    document.add_paragraph("The Knowledge Bank has new guides.")
    document.save(path)
    return path


def with_tracked_change(path: Path) -> Path:
    """A document whose text carries one tracked insertion (w:ins), as Word writes it with Track Changes on."""
    document = docx.Document()
    document.add_heading("Tracked", 0)
    paragraph = document.add_paragraph("Kept text. ")
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "Editor")
    insertion.set(qn("w:date"), "2018-05-01T10:00:00Z")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "Inserted text."
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    document.save(path)
    return path


def with_comment(path: Path) -> Path:
    """A document with one comment on its text."""
    document = docx.Document()
    document.add_heading("Commented", 0)
    paragraph = document.add_paragraph("Text with a comment.")
    document.add_comment(paragraph.runs, text="Is this right?", author="Editor")
    document.save(path)
    return path
