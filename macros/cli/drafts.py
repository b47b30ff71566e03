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


def new_issue(project_dir: Path | str, sections: list[Section], start: dt.date, day: dt.date, title: str) -> tuple[Path, str]:
    """The path and text of a new draft issue: front matter, the plan's three sections, the progress macros."""
    project_dir = Path(project_dir)
    try:
        checked = _plain_title(title)
    except PydanticCustomError as error:
        raise ValueError(f"--title: {error.message()}") from None
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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown, not HTML: the values are plain text from data and front matter.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    images = images_folder(day)
    text = env.get_template("new_issue.md").render(
        front_matter=front, previous=previous, start=start, day=day, sections=sections, images=f"docs/{images}", images_url=images
    )
    return path, text


def images_folder(day: dt.date) -> str:
    """Where an issue's images go, relative to docs/: one folder per issue date."""
    return f"assets/newsletters/{day.isoformat()}"


def _yaml_text(text: str) -> str:
    """`text` as one YAML value, quoted only if it must be."""
    return yaml.safe_dump({"k": text}, allow_unicode=True, width=1000)[3:].rstrip("\n")
