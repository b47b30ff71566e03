"""The newsletter feeds: feed.xml (RSS 2.0) and atom.xml (Atom 1.0) at the site's root, built with feedgen."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from macros.model.newsletter import LONDON, NEWSLETTERS_DIR, PUBLISH_TIME, Newsletter
from macros.views.markup import clean_page_html, plain_text
from macros.views.plan_site import PlanSite

RSS_FILE = "feed.xml"
ATOM_FILE = "atom.xml"


def absolute_url(value: str, base: str) -> str:
    """A link or image address from a page at absolute URL `base`, made absolute."""
    target = value.strip()
    if urlsplit(target).scheme:
        return target
    joined = urljoin(base, target)
    parts = urlsplit(joined)
    # urljoin keeps '..' that climbs above the root; a browser drops it.
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") and parts.path != "/" else "")
    return parts._replace(path="/" if path in (".", "//") else path).geturl()


class _HeaderLinks(HTMLParser):
    """Finds the '¶' permalinks MkDocs adds to headings: useful on the site, noise in a feed reader."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._start: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and "headerlink" in (dict(attrs).get("class") or "").split():
            self._start = self.getpos()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._start is not None:
            self.spans.append((self._start, self.getpos()))
            self._start = None



def without_headerlinks(html: str) -> str:
    """The HTML without heading permalinks, everything else left exactly as it was."""
    finder = _HeaderLinks()
    finder.feed(html)
    finder.close()
    if not finder.spans:
        return html
    starts = [0]
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: tuple[int, int]) -> int:
        return starts[pos[0] - 1] + pos[1]

    out, last = [], 0
    for begin, end in finder.spans:
        stop = html.index(">", offset(end)) + 1
        out.append(html[last : offset(begin)])
        last = stop
    out.append(html[last:])
    return "".join(out)


def item_html(body: str, page_url: str) -> str:
    """An issue's HTML as a feed item holds it: cleaned, with every href and src absolute."""
    return clean_page_html(without_headerlinks(body), rewrite_url=lambda value: absolute_url(value, page_url))


def feed_generator(site: PlanSite, issues: list[Newsletter], item_contents: dict[str, str], site_url: str, self_file: str) -> FeedGenerator:
    """A feed of `issues` (newest first) for one edition, linking to itself at `self_file`.

    `item_contents` holds each issue's item HTML (from item_html) by the issue's URL.
    """
    plan = site.project.plan
    root = site_url if site_url.endswith("/") else site_url + "/"
    internal = site.intranet
    fg = FeedGenerator()
    title = f"{plan.short_title}: newsletter" + (" (internal edition)" if internal else "")
    description = f"The quarterly newsletter of {plan.title}, from the {plan.partnership}."
    if internal:
        description += " Internal edition for partner staff: it includes issues that are not on the public site."
    fg.title(title)
    fg.description(description)
    fg.subtitle(description)
    # feedgen gives RSS's <link> the last link added: the archive page, not the feed itself.
    fg.link(href=root + self_file, rel="self")
    fg.link(href=root + f"{NEWSLETTERS_DIR}/", rel="alternate")
    fg.language(plan.language)
    fg.author({"name": plan.partnership})
    fg.generator("planpress")
    fg.id(f"tag:{site.feed_authority}:{NEWSLETTERS_DIR}" + ("/intranet" if internal else ""))
    # The feed's own date is its newest issue's, so an unchanged feed is byte for byte the same file.
    newest = issues[0].published_london if issues else dt.datetime.combine(plan.start, PUBLISH_TIME, LONDON)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    fg.pubDate(newest)
    for issue in issues:
        page_url = root + issue.url
        entry = fg.add_entry(order="append")
        entry.id(issue.feed_id)
        entry.guid(issue.feed_id, permalink=False)
        entry.title(issue.title)
        entry.link(href=page_url, rel="alternate")
        entry.published(issue.published_london)
        entry.updated(issue.published_london)
        entry.pubDate(issue.published_london)
        entry.summary(plain_text(issue.summary))
        # RSS readers show <description> as HTML, so the plain summary is escaped for it; Atom's summary is typed text.
        entry.description(html.escape(plain_text(issue.summary), quote=False))
        entry.content(item_contents[issue.url], type="html")
    return fg


def write_feeds(site: PlanSite, site_dir: Path, site_url: str, issue_html: dict[str, str]) -> list[Path]:
    """Write feed.xml and atom.xml for the edition's published issues; never a draft."""
    issues = [issue for issue in site.published_newsletters if not issue.draft]
    root = site_url if site_url.endswith("/") else site_url + "/"
    # Each item's HTML is made once for both feeds: it means parsing and cleaning the whole issue.
    contents: dict[str, str] = {}
    for issue in issues:
        if issue.url not in issue_html:
            raise KeyError(f"{issue.source}: its page was not rendered, so the feed cannot hold it")
        contents[issue.url] = item_html(issue_html[issue.url], root + issue.url)
    rss = site_dir / RSS_FILE
    rss.write_bytes(feed_generator(site, issues, contents, site_url, RSS_FILE).rss_str(pretty=True))
    atom = site_dir / ATOM_FILE
    atom.write_bytes(feed_generator(site, issues, contents, site_url, ATOM_FILE).atom_str(pretty=True))
    return [rss, atom]
