"""A page or issue that uses more of Jinja than planpress's macros is still rendered, by mkdocs-macros, beside those planpress renders itself."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from helpers import build_project, copy_project

TEMPLATED = """---
title: Where the plan stands in May
date: 2018-05-30
summary: An issue that names itself with a page variable.
---

This is "{{ page.title }}", sent after the Steering Group.

{{ rag_summary() }}
"""


def article(site: Path, url: str) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring((site / url / "index.html").read_bytes())
    return tree.xpath("//article[contains(@class, 'md-content__inner')]")[0]


def test_a_templated_issue_and_a_plain_one_render_alike(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "newsletters" / "2018-05-30-where-the-plan-stands.md").write_text(TEMPLATED, "utf-8")
    (root / "docs" / "vision.md").write_text('# Vision\n\nThe {{ planpress_edition }} edition.\n\n{{ statement("vision") }}\n', "utf-8")
    site = build_project(root) / "intranet"
    templated = article(site, "newsletters/2018-05-30-where-the-plan-stands")
    text = " ".join(templated.text_content().split())
    assert 'This is "Where the plan stands in May", sent after the Steering Group.' in text
    assert "{{" not in text
    plain = article(site, "newsletters/2018-05-16-safety-planning-and-family-networks")
    for page in (templated, plain):
        summary = page.xpath("//div[contains(@class, 'pp-summary')]")
        assert len(summary) == 1
        assert [" ".join(li.text_content().split()) for li in summary[0].xpath(".//li")][-1] == "Not yet rated 28"
        assert page.xpath("//h3[@id='rag-summary']")
    # The docs page with a variable went to mkdocs-macros; the vision's text is there as on any page.
    vision = " ".join(article(site, "vision").text_content().split())
    principles = " ".join(article(site, "principles").text_content().split())
    assert "The intranet edition." in vision and "{{" not in vision and len(vision) > 200
    assert "{{" not in principles and len(principles) > 200
