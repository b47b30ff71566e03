"""Inline Markdown from data, rendered to HTML that can carry no script."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import markdown
import nh3
from markupsafe import Markup

DATA_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "br"}
"""Tags that Markdown in data/ may produce. Raw HTML typed into data is shown as text."""

DATA_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML in data is text, never markup: drop the processors that pass it through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _converter()
# One cleaner for the whole build: building one per call costs several times the cleaning itself.
_CLEANER = nh3.Cleaner(tags=DATA_TAGS, attributes=DATA_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)

_PLAIN = r"[A-Za-z0-9 ,.;:'’?()/%–-]"
_STRONG = rf"\*\*[A-Za-z0-9](?:{_PLAIN}*[A-Za-z0-9])?\*\*"
_PLAIN_SENTENCE = re.compile(rf"[A-Za-z](?:{_PLAIN}|(?<= ){_STRONG}(?=[ ,.;:]|$))*")
"""One line that starts with a letter and holds no character Markdown or HTML gives a meaning to,
except **strong** words standing on their own."""
_STRONG_WORDS = re.compile(rf"{_STRONG}")


@cache
def render_markdown(text: str) -> Markup:
    """Render block Markdown (paragraphs, lists, emphasis, links) from data as safe HTML."""
    line = text.strip("\n")
    # Most update notes and table cells are one plain sentence; Markdown would only wrap it in <p>
    # (and mark up its **strong** words). Skipping the parser for them keeps large plans fast; tests
    # check that both paths agree. The pattern admits no character that HTML escapes.
    if line == line.strip() and _PLAIN_SENTENCE.fullmatch(line):
        return Markup(f"<p>{_STRONG_WORDS.sub(_strong, line)}</p>")
    return convert_markdown(text)


def _strong(match: re.Match[str]) -> str:
    return f"<strong>{match.group()[2:-2]}</strong>"


def convert_markdown(text: str) -> Markup:
    """Render Markdown from data through the full parser and the HTML cleaner."""
    _MD.reset()
    return Markup(_CLEANER.clean(_MD.convert(text)))


_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


@cache
def render_inline(text: str) -> Markup:
    """Render Markdown from data without a wrapping paragraph when it is a single one."""
    rendered = str(render_markdown(text))
    match = _ONE_PARAGRAPH.match(rendered)
    if match and "<p>" not in match.group(1):
        rendered = match.group(1)
    return Markup(rendered)


@cache
def plain_text(text: str) -> str:
    """The words of a Markdown text with its markup removed, for titles and exports."""
    rendered = str(render_markdown(text))
    spaced = _BLOCK_TAG.sub(" ", rendered)
    stripped = _ANY_TAG.sub("", spaced)
    return " ".join(html.unescape(stripped).split())


_BLOCK_TAG = re.compile(r"</?(p|ul|ol|li|br)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]+>")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows exactly as written, for headings written into pages."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


# Newsletter pages: what an issue's rendered HTML may hold. This is the one allowlist for issue pages
# and their feed items: Markdown's output, the macros' own markup (badges, tables, inline SVG charts),
# and nothing that runs (no <script>, no on* attributes, no javascript: links).
PAGE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "nav", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    # Inline SVG charts drawn by the macros.
    "svg", "g", "rect", "line", "polyline", "path", "circle", "text", "title", "desc",
}
PAGE_GENERIC_ATTRIBUTES = {"id", "class", "title", "role", "lang", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"}
PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "time": {"datetime"},
    "div": {"tabindex"},
    "details": {"open"},
    "abbr": {"title"},
    "svg": {"viewBox", "width", "height", "xmlns", "focusable", "preserveAspectRatio"},
    "g": {"fill", "stroke", "transform"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-dasharray"},
    "polyline": {"points", "fill", "stroke", "stroke-width", "stroke-linejoin", "stroke-linecap"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "circle": {"cx", "cy", "r", "fill", "stroke", "stroke-width"},
    "text": {"x", "y", "dx", "dy", "text-anchor", "dominant-baseline", "font-size", "font-weight", "fill"},
}
PAGE_URL_SCHEMES = {"http", "https", "mailto"}

UrlRewrite = Callable[[str], str]


def _page_attributes() -> dict[str, set[str]]:
    attributes = {tag: names | PAGE_GENERIC_ATTRIBUTES for tag, names in PAGE_ATTRIBUTES.items()}
    attributes["*"] = PAGE_GENERIC_ATTRIBUTES
    return attributes


@lru_cache(maxsize=1)
def _page_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=PAGE_TAGS, attributes=_page_attributes(), url_schemes=PAGE_URL_SCHEMES, link_rel=None, strip_comments=True)


def clean_page_html(html_text: str, rewrite_url: UrlRewrite | None = None) -> str:
    """Rendered newsletter HTML with only PAGE_TAGS and PAGE_ATTRIBUTES; href and src passed through `rewrite_url`."""

    if rewrite_url is None:
        # No filter to call back into Python for every attribute: a large issue has tens of thousands.
        return _page_cleaner().clean(html_text)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return rewrite_url(value)
        return value

    attributes = _page_attributes()
    return nh3.clean(
        html_text,
        tags=PAGE_TAGS,
        attributes=attributes,
        attribute_filter=keep,
        url_schemes=PAGE_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def page_title(text: str) -> str:
    """A page's title or description as MkDocs and Material use it: as HTML, so escaped here.

    Material writes page titles into <title>, the header, the navigation and the search index without
    escaping them, and mkdocs-macros runs any title containing '{{' as a template; braces are written
    as character references so that a title is only ever text.
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


# What clean_page_html writes is HTML in one form: the sanitizer parses the page and writes it out again,
# every attribute as name="value" with each '"' and '&' in the value escaped, every '<' and '&' of text
# escaped, no comment, no doctype and no <script> or <style>. Reading that form is a single regular
# expression; html.parser, written for any HTML, took more time than anything else in the feeds and
# email editions.
_CLEAN_TOKEN = re.compile(r'<(/?)([A-Za-z][^\s/>]*)((?:\s+[^\s"\'=/>]+(?:="[^"]*")?)*)\s*/?>|([^<]+)|(<)')
_CLEAN_ATTRIBUTE = re.compile(r'([^\s"\'=/>]+)(?:="([^"]*)")?')

START, END, TEXT = "start", "end", "text"

CleanEvent = tuple[str, str, list[tuple[str, str | None]], int, int]
"""(kind, tag or text, attributes, start, end): kind is START, END or TEXT; start and end are offsets in the HTML."""


def clean_html_events(text: str) -> Iterator[CleanEvent]:
    """The tags and text of HTML that clean_page_html wrote, in order, as html.parser would report them.

    Tag and attribute names are lower case and character references in text and values are resolved, as
    html.parser does with convert_charrefs. A '<' that starts no tag is text.
    """
    unescape = html.unescape
    pending: CleanEvent | None = None
    for match in _CLEAN_TOKEN.finditer(text):
        closing, tag, attributes, data, stray = match.groups()
        if tag is None:
            piece = unescape(data if data is not None else stray)
            # html.parser hands over the text between two tags in one piece.
            pending = (TEXT, pending[1] + piece, [], pending[3], match.end()) if pending else (TEXT, piece, [], match.start(), match.end())
            continue
        if pending:
            yield pending
            pending = None
        if closing:
            yield END, tag.lower(), [], match.start(), match.end()
        else:
            parsed = [(a.group(1).lower(), None if a.group(2) is None else unescape(a.group(2))) for a in _CLEAN_ATTRIBUTE.finditer(attributes)] if attributes else []
            yield START, tag.lower(), parsed, match.start(), match.end()
    if pending:
        yield pending
