"""Links and images in pages and newsletters, checked as `mkdocs build --strict` checks them, by file and line.

MkDocs refuses a broken link or a missing image in strict mode, in its own words and without a line
number. This module finds the same mistakes before the build: it parses each hand-written page and
newsletter with Python-Markdown configured as the edition's MkDocs configuration configures it, so it
sees the links MkDocs sees, resolves them by MkDocs's rules (mkdocs/structure/pages.py,
`_RelativePathTreeprocessor`), and finds the anchors a page holds as MkDocs collects them (the ids in
the converted page and in its HTML, and the ids of the HTML planpress's macros put back after it).

Each edition is checked on its own: a public page that links to an intranet-only page builds in the
intranet edition and breaks the public one. What it checks against is passed in (see `Edition`,
`LinkSettings` and `project_link_problems`): the MkDocs layer reads the configurations, and the
command line says which files planpress writes beside the pages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import functools
import os
import posixpath
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree import ElementTree as etree

import markdown
from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]
from markdown.util import AMP_SUBSTITUTE

from macros.loading.front_matter import DocsFiles, DocsPage, read_docs
from macros.loading.macro_check import macro_calls, prose_lines, protect_code
from macros.model.audience import INTRANET, PUBLIC
from macros.model.macro_names import MACROS
from macros.model.models import Project
from macros.model.newsletter import NEWSLETTERS_DIR, MacroCall, Newsletter
from macros.model.problems import Problem
from macros.views.issues import link_issues
from macros.views.pages import GeneratedPage, HtmlStash, generated_pages
from macros.views.plan_site import ACTIONS_DIR, PLAN_ON_A_PAGE_SRC, PlanSite, action_src, area_url

PAGE, ISSUE, AREA, ACTION = "page", "issue", "area", "action"
"""What a page is: hand-written in docs/, a newsletter issue, or made from data for an area or an action."""

ANCHORS_LISTED = 12
"""A page with at most this many anchors has them listed when a link asks for one it lacks and none is close."""

_MACRO = f"pp{secrets.token_hex(8)}macro"
"""What a macro call or tag stands as while links are found: its output is planpress's own, never checked.
Drawn afresh for each run, as the build's HtmlStash key is, so that nothing a writer types is taken for it."""

_JINJA = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|(?P<comment>\{#.*?#\})"
    r"""|\{\{(?:[^}'"]|'[^']*'|"[^"]*"|\}(?!\}))*\}\}"""
    r"""|\{%(?:[^%'"]|'[^']*'|"[^"]*"|%(?!\}))*%\}""",
    re.S,
)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)
_AREA_STEM = re.compile(r"^[a-z]+\d+$")
_ISSUE_STEM = re.compile(r"^\d{4}-\d{2}-\d{2}-")


# What MkDocs sees: Markdown configured as the edition's configuration file configures it.


@dataclass(frozen=True)
class LinkSettings:
    """What an edition's MkDocs configuration says that links depend on: its Markdown, its theme, and the dashboard's date."""

    extensions: tuple[str, ...]
    """The Markdown extensions, MkDocs's own (toc, tables, fenced_code) first, as MkDocs gives them to Markdown."""
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    theme_dirs: tuple[Path, ...] = ()
    """The theme's folders, the first holding a path winning: custom_dir, the theme and those it extends, MkDocs's templates."""
    static_templates: frozenset[str] = frozenset()
    """Theme templates MkDocs renders rather than copies (sitemap.xml, 404.html)."""
    reference_date: dt.date | None = None
    """The planpress plugin's reference_date: what the dashboard, and so its headings, count from."""

    def theme_files(self) -> frozenset[str]:
        """The static files the theme adds to the site, by path: what MkDocs's Files.add_files_from_theme adds. Links may go to them."""
        return theme_files(self.theme_dirs, self.static_templates)


_THEME_SKIPPED = ("*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*", "*.md", "*.markdown", "*.mdown", "*.mkdn", "*.mkd")
"""What MkDocs leaves out of a theme's static files (mkdocs/structure/files.py, add_files_from_theme)."""


def theme_files(dirs: Iterable[Path], static_templates: Iterable[str] = ()) -> frozenset[str]:
    """The files of theme folders MkDocs copies into the site, by path; the first folder holding a path wins."""
    skipped = (*_THEME_SKIPPED, *static_templates)
    found: set[str] = set()
    for top in dirs:
        for here, subdirs, names in os.walk(top):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            relative = Path(here).relative_to(top).as_posix()
            for name in names:
                path = name if relative == "." else f"{relative}/{name}"
                if not name.startswith(".") and not any(fnmatch.fnmatch(path.lower(), p) for p in skipped):
                    found.add(path)
    return frozenset(found)


class _Collector(markdown.treeprocessors.Treeprocessor):
    """Links, images and ids of a converted page, as MkDocs's tree processors find them."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        self.links, self.ids = [], set()
        for element in root.iter():
            if found := element.get("id"):
                self.ids.add(found)
            if element.tag == "a":
                if found := element.get("name"):
                    self.ids.add(found)
                # The toc extension's permalinks point at their own heading.
                if "headerlink" not in (element.get("class") or "").split() and element.get("href") is not None:
                    self.links.append(("a", element.get("href", "")))
            elif element.tag == "img" and element.get("src") is not None:
                self.links.append(("img", element.get("src", "")))


class _RawHtmlIds(markdown.preprocessors.Preprocessor):
    """Ids in a page's HTML, found as MkDocs finds them (its _RawHTMLPreprocessor, before the raw HTML is stashed)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _IdParser()
        parser.feed("\n".join(lines))
        parser.close()
        self.ids = parser.ids
        return lines


class _IdParser(htmlparser.HTMLParser):
    """The parser MkDocs finds ids with: Markdown's copy of the standard library's, which Markdown patches."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is not None and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


class PageParser:
    """One Markdown converter, configured as MkDocs's, reused for every page of the editions with these settings."""

    def __init__(self, settings: LinkSettings) -> None:
        self.settings = settings
        self.md = markdown.Markdown(extensions=list(settings.extensions), extension_configs=dict(settings.configs))
        self.collector = _Collector(self.md)
        self.raw_html = _RawHtmlIds(self.md)
        # The priorities MkDocs gives its own processors: after toc and attr_list give headings their ids.
        self.md.treeprocessors.register(self.collector, "planpress_links", 0)
        self.md.preprocessors.register(self.raw_html, "planpress_raw_ids", 21)
        self.stash = HtmlStash()
        self._parsed: dict[str, tuple[tuple[tuple[str, str], ...], frozenset[str]]] = {}

    def parse(self, text: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
        """The page's links and images as (tag, address) in document order, and every id it holds."""
        # Kept: an issue is parsed for its links and again for its anchors, in each edition, and the
        # headings of one macro's output are the same on every page that calls it.
        found = self._parsed.get(text)
        if found is None:
            self.md.reset()
            self.md.convert(text)
            found = self._parsed[text] = (tuple(self.collector.links), frozenset(self.collector.ids | self.raw_html.ids))
        return found

    def anchors(self, text: str) -> frozenset[str]:
        """The anchors of Markdown as MkDocs collects them (present_anchor_ids); none made of a macro's stand-in word."""
        _, ids = self.parse(text)
        return frozenset(i for i in ids if _MACRO not in i)

    def macro_anchors(self, output: str) -> frozenset[str]:
        """The anchors of a macro's output as the build gives it to MkDocs: its headings converted, its HTML blocks
        kept aside and their ids added after (see plugin.on_page_content)."""
        self.stash.clear()
        kept = self.stash.keep(output)
        _, block_ids = self.stash.restore(kept)
        return self.anchors(kept) | block_ids


# The pages of one edition, and the pages whose links are checked.


@dataclass
class Page:
    """A page of an edition that a link may go to."""

    src: str
    kind: str
    anchors: Callable[[], frozenset[str] | None]
    """The page's anchors, worked out when a link asks for one; None when they cannot be known before the build."""
    draft: bool = False


@dataclass(frozen=True)
class Source:
    """A page or newsletter written by hand, whose links are checked: its docs path and its file's lines."""

    src: str
    url: str
    file: str
    kind: str
    body: str
    body_line: int
    """The file's line that holds the body's first line (front matter lines count)."""
    markdown: str
    """The body as MkDocs converts it, each macro call standing as one word (its output is not checked)."""


@dataclass
class Edition:
    """One build: its pages, its other files (docs/, the theme's, and what planpress writes beside the pages), and what it checks."""

    name: str
    pages: dict[str, Page]
    files: frozenset[str]
    checked: frozenset[str]
    """The docs paths of the sources whose links this build checks."""
    parser: PageParser
    theme: Callable[[], frozenset[str]] = field(default=lambda: frozenset())
    _anchors: dict[str, frozenset[str] | None] = field(default_factory=dict, repr=False)

    def has(self, src: str) -> bool:
        """Whether the build has a page or file at `src`."""
        return src in self.pages or src in self.files or src in self.theme()

    def anchors(self, src: str) -> frozenset[str] | None:
        """The anchors of the page at `src`, worked out once and only when a link asks for one."""
        if src not in self._anchors:
            self._anchors[src] = self.pages[src].anchors()
        return self._anchors[src]


def page_url(src: str) -> str:
    """The site-relative URL MkDocs gives a Markdown file, with directory URLs."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def macros_replaced(text: str) -> str:
    """`text` with each macro call, tag and comment replaced by one word (a comment by nothing), lines kept.

    {% raw %} blocks keep their text: it is shown as written, and a link in it is a link.
    """

    def replace(match: re.Match[str]) -> str:
        if match["raw"] is not None:
            start, end = match.start("raw") - match.start(), match.end("raw") - match.start()
            whole = match.group(0)
            return _newlines(whole[:start]) + match["raw"] + _newlines(whole[end:])
        if match["comment"] is not None:
            return _newlines(match.group(0))
        return _MACRO + _newlines(match.group(0))

    return _JINJA.sub(replace, text)


def _newlines(text: str) -> str:
    return "\n" * text.count("\n")


def docs_markdown(doc: DocsPage) -> str:
    """A page's body as MkDocs converts it: as written, or with code protected (see plugin.on_page_markdown) and each macro one word."""
    return macros_replaced(protect_code(doc.body)) if doc.rendered else doc.body


def docs_source(doc: DocsPage) -> Source:
    """A page of docs/ as a source of links."""
    text = docs_markdown(doc) if _may_link(doc.body) else ""
    return Source(doc.src, page_url(doc.src), doc.file, PAGE, doc.body, doc.body_line, text)


def issue_markdown(issue: Newsletter) -> str:
    """An issue's body as MkDocs converts it: its code kept as written (as the build protects it) and each macro one word."""
    return macros_replaced(protect_code(issue.body))


def issue_source(issue: Newsletter) -> Source:
    """An issue as a source of links."""
    text = issue_markdown(issue) if _may_link(issue.body) else ""
    return Source(issue.src, issue.url, issue.source, ISSUE, issue.body, issue.body_line, text)


def written_page_anchors(parser: PageParser, site: PlanSite, text: str, url: str, calls: Iterable[MacroCall] | None) -> frozenset[str] | None:
    """The anchors of a page or issue: those of its own Markdown (`text`, each macro one word) and those of the output of each of planpress's macro calls it makes.

    Worked out without rendering the page, so approximately: a heading inside `{% if %}` counts as if shown,
    text a macro or variable puts into a heading is not known, and when one of the page's headings and
    one its macros make have the same words, the build numbers the second ('_1') and the check does not.
    None (nothing known) when a macro is called with values the page does not write out, or its call fails
    (the build reports that failure by file and line).
    """
    if calls is None:
        return None
    found = set(parser.anchors(text))
    for name, args, _ in calls:
        try:
            output = getattr(site, name)(*args, page_url=url)
        except Exception:
            return None
        found |= parser.macro_anchors(str(output))
    return frozenset(found)


def site_edition(
    name: str,
    project: Project,
    issues: Iterable[Newsletter],
    docs: Iterable[DocsPage],
    files: Iterable[str],
    parser: PageParser,
    site: Callable[[], PlanSite],
    *,
    checked: Callable[[str, str], bool] = lambda kind, src: True,
    theme: Callable[[], frozenset[str]] = lambda: frozenset(),
) -> Edition:
    """One build of edition `name`: the docs pages it shows, its issues, and the pages it makes from the project's data.

    `site` makes the build's PlanSite, only when a link asks for an anchor of a page its macros make:
    filtering a large plan and indexing its updates costs more than all the rest. `checked(kind, src)`
    says which of its hand-written pages and issues this build checks the links of.
    """
    made = functools.cache(site)
    pages: dict[str, Page] = {}
    shown_docs = [d for d in docs if name == INTRANET or d.audience == PUBLIC]
    for doc in shown_docs:
        pages[doc.src] = Page(doc.src, PAGE, functools.partial(_docs_anchors, parser, made, doc))
    shown_issues = list(issues)
    for issue in shown_issues:
        pages[issue.src] = Page(issue.src, ISSUE, functools.partial(_issue_anchors, parser, made, issue), draft=issue.draft)
    generated = functools.cache(lambda: generated_pages(made()))
    for src, kind in data_pages(project, name).items():
        pages[src] = Page(src, kind, functools.partial(_generated_anchors, parser, made, generated, src))
    sources = [d.src for d in shown_docs if checked(PAGE, d.src)] + [i.src for i in shown_issues if checked(ISSUE, i.src)]
    return Edition(name, pages, frozenset(files), frozenset(sources), parser, theme)


def _docs_anchors(parser: PageParser, site: Callable[[], PlanSite], doc: DocsPage) -> frozenset[str] | None:
    if not doc.rendered:
        return parser.anchors(doc.body)
    return written_page_anchors(parser, site(), docs_markdown(doc), page_url(doc.src), macro_calls(doc.body, MACROS))


def _issue_anchors(parser: PageParser, site: Callable[[], PlanSite], issue: Newsletter) -> frozenset[str] | None:
    return written_page_anchors(parser, site(), issue_markdown(issue), issue.url, issue.calls)


def _generated_anchors(parser: PageParser, site: Callable[[], PlanSite], generated: Callable[[], dict[str, GeneratedPage]], src: str) -> frozenset[str]:
    # The page stands for one call of the PlanSite method it names (see pages.GeneratedPage.source).
    page = generated()[src]
    return parser.macro_anchors(str(getattr(site(), page.macro)(*page.args, page_url=page_url(src))))


def data_pages(project: Project, edition: str) -> dict[str, str]:
    """The docs paths of the pages `edition` makes from data (those of pages.generated_pages), with their kind: an area's and each action's.

    An intranet-only area or action has no page in the public edition, as audience.filter_for leaves it out.
    """
    pages: dict[str, str] = {}
    for area in project.areas:
        if edition == INTRANET or area.audience == PUBLIC:
            pages[f"{area_url(area.code).rstrip('/')}.md"] = AREA
    # The plan on a page is a table of every action, as an area's page is of its own.
    pages[PLAN_ON_A_PAGE_SRC] = AREA
    for area in project.areas:
        for action in area.actions:
            if edition == INTRANET or (area.audience == PUBLIC and action.audience == PUBLIC):
                pages[action_src(action.ref)] = ACTION
    return pages




def link_problems(sources: Iterable[Source], editions: list[Edition]) -> list[Problem]:
    """Every link and image of `sources` that a build of one of `editions` would refuse, by file and line."""
    problems: list[Problem] = []
    checker = _Checker(editions)
    for source in sources:
        shown_in = [e for e in editions if source.src in e.checked]
        if not shown_in or not _may_link(source.markdown):
            continue
        # Editions whose Markdown is configured alike find the same links: the page is parsed once for them.
        found: dict[int, tuple[tuple[str, str], ...]] = {}
        for edition in shown_in:
            if id(edition.parser) not in found:
                found[id(edition.parser)] = edition.parser.parse(source.markdown)[0]
            finder = _LineFinder(source)
            for tag, url in found[id(edition.parser)]:
                if _MACRO in url:
                    continue
                line = finder.line_of(url)
                message = checker.judge(source, tag, url, edition)
                if message is not None:
                    problems.append(Problem(source.file, line, "", message))
    return sorted(set(problems))


def _may_link(text: str) -> bool:
    """Whether Markdown could find a link or an image in `text`: a page without one needs no parsing."""
    return "](" in text or _REFERENCE_DEFINITION.search(text) is not None


class _LineFinder:
    """The line of the file each link is written on, found in order, outside code."""

    def __init__(self, source: Source) -> None:
        self.first = source.body_line
        self.lines = prose_lines(source.body.split("\n"))
        self.at = (0, 0)

    def line_of(self, url: str) -> int:
        wanted = [url, unquote(url)]
        for start in (self.at, (0, 0)):
            for index in range(start[0], len(self.lines)):
                text = self.lines[index]
                column = start[1] if index == start[0] else 0
                hits = [found for found in (text.find(w, column) for w in wanted) if found >= 0]
                if hits:
                    self.at = (index, min(hits) + 1)
                    return self.first + index
        return self.first + self.at[0]


class _Checker:
    def __init__(self, editions: list[Edition]) -> None:
        self.editions = editions

    def judge(self, source: Source, tag: str, url: str, edition: Edition) -> str | None:
        """What the build of `edition` would refuse about the link `url` on `source`'s page, or None."""
        scheme, netloc, path, query, anchor = urlsplit(url)
        what = "image" if tag == "img" else "link"
        if scheme or netloc:
            return None  # http:, https:, mailto:, tel: and //host links are not checked, as MkDocs does not
        if url.startswith(("/", "\\")):
            return self._absolute(source, url, path, query, anchor, edition)
        if AMP_SUBSTITUTE in url:
            return None  # an e-mail address Markdown obfuscated
        if not path:
            return self._anchor(source, url, source.src, anchor, edition) if anchor else None
        path = unquote(path)
        targets = list(_possible_targets(source.src, source.url, path))
        target = targets[0]
        if edition.has(target):
            if anchor and target in edition.pages:
                return self._anchor(source, url, target, anchor, edition)
            return None
        guess = next((t for t in targets[1:] if edition.has(t)), None)
        if guess is not None:
            written = _relative(guess, source.src, query, anchor)
            if path.endswith(".md"):
                return f"the {what} '{url}' goes to no page: there is no page {target}; did you mean '{written}'?"
            return f"the {what} '{url}' is the address of the built page; link to its file instead: '{written}'"
        elsewhere = next(((t, e.pages[t]) for t in targets for e in self.editions if t in e.pages), None)
        if elsewhere is not None:
            return self._not_in_edition(source, what, url, elsewhere[1], edition)
        return self._missing(source, what, url, target, edition)

    def _absolute(self, source: Source, url: str, path: str, query: str, anchor: str, edition: Edition) -> str:
        targets = _possible_targets(source.src, source.url, unquote(path))
        found = next((t for t in targets if any(e.has(t) for e in self.editions)), None)
        if found is None:
            return f"the link '{url}' is absolute, which the build refuses; link to the page's .md file, relative to this page"
        return f"the link '{url}' is absolute, which the build refuses; link to the file, relative to this page: '{_relative(found, source.src, query, anchor)}'"

    def _anchor(self, source: Source, url: str, target: str, anchor: str, edition: Edition) -> str | None:
        anchors = edition.anchors(target)
        if anchors is None or anchor in anchors:
            return None
        page = "this page" if target == source.src else target
        others = [e.name for e in self.editions if e is not edition and target in e.pages and anchor in (e.anchors(target) or ())]
        if others:
            this = "issue" if source.kind == ISSUE else "page"
            return (
                f"the link '{url}' goes to '#{anchor}', which {page} has only in the {others[0]} site, so the {edition.name} site would have "
                f"a broken link; take the link out, or mark this {this} 'audience: intranet' too"
            )
        base = "" if target == source.src else url.split("#", 1)[0]
        hint = _did_you_mean(anchor, sorted(anchors), lambda a: f"'{base}#{a}'")
        if not hint and anchors and len(anchors) <= ANCHORS_LISTED:
            hint = "; its anchors are " + ", ".join(f"'#{a}'" for a in sorted(anchors))
        return f"the link '{url}' goes to no anchor: {page} has no heading or id '{anchor}'{hint}"

    def _not_in_edition(self, source: Source, what: str, url: str, page: Page, edition: Edition) -> str:
        named = _page_name(page.src, page.kind)
        if page.draft:
            return (
                f"the {what} '{url}' goes to {named}, a draft that is not published, so the built site would have a broken link; "
                "publish that issue first (take out its 'draft: true'), or take the link out"
            )
        this = "issue" if source.kind == ISSUE else "page"
        return (
            f"the {what} '{url}' goes to {named}, which only the intranet site has, so the {edition.name} site would have a broken link; "
            f"take the link out, or mark this {this} 'audience: intranet' too"
        )

    def _missing(self, source: Source, what: str, url: str, target: str, edition: Edition) -> str:
        if target.startswith("../") or target == "..":
            where = "docs/ (such as docs/assets/)" if what == "image" else "docs/"
            return f"the {what} '{url}' goes outside docs/, which the site is built from; put the file in {where} and link to it relative to this page"
        page = target if posixpath.splitext(target)[1] else f"{target}.md"
        def relative(src: str) -> str:
            return f"'{_relative(src, source.src, '', '')}'"

        if what == "image" or not page.endswith(".md"):
            files = sorted(edition.files)
            kind = "image" if what == "image" else "file"
            return f"the {what} '{url}' goes to no {kind}: there is no docs/{target}" + _did_you_mean(target, files, relative)
        folder, name = posixpath.split(page[: -len(".md")])
        if folder == ACTIONS_DIR:
            actions = {p.src[len(ACTIONS_DIR) + 1 : -3]: p.src for p in edition.pages.values() if p.kind == ACTION}
            ref = name.replace("-", ".")
            if ref.replace(".", "-") in actions:
                right = relative(actions[ref.replace(".", "-")])
                return f"the link '{url}' goes to no page: action {ref}'s page is {right}, its ref with hyphens for dots"
            return f"the link '{url}' goes to no action: the plan has no action {ref}" + _did_you_mean(
                name, sorted(actions, key=_ref_key), lambda slug: f"{relative(actions[slug])} (action {slug.replace('-', '.')})"
            )
        areas = {p.src[len("delivery/") : -3]: p.src for p in edition.pages.values() if p.kind == AREA}
        if folder == "delivery" and _AREA_STEM.match(name.lower()) and areas:
            codes = ", ".join(a.upper() for a in areas)
            hint = _did_you_mean(name.lower(), list(areas), lambda a: f"{relative(areas[a])} ({a.upper()})", unique=True)
            return f"the link '{url}' goes to no delivery area: the plan has no area {name.upper()}" + (hint or f"; its areas are {codes}")
        if folder == NEWSLETTERS_DIR and _ISSUE_STEM.match(name):
            issues = {p.src[len(NEWSLETTERS_DIR) + 1 : -3]: p.src for p in edition.pages.values() if p.kind == ISSUE}
            return f"the link '{url}' goes to no newsletter: there is no issue {name}" + _did_you_mean(name, sorted(issues), lambda s: relative(issues[s]))
        # A page of that name elsewhere is what a link from the wrong folder meant.
        others = sorted(src[: -len(".md")] for src in edition.pages if src != source.src)
        same_name = [stem for stem in others if posixpath.basename(stem) == name]
        hint = _did_you_mean(page[: -len(".md")], same_name, lambda stem: relative(f"{stem}.md"), cutoff=0) or _did_you_mean(
            page[: -len(".md")], others, lambda stem: relative(f"{stem}.md")
        )
        return f"the link '{url}' goes to no page: there is no page {page}{hint}"


def _possible_targets(src: str, url: str, path: str) -> Iterator[str]:
    """The file a link on the page `src` (at `url`) goes to, then the files it may have meant: MkDocs's own guesses."""
    target = _target_uri(src, path)
    yield target
    if posixpath.normpath(path) == ".":
        yield src
        return
    tried = {target}
    prefixes = list(dict.fromkeys([target, _target_uri(url, path)]))
    suffixes: list[Callable[[str], str]] = [lambda p: p]
    if not posixpath.splitext(target)[-1]:
        suffixes += [lambda p: posixpath.join(p, "index.md"), lambda p: posixpath.join(p, "README.md")]
    if not target.endswith(".") and not path.endswith(".md"):
        suffixes.append(lambda p: (p[: -len(".html")] if p.endswith(".html") else p) + ".md")
    for prefix in prefixes:
        for suffix in suffixes:
            guess = posixpath.normpath(suffix(prefix))
            if guess not in tried and not guess.startswith("../"):
                tried.add(guess)
                yield guess


def _target_uri(src: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), path).lstrip("/"))


def _relative(target: str, src: str, query: str, anchor: str) -> str:
    """The link from the page `src` to the file `target`, as it would be written."""
    path = posixpath.relpath(target, posixpath.dirname(src) or ".")
    return urlunsplit(("", "", path, query, anchor))


def _page_name(src: str, kind: str) -> str:
    if kind == ACTION:
        return f"action {posixpath.basename(src)[:-3].replace('-', '.')}"
    if kind == AREA:
        return f"delivery area {posixpath.basename(src)[:-3].upper()}"
    if kind == ISSUE:
        return f"the issue {src}"
    return src


def _ref_key(slug: str) -> list[int | str]:
    return [int(p) if p.isdigit() else p for p in slug.split("-")]


def _did_you_mean(word: str, choices: list[str], written: Callable[[str], str], *, unique: bool = False, cutoff: float = 0.6) -> str:
    """'; did you mean ...?' naming the closest choices (those equally close), or nothing when none is close."""
    scored = []
    matcher = difflib.SequenceMatcher(b=word)
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and (score := matcher.ratio()) >= cutoff:
            scored.append((score, choice))
    if not scored:
        return ""
    best = max(score for score, _ in scored)
    nearest = [choice for score, choice in scored if score == best]
    if unique and len(nearest) > 1:
        return ""
    return f"; did you mean {' or '.join(written(c) for c in nearest[:3])}?"


# The project's builds.


def project_editions(
    root: Path,
    project: Project,
    issues: list[Newsletter],
    settings: Mapping[str, LinkSettings],
    output_files: Iterable[str],
    docs: DocsFiles | None = None,
) -> tuple[list[Edition], list[Source]]:
    """The builds of the project (public, intranet, and the preview when there are drafts) and every page and issue whose links they check.

    `settings` are each edition's, from its configuration file; the preview is the intranet edition's.
    `output_files` are the files planpress writes at each site's root after the pages (feeds and
    exports): links may go to them. Drafts are checked as the preview shows them, with the drafts.
    """
    docs_read = docs if docs is not None else read_docs(root / "docs", root)
    pages, files = docs_read.pages, docs_read.others | frozenset(output_files)
    parsers: list[PageParser] = []

    def parser(wanted: LinkSettings) -> PageParser:
        # Editions whose Markdown is configured alike share one converter.
        for made in parsers:
            if (made.settings.extensions, made.settings.configs) == (wanted.extensions, wanted.configs):
                return made
        parsers.append(PageParser(wanted))
        return parsers[-1]

    def edition(name: str, drafts: bool = False, **options: Any) -> Edition:
        shown = link_issues(issues, name, drafts)
        chosen = settings[name]
        site = functools.partial(PlanSite, project, name, reference_date=chosen.reference_date, newsletters=shown)
        # Only a link that goes to no page or docs/ file needs the theme's files.
        theme = functools.cache(chosen.theme_files)
        return site_edition(name, project, shown, pages, files, parser(chosen), site, theme=theme, **options)

    editions = [edition(PUBLIC), edition(INTRANET)]
    drafts = {issue.src for issue in issues if issue.draft}
    if drafts:
        editions.append(edition(INTRANET, drafts=True, checked=lambda kind, src: kind == ISSUE and src in drafts))
    return editions, [docs_source(doc) for doc in pages] + [issue_source(issue) for issue in issues]


def project_link_problems(
    root: Path,
    project: Project,
    issues: list[Newsletter],
    settings: Mapping[str, LinkSettings],
    output_files: Iterable[str],
    docs: DocsFiles | None = None,
) -> list[Problem]:
    """Every link mistake in docs/ and newsletters/ that a build of either edition (or a preview of a draft) would refuse."""
    editions, sources = project_editions(root, project, issues, settings, output_files, docs)
    return link_problems(sources, editions)
