"""What mailing tools and mail programs get, from a real build of a project with its own issues (tests/mailing_data.py):
each issue's email edition, the feeds' images, categories and JSON Feed, and changes.xml."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import feedparser
import pytest
from helpers import run_planpress
from mailing_data import (
    AUTHORITY,
    COVER,
    DRAFT,
    FIRST_PICTURE,
    INTERNAL,
    NAMED,
    PICTURES,
    PLAIN,
    QUIET_MEETING,
    SITE_URLS,
)
from progress_data import JULY, MARCH, SECRET_ACTION, SECRET_UPDATE
from site_text import elements, email_editions, html_pages, page_text

LONDON = ZoneInfo("Europe/London")
EDITIONS = ("public", "intranet")
MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHED = {"public": [NAMED, PICTURES, PLAIN], "intranet": [NAMED, INTERNAL, PICTURES, PLAIN]}
"""Each edition's published issues, newest first."""


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def site(mailing_project: Path, edition: str) -> Path:
    return mailing_project / "site" / edition


def built_file(site: Path, site_url: str, url: str) -> Path:
    """The built file an absolute URL of the site names; fails if the URL is elsewhere."""
    assert url.startswith(site_url), f"{url} is not on {site_url}"
    path = urlsplit(url).path[len(urlsplit(site_url).path) :]
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def parse(site: Path, name: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def message(site: Path, stem: str) -> EmailMessage:
    parsed = email.message_from_bytes((site / "newsletters" / stem / "email.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


# The email edition.


def test_each_published_issue_and_no_draft_has_an_email_edition(site: Path, edition: str) -> None:
    assert sorted(p.parent.name for p in email_editions(site)) == sorted(PUBLISHED[edition])
    for stem in PUBLISHED[edition]:
        for name in ("email.html", "email.txt", "email.eml"):
            assert (site / "newsletters" / stem / name).is_file(), f"{stem}/{name}"
    assert not (site / "newsletters" / DRAFT).exists()
    for path in site.rglob("email.*"):
        assert b"ZQXDRAFT" not in path.read_bytes()
        if edition == "public":
            assert b"ZQXINTERNAL" not in path.read_bytes() and INTERNAL not in path.as_posix()


def test_the_eml_is_an_unsent_message_with_a_text_part_and_an_html_part(site: Path, edition: str) -> None:
    for stem in PUBLISHED[edition]:
        parsed = message(site, stem)
        assert parsed.get_content_type() == "multipart/alternative"
        parts = list(parsed.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert {p.get_content_charset() for p in parts} == {"utf-8"}
        # A message's lines end in CRLF, as mail is sent; the files beside it end theirs in LF.
        text, html = (p.get_content().replace("\r\n", "\n") for p in parts)
        assert text == (site / "newsletters" / stem / "email.txt").read_text("utf-8")
        assert html == (site / "newsletters" / stem / "email.html").read_text("utf-8")
        for header in ("To", "Cc", "Bcc", "From", "Reply-To"):
            assert parsed[header] is None, header
        issue_date = dt.date.fromisoformat(stem[:10])
        assert parsed["X-Unsent"] == "1"
        assert parsed["Content-Language"] == "en-GB"
        assert parsed["Date"].datetime == dt.datetime.combine(issue_date, dt.time(9), LONDON)
        # The Message-ID comes from the issue's feed id, so a rebuild writes the same message.
        assert parsed["Message-ID"] == f"<newsletters.{issue_date.isoformat()}.2017.{edition}@plan.example.org>"
    assert message(site, PICTURES)["Subject"] == "Pictures from the boot camp"


def test_the_email_html_is_laid_out_for_mail_clients(site: Path, edition: str) -> None:
    for page in email_editions(site):
        html = page.read_text("utf-8")
        tags = elements(html)
        assert re.match(r"<!DOCTYPE html><html lang=\"en-GB\">", html)
        assert page_text(html[: html.index("</title>")], main_only=False).strip().endswith(message(site, page.parent.name)["Subject"])
        assert not [t for t in elements(html, "script")]
        assert not [t for t in elements(html, "style")]
        assert not [t for t in elements(html, "link")]
        frames = [t for t in elements(html, "table") if "pp-email-frame" in (t.get("class") or "")]
        assert len(frames) == 1 and frames[0]["role"] == "presentation"
        assert "max-width: 600px" in (frames[0]["style"] or "")
        badges = [t for t in tags if (t.get("class") or "").startswith("pp-badge")]
        assert all("background-color:" in (t.get("style") or "") for t in badges)
        assert badges or page.parent.name != PICTURES
        assert not any((t.get("href") or "").startswith("javascript:") for t in tags)
        assert not any(name.startswith("on") for t in tags for name in t)


def test_badges_show_their_word_and_colour_in_inline_styles(site: Path) -> None:
    html = (site / "newsletters" / PICTURES / "email.html").read_text("utf-8")
    badges = re.findall(r'<span class="pp-badge pp-badge--(\w+)" style="([^"]+)">([^<]+)</span>', html)
    found = {kind: (style, word) for kind, style, word in badges}
    assert found["red"][1] == "Red" and "background-color: #a4262c" in found["red"][0] and "color: #ffffff" in found["red"][0]
    assert found["green"][1] == "Green" and "background-color: #1b6e33" in found["green"][0]
    assert found["not_rated"][1] == "Not yet rated"


def test_every_link_and_image_in_the_email_edition_is_absolute_and_built(site: Path, edition: str) -> None:
    checked = 0
    for page in email_editions(site):
        for tag, attribute in (("a", "href"), ("img", "src")):
            for element in elements(page.read_text("utf-8"), tag):
                value = element.get(attribute) or ""
                assert urlsplit(value).scheme in ("http", "https", "mailto"), f"{page}: {value} is not absolute"
                if value.startswith(SITE_URLS[edition]):
                    assert built_file(site, SITE_URLS[edition], value.split("#")[0]).is_file(), f"{page}: {value} is not built"
                    checked += 1
    assert checked > 30


def test_the_plain_text_reads_as_the_issue(site: Path, edition: str) -> None:
    text = (site / "newsletters" / PICTURES / "email.txt").read_text("utf-8")
    edition_name = " (internal edition)" if edition == "intranet" else ""
    assert text.startswith(f"Norfolk Signs of Safety EIP2 Plan 2017/9: newsletter{edition_name}\n\nPictures from the boot camp\n=====")
    assert "[Image: Staff at the boot camp]" in text
    assert "RAG summary\n-----------" in text
    assert f"<{SITE_URLS[edition]}delivery/actions/1-1/>" in text
    assert max(len(line) for line in text.splitlines() if "http" not in line and " | " not in line) <= 72


def test_the_issue_page_offers_its_email_edition(site: Path) -> None:
    page = (site / "newsletters" / PICTURES / "index.html").read_text("utf-8")
    paragraph = re.search(r'<p class="pp-email-links">.*?</p>', page, re.S)
    assert paragraph is not None and page_text(paragraph[0], main_only=False).startswith("Email this issue:")
    links = [a["href"] for a in elements(paragraph[0], "a")]
    assert links == ["email.eml", "email.html", "email.txt"]
    for href in links:
        assert (site / "newsletters" / PICTURES / href).is_file()


def test_planpress_email_prints_where_the_files_are(mailing_project: Path) -> None:
    for name in (f"{PICTURES}.md", PICTURES, "2018-07-30", f"newsletters/{PICTURES}.md"):
        done = run_planpress(mailing_project, "email", name)
        assert done.code == 0, done.output
        listed = [line.strip() for line in done.output.splitlines() if line.startswith("  ")]
        assert listed == [f"site/{e}/newsletters/{PICTURES}/email.{x}" for e in EDITIONS for x in ("html", "txt", "eml")]
    internal = run_planpress(mailing_project, "email", INTERNAL)
    assert internal.code == 0 and "site/public" not in internal.output and f"site/intranet/newsletters/{INTERNAL}/email.eml" in internal.output
    draft = run_planpress(mailing_project, "email", DRAFT)
    assert draft.code == 1 and "is a draft" in draft.output
    missing = run_planpress(mailing_project, "email", "2017-01-01")
    assert missing.code == 1 and "there is no issue '2017-01-01'" in missing.output


# The feeds, for mailing tools.


def test_rss_and_atom_items_carry_the_lead_image_as_media_content_and_an_enclosure(site: Path, edition: str) -> None:
    root = SITE_URLS[edition]
    expected = {
        PICTURES: root + FIRST_PICTURE,  # the first image of the issue
        NAMED: root + COVER,  # the image its front matter names, not its first
    }
    rss = ElementTree.parse(site / "feed.xml").getroot()
    for item in rss.iter("item"):
        stem = urlsplit(item.findtext("link") or "").path.rstrip("/").rsplit("/", 1)[-1]
        media = item.findall(f"{MEDIA}content")
        enclosures = item.findall("enclosure")
        if stem not in expected:
            assert media == [] and enclosures == [], stem
            continue
        path = built_file(site, root, expected[stem])
        size = str(path.stat().st_size)
        assert [(m.get("url"), m.get("type"), m.get("fileSize"), m.get("medium")) for m in media] == [(expected[stem], "image/png", size, "image")]
        assert [(e.get("url"), e.get("length"), e.get("type")) for e in enclosures] == [(expected[stem], size, "image/png")]
    atom = ElementTree.parse(site / "atom.xml").getroot()
    covers = [
        (link.get("href"), link.get("length"))
        for entry in atom.iter(f"{ATOM}entry")
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    ]
    assert sorted(covers) == sorted((url, str(built_file(site, root, url).stat().st_size)) for url in expected.values())
    for name in ("feed.xml", "atom.xml"):
        parsed = parse(site, name)
        with_media = [e for e in parsed.entries if e.get("media_content")]
        assert {e.media_content[0]["url"] for e in with_media} == set(expected.values())


def test_rss_items_hold_the_whole_issue_as_html(site: Path) -> None:
    rss = ElementTree.parse(site / "feed.xml").getroot()
    contents = {i.findtext("title"): i.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "" for i in rss.iter("item")}
    assert "Thirty-seven places were filled." in page_text(contents["Pictures from the boot camp"], main_only=False)
    assert "RAG changes" in page_text(contents["Pictures from the boot camp"], main_only=False)


def test_items_are_categorised_by_the_areas_they_report_on_and_their_tags(site: Path, edition: str) -> None:
    for name in ("feed.xml", "atom.xml"):
        entries = {e.title: [t.get("label") or t.term for t in e.get("tags", [])] for e in parse(site, name).entries}
        assert entries["First steps"] == ["OD1 Leaders", "OD2 Learners", "leadership", "training"]
        assert entries["Pictures from the boot camp"] == ["OD1 Leaders", "OD2 Learners", "OD3 Systems", "OD4 Diagnostic tools"]
        assert entries["A named cover"] == ["OD3 Systems", "quality assurance"]
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    first = next(e for e in atom.entries if e.title == "First steps")
    assert [(t.term, t.scheme) for t in first.tags][:2] == [("OD1", SITE_URLS[edition] + "delivery/"), ("OD2", SITE_URLS[edition] + "delivery/")]


def test_feed_json_has_what_json_feed_1_1_requires_and_the_same_items(site: Path, edition: str) -> None:
    feed = json.loads((site / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"] == SITE_URLS[edition] + "newsletters/" and feed["feed_url"] == SITE_URLS[edition] + "feed.json"
    assert feed["language"] == "en-GB" and feed["authors"] == [{"name": "Norfolk Safeguarding Children Board"}]
    rss = parse(site, "feed.xml").entries
    assert [item["id"] for item in feed["items"]] == [e.id for e in rss] == [e.id for e in parse(site, "atom.xml").entries]
    assert all(item["id"].startswith(f"tag:{AUTHORITY}:newsletters/") for item in feed["items"])
    for item, entry in zip(feed["items"], rss, strict=True):
        for key in ("id", "url", "title", "content_html", "summary", "date_published", "date_modified", "tags", "language", "authors"):
            assert key in item, key
        assert item["url"] == entry.link and item["title"] == entry.title and item["summary"] == entry.summary
        published = dt.datetime.fromisoformat(item["date_published"])
        assert published.tzinfo is not None and published.astimezone(LONDON).time() == dt.time(9)
        assert published == dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
        assert isinstance(item["content_html"], str) and item["content_html"]
    images = {item["title"]: item.get("image") for item in feed["items"]}
    assert images["Pictures from the boot camp"] == SITE_URLS[edition] + FIRST_PICTURE
    assert images["A named cover"] == SITE_URLS[edition] + COVER
    assert images["First steps"] is None


def test_every_page_names_the_json_feed_and_the_changes_feed(site: Path, edition: str) -> None:
    base = urlsplit(SITE_URLS[edition]).path
    for page in html_pages(site):
        alternates = {(link["type"], link["href"]) for link in elements(page.read_text("utf-8"), "link") if link.get("rel") == "alternate"}
        for kind, name in (("application/feed+json", "feed.json"), ("application/atom+xml", "changes.xml")):
            hrefs = [href for t, href in alternates if t == kind and href.endswith(name)]
            assert len(hrefs) == 1, f"{page}: {kind}"
            href = hrefs[0]
            target = site / href[len(base) :] if href.startswith("/") else (page.parent / href).resolve()
            assert target.resolve() == (site / name).resolve(), f"{page}: {href}"


# changes.xml


def test_changes_xml_has_one_entry_per_meeting_newest_first(site: Path, edition: str) -> None:
    feed = parse(site, "changes.xml")
    assert feed.version == "atom10"
    meetings = [QUIET_MEETING, JULY, MARCH]
    assert [e.id for e in feed.entries] == [f"tag:{AUTHORITY}:changes/{day}" for day in meetings]
    for entry, day in zip(feed.entries, meetings, strict=True):
        stamp = dt.datetime.fromisoformat(entry.updated)
        assert stamp.astimezone(LONDON) == dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), LONDON)
    assert feed.feed.id == f"tag:{AUTHORITY}:changes" + ("/intranet" if edition == "intranet" else "")
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [SITE_URLS[edition] + "changes.xml"]


def changes_of(site: Path, day: str) -> list[str]:
    """The items of one meeting's entry, as text."""
    root = ElementTree.parse(site / "changes.xml").getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry") if (e.findtext(f"{ATOM}id") or "").endswith(day))
    content = entry.findtext(f"{ATOM}content") or ""
    return [page_text(item, main_only=False) for item in re.findall(r"<li>.*?</li>", content.replace("\n", " "))] + [content]


def test_each_meeting_lists_the_ratings_it_changed_from_and_to(site: Path, edition: str) -> None:
    july = changes_of(site, JULY)
    content = july.pop()
    moves = [re.sub(r"^(\d+\.\d+) .*?: (from \S+(?: yet rated| published)? to \S+(?: yet rated| published)?).*$", r"\1 \2", item) for item in july if re.match(r"^\d+\.\d+ ", item)]
    expected = ["1.1 from Green to Amber", "1.5 from Not yet rated to Complete", "2.1 from Amber to Green", "2.2 from Not yet rated to Red", "3.1 from Red to Amber"]
    if edition == "intranet":
        expected.insert(1, "1.2 from Green to Red")
        expected.append("4.9 from Not yet rated to Amber")
    else:
        # 1.2's July rating is for the intranet only: the public feed says it was rated, as the action's page
        # does, and never what the rating was (4.9 is an intranet-only action, so it is not there at all).
        expected.insert(1, "1.2 from Green to Not published")
    assert moves == expected
    assert "Two sessions moved to the autumn." in page_text(content, main_only=False)
    assert "&lt;script&gt;" in content and "<script>" not in content
    for href in (a["href"] for a in elements(content, "a")):
        assert built_file(site, SITE_URLS[edition], href).is_file()
    if edition == "public":
        data = (site / "changes.xml").read_text("utf-8")
        assert SECRET_UPDATE not in data and SECRET_ACTION not in data and "4-9" not in data
    quiet = changes_of(site, QUIET_MEETING)
    assert "changed no action's RAG rating" in page_text(quiet[-1], main_only=False)
    titles = [e.title for e in parse(site, "changes.xml").entries]
    assert titles[0] == "Steering group meeting, 24 October 2018: no rating changed"
    assert titles[1] == f"Steering group meeting, 25 July 2018: {len(expected)} ratings changed"


def test_the_about_page_explains_the_changes_feed(site: Path) -> None:
    about = (site / "about" / "index.html").read_text("utf-8")
    links = {a["href"] for a in elements(about, "a")}
    assert {"../changes.xml", "../feed.json", "../feed.xml", "../atom.xml"} <= links
    assert "changes.xml" in page_text(about)
