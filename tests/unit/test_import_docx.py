"""planpress import-docx: Word documents made by python-docx (tests/docx_fixtures.py) become drafts; changes and comments are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx_fixtures import SECTIONS, full_document, with_comment, with_tracked_change

from macros.cli.drafts import Section, imported_issue, matching_section
from macros.loading.docx import DocxDraft, DocxPart, DocxRefused, read_docx, revisions

PREFIX = "../assets/newsletters/2018-10-24/"
PLAN_SECTIONS = [Section(SECTIONS[0], "Say what changed."), Section(SECTIONS[1], ""), Section(SECTIONS[2], "")]


def test_the_document_is_read_heading_by_heading(tmp_path: Path) -> None:
    draft = read_docx(full_document(tmp_path / "d.docx"), PREFIX)
    assert [(p.level, p.heading) for p in draft.parts] == [
        (1, "Spring into safety planning"),
        (1, "Brief summary of progress"),
        (2, "Boot camp numbers"),
        (1, "An example of good SofS practice"),
        (1, "A piece of useful research"),
    ]
    intro, progress, numbers = (p.body for p in draft.parts[:3])
    assert intro == "An **imported** issue, with *italic words* and a literal &#123;{ rag\\_summary() }} and &lt;b>tag&lt;/b> typed in Word."
    assert progress == (
        "Training went well; see [the course list](https://example.org/courses).\n\n"
        "- First point\n    - A point under it\n- Second point\n\n<!-- -->\n\n1. Step one\n2. Step two"
    )
    assert '<table class="pp-table">' in numbers and '<th scope="col">Course</th><th scope="col">Places</th>' in numbers
    assert "<tr><td>Boot camp</td><td>37</td></tr>" in numbers
    assert numbers.endswith(f"![Staff at the May boot camp]({PREFIX}image-1.png)")
    [image] = draft.images
    assert image.name == "image-1.png" and image.alt == "Staff at the May boot camp" and image.data.startswith(b"\x89PNG")


def test_an_image_without_alt_text_comes_through_without_it(tmp_path: Path) -> None:
    draft = read_docx(full_document(tmp_path / "d.docx", alt=None), PREFIX, taken={"image-1.png"})
    [image] = draft.images
    assert image.alt == "" and image.name == "image-2.png"
    assert f"![]({PREFIX}image-2.png)" in draft.parts[2].body


def test_tracked_changes_and_comments_are_refused(tmp_path: Path) -> None:
    tracked = with_tracked_change(tmp_path / "tracked.docx")
    assert revisions(tracked) == (1, 0)
    with pytest.raises(DocxRefused, match=r"^tracked\.docx has 1 tracked change, .*accept or reject every change"):
        read_docx(tracked, PREFIX)
    commented = with_comment(tmp_path / "commented.docx")
    assert revisions(commented)[1] >= 1
    with pytest.raises(DocxRefused, match=r"^commented\.docx has \d+ comments?, .*delete the comments"):
        read_docx(commented, PREFIX)
    assert revisions(full_document(tmp_path / "clean.docx")) == (0, 0)


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("plain text", encoding="utf-8")
    with pytest.raises(DocxRefused, match=r"^notes\.docx is not a Word document"):
        read_docx(tmp_path / "notes.docx", PREFIX)


@pytest.mark.parametrize(
    ("heading", "section"),
    [(SECTIONS[0], 0), ("Brief summary of progress", 0), ("BRIEF SUMMARY OF PROGRESS:", 0), ("A piece of useful research", 2), ("Brief", None), ("Dates", None)],
)
def test_headings_are_matched_to_the_plan_s_sections(heading: str, section: int | None) -> None:
    assert matching_section(heading, PLAN_SECTIONS) == section


def part(level: int, heading: str, body: str) -> DocxPart:
    return DocxPart(level, heading, heading, body)


def test_the_draft_takes_the_plan_s_headings_and_the_progress_macros(tmp_path: Path) -> None:
    document = DocxDraft(
        [part(1, "May news", "Intro."), part(1, "Brief summary of progress", "Progress."), part(2, "Detail", "More."), part(1, "Dates", "Soon.")], []
    )
    path, text, notes = imported_issue(tmp_path, PLAN_SECTIONS, dt.date(2018, 1, 1), dt.date(2018, 10, 24), None, document, "may.docx")
    assert path == tmp_path / "newsletters" / "2018-10-24-may-news.md"
    assert text.startswith("---\ntitle: May news\ndate: 2018-10-24\nsummary: ")
    assert "\ndraft: true\n---\n" in text
    body = text[text.index("Intro.") :]
    assert body == (
        "Intro.\n\n"
        f"## {SECTIONS[0]}\n\n<!-- From the plan: Say what changed. -->\n\nProgress.\n\n### Detail\n\nMore.\n\n"
        "{{ rag_summary() }}\n\n{{ rag_changes() }}\n\n{{ upcoming_milestones() }}\n\n"
        "## Dates\n\nSoon.\n\n"
        f"## {SECTIONS[1]}\n\n## {SECTIONS[2]}\n"
    )
    assert [n for n in notes if "no heading for the plan's section" in n] == [
        f"the document has no heading for the plan's section '{SECTIONS[1]}'; it is added at the end, to be written",
        f"the document has no heading for the plan's section '{SECTIONS[2]}'; it is added at the end, to be written",
    ]


def test_title_comes_from_the_option_when_the_document_has_none(tmp_path: Path) -> None:
    document = DocxDraft([part(1, "Brief summary of progress", "Progress.")], [])
    with pytest.raises(ValueError, match="no title heading before its sections; give the issue a title with --title"):
        imported_issue(tmp_path, PLAN_SECTIONS, dt.date(2018, 1, 1), dt.date(2018, 10, 24), None, document, "d.docx")
    path, text, _ = imported_issue(tmp_path, PLAN_SECTIONS, dt.date(2018, 1, 1), dt.date(2018, 10, 24), "Autumn", document, "d.docx")
    assert path.name == "2018-10-24-autumn.md" and f"## {SECTIONS[0]}" in text
    with pytest.raises(ValueError, match=r"^--title: a title is plain text"):
        imported_issue(tmp_path, PLAN_SECTIONS, dt.date(2018, 1, 1), dt.date(2018, 10, 24), "<b>x</b>", document, "d.docx")
