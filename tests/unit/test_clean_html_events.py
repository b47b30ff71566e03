"""clean_html_events reads what clean_page_html writes exactly as html.parser reads it, whatever HTML went in."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from macros.views.markup import END, START, TEXT, clean_html_events, clean_page_html


class _Reference(HTMLParser):
    """The events html.parser reports, in clean_html_events's terms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((START, tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events += [(START, tag, attrs), (END, tag, [])]

    def handle_endtag(self, tag: str) -> None:
        self.events.append((END, tag, []))

    def handle_data(self, data: str) -> None:
        self.events.append((TEXT, data, []))


def reference(html: str) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    parser = _Reference()
    parser.feed(html)
    parser.close()
    return parser.events


TAGS = ["p", "a", "img", "h2", "ul", "li", "table", "td", "pre", "br", "svg", "rect", "text", "span", "details", "script", "style", "iframe", "b", "x-y"]
ATTRIBUTES = ["href", "src", "class", "alt", "title", "id", "open", "viewBox", "onclick", "style", "data-x", "aria-label", "HREF"]
VALUES = st.one_of(
    st.sampled_from(["", "headerlink", "a b", 'say "hi"', "it's", "a > b", "<b>", "&amp;", "&", "&#34;", "https://example.org/?a=1&b=2", "#top", "javascript:x()"]),
    st.text(max_size=12),
)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["open", "close", "text", "void", "comment", "raw"]))
        tag = draw(st.sampled_from(TAGS))
        if kind in ("open", "void"):
            attributes = ""
            for _ in range(draw(st.integers(0, 3))):
                name, value = draw(st.sampled_from(ATTRIBUTES)), draw(VALUES)
                quote = draw(st.sampled_from(['"', "'", ""]))
                attributes += f" {name}" if draw(st.booleans()) and not value else f" {name}={quote}{value}{quote}"
            out.append(f"<{tag}{attributes}{' /' if kind == 'void' else ''}>")
        elif kind == "close":
            out.append(f"</{tag}>")
        elif kind == "comment":
            out.append(f"<!-- {draw(st.text(max_size=8))} -->")
        elif kind == "raw":
            out.append(draw(st.sampled_from(["<", "&lt;", "&", "&nbsp;", "&#x27;", "&unknown;", "a < b", "\n\n", "<!DOCTYPE html>", "<?x?>", "¶", "]]>"])))
        else:
            out.append(draw(st.text(max_size=20)))
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(html=fragments(), rewrite=st.booleans())
def test_what_the_cleaner_wrote_is_read_as_html_parser_reads_it(html: str, rewrite: bool) -> None:
    clean = clean_page_html(html, rewrite_url=(lambda url: url.upper()) if rewrite else None)
    events = list(clean_html_events(clean))
    assert [(kind, value, attributes) for kind, value, attributes, _, _ in events] == reference(clean)
    # Each event is the stretch of the HTML it was read from, and together they are all of it.
    assert "".join(clean[start:end] for _, _, _, start, end in events) == clean
    assert all(clean[start] == "<" for kind, _, _, start, _ in events if kind != TEXT)


def test_a_lone_angle_bracket_is_text_joined_to_the_text_around_it() -> None:
    assert [event[:2] for event in clean_html_events("a < b<p>c</p>")] == [(TEXT, "a < b"), (START, "p"), (TEXT, "c"), (END, "p")]
