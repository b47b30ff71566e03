"""Newsletters built with mkdocs build --strict: issue pages, the archive, the home page and both feeds."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import feedparser
import pytest
import yaml
from helpers import NORFOLK, build_project, copy_project, run_planpress
from site_text import elements, html_pages, page_text

from macros.loading.newsletters import read_newsletters

LONDON = ZoneInfo("Europe/London")
SITE_URLS = {"public": "https://plan.example.org/", "intranet": "https://intranet.example.org/sofs-plan/"}
AUTHORITY = "plan.example.org,2017"
ISSUES = read_newsletters(NORFOLK, feed_authority=AUTHORITY)
PUBLISHED = sorted((i for i in ISSUES if not i.draft and i.audience == "public"), key=lambda i: i.date, reverse=True)
FEEDS = ("feed.xml", "atom.xml")
ATOM = "{http://www.w3.org/2005/Atom}"


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def built_file(site: Path, site_url: str, url: str) -> Path:
    """The built file an absolute URL of the site points at; fails if the URL is not on the site."""
    assert url.startswith(site_url), f"{url} is not on {site_url}"
    path = urlsplit(url).path[len(urlsplit(site_url).path) :]
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def relative_target(site: Path, page_url: str, href: str) -> Path:
    """The built file a relative link on the page at `page_url` points at."""
    base = SITE_URLS["public"] + page_url
    from macros.outputs.feeds import absolute_url

    return built_file(site, SITE_URLS["public"], absolute_url(href.split("#")[0], base))


def main_links(html: str) -> list[str]:
    """The hrefs inside the page's article, in order."""
    start = html.index('<article class="md-content__inner')
    return [a["href"] for a in elements(html[start : html.index("</article>", start)], "a") if a.get("href")]


@pytest.fixture(scope="module", params=["public", "intranet"])
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def site(built_site: Path, edition: str) -> Path:
    return built_site / edition


# The Norfolk newsletters on both sites.


def test_each_issue_page_shows_its_date_quarter_and_neighbours(site: Path) -> None:
    assert len(PUBLISHED) == 3
    for n, issue in enumerate(PUBLISHED):
        html = read(site, issue.url)
        text = page_text(html)
        assert text.startswith(f"{issue.title} {issue.date.day} {issue.date:%B %Y} · {issue.quarter} ({issue.quarter_months})")
        nav = html[html.index('<nav class="pp-issue-nav"') :]
        nav = nav[: nav.index("</nav>")]
        links = {a.get("rel"): a["href"] for a in elements(nav, "a")}
        newer = PUBLISHED[n - 1] if n > 0 else None
        older = PUBLISHED[n + 1] if n + 1 < len(PUBLISHED) else None
        assert ("prev" in links) == (older is not None) and ("next" in links) == (newer is not None)
        if older:
            assert relative_target(site, issue.url, links["prev"]) == site / older.url / "index.html"
        if newer:
            assert relative_target(site, issue.url, links["next"]) == site / newer.url / "index.html"
        assert relative_target(site, issue.url, links[None]) == site / "newsletters" / "index.html"


def test_issue_pages_carry_the_plan_sections_and_live_macros(site: Path) -> None:
    for issue in PUBLISHED:
        html = read(site, issue.url)
        headings = [page_text(h, main_only=False) for h in re.findall(r"<h2\b.*?</h2>", html, re.S)]
        assert headings[:3] == [
            "Brief summary of progress reported to the Steering Group, highlighting achievements and things to be worked on",
            "An example of good SofS practice introduced by a Steering Group Member found through an Appreciative Inquiry conversation or audit",
            "A piece of useful research/development tool",
        ]
        text = page_text(html)
        assert f"Status of the 28 actions on {issue.date.day} {issue.date:%B %Y}" in text
        assert "{{" not in text and "{%" not in text
        for href in main_links(html):
            if not href.startswith(("http", "mailto:", "#")):
                assert relative_target(site, issue.url, href).is_file(), f"{issue.url}: {href} is not built"


def test_archive_lists_every_issue_newest_first_by_year(site: Path) -> None:
    html = read(site, "newsletters")
    years = [page_text(h, main_only=False) for h in re.findall(r"<h2\b.*?</h2>", html, re.S)]
    assert years == sorted({str(i.date.year) for i in PUBLISHED}, reverse=True)
    issue_links = [href for href in main_links(html) if re.match(r"^\d{4}-\d{2}-\d{2}-", href)]
    assert issue_links == [f"{i.date.isoformat()}-{i.slug}/" for i in PUBLISHED]
    text = page_text(html)
    for issue in PUBLISHED:
        assert issue.summary in text


def test_home_page_shows_the_latest_issue(site: Path) -> None:
    html = read(site, "")
    latest = PUBLISHED[0]
    assert latest.url in main_links(html)
    text = page_text(html)
    assert f"Latest newsletter {latest.title} {latest.date.day} {latest.date:%B %Y} · {latest.quarter} {latest.summary}" in text


def test_the_nav_has_one_newsletters_entry(site: Path) -> None:
    for page in ("about/", PUBLISHED[0].url, "newsletters/"):
        html = read(site, page)
        # Links to the page's own headings (its table of contents) are not navigation to other pages.
        nav = [a["href"] for a in elements(html, "a") if "md-nav__link" in (a.get("class") or "") and not a.get("href", "#").startswith("#")]
        targets = {relative_target(site, page, href) for href in nav}
        newsletter_pages = {t for t in targets if "newsletters" in t.relative_to(site).parts}
        assert newsletter_pages == {site / "newsletters" / "index.html"}, page


def test_every_page_links_to_both_feeds(site: Path, edition: str) -> None:
    for page in html_pages(site):
        alternates = [(link["type"], link["href"]) for link in elements(page.read_text("utf-8"), "link") if link.get("rel") == "alternate"]
        for kind, name in (("application/rss+xml", "feed.xml"), ("application/atom+xml", "atom.xml")):
            # Atom is also the type of changes.xml, the feed of rating changes.
            [href] = [href for type_, href in alternates if type_ == kind and href.rsplit("/", 1)[-1] == name]
            # The 404 page may be served at any depth, so MkDocs gives it links from the site's root path.
            base = urlsplit(SITE_URLS[edition]).path
            target = site / href[len(base) :] if href.startswith("/") else (page.parent / href).resolve()
            assert target.resolve() == (site / name).resolve(), f"{page}: {href}"


# The feeds, as a feed reader reads them.


def parse(site: Path, name: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def contents(site: Path, name: str) -> list[str]:
    """Each item's HTML exactly as the feed holds it (feedparser would clean it and resolve its links first)."""
    tree = ElementTree.parse(site / name)
    if name == "feed.xml":
        return [item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "" for item in tree.iter("item")]
    return [entry.findtext(f"{ATOM}content") or "" for entry in tree.iter(f"{ATOM}entry")]


def local(value: str) -> dt.datetime:
    """A feed date as written (RFC 822 or RFC 3339), which must carry a time zone."""
    stamp = email.utils.parsedate_to_datetime(value) if "," in value else dt.datetime.fromisoformat(value)
    assert stamp.tzinfo is not None, f"{value} has no time zone"
    return stamp


@pytest.mark.parametrize("name", FEEDS)
def test_feed_items(site: Path, edition: str, name: str) -> None:
    feed = parse(site, name)
    assert feed.version == ("rss20" if name == "feed.xml" else "atom10")
    entries = feed.entries
    assert [e.id for e in entries] == [f"tag:{AUTHORITY}:newsletters/{i.date.isoformat()}" for i in PUBLISHED]
    assert [e.title for e in entries] == [i.title for i in PUBLISHED]
    assert [e.link for e in entries] == [SITE_URLS[edition] + i.url for i in PUBLISHED]
    published = [local(e.published) for e in entries]
    assert published == sorted(published, reverse=True)
    # A date alone is 09:00 in London, whatever the offset that day.
    assert [(p.astimezone(LONDON).date(), p.astimezone(LONDON).time()) for p in published] == [(i.date, dt.time(9)) for i in PUBLISHED]
    assert {p.utcoffset() for p in published} == {dt.timedelta(0), dt.timedelta(hours=1)}
    for entry, issue in zip(entries, PUBLISHED):
        assert entry.summary == issue.summary
    for html in contents(site, name):
        assert "Status of the 28 actions on" in page_text(html, main_only=False)


@pytest.mark.parametrize("name", FEEDS)
def test_feed_channel(site: Path, edition: str, name: str) -> None:
    feed = parse(site, name).feed
    assert feed.title == "Norfolk Signs of Safety EIP2 Plan 2017/9: newsletter" + (" (internal edition)" if edition == "intranet" else "")
    assert feed.link == SITE_URLS[edition] + "newsletters/"
    description = feed.get("subtitle") or feed.get("description")
    assert description.startswith("The quarterly newsletter of Implementing Whole System Signs of Safety Practice in Norfolk")
    assert ("Internal edition for partner staff" in description) == (edition == "intranet")
    assert feed.language == "en-GB"
    # The feed's own date is its newest issue's, never the time of the build.
    assert local(feed.updated) == local(parse(site, name).entries[0].published)
    self_links = [link.href for link in feed.links if link.rel == "self"]
    assert self_links == [SITE_URLS[edition] + name]


def assert_content_links_resolve(site: Path, edition: str, name: str) -> int:
    """Every href and src in every item's content is absolute and points at a built file (and anchor)."""
    checked = 0
    for entry, content in zip(parse(site, name).entries, contents(site, name), strict=True):
        for tag, attribute in (("a", "href"), ("img", "src")):
            for element in elements(content, tag):
                value = element.get(attribute)
                if value is None or value.startswith("mailto:"):
                    continue
                assert urlsplit(value).scheme in ("http", "https"), f"{entry.link}: {value} is not absolute"
                if not value.startswith(SITE_URLS[edition]):
                    continue
                target = built_file(site, SITE_URLS[edition], value.split("#")[0])
                assert target.is_file(), f"{entry.link}: {value} is not a built file"
                if "#" in value:
                    ids = {e.get("id") for e in elements(target.read_text("utf-8"))}
                    assert value.split("#")[1] in ids, f"{entry.link}: no #{value.split('#')[1]} on {target}"
                checked += 1
    return checked


@pytest.mark.parametrize("name", FEEDS)
def test_feed_links_and_images_are_absolute_and_resolve(site: Path, edition: str, name: str) -> None:
    assert assert_content_links_resolve(site, edition, name) > 20


def test_a_second_build_writes_the_same_feeds(built_site: Path, project: Path) -> None:
    again = build_project(project)
    for edition in SITE_URLS:
        for name in FEEDS:
            assert (again / edition / name).read_bytes() == (built_site / edition / name).read_bytes(), f"{edition}/{name}"


# Issues of every kind in one extra build: intranet-only, draft, code, images, raw HTML, RAG changes.

CODE_ISSUE = """---
title: Macros, code and a chart
date: 2018-09-12
summary: How to write `{{ rag_summary() }}` in an issue.
---

To show the RAG summary, write `{{ rag_summary() }}` on a line of its own. In a Jinja template you might see:

```jinja
{% raw %}{{ rag_changes() }}{% endraw %}
{% if draft %}{{ page.title }}{% endif %}
```

![A chart of the plan's milestones](../assets/newsletters/chart.svg)

<img src="../../assets/newsletters/chart.svg" alt="The same chart" onerror="alert('ZQXONERROR')">
<script>alert("ZQXSCRIPT")</script>
<a href="javascript:alert('ZQXJAVASCRIPT')">Click</a>

<svg viewBox="0 0 20 10" role="img" aria-labelledby="hand-drawn"><title id="hand-drawn">A line</title><line x1="0" y1="5" x2="20" y2="5" stroke="black"></line></svg>

{{ rag_summary() }}
"""

CHART = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def issue(root: Path, stem: str, front: str, body: str = "News.\n") -> None:
    (root / "newsletters" / f"{stem}.md").write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Norfolk project with issues of every kind and some RAG updates, built once: the project folder."""
    root = copy_project(tmp_path_factory.mktemp("varied") / "project")
    issue(root, "2018-06-20-staff-only", "title: For partner staff\ndate: 2018-06-20\nsummary: ZQXINTERNALISSUE\naudience: intranet")
    issue(root, "2018-06-25-work-in-progress", "title: Not ready\ndate: 2018-06-25\nsummary: ZQXDRAFTISSUE\ndraft: true")
    issue(root, "2018-09-12-macros-code-and-a-chart", "", CODE_ISSUE)
    (root / "newsletters" / "2018-09-12-macros-code-and-a-chart.md").write_text(CODE_ISSUE, encoding="utf-8")
    (root / "docs" / "assets" / "newsletters").mkdir(parents=True)
    (root / "docs" / "assets" / "newsletters" / "chart.svg").write_text(CHART, encoding="utf-8")
    meetings = {
        "2018-03-15": [{"action": "1.3", "date": "2018-03-15", "status": "green"}],
        "2018-07-25": [
            {"action": "2.4", "date": "2018-07-25", "status": "amber", "note": "Places not all taken up."},
            {"action": "1.3", "date": "2018-07-25", "status": "complete"},
        ],
    }
    for day, updates in meetings.items():
        (root / "data" / "updates" / f"{day}.yml").write_text(yaml.safe_dump({"updates": updates}), encoding="utf-8")
    build_project(root)
    return root


def test_intranet_only_issues_stay_on_the_intranet(varied: Path) -> None:
    public, intranet = varied / "site" / "public", varied / "site" / "intranet"
    assert not (public / "newsletters" / "2018-06-20-staff-only").exists()
    assert (intranet / "newsletters" / "2018-06-20-staff-only" / "index.html").is_file()
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".gz"):
            data = path.read_bytes()
            if path.suffix == ".gz":
                import gzip

                data = gzip.decompress(data)
            assert b"ZQXINTERNALISSUE" not in data and b"staff-only" not in data, path
    for name in FEEDS:
        assert "For partner staff" not in [e.title for e in parse(public, name).entries]
        assert "For partner staff" in [e.title for e in parse(intranet, name).entries]
    # Neighbours skip what an edition does not show.
    may = "newsletters/2018-05-16-safety-planning-and-family-networks/"
    public_next = {a.get("rel"): a["href"] for a in elements(read(public, may), "a")}["next"]
    intranet_next = {a.get("rel"): a["href"] for a in elements(read(intranet, may), "a")}["next"]
    assert public_next == "../2018-08-01-quality-assurance-and-feedback/"
    assert intranet_next == "../2018-06-20-staff-only/"
    assert "Internal issue." in page_text(read(intranet, "newsletters/2018-06-20-staff-only"))


def test_drafts_are_left_out_of_a_build(varied: Path) -> None:
    for edition in SITE_URLS:
        site = varied / "site" / edition
        assert not (site / "newsletters" / "2018-06-25-work-in-progress").exists()
        for path in site.rglob("*.*"):
            if path.suffix in (".html", ".xml", ".json"):
                assert b"ZQXDRAFTISSUE" not in path.read_bytes(), path


def test_macro_syntax_in_code_is_shown_as_written(varied: Path) -> None:
    html = read(varied / "site" / "public", "newsletters/2018-09-12-macros-code-and-a-chart")
    codes = [page_text(c, main_only=False) for c in re.findall(r"<code\b.*?</code>", html, re.S)]
    assert "{{ rag_summary() }}" in codes
    assert "{% raw %}{{ rag_changes() }}{% endraw %} {% if draft %}{{ page.title }}{% endif %}" in codes
    # The same macro outside code ran.
    assert "Status of the 28 actions on 12 September 2018" in page_text(html)
    archive = read(varied / "site" / "public", "newsletters")
    summary = page_text([p for p in re.findall(r"<p>.*?</p>", archive, re.S) if "How to write" in p][0], main_only=False)
    assert summary == "How to write {{ rag_summary() }} in an issue."


def test_raw_html_that_runs_is_removed_and_charts_stay(varied: Path) -> None:
    for edition in SITE_URLS:
        html = read(varied / "site" / edition, "newsletters/2018-09-12-macros-code-and-a-chart")
        feed = contents(varied / "site" / edition, "feed.xml")[0]
        for text in (html, feed):
            assert "ZQXSCRIPT" not in text and "ZQXONERROR" not in text
            assert not any(a.get("href", "").startswith("javascript:") for a in elements(text, "a"))
            assert all("onerror" not in e for e in elements(text))
            svg = [e for e in elements(text, "svg") if e.get("aria-labelledby") == "hand-drawn"]
            assert svg and svg[0]["viewbox"] == "0 0 20 10"
        images = [e["alt"] for e in elements(feed, "img")]
        assert images == ["A chart of the plan's milestones", "The same chart"]


def test_varied_feeds_resolve_and_hold_the_right_issues(varied: Path) -> None:
    for edition in SITE_URLS:
        site = varied / "site" / edition
        for name in FEEDS:
            assert assert_content_links_resolve(site, edition, name) > 20
            titles = [e.title for e in parse(site, name).entries]
            expected = ["Macros, code and a chart"] + [i.title for i in PUBLISHED]
            if edition == "intranet":
                expected.insert(2, "For partner staff")
            assert titles == expected


def test_an_old_issue_shows_the_rag_changes_of_its_time(varied: Path) -> None:
    site = varied / "site" / "public"
    august = read(site, "newsletters/2018-08-01-quality-assurance-and-feedback")
    rows = [page_text(r, main_only=False) for r in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", august, re.S)]
    assert rows == [
        "1.3 SofS Partnership Steering Group meetings Green Complete 25 July 2018",
        "2.4 Further training on safety planning and family networks Not yet rated Amber Places not all taken up. 25 July 2018",
    ]
    march = read(site, "newsletters/2018-03-22-launching-eip2-in-norfolk")
    rows = [page_text(r, main_only=False) for r in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", march, re.S)]
    assert rows == ["1.3 SofS Partnership Steering Group meetings Not yet rated Green 15 March 2018"]
    assert "Green 1" in page_text(march) and "Complete 0" in page_text(march)


def test_the_preview_shows_drafts_but_no_feed_holds_them(varied: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PLANPRESS_DRAFTS": "1", "NO_MKDOCS_2_WARNING": "1"}
    out = tmp_path / "preview"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs-intranet.yml", "-d", str(out)],
        cwd=varied,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    draft = read(out, "newsletters/2018-06-25-work-in-progress")
    assert "Draft. Only the preview shows this issue." in page_text(draft)
    # The draft links to its published neighbours; they do not link to it.
    links = {a.get("rel"): a["href"] for a in elements(draft, "a") if a.get("rel")}
    assert links == {"prev": "../2018-06-20-staff-only/", "next": "../2018-08-01-quality-assurance-and-feedback/"}
    assert "work-in-progress" not in read(out, "newsletters/2018-06-20-staff-only")
    assert "Not ready" in page_text(read(out, "newsletters"))
    assert "Not ready" not in page_text(read(out, ""))
    for name in FEEDS:
        assert "Not ready" not in [e.title for e in parse(out, name).entries]


# Feed ids that do not move.


def test_guids_survive_a_title_edit_and_a_slug_rename(project: Path) -> None:
    first = build_project(project)
    before = {e.id: (e.title, e.link) for e in parse(first / "public", "feed.xml").entries}
    atom_before = [e.id for e in parse(first / "public", "atom.xml").entries]
    old = project / "newsletters" / "2018-05-16-safety-planning-and-family-networks.md"
    new = old.with_name("2018-05-16-family-networks.md")
    new.write_text(old.read_text("utf-8").replace("title: Safety planning and family networks", "title: Family networks and safety plans"), "utf-8")
    old.unlink()
    second = build_project(project)
    after = {e.id: (e.title, e.link) for e in parse(second / "public", "feed.xml").entries}
    assert list(after) == list(before)
    assert [e.id for e in parse(second / "public", "atom.xml").entries] == atom_before
    moved = f"tag:{AUTHORITY}:newsletters/2018-05-16"
    assert after[moved] == ("Family networks and safety plans", SITE_URLS["public"] + "newsletters/2018-05-16-family-networks/")
    assert before[moved][0] == "Safety planning and family networks"
    # The neighbours link to the page's new address.
    march = read(second / "public", "newsletters/2018-03-22-launching-eip2-in-norfolk")
    assert {a.get("rel"): a["href"] for a in elements(march, "a")}["next"] == "../2018-05-16-family-networks/"


# Mistakes a writer can make: file:line, every one at once, and nothing built.


def test_bad_front_matter_stops_check_and_build(project: Path) -> None:
    issue(project, "2018-10-17-no-date", "title: Autumn\nsummary: News.")
    issue(project, "2018-10-18-impossible", "title: Autumn\ndate: 2018-02-30\nsummary: News.")
    issue(project, "2018-10-19-audience", "title: Autumn\ndate: 2018-10-19\nsummary: News.\naudience: staff")
    expected = [
        "newsletters/2018-10-17-no-date.md:2: date: is required but missing",
        "newsletters/2018-10-18-impossible.md:3: date: '2018-02-30' is not a real date",
        "newsletters/2018-10-19-audience.md:5: audience: 'staff' is not one of public, intranet",
    ]
    check = run_planpress(project, "check")
    assert check.code == 1
    assert [line for line in check.output.splitlines() if line.startswith("newsletters/")] == expected
    assert "3 problems found" in check.output
    build = run_planpress(project, "build")
    assert build.code == 1
    # Both editions stop on the same problems, so they are said once.
    assert "planpress: neither site was built:\n" + "\n".join(expected) in build.output
    assert "Traceback" not in build.output
    assert not (project / "site" / "public").exists()


def test_a_macro_mistake_stops_the_build_at_its_line(project: Path) -> None:
    path = project / "newsletters" / "2018-08-01-quality-assurance-and-feedback.md"
    text = path.read_text("utf-8").replace("{{ rag_changes() }}", "{{ rag_changes( }}\n\n{{ upcoming_milestone() }}")
    path.write_text(text, "utf-8")
    line = text.splitlines().index("{{ rag_changes( }}") + 1
    build = run_planpress(project, "build")
    assert build.code == 1
    assert f"newsletters/2018-08-01-quality-assurance-and-feedback.md:{line}: macro syntax: unexpected '}}', expected ')'" in build.output
    assert "Traceback" not in build.output
    path.write_text(text.replace("{{ rag_changes( }}", "{{ rag_changes() }}"), "utf-8")
    check = run_planpress(project, "check")
    assert check.code == 1
    assert (
        f"newsletters/2018-08-01-quality-assurance-and-feedback.md:{line + 2}: 'upcoming_milestone' is not a macro a newsletter "
        "can use; did you mean upcoming_milestones()?"
    ) in check.output


# Starting the next issue.


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_newsletter_writes_a_draft_that_builds_and_never_overwrites(project: Path) -> None:
    made = run_planpress(project, "new-newsletter", "--date", "2018-10-17", "--title", "Autumn 2018")
    assert made.code == 0, made.output
    assert made.output == "newsletters/2018-10-17-autumn-2018.md\n"
    path = project / made.output.strip()
    written = digest(path)
    # The draft says where its images go, and that folder is there.
    assert (project / "docs" / "assets" / "newsletters" / "2018-10-17").is_dir()
    assert "docs/assets/newsletters/2018-10-17/" in path.read_text("utf-8")
    assert "![what the image shows](../assets/newsletters/2018-10-17/photo.jpg)" in path.read_text("utf-8")

    again = run_planpress(project, "new-newsletter", "--date", "2018-10-17", "--title", "Autumn 2018")
    assert again.code == 1
    assert "newsletters/2018-10-17-autumn-2018.md already exists; edit it, or choose another --title or --date; nothing was written" in again.output
    assert digest(path) == written

    site = build_project(project)
    assert not (site / "public" / "newsletters" / "2018-10-17-autumn-2018").exists()

    # The communications officer writes the summary and removes the draft line: it builds cleanly.
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^summary: .*$", "summary: Autumn training dates.", text).replace("draft: true\n", "")
    path.write_text(text + "\nThe leadership programme meets on 10 October 2018.\n", "utf-8")
    site = build_project(project)
    html = read(site / "public", "newsletters/2018-10-17-autumn-2018")
    text = page_text(html)
    assert text.startswith("Autumn 2018 17 October 2018 · Q4 2018 (October to December 2018)")
    for heading in ("RAG summary", "RAG changes", "Due in the next three months"):
        assert heading in text
    assert "after the previous issue (1 August 2018), up to 17 October 2018" in text
    assert [e.title for e in parse(site / "public", "feed.xml").entries][0] == "Autumn 2018"


def test_new_newsletter_defaults_to_today(project: Path) -> None:
    before = dt.date.today()
    made = run_planpress(project, "new-newsletter")
    after = dt.date.today()
    assert made.code == 0, made.output
    name = Path(made.output.strip()).name
    assert name in {f"{d.isoformat()}-newsletter-{d:%B}-{d.year}.md".lower() for d in (before, after)}
    meta = yaml.safe_load((project / made.output.strip()).read_text("utf-8").split("---")[1])
    assert meta["draft"] is True and meta["title"].startswith("Newsletter, ")


def test_new_newsletter_refuses_a_bad_date(project: Path) -> None:
    made = run_planpress(project, "new-newsletter", "--date", "2018-02-30")
    assert made.code == 2
    assert made.output == "planpress: --date '2018-02-30' is not a real date written as YYYY-MM-DD, such as 2018-05-16\n"
    assert sorted(p.name for p in (project / "newsletters").iterdir()) == sorted(p.name for p in (NORFOLK / "newsletters").iterdir())


def test_search_index_holds_each_issue(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for issue in PUBLISHED:
        assert issue.url in locations
