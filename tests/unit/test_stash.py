"""Data pages hand Markdown their headings only; the HTML between them goes back unchanged."""

from __future__ import annotations

from macros.views.pages import stash_html

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
    stashed = stash_html(PAGE)
    assert stashed.markdown == "PLANPRESSHTML0\n\n## RAG history { #rag-history }\n\nPLANPRESSHTML1\n"
    assert stashed.blocks[0].startswith('<div class="pp-action">') and stashed.blocks[0].endswith("</div>")
    assert "<p>Two, after a blank line</p>" in stashed.blocks[0]


def test_html_goes_back_where_markdown_left_its_paragraph() -> None:
    stashed = stash_html(PAGE)
    rendered = '<p>PLANPRESSHTML0</p>\n<h2 id="rag-history">RAG history</h2>\n<p>PLANPRESSHTML1</p>'
    assert stashed.restore(rendered) == f'{stashed.blocks[0]}\n<h2 id="rag-history">RAG history</h2>\n{stashed.blocks[1]}'


def test_full_markdown_holds_the_html_and_ids_are_known() -> None:
    stashed = stash_html(PAGE)
    assert stashed.full_markdown().split() == PAGE.split()
    assert stashed.anchor_ids() == {"first", "u-1"}
