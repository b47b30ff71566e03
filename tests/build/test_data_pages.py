"""Pages planpress makes: data pages reach MkDocs as headings plus HTML it does not parse again, issues get their meta-data from planpress."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import build_project, run_planpress
from site_text import elements, page_text

ISSUE = """---
title: Links into the delivery plan
date: 2018-09-05
summary: An issue that links to an action's row and to an action's RAG history.
---

See [action 1.1 in its table](../delivery/od1.md#action-1-1) and [its history](../delivery/actions/1-1.md#rag-history).
"""


def test_links_to_anchors_in_data_pages_pass_the_strict_build(project: Path) -> None:
    (project / "newsletters" / "2018-09-05-links-into-the-delivery-plan.md").write_text(ISSUE, encoding="utf-8")
    site = build_project(project)
    html = (site / "public" / "newsletters" / "2018-09-05-links-into-the-delivery-plan" / "index.html").read_text("utf-8")
    hrefs = {a.get("href") for a in elements(html, "a")}
    assert {"../../delivery/od1/#action-1-1", "../../delivery/actions/1-1/#rag-history"} <= hrefs
    table = (site / "public" / "delivery" / "od1" / "index.html").read_text("utf-8")
    assert any(row.get("id") == "action-1-1" for row in elements(table, "tr"))


PAGE = "# Links\n\nSee [action 1.1](delivery/od1.md#action-1-1) and [its history](delivery/actions/1-1.md#rag-history).\n"


def test_a_page_may_link_to_anchors_in_data_pages(project: Path) -> None:
    (project / "docs" / "links.md").write_text(PAGE, encoding="utf-8")
    result = run_planpress(project, "build")
    assert result.code == 0, result.output


def test_a_link_to_a_missing_anchor_still_fails_the_build(project: Path) -> None:
    (project / "docs" / "links.md").write_text(PAGE.replace("#action-1-1", "#action-9-9"), encoding="utf-8")
    result = run_planpress(project, "build")
    assert result.code != 0
    assert "action-9-9" in result.output


NOTE_ISSUE = """---
title: An issue that starts with a note
date: 2018-09-05
summary: Its first line looks like a key and a value.
---
Note: this first line is part of the issue, not data about the page.

The rest of the issue.
"""


def test_an_issue_keeps_a_first_line_that_looks_like_meta_data(project: Path) -> None:
    (project / "newsletters" / "2018-09-05-note.md").write_text(NOTE_ISSUE, encoding="utf-8")
    site = build_project(project)
    html = (site / "public" / "newsletters" / "2018-09-05-note" / "index.html").read_text("utf-8")
    assert "Note: this first line is part of the issue, not data about the page." in page_text(html)
    title = re.search(r"<title>([^<]*)</title>", html)
    assert title is not None and title.group(1).startswith("An issue that starts with a note")
