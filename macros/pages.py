"""Pages: front matter of Markdown files, and the pages planpress generates from data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .audience import EDITIONS, PUBLIC
from .loading import YamlProblem, decode, parse_yaml
from .problems import Problem, ValidationFailed, shown_path
from .views import PlanSite, action_src, action_title


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def read_front_matter(path: Path, name: str) -> tuple[dict[str, Any], str, int]:
    """A Markdown file's front matter as a mapping, its body, and the body's first line."""
    text = decode(path.read_bytes(), name)
    raw, body, start = split_front_matter(text)
    if raw is None:
        return {}, body, start
    try:
        meta = parse_yaml(raw) or {}
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line + 1, "", problem.message)]) from None
    if not isinstance(meta, dict):
        raise ValidationFailed([Problem(name, 2, "", "the front matter between the '---' lines must be 'key: value' lines")])
    return meta, body, start


def page_audience(meta: dict[str, Any], text_lines: list[str], name: str) -> str:
    """A page's audience from its front matter, or a located problem."""
    audience = meta.get("audience", PUBLIC)
    if audience not in EDITIONS:
        line = next((i + 1 for i, l in enumerate(text_lines) if l.startswith("audience:")), 1)
        raise ValidationFailed([Problem(name, line, "audience", f"'{audience}' is not one of {', '.join(EDITIONS)}")])
    return str(audience)


def docs_audiences(docs_dir: Path, project_dir: Path) -> dict[str, str]:
    """The audience of every Markdown page in docs/, by its docs-relative path."""
    problems: list[Problem] = []
    found: dict[str, str] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        name = shown_path(path, project_dir)
        try:
            meta, _, _ = read_front_matter(path, name)
            found[path.relative_to(docs_dir).as_posix()] = page_audience(meta, path.read_text("utf-8").split("\n"), name)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    return found


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter that quotes whatever it must."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from data: its title and other front matter, and the PlanSite method (with arguments) that shows it."""

    title: str
    macro: str
    args: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The page's file: the macro call it stands for (hooks.py renders it without parsing it)."""
        args = ", ".join(f'"{a}"' for a in self.args)
        return f"{{{{ {self.macro}({args}) }}}}\n"

    def render(self, site: PlanSite, page_url: str) -> str:
        """The page's Markdown for the page at `page_url`."""
        return str(getattr(site, self.macro)(*self.args, page_url))


def generated_pages(site: PlanSite) -> dict[str, GeneratedPage]:
    """Every page made from data, by docs-relative path: one per delivery area and one per action."""
    pages: dict[str, GeneratedPage] = {}
    for area in site.project.areas:
        title = f"{area.code} {area.title.rstrip(':').strip()}"
        # The action table needs the width the table of contents would take.
        pages[f"delivery/{area.code.lower()}.md"] = GeneratedPage(title, "delivery_area", (area.code,), {"hide": ["toc"]})
    for view in site.actions:
        pages[action_src(view.ref)] = GeneratedPage(f"{view.ref} {action_title(view.action)}", "action_page", (view.ref,))
    return pages


_PLACEHOLDER = "PLANPRESSHTML{}"
_PLACED = re.compile(r"<p>PLANPRESSHTML(\d+)</p>")
_PLACEHOLDER_LINE = re.compile(r"^PLANPRESSHTML(\d+)$", re.M)
_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class StashedPage:
    """A data page's Markdown with its HTML taken out, and the HTML to put back once Markdown has run."""

    markdown: str
    blocks: tuple[str, ...]

    def restore(self, html: str) -> str:
        """The rendered page with each HTML block back in the paragraph that held its place."""
        return _PLACED.sub(lambda m: self.blocks[int(m.group(1))], html)

    def full_markdown(self) -> str:
        """The page's Markdown with the HTML written in it, as a hand-written page would hold it."""
        return _PLACEHOLDER_LINE.sub(lambda m: self.blocks[int(m.group(1))], self.markdown)

    def anchor_ids(self) -> set[str]:
        """The ids in the HTML, which links from other pages may point to."""
        return {found for block in self.blocks for found in _ID.findall(block)}


def stash_html(markdown: str, blocks: list[str] | None = None) -> StashedPage:
    """Take the HTML out of a data page's Markdown, keeping its headings for the table of contents.

    Data pages are HTML from planpress's templates between Markdown headings. Markdown would parse
    that HTML twice (to find the blocks, and MkDocs again for anchors) only to pass it through.
    Blocks are added to `blocks` when given, so that one page can stash several pieces.
    """
    blocks = [] if blocks is None else blocks
    kept: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        block = "\n".join(pending).strip("\n")
        if block:
            kept.append(_PLACEHOLDER.format(len(blocks)))
            blocks.append(block)
        pending.clear()

    for line in markdown.split("\n"):
        if line.startswith("#"):
            flush()
            kept.append(line)
        else:
            pending.append(line)
    flush()
    return StashedPage("\n\n".join(kept) + "\n", tuple(blocks))


@dataclass(frozen=True)
class IssuePage:
    """A newsletter's page: its title and description, and its Markdown.

    `segments` is the body as text and macro calls when that is all it holds: hooks.py renders it
    directly. Otherwise mkdocs-macros renders `body` as a template.
    """

    meta: dict[str, str]
    body: str
    file: str = ""
    segments: tuple[Any, ...] | None = None

    @property
    def source(self) -> str:
        """The page's file. The blank first line tells MkDocs there is no meta-data to look for: hooks.py
        sets it, and a body starting 'Note: ...' is not taken for a 'key: value' line."""
        return "\n" + self.body

    def render(self, site: PlanSite, page_url: str) -> tuple[StashedPage, list[Problem]]:
        """The page's Markdown with the writers' macros run, as mkdocs-macros would render it, and any call that failed."""
        from .segments import render_segments

        assert self.segments is not None
        return render_segments(site, self.segments, page_url, self.file)


def issue_pages(site: PlanSite) -> dict[str, IssuePage]:
    """Every newsletter's page, by docs-relative path."""
    from .newsletters import issue_body, issue_meta

    return {issue.src: IssuePage(issue_meta(issue), issue_body(issue), issue.source, issue.segments) for issue in site.newsletters}
