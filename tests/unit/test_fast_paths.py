"""Shortcuts taken for speed give exactly what the general code gives."""

from __future__ import annotations

import posixpath
import random

from macros.outputs.feeds import _HeaderLinks, without_headerlinks
from macros.views.markup import clean_page_html
from macros.views.render import _relpath, relative_url


def test_relpath_matches_posixpath_on_many_paths() -> None:
    rng = random.Random(3)
    segments = ["a", "b", "delivery", "actions", "1-1", "newsletters", "", ".", ".."]
    checked = 0
    for _ in range(5000):
        path = "/" + "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4)))
        start = "/" + "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4)))
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
        checked += "/." not in path + start and "//" not in path + start
    assert checked > 500


def test_relative_urls_from_pages() -> None:
    assert relative_url("delivery/actions/1-1/", "newsletters/2018-05-16-x/") == "../../delivery/actions/1-1/"
    assert relative_url("", "delivery/od1/") == "../../"
    assert relative_url("delivery/od1/", "delivery/od1/") == "./"
    assert relative_url("feed.xml", "") == "feed.xml"


def _parsed_without_headerlinks(html: str) -> str:
    """without_headerlinks by the parser alone."""
    finder = _HeaderLinks()
    finder.feed(html)
    finder.close()
    starts = [0]
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    out, last = [], 0
    for begin, end in finder.spans:
        stop = html.index(">", starts[end[0] - 1] + end[1]) + 1
        out.append(html[last : starts[begin[0] - 1] + begin[1]])
        last = stop
    out.append(html[last:])
    return "".join(out)


def test_permalinks_come_out_the_same_either_way() -> None:
    pages = [
        '<h2 id="a">News<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>\n<p>x</p>',
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2><h3 id="b">B<a class="headerlink" href="#b" title="Permanent link">¶</a></h3>',
        '<h2 id="a">A<a href="#a" class="headerlink">¶</a></h2>',
        "<p>The word headerlink in text</p>",
        "<p>none</p>",
    ]
    for html in pages:
        assert without_headerlinks(html) == _parsed_without_headerlinks(html)
    assert "headerlink" not in without_headerlinks(pages[2])


def test_cleaning_without_a_rewrite_matches_cleaning_with_one_that_changes_nothing() -> None:
    html = '<h2 id="n" class="x">News</h2><p><a href="../a/" title="t">A</a> <img alt="c" src="c.png"><script>x</script><!-- c --></p>'
    assert clean_page_html(html) == clean_page_html(html, rewrite_url=lambda value: value)
    assert "<script>" not in clean_page_html(html) and "<!--" not in clean_page_html(html)
