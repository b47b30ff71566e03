"""The newsletter feeds at the site's root: feed.xml (RSS 2.0) and atom.xml (Atom 1.0), built with feedgen, and
feed.json (JSON Feed 1.1). Each item carries the issue's whole HTML, its lead image and the areas it reports on."""

from __future__ import annotations

import datetime as dt
import html
import json
import mimetypes
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from macros.model.newsletter import LONDON, NEWSLETTERS_DIR, PUBLISH_TIME, Newsletter
from macros.views.markup import END, START, TEXT, clean_html_events, clean_page_html, plain_text
from macros.views.plan_site import PlanSite

RSS_FILE = "feed.xml"
ATOM_FILE = "atom.xml"
JSON_FILE = "feed.json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
AREA_SCHEME = "delivery/"
"""Area categories' scheme: the delivery plan's page, under the site's address."""


@dataclass(frozen=True)
class LeadImage:
    """The image mailing tools and feed readers show beside an issue: its address, type and size in bytes."""

    url: str
    type: str
    length: int


@dataclass(frozen=True)
class FeedItem:
    """One published issue as every feed holds it."""

    issue: Newsletter
    url: str
    content: str
    image: LeadImage | None
    categories: list[tuple[str, str]]
    """(term, label) pairs: the delivery areas the issue reports on, then its own tags."""


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


def without_headerlinks(html: str) -> str:
    """HTML that clean_page_html wrote, without the '¶' permalinks MkDocs adds to headings (useful on the site,
    noise in a feed reader); everything else left exactly as it was."""
    out, last, start = [], 0, None
    for kind, tag, attributes, begin, end in clean_html_events(html):
        if kind == TEXT or tag != "a":
            continue
        if kind == START and "headerlink" in (dict(attributes).get("class") or "").split():
            start = begin
        elif kind == END and start is not None:
            out.append(html[last:start])
            last, start = end, None
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def item_html(body: str, page_url: str) -> str:
    """An issue's HTML as a feed item holds it: cleaned, with every href and src absolute."""
    return clean_page_html(without_headerlinks(body), rewrite_url=lambda value: absolute_url(value, page_url))


class _NoFeedElements(BaseExtension):  # type: ignore[misc]
    """The enclosure extension adds nothing at the feed's level."""


class _AtomEnclosure(BaseEntryExtension):  # type: ignore[misc]
    """An Atom entry's enclosure link, written whole.

    feedgen 1.0 writes an Atom entry's links without their rel, type and length, so its own enclosure would
    be a second 'alternate' link, which Atom forbids; RSS's <enclosure> it writes well.
    """

    def __init__(self) -> None:
        self.image: LeadImage | None = None

    def extend_atom(self, entry: Any) -> Any:
        if self.image is not None:
            xml_elem("link", entry, href=self.image.url, rel="enclosure", type=self.image.type, length=str(self.image.length))
        return entry


ATOM_ENCLOSURE = "planpress_enclosure"


def site_root(site_url: str) -> str:
    """The site's address, ending in '/'."""
    return site_url if site_url.endswith("/") else site_url + "/"


def item_contents(site: PlanSite, issue_html: dict[str, str], site_url: str) -> dict[str, str]:
    """Each published issue's item HTML (see item_html) by the issue's URL, made once for every feed and the email edition."""
    root = site_root(site_url)
    contents: dict[str, str] = {}
    for issue in site.published_newsletters:
        if issue.url not in issue_html:
            raise KeyError(f"{issue.source}: its page was not rendered, so the feed cannot hold it")
        # It means parsing and cleaning the whole issue, so it is done once for all the files that hold it.
        contents[issue.url] = item_html(issue_html[issue.url], root + issue.url)
    return contents


def image_sources(content: str) -> Iterator[str]:
    """The address of every image in HTML that clean_page_html wrote, in order, read as far as the caller asks."""
    for kind, tag, attributes, _, _ in clean_html_events(content):
        if kind == START and tag == "img":
            src = dict(attributes).get("src")
            if src:
                yield src


def site_file(url: str, root: str, site_dir: Path) -> Path | None:
    """The built file an absolute address of this site names, or None for another site's address."""
    if not url.startswith(root):
        return None
    path = unquote(urlsplit(url).path[len(urlsplit(root).path) :])
    return site_dir / (path + "index.html" if path == "" or path.endswith("/") else path)


def lead_image(issue: Newsletter, content: str, site_dir: Path, site_url: str) -> LeadImage | None:
    """The image the front matter names, or else the first image of the issue that is a file of this site.

    An image from another site is passed over: its size, which an enclosure must give, is not known here.
    """
    root = site_root(site_url)
    if issue.image is not None:
        url = root + quote(issue.image)
        path = site_file(url, root, site_dir)
        if path is None or not path.is_file():
            raise KeyError(f"{issue.source}: its image docs/{issue.image} was not copied into the site")
        return _described(url, path)
    for src in image_sources(content):
        path = site_file(src.split("#")[0].split("?")[0], root, site_dir)
        if path is not None and path.is_file():
            return _described(src, path)
    return None


def _described(url: str, path: Path) -> LeadImage:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return LeadImage(url, kind, path.stat().st_size)


def item_categories(site: PlanSite, issue: Newsletter) -> list[tuple[str, str]]:
    """(term, label) of each delivery area the issue reports on, in plan order, then of each of its tags."""
    areas = site.areas
    # Some of the plan's area titles end in the colon of the table they head.
    found = [(code, f"{code} {areas[code].title.strip().rstrip(':').rstrip()}") for code in issue.area_codes(list(areas))]
    found += [(tag, tag) for tag in issue.tags]
    return found


def feed_items(site: PlanSite, contents: dict[str, str], site_dir: Path, site_url: str) -> list[FeedItem]:
    """Every published issue, newest first, as the feeds hold it."""
    root = site_root(site_url)
    return [
        FeedItem(issue, root + issue.url, contents[issue.url], lead_image(issue, contents[issue.url], site_dir, site_url), item_categories(site, issue))
        for issue in site.published_newsletters
    ]


def feed_title(site: PlanSite) -> str:
    """The newsletter feeds' title."""
    return f"{site.project.plan.short_title}: newsletter" + (" (internal edition)" if site.intranet else "")


def feed_description(site: PlanSite) -> str:
    """The newsletter feeds' description."""
    plan = site.project.plan
    description = f"The quarterly newsletter of {plan.title}, from the {plan.partnership}."
    if site.intranet:
        description += " Internal edition for partner staff: it includes issues that are not on the public site."
    return description


def feed_generator(site: PlanSite, items: list[FeedItem], site_url: str, self_file: str, *, atom: bool) -> FeedGenerator:
    """An Atom (or else RSS) feed of `items` (newest first) for one edition, linking to itself at `self_file`."""
    plan = site.project.plan
    root = site_root(site_url)
    internal = site.intranet
    fg = FeedGenerator()
    fg.load_extension("media", atom=True, rss=True)
    if atom:
        fg.register_extension(ATOM_ENCLOSURE, _NoFeedElements, _AtomEnclosure, atom=True, rss=False)
    description = feed_description(site)
    fg.title(feed_title(site))
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
    newest = items[0].issue.published_london if items else dt.datetime.combine(plan.start, PUBLISH_TIME, LONDON)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    fg.pubDate(newest)
    for item in items:
        issue, page_url = item.issue, item.url
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
        # The whole issue: RSS readers and mailing tools read it from content:encoded, Atom's from <content>.
        entry.content(item.content, type="html")
        for term, label in item.categories:
            if term in site.areas:
                entry.category(term=term, label=label, scheme=root + AREA_SCHEME)
            else:
                entry.category(term=term, label=label)
        if item.image is not None:
            # Mailing tools (RSS-to-email campaigns) take an item's picture from media:content or its enclosure.
            # group=None puts media:content in the item itself rather than in a media:group.
            entry.media.content(url=item.image.url, type=item.image.type, fileSize=str(item.image.length), medium="image", group=None)
            if atom:
                getattr(entry, ATOM_ENCLOSURE).image = item.image
            else:
                entry.enclosure(item.image.url, str(item.image.length), item.image.type)
    return fg


def json_feed(site: PlanSite, items: list[FeedItem], site_url: str) -> dict[str, Any]:
    """The JSON Feed 1.1 of `items`: the same ids, dates and content as the RSS and Atom feeds."""
    plan = site.project.plan
    root = site_root(site_url)
    authors = [{"name": plan.partnership}]
    entries = []
    for item in items:
        issue = item.issue
        entry: dict[str, Any] = {
            "id": issue.feed_id,
            "url": item.url,
            "title": issue.title,
            "content_html": item.content,
            "summary": plain_text(issue.summary),
            "date_published": issue.published_london.isoformat(),
            "date_modified": issue.published_london.isoformat(),
        }
        if item.image is not None:
            entry["image"] = item.image.url
        entry["tags"] = [label for _, label in item.categories]
        entry["language"] = plan.language
        entry["authors"] = authors
        entries.append(entry)
    return {
        "version": JSON_FEED_VERSION,
        "title": feed_title(site),
        "home_page_url": root + f"{NEWSLETTERS_DIR}/",
        "feed_url": root + JSON_FILE,
        "description": feed_description(site),
        "language": plan.language,
        "authors": authors,
        "items": entries,
    }


def write_feeds(site: PlanSite, site_dir: Path, site_url: str, contents: dict[str, str]) -> list[Path]:
    """Write feed.xml, atom.xml and feed.json for the edition's published issues (never a draft); `contents` is from item_contents."""
    items = feed_items(site, contents, site_dir, site_url)
    rss = site_dir / RSS_FILE
    rss.write_bytes(feed_generator(site, items, site_url, RSS_FILE, atom=False).rss_str(pretty=True))
    atom = site_dir / ATOM_FILE
    atom.write_bytes(feed_generator(site, items, site_url, ATOM_FILE, atom=True).atom_str(pretty=True))
    feed = site_dir / JSON_FILE
    feed.write_text(json.dumps(json_feed(site, items, site_url), ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
    return [rss, atom, feed]
