"""The link checker on small pages in memory: every link mistake MkDocs refuses, by file and line, and nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from macros.loading.front_matter import split_front_matter
from macros.loading.macro_check import macro_calls
from macros.views.links import (
    ACTION,
    AREA,
    ISSUE,
    PAGE,
    DocsPage,
    Edition,
    LinkSettings,
    Page,
    PageParser,
    Source,
    docs_markdown,
    docs_source,
    link_problems,
    macros_replaced,
    page_url,
    theme_files,
    written_page_anchors,
)
from macros.views.plan_site import PlanSite

SETTINGS = LinkSettings(("toc", "tables", "fenced_code", "attr_list"), {"toc": {"permalink": True}})
PARSER = PageParser(SETTINGS)

Target = str | frozenset[str] | None
"""A page a link may go to: its Markdown, the anchors it is known to have, or None when they are not known before the build."""


def kind_of(src: str) -> str:
    if src.startswith("delivery/actions/"):
        return ACTION
    if src.startswith("delivery/od"):
        return AREA
    if src.startswith("newsletters/") and not src.endswith("index.md"):
        return ISSUE
    return PAGE


def edition(
    name: str,
    pages: dict[str, Target],
    *,
    files: tuple[str, ...] = (),
    checked: tuple[str, ...] | None = None,
    drafts: tuple[str, ...] = (),
    theme: frozenset[str] = frozenset(),
) -> Edition:
    """An edition of the pages given by docs path, each with the Markdown MkDocs converts, or its anchors."""

    def anchors(value: Target) -> frozenset[str] | None:
        return PARSER.anchors(value) if isinstance(value, str) else value

    made = {src: Page(src, kind_of(src), lambda v=value: anchors(v), draft=src in drafts) for src, value in pages.items()}  # type: ignore[misc]
    shown = tuple(src for src in pages if kind_of(src) in (PAGE, ISSUE)) if checked is None else checked
    return Edition(name, made, frozenset(files), frozenset(shown), PARSER, lambda: theme)


def doc(src: str, text: str) -> DocsPage:
    """A page of docs/ as read from its file."""
    raw, body, start = split_front_matter(text)
    return DocsPage(src, f"docs/{src}", yaml.safe_load(raw) if raw else {}, body, start)


def issue(src: str, text: str) -> Source:
    """An issue's page as a source of links (body after its front matter), without reading a file."""
    _, body, start = split_front_matter(text)
    return Source(src, page_url(src), src, ISSUE, body, start, macros_replaced(body))


def check(sources: list[Source], *editions: Edition) -> list[str]:
    return [str(problem) for problem in link_problems(sources, list(editions))]


def one_page(text: str, others: dict[str, Target] | None = None, **options: object) -> list[str]:
    """The problems of the page docs/news.md holding `text`, in a site that also has `others`."""
    page = doc("news.md", text)
    pages: dict[str, Target] = {"news.md": docs_markdown(page), "index.md": "# Home\n", **(others or {})}
    return check([docs_source(page)], edition("intranet", pages, **options))  # type: ignore[arg-type]


# Pages that are not there.


def test_a_link_to_a_page_that_does_not_exist_names_the_file_line_and_the_nearest_page() -> None:
    text = "---\ntitle: News\n---\n\n# News\n\nSee the [vision](visoin.md).\n"
    assert one_page(text, {"vision.md": "# Vision\n"}) == [
        "docs/news.md:7: the link 'visoin.md' goes to no page: there is no page visoin.md; did you mean 'vision.md'?"
    ]


def test_a_link_to_a_page_resolves_from_the_linking_page_folder() -> None:
    problems = check(
        [issue("newsletters/2018-10-24-autumn.md", "---\ntitle: A\n---\n\n[ok](../vision.md) and [wrong](vision.md)\n")],
        edition("intranet", {"vision.md": "# Vision\n", "newsletters/2018-10-24-autumn.md": None}),
    )
    assert problems == [
        "newsletters/2018-10-24-autumn.md:5: the link 'vision.md' goes to no page: there is no page newsletters/vision.md; did you mean '../vision.md'?"
    ]


def test_a_link_to_an_action_that_does_not_exist_names_the_nearest_action() -> None:
    actions = {"delivery/actions/2-1.md": "", "delivery/actions/2-4.md": "", "delivery/actions/3-1.md": ""}
    assert one_page("[a](delivery/actions/2-44.md)\n", actions) == [
        "docs/news.md:1: the link 'delivery/actions/2-44.md' goes to no action: the plan has no action 2.44; "
        "did you mean 'delivery/actions/2-4.md' (action 2.4)?"
    ]


def test_an_action_written_with_its_dots_is_given_its_file_name() -> None:
    assert one_page("[a](delivery/actions/2.4.md)\n", {"delivery/actions/2-4.md": ""}) == [
        "docs/news.md:1: the link 'delivery/actions/2.4.md' goes to no page: action 2.4's page is 'delivery/actions/2-4.md', its ref with hyphens for dots"
    ]


def test_a_link_to_an_area_that_does_not_exist_lists_the_areas() -> None:
    areas = {"delivery/od1.md": "", "delivery/od2.md": ""}
    assert one_page("[a](delivery/od7.md)\n", areas) == [
        "docs/news.md:1: the link 'delivery/od7.md' goes to no delivery area: the plan has no area OD7; its areas are OD1, OD2"
    ]


def test_a_link_to_an_issue_that_does_not_exist_names_the_nearest_issue() -> None:
    issues = {"newsletters/2018-03-22-launch.md": None}
    assert one_page("[a](newsletters/2018-03-22-lunch.md)\n", issues) == [
        "docs/news.md:1: the link 'newsletters/2018-03-22-lunch.md' goes to no newsletter: there is no issue 2018-03-22-lunch; "
        "did you mean 'newsletters/2018-03-22-launch.md'?"
    ]


def test_a_link_outside_docs_is_reported() -> None:
    assert one_page("[readme](../README.md)\n") == [
        "docs/news.md:1: the link '../README.md' goes outside docs/, which the site is built from; put the file in docs/ and link to it relative to this page"
    ]


# Images and other files.


def test_a_missing_image_names_the_nearest_file() -> None:
    problems = one_page("![A photo](assets/trainng.png)\n\n![Logo](assets/logo.svg)\n", files=("assets/training.png", "assets/logo.svg"))
    assert problems == [
        "docs/news.md:1: the image 'assets/trainng.png' goes to no image: there is no docs/assets/trainng.png; did you mean 'assets/training.png'?"
    ]


def test_files_planpress_and_the_theme_write_beside_the_pages_may_be_linked() -> None:
    text = "[data](plan.json) [feed](feed.xml) [icon](assets/images/favicon.png) [missing](plan.csv)\n"
    problems = one_page(text, files=("plan.json", "feed.xml"), theme=frozenset({"assets/images/favicon.png"}))
    assert problems == ["docs/news.md:1: the link 'plan.csv' goes to no file: there is no docs/plan.csv; did you mean 'plan.json'?"]


# Anchors.


def test_anchors_are_headings_slugified_as_the_toc_extension_does_and_ids_written_in_the_page() -> None:
    target = (
        "# Priorities\n\n## Priority 2: risk-sensible practice\n\n## The plan's \u201cvision\u201d\n\n### Custom {#own-id}\n\n"
        '<div id="raw-html"></div>\n\n## Priorities\n'
    )
    links = " ".join(
        f"[x](priorities.md#{anchor})"
        for anchor in ("priorities", "priority-2-risk-sensible-practice", "the-plans-vision", "own-id", "raw-html", "priorities_1")
    )
    assert one_page(links + "\n", {"priorities.md": target}) == []


def test_a_missing_anchor_names_the_nearest_one() -> None:
    problems = one_page("[x](priorities.md#priority-9)\n", {"priorities.md": "# Priorities\n\n## Priority 1\n\n## Risk\n"})
    assert problems == [
        "docs/news.md:1: the link 'priorities.md#priority-9' goes to no anchor: priorities.md has no heading or id 'priority-9'; "
        "did you mean 'priorities.md#priority-1'?"
    ]


def test_a_missing_anchor_on_the_same_page_lists_its_anchors_when_none_is_close() -> None:
    assert one_page("# News\n\n## Progress\n\nSee [above](#zzz).\n") == [
        "docs/news.md:5: the link '#zzz' goes to no anchor: this page has no heading or id 'zzz'; its anchors are '#news', '#progress'"
    ]


def test_the_ids_of_the_html_blocks_a_macro_shows_are_anchors() -> None:
    output = '# Area\n\n<table>\n<tr id="action-2-4"><td>2.4</td></tr>\n</table>\n\n## Actions\n'
    anchors = PARSER.macro_anchors(output)
    assert anchors == {"area", "action-2-4", "actions"}
    assert one_page("[x](delivery/od2.md#action-2-4) [y](delivery/od2.md#action-2-5)\n", {"delivery/od2.md": anchors}) == [
        "docs/news.md:1: the link 'delivery/od2.md#action-2-5' goes to no anchor: delivery/od2.md has no heading or id 'action-2-5'; "
        "did you mean 'delivery/od2.md#action-2-4'?"
    ]


def test_an_empty_anchor_or_a_page_whose_anchors_only_the_build_knows_is_accepted() -> None:
    assert one_page("[a](vision.md#) [b](#) [c](other.md#anything)\n", {"vision.md": "# Vision\n", "other.md": None}) == []


def test_an_anchor_only_the_intranet_site_has_breaks_the_public_site() -> None:
    page = doc("news.md", "[x](dashboard.md#overdue)\n")
    public = edition("public", {"news.md": docs_markdown(page), "dashboard.md": "# Dashboard\n"})
    intranet = edition("intranet", {"news.md": docs_markdown(page), "dashboard.md": "# Dashboard\n\n## Overdue\n"})
    assert check([docs_source(page)], public, intranet) == [
        "docs/news.md:1: the link 'dashboard.md#overdue' goes to '#overdue', which dashboard.md has only in the intranet site, so the public site "
        "would have a broken link; take the link out, or mark this page 'audience: intranet' too"
    ]


# Links MkDocs refuses for how they are written.


def test_an_absolute_link_is_refused_with_the_relative_file_link() -> None:
    page = issue("newsletters/2018-10-24-autumn.md", "---\ntitle: A\n---\n\n[a](/delivery/od2/) [b](/delivery/od2.md#actions) [c](/nowhere/)\n")
    problems = check([page], edition("intranet", {page.src: None, "delivery/od2.md": ""}))
    assert problems == [
        "newsletters/2018-10-24-autumn.md:5: the link '/delivery/od2.md#actions' is absolute, which the build refuses; "
        "link to the file, relative to this page: '../delivery/od2.md#actions'",
        "newsletters/2018-10-24-autumn.md:5: the link '/delivery/od2/' is absolute, which the build refuses; "
        "link to the file, relative to this page: '../delivery/od2.md'",
        "newsletters/2018-10-24-autumn.md:5: the link '/nowhere/' is absolute, which the build refuses; link to the page's .md file, relative to this page",
    ]


def test_a_link_written_as_the_built_address_is_given_the_file_link() -> None:
    pages = {"delivery/actions/2-1.md": "", "delivery/od2.md": "", "delivery/index.md": "# Delivery\n"}
    problems = one_page("[a](delivery/actions/2-1/) [b](delivery/od2.html#x) [c](delivery/)\n", pages)
    assert problems == [
        "docs/news.md:1: the link 'delivery/' is the address of the built page; link to its file instead: 'delivery/index.md'",
        "docs/news.md:1: the link 'delivery/actions/2-1/' is the address of the built page; link to its file instead: 'delivery/actions/2-1.md'",
        "docs/news.md:1: the link 'delivery/od2.html#x' is the address of the built page; link to its file instead: 'delivery/od2.md#x'",
    ]


def test_a_link_written_from_the_built_address_is_given_the_file_link() -> None:
    page = issue("newsletters/2018-10-24-autumn.md", "---\ntitle: A\n---\n\n[a](../../vision.md)\n")
    assert check([page], edition("intranet", {page.src: None, "vision.md": ""})) == [
        "newsletters/2018-10-24-autumn.md:5: the link '../../vision.md' goes to no page: there is no page ../vision.md; did you mean '../vision.md'?"
    ]


# What is not a link to check.


def test_external_links_are_not_checked() -> None:
    text = "[a](https://example.org/x.md) [b](http://x) [c](mailto:a@example.org) [d](tel:+441603) [e](//cdn.example.org/x.png) <https://x.org>\n"
    assert one_page(text) == []


def test_links_in_code_are_not_links() -> None:
    text = "`[a](nowhere.md)` and ``[b](nowhere.md)``\n\n```markdown\n[c](nowhere.md)\n```\n\n~~~\n![d](nowhere.png)\n~~~\n\n    [e](nowhere.md)\n"
    assert one_page(text) == []


def test_links_made_by_macros_are_not_checked_but_links_in_raw_text_are() -> None:
    text = '{{ rag_badge("green") }} [a]({{ target }}) {{ home() }}\n\n{# [b](gone.md) #}\n\n{% raw %}[c](missing.md){% endraw %}\n'
    assert one_page(text) == ["docs/news.md:5: the link 'missing.md' goes to no page: there is no page missing.md"]


def test_a_page_shown_as_written_has_its_macro_text_checked_as_links() -> None:
    text = "---\nrender_macros: false\n---\n\n{# [b](gone.md) #}\n"
    assert one_page(text) == ["docs/news.md:5: the link 'gone.md' goes to no page: there is no page gone.md"]


# Lines.


def test_each_link_is_reported_on_its_own_line_even_when_the_same_link_is_repeated() -> None:
    text = "---\ntitle: News\n---\n\n`gone.md` in code.\n\n[a](gone.md)\n\n```\n[b](gone.md)\n```\n\nThen [c](ok.md) and [d](gone.md).\n"
    assert one_page(text, {"ok.md": ""}) == [
        "docs/news.md:7: the link 'gone.md' goes to no page: there is no page gone.md",
        "docs/news.md:13: the link 'gone.md' goes to no page: there is no page gone.md",
    ]


def test_a_reference_link_is_reported_on_the_line_of_its_address() -> None:
    text = "# News\n\nSee [the plan][plan].\n\n[plan]: plans.md\n"
    assert one_page(text, {"plan.md": ""}) == [
        "docs/news.md:5: the link 'plans.md' goes to no page: there is no page plans.md; did you mean 'plan.md'?"
    ]


def test_a_word_that_looks_like_a_macro_stand_in_is_checked_as_written() -> None:
    assert one_page("[a](PLANPRESSMACRO.md) [b](pp0123456789abcdefmacro.md)\n") == [
        "docs/news.md:1: the link 'PLANPRESSMACRO.md' goes to no page: there is no page PLANPRESSMACRO.md",
        "docs/news.md:1: the link 'pp0123456789abcdefmacro.md' goes to no page: there is no page pp0123456789abcdefmacro.md",
    ]


def test_macros_replaced_keeps_every_line_where_it_was() -> None:
    text = '{{ rag_summary(\n  "OD1") }}\n{# a\ncomment #}\n{% raw %}\n[x](y.md)\n{% endraw %}\nend\n'
    replaced = macros_replaced(text)
    assert replaced.count("\n") == text.count("\n")
    assert replaced.split("\n")[5] == "[x](y.md)" and replaced.split("\n")[7] == "end"


# Editions and drafts.


def test_a_public_page_linking_to_an_intranet_only_page_breaks_the_public_site_only() -> None:
    news = doc("news.md", "[team](team.md) [2.4](delivery/actions/2-4.md)\n")
    team = doc("team.md", "---\naudience: intranet\n---\n\n[news](news.md)\n")
    public = edition("public", {"news.md": docs_markdown(news)})
    intranet = edition("intranet", {"news.md": docs_markdown(news), "team.md": docs_markdown(team), "delivery/actions/2-4.md": ""})
    assert check([docs_source(news), docs_source(team)], public, intranet) == [
        "docs/news.md:1: the link 'delivery/actions/2-4.md' goes to action 2.4, which only the intranet site has, so the public site would have "
        "a broken link; take the link out, or mark this page 'audience: intranet' too",
        "docs/news.md:1: the link 'team.md' goes to team.md, which only the intranet site has, so the public site would have a broken link; "
        "take the link out, or mark this page 'audience: intranet' too",
    ]


def test_a_link_to_a_draft_is_refused_and_a_draft_is_checked_as_the_preview_shows_it() -> None:
    draft = issue("newsletters/2018-12-12-winter.md", "---\ntitle: W\n---\n\n[autumn](2018-10-24-autumn.md) [gone](../gone.md)\n")
    autumn = issue("newsletters/2018-10-24-autumn.md", "---\ntitle: A\n---\n\n[winter](2018-12-12-winter.md)\n")
    published = edition("intranet", {autumn.src: None})
    preview = edition("intranet", {autumn.src: None, draft.src: None}, checked=(draft.src,), drafts=(draft.src,))
    assert check([autumn, draft], published, preview) == [
        "newsletters/2018-10-24-autumn.md:5: the link '2018-12-12-winter.md' goes to the issue newsletters/2018-12-12-winter.md, a draft that is "
        "not published, so the built site would have a broken link; publish that issue first (take out its 'draft: true'), or take the link out",
        "newsletters/2018-12-12-winter.md:5: the link '../gone.md' goes to no page: there is no page gone.md",
    ]


def test_the_same_mistake_in_both_editions_is_reported_once() -> None:
    page = doc("news.md", "[x](gone.md)\n")
    both = [edition(name, {"news.md": docs_markdown(page)}) for name in ("public", "intranet")]
    assert check([docs_source(page)], *both) == ["docs/news.md:1: the link 'gone.md' goes to no page: there is no page gone.md"]


# MkDocs's configuration and files.


def test_page_urls_are_directory_urls() -> None:
    assert [page_url(s) for s in ("index.md", "about.md", "delivery/index.md", "delivery/od2.md", "newsletters/README.md")] == [
        "", "about/", "delivery/", "delivery/od2/", "newsletters/",
    ]


def test_settings_are_what_mkdocs_reads_from_each_edition_configuration(tmp_path: Path) -> None:
    from macros.integration.config import checked_config, link_settings

    (tmp_path / "overrides").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        "  - admonition\nplugins:\n  planpress:\n    edition: public\n    feed_id: plan.example.org,2017\n    reference_date: 2018-06-30\n",
        encoding="utf-8",
    )
    (tmp_path / "intranet.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  planpress:\n    edition: intranet\n    reference_date: 2018-09-30\n", encoding="utf-8"
    )
    found = {}
    for name in ("mkdocs.yml", "intranet.yml"):
        config, problems = checked_config(tmp_path / name)
        assert problems == [] and config is not None
        found[name] = link_settings(config)
    public = found["mkdocs.yml"]
    assert public.extensions == ("toc", "tables", "fenced_code", "attr_list", "admonition")
    assert public.configs == {"toc": {"permalink": True}}
    assert public.theme_dirs[0] == tmp_path / "overrides" and public.theme_dirs[-1].name == "templates"
    assert "sitemap.xml" in public.static_templates
    assert [s.reference_date for s in found.values()] == [dt.date(2018, 6, 30), dt.date(2018, 9, 30)]
    assert "assets/images/favicon.png" in public.theme_files()


def test_theme_files_are_what_mkdocs_copies(tmp_path: Path) -> None:
    for name in ("main.html", "assets/app.js", "assets/.hidden.js", ".cache/x.js", "partials/x.py", "README.md", "mkdocs_theme.yml", "sitemap.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert theme_files([tmp_path], ["sitemap.xml"]) == {"assets/app.js"}


def test_every_file_planpress_writes_beside_the_pages_is_known_before_the_build(tmp_path: Path) -> None:
    from macros.loading.project import load_project
    from macros.outputs.writer import OUTPUT_FILES, write_outputs

    root = Path(__file__).resolve().parent.parent / "fixtures" / "norfolk"
    written = write_outputs(PlanSite(load_project(root / "data"), "public"), tmp_path, "https://plan.example.org/")
    assert sorted(p.name for p in written if p.parent == tmp_path) == sorted(OUTPUT_FILES)


@pytest.mark.parametrize("edition_name", ["public", "intranet"])
def test_sources_outside_an_edition_are_not_checked_in_it(edition_name: str) -> None:
    page = doc("news.md", "[x](gone.md)\n")
    assert check([docs_source(page)], edition(edition_name, {"news.md": docs_markdown(page)}, checked=())) == []


@pytest.mark.parametrize("edition_name", ["public", "intranet"])
def test_the_data_pages_are_the_pages_the_build_makes(edition_name: str) -> None:
    """data_pages finds without a PlanSite the pages generated_pages makes, intranet-only areas and actions left out of the public edition."""
    from macros.loading.project import load_project
    from macros.views.links import data_pages
    from macros.views.pages import generated_pages

    project = load_project(Path(__file__).resolve().parents[2] / "data")
    first, second, *rest = project.areas
    hidden_action = second.actions[0].model_copy(update={"audience": "intranet"})
    areas = [first.model_copy(update={"audience": "intranet"}), second.model_copy(update={"actions": [hidden_action, *second.actions[1:]]}), *rest]
    project = project.model_copy(update={"areas": areas})
    made = generated_pages(PlanSite(project, edition_name))
    found = data_pages(project, edition_name)
    assert found == {src: ACTION if "/actions/" in src else AREA for src in made}
    assert (f"delivery/{first.code.lower()}.md" in found) == (edition_name == "intranet")


# The anchors of pages whose macros make some of their headings.


class StubSite:
    """The two macros a page below calls: one shows a heading and a table with an id, one fails."""

    def rag_summary(self, *areas: str, page_url: str) -> str:
        return f"## Summary {' '.join(areas)}\n\n<table id=\"summary-table\"><tr><td>{page_url}</td></tr></table>\n"

    def delivery_area(self, code: str, page_url: str) -> str:
        raise LookupError(f"there is no delivery area '{code}' in this edition")


def anchors_of(text: str) -> frozenset[str] | None:
    page = doc("news.md", text)
    site: PlanSite = StubSite()  # type: ignore[assignment]
    return written_page_anchors(PARSER, site, docs_markdown(page), page_url(page.src), macro_calls(page.body, ("rag_summary", "delivery_area")))


def test_a_page_has_the_anchors_of_its_own_headings_and_of_what_its_macros_show() -> None:
    assert anchors_of('# News\n\n{{ rag_summary() }}\n\n{{ rag_summary("OD1") }}\n\n## {{ page.title }}\n\n## Next\n') == {
        "news", "summary", "summary-od1", "summary-table", "next",
    }


def test_a_page_whose_macros_fail_or_take_values_it_does_not_write_has_unknown_anchors() -> None:
    assert anchors_of('# News\n\n{{ delivery_area("OD9") }}\n') is None
    assert anchors_of("# News\n\n{% set code = 'OD1' %}{{ rag_summary(code) }}\n") is None
    assert anchors_of("# News\n\n`{{ delivery_area(code) }}`\n") == {"news"}


def test_macro_calls_are_found_in_order_outside_code() -> None:
    text = '{{ rag_summary() }}\n\n`{{ rag_changes("OD9") }}`\n\n```\n{{ rag_changes() }}\n```\n\n{% if page %}{{ rag_changes("OD1", "OD2") }}{% endif %}\n'
    assert macro_calls(text, ("rag_summary", "rag_changes")) == (("rag_summary", (), 1), ("rag_changes", ("OD1", "OD2"), 9))
    assert macro_calls("{{ rag_summary(", ("rag_summary",)) is None
