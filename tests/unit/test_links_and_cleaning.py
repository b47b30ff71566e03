"""Links between pages, permalinks taken out of feed content, and the two ways of cleaning HTML."""

from __future__ import annotations

from macros.outputs.feeds import without_headerlinks
from macros.views.markup import clean_page_html
from macros.views.render import relative_url


def test_relative_urls_from_pages() -> None:
    assert relative_url("delivery/actions/1-1/", "newsletters/2018-05-16-x/") == "../../delivery/actions/1-1/"
    assert relative_url("", "delivery/od1/") == "../../"
    assert relative_url("delivery/od1/", "delivery/od1/") == "./"
    assert relative_url("feed.xml", "") == "feed.xml"


def test_permalinks_are_taken_out_and_nothing_else() -> None:
    pages = [
        '<h2 id="a">News<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>\n<p>x</p>',
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2><h3 id="b">B<a class="headerlink" href="#b" title="Permanent link">¶</a></h3>',
        '<h2 id="a">A<a href="#a" class="headerlink">¶</a></h2>',
        "<p>The word headerlink in text</p>",
        "<p>none</p>",
    ]
    assert [without_headerlinks(html) for html in pages] == [
        '<h2 id="a">News</h2>\n<p>x</p>',
        '<h2 id="a">A</h2><h3 id="b">B</h3>',
        '<h2 id="a">A</h2>',
        "<p>The word headerlink in text</p>",
        "<p>none</p>",
    ]


def test_cleaning_without_a_rewrite_matches_cleaning_with_one_that_changes_nothing() -> None:
    html = '<h2 id="n" class="x">News</h2><p><a href="../a/" title="t">A</a> <img alt="c" src="c.png"><script>x</script><!-- c --></p>'
    assert clean_page_html(html) == clean_page_html(html, rewrite_url=lambda value: value)
    assert "<script>" not in clean_page_html(html) and "<!--" not in clean_page_html(html)
