"""Whatever a writer types into a newsletter, if `planpress check` accepts it, the strict build builds it.

Hypothesis writes newsletter bodies and front matter from pieces a writer might type: any Unicode,
control characters, very long lines, HTML fragments, Markdown, macro calls good and bad, macro-like
text in code, words that look like planpress's own placeholders, and links and images of every kind.
Each is checked as `planpress check` checks it; every one the check accepts is built with `mkdocs
build --strict`. Issues made of links alone, with the headings and macros around them, are held to
more: the check refuses one for a link only when one of the strict builds refuses it too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import copy_project
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from macros.cli.building import check_all
from macros.model.problems import ValidationFailed

ISSUE = "newsletters/2018-10-17-generated.md"

LINK_PIECES = [
    "[gone](../nowhere.md)",
    "[typo](../principals.md)",
    "[action 9.9](../delivery/actions/9-9.md)",
    "[action 2.4](../delivery/actions/2.4.md)",
    "[OD9](../delivery/od9.md)",
    "[P2](../priorities.md#priority-2)",
    "[P9](../priorities.md#priority-9)",
    "[actions](../delivery/od1.md#action-1-1)",
    "[no action](../delivery/od1.md#action-9-9)",
    "[self](#a-heading)",
    "[self](#a-heading_1)",
    "[self](#summary)",
    "[self](#nowhere)",
    "[self](#rag-summary)",
    "[self](#due-in-the-next-three-months)",
    "[empty](#)",
    "[built](../delivery/od2/)",
    "[built](../delivery/actions/1-1/)",
    "[built](../vision.html)",
    "[folder](../delivery/)",
    "[absolute](/delivery/od2.md)",
    "[absolute](/delivery/od2/)",
    "![missing](../assets/nowhere.png)",
    "![beside](assets/chart.png)",
    "[feed](../feed.xml) [data](../plan.json) [csv](../actions.csv)",
    "[contacts](../contacts.md)",
    "[dashboard](../dashboard.md#overdue)",
    "[an issue](2018-03-22-launching-eip2-in-norfolk.md#rag-summary)",
    "[this issue](2018-10-17-generated.md)",
    "[no issue](2018-10-18-generated.md)",
    "[archive](index.md)",
    "[outside](../../README.md)",
    "[query](../vision.md?x=1)",
    "[spaced](<../my page.md>)",
    "[encoded](../vision%2Emd)",
    "[the plan][plan]\n\n[plan]: ../vision.md",
    "[gone][gone]\n\n[gone]: ../gone.md",
    '<a href="../nowhere.md">raw link</a> <img src="nowhere.png" alt="">',
    '<span id="own-id"></span> [own](#own-id)',
    "[mail](mailto:someone@example.org) <someone@example.org> <https://example.org/x.md>",
    "`[in code](../nowhere.md)`",
]
"""Links and images, good and broken: pages, anchors (written, and made by macros), built addresses, absolute
links, images, the files written beside the pages, intranet-only pages, other sites, links in code and HTML."""

PIECES = [
    "{{ rag_summary() }}",
    "{{ rag_changes() }}",
    '{{ rag_changes("OD1", "OD2") }}',
    "{{ upcoming_milestones() }}",
    '{{ rag_badge("amber") }}',
    "{{ rag_badge('purple') }}",
    "{{ page.title }}",
    "{{ unknown() }}",
    "{{ rag_summary( }}",
    "{% if page %}yes{% endif %}",
    "{# a note #}",
    "`{{ shown as written }}`",
    "```\n{% endraw %} {{ x }} {% raw %}\n```",
    "~~~\n{{ rag_summary() }}\n~~~",
    "PLANPRESSHTML0",
    "PLANPRESSHTML7",
    "<p>PLANPRESSHTML1</p>",
    "pp0123456789abcdefx0",
    "<div>raw <b>html</b></div>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)" onclick="x()">link</a>',
    "<!-- a comment -->",
    "</div></table>",
    "<details><summary>More</summary>\n\nText\n</details>",
    "[action 1.1](../delivery/actions/1-1.md)",
    "[OD2](../delivery/od2.md#od2-delivery-plan)",
    "[the plan](https://example.org/plan)",
    "![a chart](../assets/planpress.css)",
    "# A heading",
    "## Brief summary {: #summary }",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- one\n- two\n\n1. first",
    "> quoted",
    "*emphasis* and **strong** and `code`",
    "\\{{ escaped",
    "{{",
    "}}",
    "{%",
    "%}",
    "\t\ttabbed",
    "\u200b\u202e\ufeff\u0000\u0007\u001b[31m",
    "x" * 5000,
    "---",
    "...",
    "title: not front matter",
    *LINK_PIECES,
]

text_piece = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
)
body = st.lists(st.tuples(text_piece, st.sampled_from(["", " ", "\n", "\n\n"])), max_size=10).map(lambda parts: "".join(a + b for a, b in parts))
line_text = st.one_of(
    st.sampled_from(["Autumn news", "Q3: what changed", "News & views", "Quotes 'single' and \"double\"", "<b>bold</b>", "{{ x }}", "", " "]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=30),
)


STRUCTURE = [
    "# A heading",
    "## Brief summary {: #summary }",
    "{{ rag_summary() }}",
    '{{ upcoming_milestones("OD1") }}',
    "{{ page.title }}",
    "{% if page %}yes{% endif %}",
    "*emphasis* and `code`",
]
"""What the anchors of an issue come from, and macros around its links."""

link_body = st.lists(st.tuples(st.sampled_from([*LINK_PIECES, *STRUCTURE]), st.sampled_from(["", " ", "\n", "\n\n"])), min_size=1, max_size=5).map(
    lambda parts: "".join(a + b for a, b in parts)
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(tmp_path_factory.mktemp("hypothesis") / "project")
    previous = os.getcwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(previous)


def write_issue(root: Path, title: str, summary: str, audience: str | None, text: str) -> None:
    front: dict[str, object] = {"title": title, "date": "2018-10-17", "summary": summary}
    if audience:
        front["audience"] = audience
    path = root / ISSUE
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, width=1000) + "---\n" + text, encoding="utf-8", newline="")


def build_edition(root: Path, config_name: str) -> None:
    site = root / "site-hypothesis"
    shutil.rmtree(site, ignore_errors=True)
    config = load_config(config_file=str(root / config_name), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


# Without shrinking: a failing example is shown as generated, rather than after minutes of builds spent shrinking it.
@settings(max_examples=int(os.environ.get("PLANPRESS_HYPOTHESIS_EXAMPLES", "30")), deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(title=line_text, summary=line_text, audience=st.sampled_from([None, "intranet", "public"]), text=body)
def test_what_check_accepts_the_strict_build_builds(workspace: Path, title: str, summary: str, audience: str | None, text: str) -> None:
    write_issue(workspace, title, summary, audience, text)
    try:
        check_all(workspace)
    except ValidationFailed:
        return
    for config_name in ("mkdocs.yml", "mkdocs-intranet.yml"):
        try:
            build_edition(workspace, config_name)
        except (Abort, PluginError) as error:
            pytest.fail(f"planpress check accepted this issue but the {config_name} build refused it: {error}\n{(workspace / ISSUE).read_text('utf-8')!r}")


def refused_by(root: Path, config_name: str) -> str | None:
    """What the strict build of one edition refused, or None when it built."""
    try:
        build_edition(root, config_name)
    except (Abort, PluginError) as error:
        return str(error) or type(error).__name__
    return None


@settings(max_examples=int(os.environ.get("PLANPRESS_HYPOTHESIS_EXAMPLES", "30")), deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(audience=st.sampled_from([None, "intranet"]), text=link_body)
def test_the_check_refuses_a_link_exactly_when_a_strict_build_does(workspace: Path, audience: str | None, text: str) -> None:
    """An issue of links and the headings and macros around them: every one the check accepts builds, and every one it refuses for a link, one of the builds refuses."""
    write_issue(workspace, "Links", "Links of every kind.", audience, text)
    written = (workspace / ISSUE).read_text("utf-8")
    try:
        check_all(workspace)
    except ValidationFailed as failure:
        assert all(p.message.startswith(("the link ", "the image ")) for p in failure.problems), failure.report()
        refusals = [refused_by(workspace, name) for name in ("mkdocs.yml", "mkdocs-intranet.yml")]
        assert any(refusals), f"planpress check refused this issue but both builds built it:\n{failure.report()}\n{written!r}"
        return
    for config_name in ("mkdocs.yml", "mkdocs-intranet.yml"):
        refused = refused_by(workspace, config_name)
        assert refused is None, f"planpress check accepted this issue but the {config_name} build refused it: {refused}\n{written!r}"
