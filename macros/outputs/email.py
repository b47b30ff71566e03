"""Each published issue's email edition beside its page: email.html (styles inlined), email.txt and email.eml.

The issue's HTML is the one the feeds hold (feeds.item_html: cleaned, every link absolute); this module only
frames it for mail clients, writes it as plain text too, and packs both into one message ready to send.
"""

from __future__ import annotations

import binascii
import hashlib
import re
import textwrap
from dataclasses import dataclass
from email import policy
from email.utils import format_datetime
from pathlib import Path

from css_inline import CSSInliner
from markupsafe import Markup

from macros.model.newsletter import NEWSLETTERS_DIR, Newsletter
from macros.outputs.feeds import site_root
from macros.views.markup import END, START, clean_html_events
from macros.views.plan_site import PlanSite
from macros.views.render import TEMPLATES, render

HTML_FILE = "email.html"
TEXT_FILE = "email.txt"
MESSAGE_FILE = "email.eml"
EMAIL_FILES = (HTML_FILE, TEXT_FILE, MESSAGE_FILE)
STYLESHEET = TEMPLATES / "email" / "email.css"
TEXT_WIDTH = 72
"""Plain-text email keeps its lines short enough for any reader, quoting included."""


@dataclass(frozen=True)
class EmailEdition:
    """One issue ready to send: its HTML, its plain text and the message holding both."""

    html: str
    text: str
    message: bytes


def email_inliner() -> CSSInliner:
    """Writes the email stylesheet into each element's style attribute and loads nothing from anywhere."""
    return CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False, extra_css=STYLESHEET.read_text("utf-8"))


def email_edition(site: PlanSite, issue: Newsletter, content: str, site_url: str, inliner: CSSInliner) -> EmailEdition:
    """The email edition of `issue`, from its item HTML `content` (every link already absolute)."""
    root = site_root(site_url)
    plan = site.project.plan
    footer = f"The quarterly newsletter of {plan.title}, from the {plan.partnership}."
    if site.intranet:
        footer += " Internal edition for partner staff: it may hold what is not on the public website."
    context = {
        "footer": footer,
        "site": site,
        "plan": plan,
        "issue": issue,
        "page_url": root + issue.url,
        "archive_url": root + f"{NEWSLETTERS_DIR}/",
        "subscribe_url": root + "about/#subscribe",
    }
    page = inliner.inline(render("email/issue.html", body=Markup(content), **context)) + "\n"
    text = render("email/issue.txt", body=plain_text_email(content), **context).strip("\n") + "\n"
    return EmailEdition(page, text, email_message(site, issue, page, text))


def message_id(feed_id: str | None, edition: str) -> str:
    """A Message-ID made from the issue's feed id, so that every build writes the same one: '<newsletters.2018-03-22.2017.public@plan.example.org>'."""
    authority, _, specific = (feed_id or "tag:planpress.invalid,0:newsletters").removeprefix("tag:").partition(":")
    name, _, year = authority.rpartition(",")
    domain = name.rpartition("@")[2]
    local = re.sub(r"[^A-Za-z0-9-]+", ".", f"{specific}.{year}.{edition}").strip(".")
    return f"<{local}@{domain}>"


_SMTP = policy.SMTP
_CRLF = "\r\n"
_LINE_ENDS = re.compile(r"\r\n|\r|\n")
"""What the email package's generator counts as the end of a line: each is written as CRLF."""


def email_message(site: PlanSite, issue: Newsletter, page: str, text: str) -> bytes:
    """The issue as an unsent message (multipart/alternative, UTF-8) with no recipients, to open in a mail program and send.

    The message is written out directly, as the email package's SMTP policy writes it: building one
    EmailMessage and its parts parsed every header twice and took most of the time of an email edition.
    Headers that vary are parsed and folded by the policy, as an EmailMessage's are: a subject in any
    language is encoded, a long one or a long Message-ID folded, and a line break in one refused.
    """
    # The package would choose a random boundary; one made from the parts is the same on every build.
    boundary = "=_planpress_" + hashlib.sha256((text + page).encode("utf-8")).hexdigest()[:32]
    head = "".join(
        [
            _header("Subject", issue.title),
            # Dated when the issue was published, never when it was built, so that two builds are byte for byte the same.
            _header("Date", format_datetime(issue.published_london)),
            _header("Message-ID", message_id(issue.feed_id, site.edition)),
            # Outlook opens a message marked unsent as a new one, ready for recipients and Send.
            "X-Unsent: 1" + _CRLF,
            "MIME-Version: 1.0" + _CRLF,
            # The boundary makes the line too long for one: it is folded before it, as the policy folds it.
            f'Content-Type: multipart/alternative;{_CRLF} boundary="{boundary}"{_CRLF}',
            _header("Content-Language", site.project.plan.language),
        ]
    )
    parts = (_text_part(text, "plain"), _text_part(page, "html"))
    delimiter = f"--{boundary}{_CRLF}"
    body = delimiter + f"{_CRLF}{delimiter}".join(parts) + f"{_CRLF}--{boundary}--{_CRLF}"
    return (head + _CRLF + body).encode("ascii")


def _header(name: str, value: str) -> str:
    """One header as the SMTP policy writes it, CRLF included."""
    folded: str = _SMTP.header_store_parse(name, value)[1].fold(policy=_SMTP)
    return folded


def _text_part(body: str, subtype: str) -> str:
    """A UTF-8 text part in quoted-printable, encoded by binascii (in C): the email package's own encoder is Python, a character at a time."""
    encoded = binascii.b2a_qp(body.encode("utf-8"), istext=True).decode("ascii")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{_CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{_CRLF}{_CRLF}"
        + _LINE_ENDS.sub(_CRLF, encoded)
    )


def write_email_editions(site: PlanSite, site_dir: Path, site_url: str, contents: dict[str, str]) -> list[Path]:
    """Write email.html, email.txt and email.eml beside each published issue's page; `contents` is from feeds.item_contents."""
    inliner = email_inliner()
    written: list[Path] = []
    for issue in site.published_newsletters:
        edition = email_edition(site, issue, contents[issue.url], site_url, inliner)
        folder = site_dir / issue.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / HTML_FILE).write_text(edition.html, encoding="utf-8", newline="\n")
        (folder / TEXT_FILE).write_text(edition.text, encoding="utf-8", newline="\n")
        (folder / MESSAGE_FILE).write_bytes(edition.message)
        written += [folder / name for name in EMAIL_FILES]
    return written


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {
    "p", "div", "blockquote", "figure", "figcaption", "section", "article", "nav", "details", "summary",
    "dl", "dt", "dd", "hr", "caption", "header", "footer",
}  # fmt: skip
_SKIPPED = {"svg", "script", "style", "template", "head", "title"}
_UNDERLINES = {2: "=", 3: "-"}
_SPACES = re.compile(r"\s+")


class _PlainText:
    """An issue's HTML, as clean_page_html wrote it, as plain text: headings underlined, lists marked, links
    and images written out, tables row by row."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int]] = []
        """Each block's text, and the number of the list it is an item of (0 if none): a list's items follow one another without a blank line."""
        self.list_number = 0
        self.words: list[str] = []
        self.links: list[tuple[str | None, int]] = []
        self.lists: list[list[int]] = []
        """Each open list as [ordered, items so far]."""
        self.prefix = ""
        self.indent = ""
        self.skip = 0
        self.pre = 0
        self.heading = 0
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None

    @property
    def target(self) -> list[str]:
        return self.cell if self.cell is not None else self.words

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.skip or tag in _SKIPPED:
            self.skip += tag in _SKIPPED
            return
        if tag == "a":
            self.links.append((attributes.get("href"), len(self.target)))
        elif tag == "img":
            alt = (attributes.get("alt") or "").strip()
            self.target.append(f"[Image: {alt}]" if alt else "[Image]")
        elif self.cell is not None:
            if tag == "br" or tag in _BLOCKS or tag in ("ul", "ol", "li"):
                self.cell.append(" ")
        elif tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self.words.append("\n")
        elif tag in ("ul", "ol"):
            self._flush()
            start = attributes.get("start") or "1"
            self.list_number += not self.lists
            self.lists.append([tag == "ol", int(start) - 1 if start.isdigit() else 0])
        elif tag == "li":
            self._flush()
            current = self.lists[-1] if self.lists else [0, 0]
            current[1] += 1
            marker = f"{current[1]}." if current[0] else "-"
            self.prefix = "   " * (len(self.lists) - 1) + marker + " "
            self.indent = " " * len(self.prefix)
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "pre":
            self._flush()
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skip:
            self.skip -= 1
            return
        if self.skip:
            return
        if tag == "a" and self.links:
            href, start = self.links.pop()
            shown = " ".join("".join(self.target[start:]).split())
            if href and not href.startswith("#") and shown not in (href, href.removeprefix("mailto:")):
                self.target.append(f" <{href.removeprefix('mailto:')}>")
        elif tag in ("td", "th") and self.cell is not None:
            if self.rows:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.cell is not None:
            return
        elif tag == "table" and self.rows is not None:
            self.blocks.append(("\n".join(self.indent + " | ".join(row) for row in self.rows if row), 0))
            self.rows = None
        elif tag in _HEADINGS:
            text = textwrap.fill(" ".join("".join(self.words).split()), TEXT_WIDTH, break_long_words=False, break_on_hyphens=False)
            self.words = []
            self.heading = 0
            underline = _UNDERLINES.get(_HEADINGS[tag])
            if text:
                width = max(len(line) for line in text.split("\n"))
                self.blocks.append((text + ("\n" + underline * width if underline else ""), 0))
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "li":
            self._flush()
            depth = max(len(self.lists) - 1, 0)
            self.prefix = self.indent = "   " * depth
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            self.prefix = self.indent = "   " * len(self.lists)
        elif tag == "pre":
            self._flush()
            self.pre = max(self.pre - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.target.append(data if self.pre else _SPACES.sub(" ", data))

    def _flush(self) -> None:
        text = "".join(self.words)
        self.words = []
        if self.pre:
            if text.strip("\n"):
                self.blocks.append(("\n".join(self.indent + line for line in text.strip("\n").split("\n")), 0))
            return
        lines = [" ".join(line.split()) for line in text.split("\n")]
        if not any(lines):
            return
        wrapped = []
        for n, line in enumerate(l for l in lines if l):
            first = self.prefix if n == 0 else self.indent
            wrapped.append(textwrap.fill(line, TEXT_WIDTH, initial_indent=first, subsequent_indent=self.indent, break_long_words=False, break_on_hyphens=False))
        self.blocks.append(("\n".join(wrapped), self.list_number if self.lists else 0))
        # A second paragraph of the same list item lines up under the first one's text.
        self.prefix = self.indent

    def text(self) -> str:
        self._flush()
        out = ""
        previous = 0
        for block, number in self.blocks:
            if out:
                out += "\n" if number and number == previous else "\n\n"
            out += block
            previous = number
        return out


def plain_text_email(content: str) -> str:
    """An issue's HTML (as clean_page_html wrote it: the feed item's) written out as the plain text of an email."""
    writer = _PlainText()
    for kind, value, attributes, _, _ in clean_html_events(content):
        if kind == START:
            writer.handle_starttag(value, attributes)
        elif kind == END:
            writer.handle_endtag(value)
        else:
            writer.handle_data(value)
    return writer.text()
