"""Inline Markdown from data, rendered to HTML that can carry no script."""

from __future__ import annotations

import html
import re
from functools import lru_cache

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


@lru_cache(maxsize=None)
def render_markdown(text: str) -> Markup:
    """Render block Markdown (paragraphs, lists, emphasis, links) from data as safe HTML."""
    _MD.reset()
    raw = _MD.convert(text)
    return Markup(nh3.clean(raw, tags=DATA_TAGS, attributes=DATA_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None))


_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


@lru_cache(maxsize=None)
def render_inline(text: str) -> Markup:
    """Render Markdown from data without a wrapping paragraph when it is a single one."""
    rendered = str(render_markdown(text))
    match = _ONE_PARAGRAPH.match(rendered)
    if match and "<p>" not in match.group(1):
        rendered = match.group(1)
    return Markup(rendered)


@lru_cache(maxsize=None)
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
