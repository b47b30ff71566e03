"""Starting the next issue: `planpress new-newsletter` writes a draft from the template."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml
from pydantic_core import PydanticCustomError

from macros.loading.docx import DocxDraft, DocxPart
from macros.loading.newsletters import SUMMARY_PLACEHOLDER, read_newsletters
from macros.model.newsletter import NEWSLETTERS_DIR, _plain_title
from macros.model.problems import Problem, ValidationFailed
from macros.views.markup import plain_text
from macros.views.render import TEMPLATES, long_date


def slugify(text: str) -> str:
    """'Newsletter, May 2018' -> 'newsletter-may-2018'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "newsletter"


@dataclass(frozen=True)
class Section:
    """One of the three things the plan asks every issue to hold: a heading and the plan's further words."""

    heading: str
    guidance: str


def issue_sections(communications: Any) -> list[Section]:
    """The sections of an issue, in the plan's words, from the activity marked `id: newsletter`."""
    activity = next((a for a in communications.activities if a.id == "newsletter"), None)
    if activity is None or not activity.items:
        raise ValidationFailed(
            [Problem("data/communications.yml", 1, "activities", "no activity has 'id: newsletter' and items; the items are the sections of every issue")]
        )
    sections = []
    for item in activity.items:
        words = plain_text(item.text)
        # The first sentence is the heading; the rest of the plan's words guide the writer.
        first, _, rest = words.partition(". ")
        sections.append(Section(first.rstrip("."), rest.strip()))
    return sections


def new_issue_path(project_dir: Path, day: dt.date, title: str) -> Path:
    """Where the issue dated `day` with `title` is written."""
    return Path(project_dir) / NEWSLETTERS_DIR / f"{day.isoformat()}-{slugify(title)}.md"


PROGRESS_MACROS = ("{{ rag_summary() }}", "{{ rag_changes() }}", "{{ upcoming_milestones() }}")
"""What every issue's first section shows, as new-newsletter writes it."""


@dataclass(frozen=True)
class Draft:
    """Where a new issue goes and what it starts as: its path, its front matter, and the issue before it."""

    path: Path
    title: str
    front_matter: str
    previous: Any


def start_draft(project_dir: Path, day: dt.date, title: str, what: str = "--title") -> Draft:
    """The new draft's path and front matter, after the rules every new issue keeps: a plain title, a file name of its own and a date of its own."""
    try:
        checked = _plain_title(title)
    except PydanticCustomError as error:
        raise ValueError(f"{what}: {error.message()}") from None
    path = new_issue_path(project_dir, day, checked)
    if path.exists():
        raise FileExistsError(f"{path.relative_to(project_dir).as_posix()} already exists; edit it, or choose another --title or --date")
    issues = read_newsletters(project_dir)
    same_day = next((i for i in issues if i.date == day), None)
    if same_day is not None:
        raise FileExistsError(f"{same_day.source} already has the date {day.isoformat()}; choose another date with --date, or edit that issue")
    previous = next((i for i in reversed(issues) if not i.draft and i.date < day), None)
    # Written by hand rather than by yaml.dump, which would put the date in quotes.
    front = "\n".join(
        ["---", f"title: {_yaml_text(checked)}", f"date: {day.isoformat()}", f"summary: {_yaml_text(SUMMARY_PLACEHOLDER)}", "draft: true", "---"]
    )
    return Draft(path, checked, front, previous)


def new_issue(project_dir: Path | str, sections: list[Section], start: dt.date, day: dt.date, title: str) -> tuple[Path, str]:
    """The path and text of a new draft issue: front matter, the plan's three sections, the progress macros."""
    draft = start_draft(Path(project_dir), day, title)
    text = _draft_templates().get_template("new_issue.md").render(
        front_matter=draft.front_matter, previous=draft.previous, start=start, day=day, sections=sections, **_images(day)
    )
    return draft.path, text


def _draft_templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown, not HTML: the values are plain text from data and front matter.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).casefold()))


def matching_section(heading: str, sections: list[Section]) -> int | None:
    """Which of the plan's sections a document's heading is: the same words, or the start of them (three words at least)."""
    words = _words(heading)
    for n, section in enumerate(sections):
        plan = _words(section.heading)
        if words == plan or (len(words.split()) >= 3 and plan.startswith(words + " ")) or words.startswith(plan + " "):
            return n
    return None


def imported_issue(
    project_dir: Path | str, sections: list[Section], start: dt.date, day: dt.date, title: str | None, document: DocxDraft, name: str
) -> tuple[Path, str, list[str]]:
    """The path and text of a draft issue made from a Word document, and notes for the writer.

    The document's first heading is its title (unless it is one of the plan's sections), or `title` replaces
    it. Headings are moved so that the document's top level is the issue's sections (##); headings that
    match the plan's sections take the plan's words, the first section ends with the progress macros, and
    a section the document lacks is added at the end, with the plan's guidance, to be written.
    """
    project_dir = Path(project_dir)
    parts = list(document.parts)
    first = next((n for n, part in enumerate(parts) if part.level), None)
    heading_title = None
    if first is not None and matching_section(parts[first].heading, sections) is None:
        heading_title = parts[first].heading
        parts[first] = DocxPart(0, "", "", parts[first].body)
    if title is None and heading_title is None:
        raise ValueError(f"{name} has no title heading before its sections; give the issue a title with --title")
    draft = start_draft(project_dir, day, title if title is not None else str(heading_title), "--title" if title is not None else f"{name}'s first heading")
    notes = list(document.notes)
    levels = [part.level for part in parts if part.level]
    shift = 2 - min(levels) if levels else 0
    found: set[int] = set()
    blocks: list[str] = []
    in_first = False  # while the parts added are the first section's, which ends with the progress macros
    for part in parts:
        if part.level:
            section = matching_section(part.heading, sections)
            if section in found:
                section = None
            level, heading = (2, sections[section].heading) if section is not None else (min(max(part.level + shift, 2), 6), part.heading_markdown)
            if in_first and level == 2:
                blocks.append("\n\n".join(PROGRESS_MACROS))
                in_first = False
            blocks.append("#" * level + " " + heading)
            if section is not None:
                found.add(section)
                in_first = section == 0
                if sections[section].guidance:
                    blocks.append(f"<!-- From the plan: {sections[section].guidance} -->")
        if part.body:
            blocks.append(part.body)
    if in_first:
        blocks.append("\n\n".join(PROGRESS_MACROS))
    for n, missing in enumerate(sections):
        if n in found:
            continue
        notes.append(f"the document has no heading for the plan's section '{missing.heading}'; it is added at the end, to be written")
        blocks.append(f"## {missing.heading}")
        if missing.guidance:
            blocks.append(f"<!-- From the plan: {missing.guidance} -->")
        if n == 0:
            blocks.append("\n\n".join(PROGRESS_MACROS))
    missing_alt = [image.name for image in document.images if not image.alt]
    if missing_alt:
        notes.append(
            f"{', '.join(missing_alt)} {'has' if len(missing_alt) == 1 else 'have'} no alt text in Word; write it in the draft between the brackets "
            "of each ![](...), or planpress check refuses the issue"
        )
    body = "\n\n".join(block for block in blocks if block.strip())
    text = _draft_templates().get_template("imported_issue.md").render(
        front_matter=draft.front_matter, previous=draft.previous, start=start, day=day, body=body, document=name, **_images(day)
    )
    return draft.path, text, notes


def images_folder(day: dt.date) -> str:
    """Where an issue's images go, relative to docs/: one folder per issue date."""
    return f"assets/newsletters/{day.isoformat()}"


def _images(day: dt.date) -> dict[str, str]:
    """What a draft's note says about its images' folder."""
    return {"images": f"docs/{images_folder(day)}", "images_url": images_folder(day)}


def _yaml_text(text: str) -> str:
    """`text` as one YAML value, quoted only if it must be."""
    return yaml.safe_dump({"k": text}, allow_unicode=True, width=1000)[3:].rstrip("\n")
