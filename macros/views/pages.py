"""The pages planpress generates from data, and their HTML kept out of Markdown until it has run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from macros.model.macro_names import INLINE_MACROS
from macros.model.newsletter import Segment
from macros.model.problems import Problem
from macros.views.plan_site import PLAN_ON_A_PAGE_SRC, PlanSite, action_src, action_title


ACTION_SEARCH_BOOST = 4
"""Material's search.boost for action pages: an action's page outranks the area table and newsletters naming it."""


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
    """Every page made from data, by docs-relative path: one per delivery area, the plan on a page, and one per action."""
    pages: dict[str, GeneratedPage] = {}
    for area in site.project.areas:
        title = f"{area.code} {area.title.rstrip(':').strip()}"
        # The action table needs the width the table of contents would take.
        pages[f"delivery/{area.code.lower()}.md"] = GeneratedPage(title, "delivery_area", (area.code,), {"hide": ["toc"]})
    pages[PLAN_ON_A_PAGE_SRC] = GeneratedPage(site.project.about.plan_on_a_page.title, "plan_on_a_page", (), {"hide": ["toc"]})
    for view in site.actions:
        # Boosted so that a search for an action's ref or words finds its page before the pages that mention it.
        meta = {"search": {"boost": ACTION_SEARCH_BOOST}}
        pages[action_src(view.ref)] = GeneratedPage(f"{view.ref} {action_title(view.action)}", "action_page", (view.ref,), meta)
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
        assert self.segments is not None
        return render_segments(site, self.segments, page_url, self.file)


def issue_pages(site: PlanSite) -> dict[str, IssuePage]:
    """Every newsletter's page, by docs-relative path."""
    from macros.views.issues import issue_body, issue_meta

    return {issue.src: IssuePage(issue_meta(issue), issue_body(issue), issue.source, issue.segments) for issue in site.newsletters}


def render_segments(site: PlanSite, segments: tuple[Segment, ...], page_url: str, file: str) -> tuple[StashedPage, list[Problem]]:
    """The page's Markdown with its macros run, as mkdocs-macros would render it, and every call that failed, by `file` and line.

    A macro that shows blocks and stands alone between blank lines leaves only its headings to
    Markdown; its HTML is stashed, as a data page's is, and put back by hooks.on_page_content.
    """
    from macros.loading.pagecheck import describe_macro_error

    parts: list[str] = []
    blocks: list[str] = []
    failures: list[Problem] = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if isinstance(segment, str):
            parts.append(segment)
            continue
        name, args, line = segment
        method = getattr(site, name)
        try:
            shown = str(method(*args) if name in INLINE_MACROS else method(*args, page_url=page_url))
        except Exception as error:  # reported with the other failed calls, by file and line
            failures.append(Problem(file, line, "", describe_macro_error(name, method, args, error)))
            shown = ""
        before = segments[i - 1] if i > 0 else "\n\n"
        after = segments[i + 1] if i < last else "\n\n"
        alone = isinstance(before, str) and before.endswith("\n\n") and isinstance(after, str) and after.startswith("\n\n")
        if name not in INLINE_MACROS and alone and shown:
            shown = stash_html(shown, blocks).markdown.rstrip("\n")
        parts.append(shown)
    return StashedPage("".join(parts), tuple(blocks)), failures
