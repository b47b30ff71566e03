"""Reading built pages: the main content's text, links and elements, with an HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

BLOCK = {
    "p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "thead", "tbody", "h1", "h2", "h3", "h4", "h5", "h6",
    "dl", "dt", "dd", "section", "article", "br", "blockquote", "pre", "figure", "figcaption", "nav", "header", "footer",
}
SKIP = {"script", "style", "svg", "template"}


class _Text(HTMLParser):
    def __init__(self, main_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.main_only = main_only
        self.depth_main = 0 if main_only else 1
        self.skip = 0
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            if tag == "br":
                self.parts.append(" ")
            return
        self.stack.append(tag)
        if self.main_only and tag == "article" and "md-content__inner" in classes:
            self.depth_main = len(self.stack)
        if tag in SKIP or "headerlink" in classes:
            self.skip += 1
            self.stack[-1] = tag + "|skip"
        if tag in BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top = self.stack.pop()
            if top.endswith("|skip"):
                self.skip -= 1
            if self.main_only and self.depth_main and len(self.stack) < self.depth_main:
                self.depth_main = 0 if self.main_only else 1
            if top.split("|")[0] == tag:
                break
        if tag in BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip == 0 and self.depth_main:
            self.parts.append(data)


def page_text(html: str, main_only: bool = True) -> str:
    """The text of a page's main content (or the whole page), blocks separated by spaces."""
    parser = _Text(main_only)
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


EMAIL_EDITION = "email.html"
"""Each issue's email edition: a file for mail clients beside the issue's page, not a page of the site."""


def is_email_edition(path: Path, site: Path) -> bool:
    """Whether a built file is an issue's email edition (newsletters/<issue>/email.html)."""
    parts = path.relative_to(site).parts
    return len(parts) == 3 and parts[0] == "newsletters" and parts[2] == EMAIL_EDITION


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (the email editions, written for mail clients, are not pages)."""
    return sorted(p for p in site.rglob("*.html") if not is_email_edition(p, site))


def email_editions(site: Path) -> list[Path]:
    """Every issue's email edition in a built site."""
    return sorted(p for p in site.glob(f"newsletters/*/{EMAIL_EDITION}"))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tagged(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of a page, in order, as its tag name and its attributes."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def elements(html: str, tag: str | None = None) -> list[dict[str, str | None]]:
    """The attributes of every element (of one tag name) in a page."""
    return [attrs for name, attrs in tagged(html) if tag is None or name == tag]
