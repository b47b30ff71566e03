"""The one check of the macros in pages and newsletters: every mistake by line, code shown as written."""

from __future__ import annotations

import pytest

from macros.loading.macro_check import NEWSLETTER, macro_call_line, macro_problems, page_vocabulary, prose_lines, protect_code


def messages(body: str, first_line: int = 6) -> list[tuple[int, str]]:
    problems, _ = macro_problems(body, "newsletters/x.md", first_line, NEWSLETTER)
    return [(p.line, p.message) for p in problems]


def test_a_body_of_text_and_the_writers_macros_has_no_problem_and_lists_its_calls() -> None:
    problems, calls = macro_problems('Intro.\n\n{{ rag_changes("OD3", "OD4") }}\n\n{{ rag_summary() }} {{ rag_badge("green") }}\n', "n.md", 6, NEWSLETTER)
    assert problems == []
    assert calls == (("rag_changes", ("OD3", "OD4"), 8), ("rag_summary", (), 10))


@pytest.mark.parametrize(
    "body",
    ["{{ page.title }}\n", "{% if config %}{{ rag_summary() }}{% endif %}\n", "{{ rag_summary() | upper }}\n", "{{ rag_badge(page.meta.status) }}\n"],
)
def test_jinja_beyond_the_macros_is_accepted_where_the_names_are_known(body: str) -> None:
    assert messages(body) == []


def test_each_bad_call_is_reported_by_its_line() -> None:
    found = messages('Intro.\n\n{{ rag_changes("2018") }}\n\n{{ rag_badge("purple") }}\n')
    assert [(line, message.split(":")[0]) for line, message in found] == [(8, "rag_changes takes its dates from the issue"), (10, "rag_badge")]
    assert found[1][1] == "rag_badge: 'purple' is not one of red, amber, green, complete, not_rated, not_published"


def test_area_codes_in_the_brackets_are_accepted_and_anything_else_refused() -> None:
    found = messages('{{ rag_changes("OD3", "OD4") }}\n\n{{ rag_summary(area="OD3") }}\n\n{{ upcoming_milestones(3) }}\n')
    assert [line for line, _ in found] == [8, 10]
    assert all("or name delivery areas, as in" in message for _, message in found)


def test_an_unknown_macro_gets_a_did_you_mean_and_an_unknown_filter_is_named() -> None:
    assert messages("\n{{ upcoming_milestone() }}\n") == [
        (7, "'upcoming_milestone' is not a macro a newsletter can use; did you mean upcoming_milestones()?")
    ]
    assert messages("{{ rag_summary() | shout }}\n") == [(6, "'shout' is not a filter a newsletter can use")]


def test_a_syntax_error_names_its_line_and_says_how_to_show_braces() -> None:
    [(line, message)] = messages("One.\n\n{{ rag_summary( }}\n")
    assert line == 8
    assert message.startswith("macro syntax: ") and message.endswith("text that shows {{ or {% as written goes in `backticks`")


def test_macro_syntax_in_code_is_never_checked_on_pages_or_in_issues() -> None:
    body = "Write `{{ nonsense( }}` like this.\n\n```\n{% endraw %} {{ x }}\n```\n"
    assert messages(body) == []
    problems, _ = macro_problems(body, "docs/x.md", 1, page_vocabulary({}))
    assert problems == []


def test_protecting_code_keeps_every_line_where_it_was() -> None:
    body = "a\n`{{ b }}`\n```\n{{ c }}\n```\nd {{ e() }}\n"
    assert protect_code(body).count("\n") == body.count("\n")
    assert macro_call_line(body, "e", ()) == 6


def test_pages_may_use_every_page_macro_and_the_names_mkdocs_macros_gives() -> None:
    vocabulary = page_vocabulary({"status": "x"})
    problems, _ = macro_problems('{{ statement("vision") }} {{ planpress_edition }} {{ page.title }} {{ status }}\n', "docs/x.md", 4, vocabulary)
    assert problems == []
    problems, _ = macro_problems("{{ statment() }}\n", "docs/x.md", 4, vocabulary)
    assert [str(p) for p in problems] == ["docs/x.md:4: 'statment' is not a macro a page can use; did you mean statement()?"]


def test_prose_lines_blank_code_line_for_line_and_column_for_column() -> None:
    lines = ["See [a](a.md) and `[b](b.md)`.", "````", "[c](c.md)", "```", "still code", "````", "~~~ not closed by ```", "[d](d.md)"]
    prose = prose_lines(lines)
    assert len(prose) == len(lines)
    assert prose[0] == "See [a](a.md) and " + " " * len("`[b](b.md)`") + "."
    # A fence closes only at a fence of its own kind, at least as long; an unclosed one runs to the end.
    assert prose[1:] == ["", "", "", "", "", "", ""]
    assert prose_lines(["```", "x", "```", "[e](e.md)"]) == ["", "", "", "[e](e.md)"]
