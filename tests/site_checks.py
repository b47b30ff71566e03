"""What any valid content must satisfy once built, whatever its plan, ratings and newsletters say.

The same checks run on the repository's own sites (tests/build/test_live_site.py), on the repository's
content with a quarter added (tests/build/test_new_quarter.py) and on the fixtures. So none may assume a
count, a date or a status: each reads what it expects from the project's own files, or from the plan's
seed text. Each returns its problems, one line each, so a failing test lists them all.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import yaml
from plan_text import PLAN_TEXT, normalise, plan_fragments
from site_text import elements, html_pages, page_text, tagged

EDITIONS = ("public", "intranet")
FEEDS = ("feed.xml", "atom.xml")
LINKED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src", "video": "src", "audio": "src"}
"""Each element and the attribute through which a page links to, or loads, another file."""
NOT_A_FILE = ("mailto:", "tel:", "data:", "blob:", "javascript:")
SHORTEST_SECRET = 20
"""Shorter intranet-only text ("Contacts", a name) may well be on the public site for another reason."""
NOT_TEXT = {"audience", "date", "end", "status", "kind", "id", "ref", "action", "value", "target", "better", "unit", "ordered", "page", "draft"}


# Every sentence of the plan.


def site_text(site: Path) -> str:
    """The text of every page of a built site, normalised, in one string."""
    return " ".join(normalise(page_text(p.read_text("utf-8"), main_only=False)) for p in html_pages(site))


def plan_text_problems(root: Path, sites: Path) -> list[str]:
    """Every fragment of the plan's seed text (tests/fixtures/plan.txt) is on both sites."""
    problems = []
    for edition in EDITIONS:
        text = site_text(sites / edition)
        problems += [f"{edition}: the plan's text {fragment!r} is on no page" for fragment in plan_fragments(PLAN_TEXT) if fragment not in text]
    return problems


# Feeds.


def site_url(site: Path) -> str:
    """The address the site was built for, from its home page's canonical link."""
    [canonical] = [e["href"] for e in elements((site / "index.html").read_text("utf-8"), "link") if e.get("rel") == "canonical"]
    return canonical or ""


def feed_problems(root: Path, sites: Path) -> list[str]:
    """Both feeds of both sites parse cleanly (feedparser's bozo is false), and each entry links to a built page."""
    problems = []
    for edition in EDITIONS:
        site = sites / edition
        base = site_url(site)
        for name in FEEDS:
            if not (site / name).is_file():
                problems.append(f"{edition}/{name}: missing")
                continue
            feed = feedparser.parse((site / name).read_bytes())
            if feed.bozo:
                problems.append(f"{edition}/{name}: not a valid feed: {feed.get('bozo_exception')}")
            for entry in feed.entries:
                link = entry.get("link", "")
                target = local_target(site, base, "", link)
                if target is None or not target.is_file():
                    problems.append(f"{edition}/{name}: entry {entry.get('title')!r} links to {link!r}, which is not a page of the site")
    return problems


# Links.


def local_target(site: Path, base: str, page: str, href: str) -> Path | None:
    """The built file a link on the page at URL path `page` points at, or None for a link off the site."""
    parts = urlsplit(href)
    if href.startswith(NOT_A_FILE) or (parts.scheme and not href.startswith(base)) or (parts.netloc and not parts.scheme):
        return None
    if href.startswith((base, "/")):
        # An absolute link, or one from the site's root path (the 404 page's, as it may be served at any depth).
        path = unquote(parts.path)[len(urlsplit(base).path) :]
    else:
        folder = page if page.endswith("/") else page[: page.rfind("/") + 1]
        path = _join(folder, unquote(parts.path))
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") or target.is_dir() else target


def _join(folder: str, path: str) -> str:
    """A relative URL path resolved against a folder of the site, '..' and '.' taken out."""
    parts: list[str] = [p for p in folder.split("/") if p]
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    folder_link = path.endswith("/") or path.split("/")[-1] in ("", ".", "..")
    return "/".join(parts) + ("/" if folder_link and parts else "")


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(e["id"] for e in elements(path.read_text("utf-8")) if e.get("id"))


def page_url(site: Path, file: Path) -> str:
    """The URL path of a built page: 'about/' for about/index.html, '404.html' for 404.html."""
    rel = file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def _link_problem(site: Path, base: str, file: Path, tag: str, attribute: str, href: str, edition: str) -> list[str]:
    url = page_url(site, file)
    target = file if href.startswith("#") else local_target(site, base, url, href)
    if target is None:
        return []
    fragment = unquote(urlsplit(href).fragment)
    where = f"{edition}/{url}: <{tag} {attribute}={href!r}>"
    if not target.is_file():
        return [f"{where}: no such file"]
    if fragment and target.suffix == ".html" and fragment not in _ids(target):
        return [f"{where}: no id {fragment!r} on {page_url(site, target) or 'the home page'}"]
    return []


def link_problems(root: Path, sites: Path) -> list[str]:
    """Every link and every file a page loads, on both sites, is a built file; every #anchor is an id on its page."""
    problems = []
    for edition in EDITIONS:
        site = sites / edition
        base = site_url(site)
        for file in html_pages(site):
            for tag, element in tagged(file.read_text("utf-8")):
                attribute = LINKED.get(tag)
                href = element.get(attribute) if attribute else None
                if href:
                    problems += _link_problem(site, base, file, tag, attribute, href, edition)
    return problems


# Nothing intranet-only on the public site.


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n") or "\n---" not in text[3:]:
        return {}, text
    head, _, body = text[4:].partition("\n---")
    meta = yaml.safe_load(head)
    return (meta if isinstance(meta, dict) else {}), body


def _strings(value: Any, hidden: bool, key: str | None = None) -> Iterator[tuple[str, bool]]:
    """Every text of a YAML value, and whether an `audience: intranet` on it or above it hides it from the public."""
    if key in NOT_TEXT:
        return
    if isinstance(value, dict):
        hidden = hidden or value.get("audience") == "intranet"
        for child_key, child in value.items():
            yield from _strings(child, hidden, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child, hidden, key)
    elif isinstance(value, str):
        yield value, hidden


def _pieces(markdown: str) -> list[str]:
    """Markdown as the runs of words a reader sees, a paragraph, list item or line each, normalised."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "\n", markdown, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    pieces = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:#+|[-*+]|\d+\.)\s+", "", line).replace("**", "").replace("`", "")
        line = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", line)
        pieces.append(normalise(line))
    return [p for p in pieces if p]


def _url(docs_path: str) -> str:
    stem = docs_path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


@dataclass
class Hidden:
    """What a project keeps off the public site: the words only intranet-only items hold, and its intranet-only pages."""

    texts: list[str] = field(default_factory=list)
    """Runs of words (normalised) of intranet-only items, drafts and pages that no public item also holds."""
    urls: list[str] = field(default_factory=list)
    """URL paths of pages that only the intranet site (or no site, for drafts) may have."""
    marks: list[str] = field(default_factory=list)
    """Names that would betray one of those pages in any public file: its address, its row's id."""


def intranet_only(root: Path) -> Hidden:
    """Read the project at `root` and list what is intranet-only, without planpress's own code."""
    hidden: list[str] = []
    shown: list[str] = []
    found = Hidden()
    data = root / "data"
    secret_refs: set[str] = set()
    # Areas before updates: a public update of an intranet-only action is intranet-only too.
    for path in sorted(data.rglob("*.yml"), key=lambda p: (p.parent.name == "updates", p.as_posix())):
        loaded = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(loaded, dict):
            continue
        if path.parent.name == "delivery":
            for action in loaded.get("actions") or []:
                if loaded.get("audience") == "intranet" or action.get("audience") == "intranet":
                    secret_refs.add(str(action.get("ref")))
        for update in loaded.get("updates") or [] if path.parent.name == "updates" else []:
            secret = update.get("audience") == "intranet" or str(update.get("action")) in secret_refs
            (hidden if secret else shown).extend(text for text, _ in _strings(update, False))
        if path.parent.name == "updates":
            continue
        for text, secret in _strings(loaded, False):
            (hidden if secret else shown).append(text)
    for ref in sorted(secret_refs):
        slug = ref.replace(".", "-")
        found.urls.append(f"delivery/actions/{slug}/")
        found.marks += [f"actions/{slug}/", f"action-{slug}"]
    for path in sorted((root / "newsletters").rglob("*.md")):
        meta, body = _front_matter(path.read_text("utf-8"))
        if not meta:
            continue  # a README, not an issue
        secret = meta.get("audience") == "intranet" or meta.get("draft") is True
        texts = [str(meta.get("title", "")), str(meta.get("summary", "")), body]
        (hidden if secret else shown).extend(texts)
        if secret:
            found.urls.append(f"newsletters/{path.stem}/")
            found.marks.append(path.stem)
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")):
        meta, body = _front_matter(path.read_text("utf-8"))
        secret = meta.get("audience") == "intranet"
        (hidden if secret else shown).append(body)
        url = _url(path.relative_to(docs).as_posix())
        if secret and url:
            found.urls.append(url)
            found.marks.append(url)
    public = " ".join(piece for text in shown for piece in _pieces(text))
    found.texts = sorted({piece for text in hidden for piece in _pieces(text) if len(piece) >= SHORTEST_SECRET and piece not in public})
    return found


def readable(path: Path) -> str:
    """A built file's text as a reader or a program would take it: markup, escapes and line folding undone."""
    raw = path.read_bytes()
    suffix = path.suffix
    if suffix == ".gz":
        raw, suffix = gzip.decompress(raw), Path(path.stem).suffix
    text = raw.decode("utf-8", errors="replace")
    if suffix == ".json":
        text = " ".join(_json_strings(json.loads(text)))
    elif suffix == ".ics":
        text = re.sub(r"\\([,;\\])", r"\1", text.replace("\r\n ", "").replace("\\n", "\n"))
    # Twice: a feed holds each item's HTML escaped inside its XML.
    for _ in range(2):
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return normalise(text)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for child in value.values():
            yield from _json_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _json_strings(child)
    elif isinstance(value, str):
        yield value


def leak_problems(root: Path, sites: Path) -> list[str]:
    """No file of the public site holds intranet-only words, or builds, lists or links an intranet-only page."""
    found = intranet_only(root)
    public = sites / "public"
    problems = [f"public/{url}: an intranet-only page is built on the public site" for url in found.urls if (public / url / "index.html").exists()]
    marks = [(mark, re.compile(rf"(?<![\w-]){re.escape(mark)}(?![\w-])")) for mark in found.marks]
    for path in sorted(p for p in public.rglob("*") if p.is_file()):
        name = path.relative_to(public).as_posix()
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace")
        problems += [f"public/{name}: names the intranet-only page {mark!r}" for mark, pattern in marks if pattern.search(text)]
        words = readable(path)
        problems += [f"public/{name}: holds the intranet-only text {secret!r}" for secret in found.texts if secret in words]
    return problems


CHECKS: dict[str, Callable[[Path, Path], list[str]]] = {
    "the plan's every sentence is published": plan_text_problems,
    "the feeds are valid": feed_problems,
    "no link is broken": link_problems,
    "nothing intranet-only is public": leak_problems,
}
"""Every check, by what it proves: each takes the project's folder and the folder holding its two built sites."""


def site_problems(root: Path, sites: Path) -> list[str]:
    """Every problem any check finds in the sites built from the project at `root`."""
    return [problem for check in CHECKS.values() for problem in check(root, sites)]
