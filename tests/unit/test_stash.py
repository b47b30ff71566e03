"""The macros' HTML is kept out of Markdown under a word no writer can type, and goes back unchanged."""

from __future__ import annotations

import markdown

from macros.views.pages import HtmlStash

PAGE = """<div class="pp-action">
<p id="first">One</p>

<p>Two, after a blank line</p>
</div>

## RAG history { #rag-history }

<div class="pp-history">
<ol><li id="u-1">Update</li></ol>
</div>
"""


def test_headings_stay_and_html_is_taken_out() -> None:
    stash = HtmlStash()
    kept = stash.keep(PAGE)
    assert kept.split() == [f"{stash.key}x0", "##", "RAG", "history", "{", "#rag-history", "}", f"{stash.key}x1"]
    assert stash.blocks[0].startswith('<div class="pp-action">') and stash.blocks[0].endswith("</div>")
    assert "<p>Two, after a blank line</p>" in stash.blocks[0]


def test_html_goes_back_where_markdown_left_it_and_its_ids_are_known() -> None:
    stash = HtmlStash()
    html = markdown.markdown("Before " + stash.keep(PAGE) + " after", extensions=["attr_list"])
    restored, ids = stash.restore(html)
    assert stash.key not in restored
    assert stash.blocks[0] in restored and stash.blocks[1] in restored
    assert ids == {"first", "u-1"}


def test_full_markdown_holds_the_html() -> None:
    stash = HtmlStash()
    assert stash.full_markdown(stash.keep(PAGE)).split() == PAGE.split()


def test_each_build_draws_its_own_key_and_typed_look_alikes_are_left_alone() -> None:
    first, second = HtmlStash(), HtmlStash()
    assert first.key != second.key
    kept = first.keep("<p>x</p>")
    typed = "<p>PLANPRESSHTML0</p><p>ppx0</p>"
    assert first.restore(typed) == (typed, set())
    assert second.restore(markdown.markdown(kept)) == ("<p>" + first.key + "x0</p>", set())
