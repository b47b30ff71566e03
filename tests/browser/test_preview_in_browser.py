"""The preview in a browser tab: a broken save shows its mistakes in the open tab, a fix brings the page back.

Nothing here reloads or navigates the tab after it first opens the page: what changes in it is brought
by the preview's live reload alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Page, expect
from preview_server import Server, running_preview
from visits import AXE_OPTIONS, summarise_violations

ISSUE = "newsletters/2018-10-17-autumn-training.md"
FRONT = "---\ntitle: Autumn training\ndate: 2018-10-17\nsummary: What the autumn's training covered.\ndraft: true\n---\n\n"
"""Six lines of front matter and a blank line: the body starts on line 8."""
GOOD = FRONT + "ZQX the first version of the issue.\n\n{{ rag_summary() }}\n"
BROKEN = FRONT + "ZQX the first version of the issue.\n\n{{ rag_summary( }}\n"
FIXED = FRONT + "ZQX the fixed version of the issue.\n\n{{ rag_summary() }}\n"
MESSAGE = (
    f"{ISSUE}:10: macro syntax: unexpected '}}', expected ')'; a macro is written {{{{ name() }}}}; "
    "text that shows {{ or {% as written goes in `backticks`"
)
WAIT = 60_000
"""Milliseconds a step may take: a rebuild, on a busy machine."""


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Server]:
    def write_issue(root: Path) -> None:
        (root / ISSUE).write_text(GOOD, encoding="utf-8")

    with running_preview(tmp_path, before=write_issue) as server:
        yield server


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(AXE_SCRIPT)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_broken_save_shows_in_the_open_tab_and_the_fix_brings_the_page_back(preview: Server, tab: Page) -> None:
    address = preview.url + "newsletters/2018-10-17-autumn-training/"
    tab.goto(address, wait_until="load")
    expect(tab.get_by_text("ZQX the first version of the issue.")).to_be_visible()

    (preview.root / ISSUE).write_text(BROKEN, encoding="utf-8")
    heading = tab.get_by_role("heading", level=1, name="The preview could not be updated")
    expect(heading).to_be_visible(timeout=WAIT)
    assert tab.url == address, "the error is shown at the page's own address"
    # The same words as the terminal, which says them too.
    expect(tab.get_by_role("listitem")).to_have_text([MESSAGE])
    assert MESSAGE in preview.output().splitlines()
    expect(tab.get_by_text("Save the fix and this page comes back by itself.")).to_be_visible()
    assert tab.title() == "The preview could not be updated"
    violations = summarise_violations(tab.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"])
    assert not violations, violations

    (preview.root / ISSUE).write_text(FIXED, encoding="utf-8")
    expect(tab.get_by_text("ZQX the fixed version of the issue.")).to_be_visible(timeout=WAIT)
    expect(heading).to_have_count(0)
    assert tab.url == address
    assert "Autumn training" in tab.title()


def test_a_page_opened_while_a_save_is_broken_shows_the_mistakes_and_then_the_page(preview: Server, tab: Page) -> None:
    (preview.root / ISSUE).write_text(BROKEN, encoding="utf-8")
    preview.wait_for_output(MESSAGE)
    address = preview.url + "delivery/"
    response = tab.goto(address, wait_until="load")
    assert response is not None and response.status == 503
    expect(tab.get_by_role("listitem")).to_have_text([MESSAGE])

    (preview.root / ISSUE).write_text(FIXED, encoding="utf-8")
    expect(tab.get_by_role("heading", level=1, name="The preview could not be updated")).to_have_count(0, timeout=WAIT)
    assert tab.url == address
    expect(tab.locator("article h1")).to_be_visible()
