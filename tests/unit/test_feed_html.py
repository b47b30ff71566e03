"""What a newsletter's HTML may hold, on its page and in a feed item."""

from __future__ import annotations

import pytest
from site_text import elements

from macros.outputs.feeds import absolute_url, item_html, without_headerlinks
from macros.views.markup import clean_page_html

CHART = (
    '<svg viewBox="0 0 120 40" role="img" aria-labelledby="chart-title chart-desc" class="pp-chart">'
    '<title id="chart-title">RAG summary</title><desc id="chart-desc">28 actions, none rated</desc>'
    '<g fill="none" stroke="#595959"><rect x="0" y="0" width="120" height="20" fill="#595959"></rect>'
    '<line x1="0" y1="30" x2="120" y2="30"></line><polyline points="0,40 60,30 120,35"></polyline>'
    '<path d="M0 0 L10 10"></path><circle cx="5" cy="5" r="2"></circle></g>'
    '<text x="2" y="38" class="pp-chart-label">Not yet rated 28</text></svg>'
)


def test_the_macros_own_html_survives() -> None:
    badge = '<span class="pp-badge pp-badge--green">Green</span>'
    table = '<div class="pp-scroll" role="region" aria-label="RAG changes" tabindex="0"><table class="pp-table"><thead><tr><th scope="col">Action</th></tr></thead><tbody><tr><td><time datetime="2018-05-09">9 May 2018</time></td></tr></tbody></table></div>'
    for html in (badge, table, CHART):
        assert clean_page_html(html) == html


@pytest.mark.parametrize(
    "dirty,clean",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<img src="a.png" alt="A" onerror="alert(1)">', '<img src="a.png" alt="A">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="../x/" onclick="y()">x</a>', '<a href="../x/">x</a>'),
        ('<svg viewBox="0 0 1 1" onload="alert(1)"><rect x="1" style="fill:red"></rect></svg>', '<svg viewBox="0 0 1 1"><rect x="1"></rect></svg>'),
        ('<iframe src="https://example.org/"></iframe><p>after</p>', "<p>after</p>"),
        ("<p>a<!-- a note for the writer --></p>", "<p>a</p>"),
        ('<form action="/x"><input name="q"></form>', ""),
    ],
)
def test_what_runs_is_removed(dirty: str, clean: str) -> None:
    assert clean_page_html(dirty) == clean


@pytest.mark.parametrize(
    "value,expected",
    [
        ("../../delivery/actions/2-4/", "https://plan.example.org/delivery/actions/2-4/"),
        ("../", "https://plan.example.org/newsletters/"),
        ("#rag-summary", "https://plan.example.org/newsletters/2018-05-16-x/#rag-summary"),
        ("../../assets/chart.png", "https://plan.example.org/assets/chart.png"),
        ("../../../../too-far/", "https://plan.example.org/too-far/"),
        ("https://www.norfolklscb.org/", "https://www.norfolklscb.org/"),
        ("mailto:comms@example.org", "mailto:comms@example.org"),
        ("/sofs-plan/x/", "https://plan.example.org/sofs-plan/x/"),
    ],
)
def test_absolute_urls(value: str, expected: str) -> None:
    assert absolute_url(value, "https://plan.example.org/newsletters/2018-05-16-x/") == expected


def test_absolute_urls_under_a_sub_path() -> None:
    base = "https://intranet.example.org/sofs-plan/newsletters/2018-05-16-x/"
    assert absolute_url("../../delivery/od1/", base) == "https://intranet.example.org/sofs-plan/delivery/od1/"


def test_heading_permalinks_are_left_out_of_feeds() -> None:
    html = '<h2 id="a">News<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>\n<p>Text <a href="#a">link</a></p>'
    assert without_headerlinks(html) == '<h2 id="a">News</h2>\n<p>Text <a href="#a">link</a></p>'
    assert without_headerlinks("<p>none</p>") == "<p>none</p>"


def test_a_feed_item_has_only_absolute_links() -> None:
    body = (
        '<h2 id="n">News<a class="headerlink" href="#n" title="Permanent link">¶</a></h2>\n'
        '<p><a href="../../delivery/od2/">OD2</a> <img alt="Chart" src="../../assets/c.png"> <a href="#n">up</a></p>\n' + CHART
    )
    html = item_html(body, "https://plan.example.org/newsletters/2018-05-16-x/")
    links = [e.get("href") for e in elements(html, "a")] + [e.get("src") for e in elements(html, "img")]
    assert links == [
        "https://plan.example.org/delivery/od2/",
        "https://plan.example.org/newsletters/2018-05-16-x/#n",
        "https://plan.example.org/assets/c.png",
    ]
    assert "¶" not in html and 'viewBox="0 0 120 40"' in html
