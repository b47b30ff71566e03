"""The pages planpress generates from data, and the HTML of its macros kept out of Markdown until it has run."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from macros.views.issues import issue_body, issue_meta
from macros.views.plan_site import PLAN_ON_A_PAGE_SRC, PlanSite, action_src, action_title

ACTION_SEARCH_BOOST = 4
"""Material's search.boost for action pages: an action's page outranks the area table and newsletters naming it."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from data: its title and other front matter, and the macro call (with arguments) that shows it."""

    title: str
    macro: str
    args: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The page's file: the macro call it stands for, which mkdocs-macros renders like any other page."""
        args = ", ".join(f'"{a}"' for a in self.args)
        return f"{{{{ {self.macro}({args}) }}}}\n"


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


@dataclass(frozen=True)
class IssuePage:
    """A newsletter's page: its title and description, and its Markdown with code protected from the macros."""

    meta: dict[str, str]
    body: str

    @property
    def source(self) -> str:
        """The page's file. The blank first line tells MkDocs there is no meta-data to look for: the plugin
        sets it, and a body starting 'Note: ...' is not taken for a 'key: value' line."""
        return "\n" + self.body


def issue_pages(site: PlanSite) -> dict[str, IssuePage]:
    """Every newsletter's page, by docs-relative path."""
    return {issue.src: IssuePage(issue_meta(issue), issue_body(issue)) for issue in site.newsletters}


_ID = re.compile(r'\sid="([^"]+)"')


class HtmlStash:
    """The HTML that planpress's macros show, kept out of Markdown while it runs and put back after.

    Data pages and the writers' macros show HTML from planpress's templates between Markdown headings.
    Markdown would parse that HTML (to find the blocks, and MkDocs again for anchors) only to pass it
    through, which is most of the cost of a large plan's pages. Each block stands in its place as a
    word made with a random key drawn for each build, so nothing a writer types can be taken for one.
    """

    def __init__(self) -> None:
        self.key = "pp" + secrets.token_hex(8)
        self._placed = re.compile(rf"<p>{self.key}x(\d+)</p>|{self.key}x(\d+)")
        self._line = re.compile(rf"^{self.key}x(\d+)$", re.M)
        self.blocks: list[str] = []

    def keep(self, markdown: str) -> str:
        """`markdown` with each stretch of HTML between its headings replaced by a placeholder paragraph."""
        kept: list[str] = []
        pending: list[str] = []

        def flush() -> None:
            block = "\n".join(pending).strip("\n")
            if block:
                kept.append(f"{self.key}x{len(self.blocks)}")
                self.blocks.append(block)
            pending.clear()

        for line in markdown.split("\n"):
            if line.startswith("#"):
                flush()
                kept.append(line)
            else:
                pending.append(line)
        flush()
        return "\n\n" + "\n\n".join(kept) + "\n\n"

    def restore(self, html: str) -> tuple[str, set[str]]:
        """The rendered page with each block back where it stood, and the ids those blocks hold."""
        ids: set[str] = set()

        def put_back(match: re.Match[str]) -> str:
            block = self.blocks[int(match.group(1) or match.group(2))]
            ids.update(_ID.findall(block))
            return block

        return self._placed.sub(put_back, html), ids

    def full_markdown(self, markdown: str) -> str:
        """`markdown` with the HTML written in it, as a hand-written page would hold it."""
        return self._line.sub(lambda m: self.blocks[int(m.group(1))], markdown)

    def clear(self) -> None:
        """Forget the blocks of a previous build (a preview builds again in the same process)."""
        self.blocks.clear()
