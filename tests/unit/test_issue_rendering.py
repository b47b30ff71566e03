"""An issue made of text and the writers' macros is rendered from the parse made to check it, as mkdocs-macros would render it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from helpers import NORFOLK

from macros.loading.newsletters import read_body, read_issue
from macros.loading.project import load_project
from macros.model.macro_names import WRITER_MACROS
from macros.views.issues import collect_newsletters, issue_body
from macros.views.pages import IssuePage, issue_pages
from macros.views.plan_site import PlanSite

TRICKY = """

{{ rag_summary() }}

Write `{{ rag_changes() }}` on a line of its own; a {{ rag_badge("green") }} badge sits in a line.

```jinja
{% raw %}{{ rag_changes() }}{% endraw %}
{% if draft %}{{ page.title }}{% endif %}
```

{{- upcoming_milestones() }}
Text straight after a macro, with no blank line.{# a note for the editor, which no reader sees #}
{{ rag_changes() }}
{{ rag_badge('not_rated') }}

{{ rag_changes() }}


"""


@pytest.fixture(scope="module")
def site() -> PlanSite:
    return PlanSite(load_project(NORFOLK / "data"), "intranet", newsletters=collect_newsletters(NORFOLK, "intranet"))


def jinja_render(site: PlanSite, body: str, page_url: str) -> str:
    """The page as mkdocs-macros renders it: the body as a template, with the writers' macros for this page."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for name in WRITER_MACROS:
        method = getattr(site, name)
        env.globals[name] = (lambda m: lambda *a: m(*a))(method) if name == "rag_badge" else (lambda m: lambda *a: m(*a, page_url=page_url))(method)
    return env.from_string(body).render()


def blank_lines_squeezed(text: str) -> str:
    return re.sub(r"\n{2,}", "\n\n", text)


def issue_in(tmp_path: Path, body: str) -> Any:
    folder = tmp_path / "newsletters"
    folder.mkdir(exist_ok=True)
    path = folder / "2018-05-16-tricky.md"
    path.write_text(f"---\ntitle: Tricky\ndate: 2018-05-16\nsummary: Macros in odd places.\n---\n{body}", "utf-8")
    return read_issue(path, "newsletters/2018-05-16-tricky.md")


def test_every_real_issue_is_rendered_directly_and_as_mkdocs_macros_would(site: PlanSite) -> None:
    pages = issue_pages(site)
    assert len(pages) == 3
    for issue in site.newsletters:
        page = pages[issue.src]
        assert page.segments is not None, issue.source
        stashed, failures = page.render(site, issue.url)
        assert failures == []
        # The block macros' HTML is stashed, leaving their headings to Markdown.
        assert len(stashed.blocks) == 3 and "### RAG summary" in stashed.markdown and "pp-summary" not in stashed.markdown
        assert blank_lines_squeezed(stashed.full_markdown()) == blank_lines_squeezed(jinja_render(site, issue_body(issue), issue.url))


def test_code_whitespace_control_and_inline_badges_render_as_jinja_would(site: PlanSite, tmp_path: Path) -> None:
    issue = issue_in(tmp_path, TRICKY)
    assert issue.segments is not None
    page = IssuePage({}, issue_body(issue), issue.source, issue.segments)
    url = site.newsletters[0].url
    stashed, failures = page.render(site, url)
    assert failures == []
    expected = jinja_render(site, issue_body(issue), url)
    assert blank_lines_squeezed(stashed.full_markdown()) == blank_lines_squeezed(expected)
    assert "note for the editor" not in stashed.markdown
    # Code is shown as written; the badge stays inside its line; a macro not standing alone keeps its HTML inline.
    assert "`{{ rag_changes() }}`" in stashed.markdown and "{% if draft %}{{ page.title }}{% endif %}" in stashed.markdown
    assert re.search(r"a <span class=\"pp-badge pp-badge--green\">Green</span>\s*badge sits in a line", stashed.markdown)
    assert len(stashed.blocks) == 2  # rag_summary at the top and the last rag_changes stand alone
    assert not stashed.markdown.startswith("\n") and not stashed.markdown.endswith("\n")


@pytest.mark.parametrize(
    "body",
    [
        "{{ page.title }}\n",
        "{% if config %}{{ rag_summary() }}{% endif %}\n",
        "{{ rag_summary() | upper }}\n",
        "{{ rag_badge(page.meta.status) }}\n",
    ],
)
def test_anything_more_than_text_and_macro_calls_is_left_to_mkdocs_macros(body: str) -> None:
    problems, segments = read_body("newsletters/x.md", body, 6)
    assert problems == [] and segments is None


def test_checking_a_plain_body_still_reports_each_bad_call_by_line() -> None:
    problems, segments = read_body("newsletters/x.md", 'Intro.\n\n{{ rag_changes("2018") }}\n\n{{ rag_badge("purple") }}\n', 6)
    assert segments is not None
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(8, "rag_changes takes its dates from the issue"), (10, "rag_badge")]


def test_a_failing_call_is_reported_by_file_and_line(site: PlanSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issue = issue_in(tmp_path, "\nIntro.\n\n{{ rag_summary() }}\n")
    page = IssuePage({}, issue_body(issue), issue.source, issue.segments)

    def broken(page_url: str) -> str:
        raise LookupError("no RAG data for this page")

    monkeypatch.setattr(site, "rag_summary", broken)
    stashed, failures = page.render(site, site.newsletters[0].url)
    assert [(f.file, f.line) for f in failures] == [("newsletters/2018-05-16-tricky.md", 9)]
    assert "rag_summary(): no RAG data for this page" in failures[0].message
    assert stashed.markdown == "Intro.\n\n"


def test_area_codes_in_the_brackets_are_accepted_and_anything_else_refused() -> None:
    assert read_body("newsletters/x.md", '{{ rag_changes("OD3", "OD4") }}\n', 6) == ([], (("rag_changes", ("OD3", "OD4"), 6),))
    problems, _ = read_body("newsletters/x.md", '{{ rag_changes("OD3", "OD4") }}\n\n{{ rag_summary(area="OD3") }}\n\n{{ upcoming_milestones(3) }}\n', 6)
    assert [p.line for p in problems] == [8, 10]
    assert all('or name delivery areas, as in' in p.message for p in problems)


def test_pages_of_docs_are_split_the_same_way() -> None:
    from macros.loading.pagecheck import page_segments

    assert page_segments('# Principles\n\n{{ statement("principles") }}\n', 4) == ("# Principles\n\n", ("statement", ("principles",), 7))
    assert page_segments("# Home\n\n{{ home() }} on the {{ planpress_edition }} site\n") is None
    assert page_segments("{% if planpress_edition == 'intranet' %}{{ contacts() }}{% endif %}\n") is None
    assert page_segments("{{ home( }}\n") is None
    assert page_segments("{{ rag_changes_between() }}\n") is None  # not a page macro: mkdocs-macros reports it


def jinja_segments(text: str, offset: int = 0) -> Any:
    from macros.loading.segments import plain_segments

    return plain_segments(jinja2.Environment().parse(text), WRITER_MACROS, offset)


PIECES = [
    "Plain text with a { brace } and }} closers.",
    "{{ rag_summary() }}",
    "{{rag_changes()}}",
    '{{ rag_changes("OD3", "OD4") }}',
    "{{ upcoming_milestones( 'OD1' ) }}",
    '{{ rag_badge("green") }}',
    "Write `{{ rag_summary() }}` to show it.",
    "```\n{% endraw %} and {{ x }} in code\n```",
    "~~~jinja\n{% raw %}{{ y }}{% endraw %}\n~~~",
    "{{ rag_summary() -}}",
    "{{ page.title }}",
    "{# a comment #}",
    '{{ rag_changes("O\\"D") }}',
    "{{ unknown_macro() }}",
    "\n",
    "\n\n",
    "",
]


def test_the_quick_splitter_agrees_with_jinja_wherever_it_answers(tmp_path: Path) -> None:
    import random

    from macros.loading.newsletters import protect_code
    from macros.loading.segments import quick_segments

    bodies = [issue.body for issue in collect_newsletters(NORFOLK, "intranet")] + [TRICKY]
    rng = random.Random(7)
    bodies += ["".join(rng.choice(PIECES) + rng.choice(["\n", "\n\n", " ", ""]) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    answered = 0
    for body in bodies:
        text = protect_code(body)
        quick = quick_segments(text, WRITER_MACROS, 5)
        if quick is not None:
            answered += 1
            assert quick == jinja_segments(text, 5), body
    # The real issues, and most generated bodies without the pieces it leaves to Jinja, take the quick way.
    assert all(quick_segments(protect_code(issue.body), WRITER_MACROS) is not None for issue in collect_newsletters(NORFOLK, "intranet"))
    assert answered > 300
