"""Newsletters: reading and checking issues, one invalid file per kind of problem, and the order of an edition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from helpers import NORFOLK

from macros.cli.drafts import issue_sections, new_issue, slugify
from macros.loading.macro_check import protect_code
from macros.loading.newsletters import SUMMARY_PLACEHOLDER, read_newsletters
from macros.loading.project import load_project
from macros.model.newsletter import LONDON, check_feed_authority, parse_issue_date
from macros.model.problems import ValidationFailed
from macros.views.issues import collect_newsletters, issue_page

AUTHORITY = "plan.example.org,2017"


def write_issue(root: Path, name: str, front: str | None = None, body: str = "Some news.\n") -> Path:
    """Write newsletters/<name> with the given front matter lines (or a valid default)."""
    path = root / "newsletters" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if front is None:
        date = Path(name).name[:10]
        front = f"title: An issue\ndate: {date}\nsummary: What this issue says."
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        read_newsletters(root)
    return [str(p) for p in caught.value.problems]


def test_norfolk_newsletters_are_valid() -> None:
    issues = read_newsletters(NORFOLK, feed_authority=AUTHORITY)
    assert [i.date.isoformat() for i in issues] == ["2018-03-22", "2018-05-16", "2018-08-01"]
    assert all(not i.draft and i.audience == "public" for i in issues)
    # Each issue comes just after a steering group meeting the plan schedules (15/03, 09/05, 25/07/2018).
    meetings = [dt.date(2018, 3, 15), dt.date(2018, 5, 9), dt.date(2018, 7, 25)]
    for issue, meeting in zip(issues, meetings):
        assert dt.timedelta(days=1) <= issue.date - meeting <= dt.timedelta(days=10)


def test_an_issue_and_what_it_carries(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-family-networks.md", "title: Family networks\ndate: 2018-05-16\nsummary: Boot camps and *coaching*.")
    [issue] = collect_newsletters(tmp_path, "public", feed_authority=AUTHORITY)
    assert issue.title == "Family networks"
    assert issue.date == dt.date(2018, 5, 16)
    assert issue.quarter == "Q2 2018"
    assert issue.quarter_months == "April to June 2018"
    assert issue.url == "newsletters/2018-05-16-family-networks/"
    assert issue.src == "newsletters/2018-05-16-family-networks.md"
    assert issue.feed_id == "tag:plan.example.org,2017:newsletters/2018-05-16"
    assert issue.published_london == dt.datetime(2018, 5, 16, 9, 0, tzinfo=LONDON)
    assert issue.body_line == 6


@pytest.mark.parametrize(
    "month,quarter",
    [(1, "Q1 2018"), (3, "Q1 2018"), (4, "Q2 2018"), (6, "Q2 2018"), (7, "Q3 2018"), (9, "Q3 2018"), (10, "Q4 2018"), (12, "Q4 2018")],
)
def test_quarters_are_calendar_quarters(tmp_path: Path, month: int, quarter: str) -> None:
    write_issue(tmp_path, f"2018-{month:02d}-01-q.md")
    [issue] = read_newsletters(tmp_path)
    assert issue.quarter == quarter


def test_dates_get_the_london_time_zone() -> None:
    # A date alone is 09:00 in London: GMT in winter, BST in summer; never midnight UTC.
    assert parse_issue_date("2018-03-22").isoformat() == "2018-03-22T09:00:00+00:00"
    assert parse_issue_date("2018-05-16").isoformat() == "2018-05-16T09:00:00+01:00"
    assert parse_issue_date("2018-05-16 14:30").isoformat() == "2018-05-16T14:30:00+01:00"
    assert parse_issue_date("2018-05-16T14:30:05Z").isoformat() == "2018-05-16T14:30:05+00:00"
    assert parse_issue_date("2018-05-16T14:30+02:00").isoformat() == "2018-05-16T14:30:00+02:00"
    assert parse_issue_date(dt.date(2018, 12, 1)).utcoffset() == dt.timedelta(0)


def test_the_feed_id_ignores_title_and_slug(tmp_path: Path) -> None:
    first = write_issue(tmp_path, "2018-05-16-family-networks.md")
    [before] = read_newsletters(tmp_path, feed_authority=AUTHORITY)
    first.rename(first.with_name("2018-05-16-safety-planning.md"))
    text = first.with_name("2018-05-16-safety-planning.md")
    text.write_text(text.read_text("utf-8").replace("title: An issue", "title: Safety planning, again"), encoding="utf-8")
    [after] = read_newsletters(tmp_path, feed_authority=AUTHORITY)
    assert (after.title, after.url) != (before.title, before.url)
    assert after.feed_id == before.feed_id


# One invalid file per kind of problem, each with its exact message and line.


def test_missing_date(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\nsummary: What it says.")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:2: date: is required but missing"]


def test_impossible_date(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-02-30\nsummary: What it says.")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:3: date: '2018-02-30' is not a real date"]


def test_date_written_the_uk_way(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 16/05/2018\nsummary: What it says.")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:3: date: '16/05/2018' is not written as YYYY-MM-DD; write 2018-05-16"]


def test_impossible_time(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-05-16 25:10\nsummary: What it says.")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:3: date: '2018-05-16 25:10' is not a real time of day"]


def test_unknown_audience(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-05-16\nsummary: What it says.\naudience: staff")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:5: audience: 'staff' is not one of public, intranet"]


def test_misspelt_key(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-05-16\nsummery: What it says.")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:4: summery: 'summery' is not a known field; did you mean 'summary'?"]


def test_unknown_key(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-05-16\nsummary: What it says.\nlabels: [news]")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:5: labels: 'labels' is not a known field; allowed fields: title, date, summary, draft, id, image, tags, audience"
    ]


def test_date_not_matching_the_file_name(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: An issue\ndate: 2018-05-17\nsummary: What it says.")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:3: date: 2018-05-17 does not match the date in the file name, 2018-05-16; "
        "correct the date, or rename the file 2018-05-17-x.md"
    ]


@pytest.mark.parametrize("name", ["news.md", "2018-5-16-x.md", "2018-05-16.md", "2018-05-16-Family_Networks.md"])
def test_bad_file_name(tmp_path: Path, name: str) -> None:
    write_issue(tmp_path, name, "title: An issue\ndate: 2018-05-16\nsummary: What it says.")
    assert problems(tmp_path) == [
        f"newsletters/{name}:1: '{name}' is not a newsletter file name; name the file YYYY-MM-DD-slug.md, such as "
        "2018-03-22-launch.md: the issue's date, then lower-case words joined by hyphens"
    ]


def test_impossible_date_in_the_file_name(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-02-30-x.md", "title: An issue\ndate: 2018-02-30\nsummary: What it says.")
    assert problems(tmp_path) == [
        "newsletters/2018-02-30-x.md:1: the file name's date '2018-02-30' is not a real date",
        "newsletters/2018-02-30-x.md:3: date: '2018-02-30' is not a real date",
    ]


def test_no_front_matter(tmp_path: Path) -> None:
    (tmp_path / "newsletters").mkdir()
    (tmp_path / "newsletters" / "2018-05-16-x.md").write_text("# News\n\nSome news.\n", encoding="utf-8")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:1: no front matter: an issue starts with a '---' line, then title:, date: and "
        "summary: lines, then another '---' line"
    ]


def test_front_matter_not_closed(tmp_path: Path) -> None:
    (tmp_path / "newsletters").mkdir()
    (tmp_path / "newsletters" / "2018-05-16-x.md").write_text("---\ntitle: News\ndate: 2018-05-16\n\nSome news.\n", encoding="utf-8")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:1: the front matter that starts on line 1 has no closing '---' line"]


def test_front_matter_yaml_syntax(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", 'title: "An issue\ndate: 2018-05-16\nsummary: What it says.')
    [message] = problems(tmp_path)
    assert message.startswith("newsletters/2018-05-16-x.md:") and "YAML syntax:" in message


def test_title_is_plain_text(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: News <script>\ndate: 2018-05-16\nsummary: What it says.")
    write_issue(tmp_path, "2018-05-17-y.md", "title: \"News {{ now() }}\"\ndate: 2018-05-17\nsummary: What it says.")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:2: title: a title is plain text: remove '<' and '>'",
        "newsletters/2018-05-17-y.md:2: title: a title is plain text: macro markers ({{, {% and {#) cannot be used in it",
    ]


def test_a_control_character_in_the_title_or_summary_is_refused_even_when_escaped(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", 'title: "News \\x0e"\ndate: 2018-05-16\nsummary: "What it says\\x07."')
    message = "holds an invisible control character (U+{}), which pages, feeds and email cannot carry; it usually comes in with pasted text: retype it"
    assert problems(tmp_path) == [
        f"newsletters/2018-05-16-x.md:2: title: {message.format('000E')}",
        f"newsletters/2018-05-16-x.md:4: summary: {message.format('0007')}",
    ]


def test_placeholder_summary_cannot_be_published(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", f"title: An issue\ndate: 2018-05-16\nsummary: '{SUMMARY_PLACEHOLDER}'\ndraft: true")
    assert len(read_newsletters(tmp_path)) == 1
    write_issue(tmp_path, "2018-05-16-x.md", f"title: An issue\ndate: 2018-05-16\nsummary: '{SUMMARY_PLACEHOLDER}'")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:4: summary: is still the placeholder; write the issue's summary before publishing it"]


def test_two_issues_on_one_date_need_an_id(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-first.md")
    write_issue(tmp_path, "2018-05-16-second.md")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-second.md:3: date: newsletters/2018-05-16-first.md has the date 2018-05-16 too, and feed "
        "readers tell issues apart by date; add a line such as 'id: second' to this issue's front matter (and never "
        "change it once published)"
    ]
    write_issue(tmp_path, "2018-05-16-second.md", "title: Extra\ndate: 2018-05-16\nsummary: A second issue.\nid: extra")
    write_issue(tmp_path, "2018-05-16-third.md", "title: Third\ndate: 2018-05-16\nsummary: A third issue.\nid: extra")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-third.md:5: id: newsletters/2018-05-16-second.md has the id 'extra' too, and feed readers "
        "tell issues apart by date; add a line such as 'id: third' to this issue's front matter (and never change it once published)"
    ]
    (tmp_path / "newsletters" / "2018-05-16-third.md").unlink()
    first, second = read_newsletters(tmp_path, feed_authority=AUTHORITY)
    assert first.feed_id == "tag:plan.example.org,2017:newsletters/2018-05-16"
    assert second.feed_id == "tag:plan.example.org,2017:newsletters/2018-05-16/extra"


def test_same_date_and_slug_in_two_folders(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018/2018-05-16-news.md")
    write_issue(tmp_path, "archive/2018-05-16-news.md")
    assert problems(tmp_path) == [
        "newsletters/archive/2018-05-16-news.md:1: newsletters/2018/2018-05-16-news.md has the same date and name; "
        "the two would be one page, so rename one"
    ]


def test_every_problem_at_once(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-a.md", "title: An issue\nsummary: What it says.")
    write_issue(tmp_path, "2018-05-17-b.md", "title: An issue\ndate: 2018-02-30\nsummary: What it says.")
    write_issue(tmp_path, "2018-05-18-c.md", "title: An issue\ndate: 2018-05-18\nsummary: What it says.\naudience: everyone")
    write_issue(tmp_path, "2018-05-19-d.md", body="{{ rag_sumary() }}\n")
    write_issue(tmp_path, "2018-05-20-e.md", "title: An issue\ndate: 2018-05-21\nsummary: What it says.", body="{{ rag_summary( }}\n")
    write_issue(tmp_path, "2018-5-21-f.md", "title: An issue\nsummary: What it says.")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-a.md:2: date: is required but missing",
        "newsletters/2018-05-17-b.md:3: date: '2018-02-30' is not a real date",
        "newsletters/2018-05-18-c.md:5: audience: 'everyone' is not one of public, intranet",
        "newsletters/2018-05-19-d.md:7: 'rag_sumary' is not a macro a newsletter can use; did you mean rag_summary()?",
        "newsletters/2018-05-20-e.md:3: date: 2018-05-21 does not match the date in the file name, 2018-05-20; correct the date, "
        "or rename the file 2018-05-21-e.md",
        "newsletters/2018-05-20-e.md:7: macro syntax: unexpected '}', expected ')'" + SYNTAX_HINT,
        "newsletters/2018-5-21-f.md:1: '2018-5-21-f.md' is not a newsletter file name; name the file YYYY-MM-DD-slug.md, such as "
        "2018-03-22-launch.md: the issue's date, then lower-case words joined by hyphens",
        "newsletters/2018-5-21-f.md:2: date: is required but missing",
    ]


def test_readme_in_newsletters_is_not_an_issue(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md")
    (tmp_path / "newsletters" / "README.md").write_text("# How to write an issue\n", encoding="utf-8")
    assert [i.source for i in read_newsletters(tmp_path)] == ["newsletters/2018-05-16-x.md"]


# Macros: checked before anything renders, at their line in the file.

SYNTAX_HINT = "; a macro is written {{ name() }}; text that shows {{ or {% as written goes in `backticks`"


def test_macro_syntax_error_at_its_line_in_the_file(tmp_path: Path) -> None:
    body = "Intro.\n\n## Progress\n\n{{ rag_summary( }}\n"
    write_issue(tmp_path, "2018-05-16-x.md", body=body)
    # Lines 1-5 are the front matter, line 6 is blank, and the broken macro is the body's fifth line.
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:11: macro syntax: unexpected '}', expected ')'" + SYNTAX_HINT]


def test_unclosed_block(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", body="{% if true %}\nNews.\n")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:7: macro syntax: Unexpected end of template. Jinja was looking for the following "
        "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'" + SYNTAX_HINT
    ]


def test_unknown_macro_lists_the_ones_there_are(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", body="News.\n\n{{ now() }}\n")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:9: 'now' is not a macro a newsletter can use; newsletters can use rag_badge(\"green\"), "
        "rag_changes(), rag_summary(), upcoming_milestones()"
    ]


def test_macro_arguments_are_checked(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", body='{{ rag_changes("2018-01-01") }}\n{{ rag_badge("amberish") }}\n{{ page.title|shout }}\n')
    assert problems(tmp_path) == [
        'newsletters/2018-05-16-x.md:7: rag_changes takes its dates from the issue: write rag_changes() for the whole plan, or name delivery areas, as in rag_changes("OD3", "OD4")',
        "newsletters/2018-05-16-x.md:8: rag_badge: 'amberish' is not one of red, amber, green, complete, not_rated, not_published",
        "newsletters/2018-05-16-x.md:9: 'shout' is not a filter a newsletter can use",
    ]


def test_macro_syntax_inside_code_is_not_checked(tmp_path: Path) -> None:
    body = "Write `{{ rag_summary() }}` or `{% if %}`.\n\n```\n{{ not_a_macro(\n{% endraw %}\n```\n\n{{ rag_summary() }}\n"
    write_issue(tmp_path, "2018-05-16-x.md", body=body)
    assert len(read_newsletters(tmp_path)) == 1


def test_protected_code_renders_as_written() -> None:
    body = "A `{{ x }}` span, ``{% raw %}`` too.\n\n~~~yaml\nkey: {{ value }}\n{% endraw %}\n{#\n~~~\n\n{{ shown }}\n"
    protected = protect_code(body)
    assert protected.count("\n") == body.count("\n")
    rendered = jinja2.Environment(keep_trailing_newline=True).from_string(protected).render(shown="SHOWN")
    assert rendered == body.replace("{{ shown }}", "SHOWN")


def test_an_issue_page_protects_code_and_leaves_escaping_its_title_to_the_hooks(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", "title: Q&A on plans\ndate: 2018-05-16\nsummary: 'Say \"yes\"'", body="`{{ x }}`\n")
    [issue] = read_newsletters(tmp_path)
    page = issue_page(issue)
    # Escaped once, for every page alike, by the hooks' on_page_markdown (markup.page_title).
    assert page.startswith("---\ndescription: Say \"yes\"\ntitle: Q&A on plans\n---\n")
    assert page.endswith("{% raw %}`{{ x }}`{% endraw %}\n")


# An edition's issues: newest first, linked to published neighbours only.


def test_edition_order_and_neighbours(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-03-22-one.md")
    write_issue(tmp_path, "2018-04-10-internal.md", "title: Internal\ndate: 2018-04-10\nsummary: Staff only.\naudience: intranet")
    write_issue(tmp_path, "2018-05-16-two.md")
    write_issue(tmp_path, "2018-06-01-draft.md", "title: Draft\ndate: 2018-06-01\nsummary: Not yet.\ndraft: true")
    write_issue(tmp_path, "2018-08-01-three.md")

    def chain(edition: str, drafts: bool = False) -> list[tuple[str, str | None, str | None]]:
        issues = collect_newsletters(tmp_path, edition, drafts)
        return [(i.slug, i.previous.slug if i.previous else None, i.next.slug if i.next else None) for i in issues]

    assert chain("public") == [("three", "two", None), ("two", "one", "three"), ("one", None, "two")]
    assert chain("intranet") == [("three", "two", None), ("two", "internal", "three"), ("internal", "one", "two"), ("one", None, "internal")]
    # In a preview the draft links to its published neighbours, and no published issue links to it.
    assert chain("public", drafts=True) == [
        ("three", "two", None),
        ("draft", "two", "three"),
        ("two", "one", "three"),
        ("one", None, "two"),
    ]


def test_feed_authority_setting() -> None:
    assert check_feed_authority("plan.example.org,2017") == "plan.example.org,2017"
    assert check_feed_authority("comms@example.org,2017-09-01") == "comms@example.org,2017-09-01"
    for bad in (None, "", "plan.example.org", "https://plan.example.org/,2017", "example,2017"):
        with pytest.raises(ValueError, match="is not a feed id authority"):
            check_feed_authority(bad)


# Starting the next issue.


def test_new_issue_template(tmp_path: Path) -> None:
    project = load_project(NORFOLK / "data")
    sections = issue_sections(project.communications)
    # The three things the plan asks each issue to hold, in its words.
    assert [s.heading for s in sections] == [
        "Brief summary of progress reported to the Steering Group, highlighting achievements and things to be worked on",
        "An example of good SofS practice introduced by a Steering Group Member found through an Appreciative Inquiry conversation or audit",
        "A piece of useful research/development tool",
    ]
    assert sections[1].guidance.startswith("This does not have to be a whole case")
    write_issue(tmp_path, "2018-05-16-before.md")
    path, text = new_issue(tmp_path, sections, project.plan.start, dt.date(2018, 8, 1), "Summer: news & dates")
    assert path == tmp_path / "newsletters" / "2018-08-01-summer-news-dates.md"
    assert text.startswith("---\ntitle: 'Summer: news & dates'\ndate: 2018-08-01\nsummary: '")
    assert '"An issue"\n(16 May 2018), up to this issue\'s date (1 August 2018)' in text
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [s.heading for s in sections]
    macros = [line for line in text.splitlines() if line.startswith("{{")]
    assert macros == ["{{ rag_summary() }}", "{{ rag_changes() }}", "{{ upcoming_milestones() }}"]
    path.write_text(text, encoding="utf-8")
    written = [i for i in read_newsletters(tmp_path) if i.date == dt.date(2018, 8, 1)]
    assert [(i.title, i.draft) for i in written] == [("Summer: news & dates", True)]


def test_new_issue_refuses_a_taken_date_or_a_bad_title(tmp_path: Path) -> None:
    project = load_project(NORFOLK / "data")
    sections = issue_sections(project.communications)
    write_issue(tmp_path, "2018-05-16-news.md")
    with pytest.raises(FileExistsError, match="already exists"):
        new_issue(tmp_path, sections, project.plan.start, dt.date(2018, 5, 16), "News")
    with pytest.raises(FileExistsError, match="already has the date 2018-05-16"):
        new_issue(tmp_path, sections, project.plan.start, dt.date(2018, 5, 16), "Other news")
    with pytest.raises(ValueError, match="--title: a title is plain text"):
        new_issue(tmp_path, sections, project.plan.start, dt.date(2018, 6, 1), "<b>News</b>")


@pytest.mark.parametrize(
    "title,slug",
    [("Newsletter, May 2018", "newsletter-may-2018"), ("Café & Crèche", "cafe-creche"), ("???", "newsletter"), ("a " * 40, "a-" * 29 + "a")],
)
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


# The lead image, tags and alt text.

FRONT = "title: An issue\ndate: 2018-05-16\nsummary: What it says."


def test_a_named_lead_image_must_be_a_file_under_docs(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", FRONT + "\nimage: assets/newsletters/2018-05-16/cover.jpg")
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:5: image: there is no image docs/assets/newsletters/2018-05-16/cover.jpg; "
        "put the image there, or correct the path (it is written from the docs folder)"
    ]
    cover = tmp_path / "docs" / "assets" / "newsletters" / "2018-05-16" / "cover.jpg"
    cover.parent.mkdir(parents=True)
    cover.write_bytes(b"\xff\xd8\xff")
    [issue] = read_newsletters(tmp_path)
    assert issue.image == "assets/newsletters/2018-05-16/cover.jpg"


@pytest.mark.parametrize("value", ["../assets/cover.jpg", "/assets/cover.jpg", "https://example.org/cover.jpg", "assets/../../cover.jpg"])
def test_a_lead_image_is_named_from_the_docs_folder(tmp_path: Path, value: str) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", FRONT + f"\nimage: {value}")
    assert problems(tmp_path) == [
        f"newsletters/2018-05-16-x.md:5: image: '{value}' is not a path under docs/: write it from the docs folder, such as assets/newsletters/2018-05-16/photo.jpg"
    ]


def test_tags_are_plain_words(tmp_path: Path) -> None:
    write_issue(tmp_path, "2018-05-16-x.md", FRONT + "\ntags: [training,  family   finding]")
    [issue] = read_newsletters(tmp_path)
    assert issue.tags == ("training", "family finding")
    write_issue(tmp_path, "2018-05-16-x.md", FRONT + "\ntags:\n  - ok\n  - '<b>bold</b>'")
    assert problems(tmp_path) == ["newsletters/2018-05-16-x.md:7: tags[1]: a tag is plain text: remove '<', '>', '{' and '}'"]


def test_an_image_without_alt_text_is_named_at_its_line(tmp_path: Path) -> None:
    body = "Intro.\n\n![](../assets/a.png)\n\n`![](in-code.png)`\n\n```\n![](fenced.png)\n```\n\n![A chart](../assets/b.png) and ![ ](../assets/c.png)\n"
    write_issue(tmp_path, "2018-05-16-x.md", body=body)
    hint = "write what it shows between the brackets, such as ![Staff at the May boot camp]({}), for readers who cannot see it"
    assert problems(tmp_path) == [
        "newsletters/2018-05-16-x.md:9: the image '../assets/a.png' has no alt text; " + hint.format("../assets/a.png"),
        "newsletters/2018-05-16-x.md:17: the image '../assets/c.png' has no alt text; " + hint.format("../assets/c.png"),
    ]


def test_an_issue_reports_on_the_areas_its_macros_name(tmp_path: Path) -> None:
    codes = ["OD1", "OD2", "OD3", "OD4"]
    write_issue(tmp_path, "2018-05-16-x.md", body='{{ rag_summary("OD3") }}\n\n{{ rag_changes("OD1", "OD3") }}\n\n{{ rag_badge("red") }}\n')
    write_issue(tmp_path, "2018-06-16-y.md", body='{{ rag_summary("OD3") }}\n\n{{ upcoming_milestones() }}\n')
    write_issue(tmp_path, "2018-07-16-z.md", body="No macros.\n")
    named, every, none = read_newsletters(tmp_path)
    assert named.area_codes(codes) == ["OD1", "OD3"]
    assert every.area_codes(codes) == codes
    assert none.area_codes(codes) == []
