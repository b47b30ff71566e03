"""The preview's error page: which requests get it, and how it lists the terminal's messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_text import page_text

from macros.cli.preview import Preview, is_page, message_items


@pytest.mark.parametrize("path", ["/", "/newsletters/", "/newsletters", "/about/index.html", "/404.html", "/no-such-page/"])
def test_a_page_is_asked_for(path: str) -> None:
    assert is_page(path)


@pytest.mark.parametrize("path", ["/assets/planpress.css", "/search/search_index.json", "/feed.xml", "/actions.csv", "/assets/images/favicon.png"])
def test_a_file_that_is_not_a_page(path: str) -> None:
    assert not is_page(path)


def test_each_message_keeps_its_file_and_line_and_the_count_is_left_to_the_page() -> None:
    messages = (
        "newsletters/2018-10-17-autumn-training.md:18: macro syntax: unexpected '}', expected ')'\n"
        "data/updates/2018-07-25.yml:4: updates[0].status: 'amberish' is not one of red, amber, green, complete, not_rated\n"
        "2 problems found; nothing was built.\n"
        "planpress stopped on an unexpected error (SyntaxError: invalid syntax); if no file you changed explains it, it is a fault in planpress."
    )
    assert message_items(messages) == [
        {"where": "newsletters/2018-10-17-autumn-training.md:18", "what": "macro syntax: unexpected '}', expected ')'"},
        {"where": "data/updates/2018-07-25.yml:4", "what": "updates[0].status: 'amberish' is not one of red, amber, green, complete, not_rated"},
        {"where": "", "what": "planpress stopped on an unexpected error (SyntaxError: invalid syntax); if no file you changed explains it, it is a fault in planpress."},
    ]


def test_the_error_page_shows_each_message_as_the_terminal_does_and_escapes_it(tmp_path: Path) -> None:
    preview = Preview(tmp_path, tmp_path / "mkdocs.yml", "http://127.0.0.1:8000/", {})
    try:
        line = "docs/about.md:3: 'x' is not a macro; <script>alert(1)</script> & more"
        preview.failure = f"{line}\n1 problem found; nothing was built."
        html = preview.failure_page().decode("utf-8")
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        text = page_text(html, main_only=False)
        assert line in text
        assert "Save the fix and this page comes back by itself." in text
        assert "1 problem found" not in text
        assert '<html lang="en-GB">' in html and "<main>" in html
    finally:
        preview.close()


def test_the_open_pages_are_those_whose_live_reload_asked_lately_newest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import macros.cli.preview as preview_module

    now = [1000.0]
    monkeypatch.setattr(preview_module.time, "monotonic", lambda: now[0])
    preview = Preview(tmp_path, tmp_path / "mkdocs.yml", "http://127.0.0.1:8000/", {})
    try:
        assert preview.pages_open() == []
        preview.page_opened("http://127.0.0.1:8000/delivery/actions/1-1/")
        now[0] += 1
        preview.page_opened("http://127.0.0.1:8000/")
        preview.page_opened("http://127.0.0.1:8000/search/search_index.json")  # not a page
        preview.page_opened("")  # a request with no Referer
        now[0] += 1
        preview.page_opened("http://127.0.0.1:8000/newsletters/2018-08-01-x/?q=1#top")
        assert preview.pages_open() == ["newsletters/2018-08-01-x/index.html", "index.html", "delivery/actions/1-1/index.html"]
        now[0] += preview_module.OPEN_FOR - 1.5  # the first page's last ask is now too old
        assert preview.pages_open() == ["newsletters/2018-08-01-x/index.html", "index.html"]
        assert "delivery/actions/1-1/index.html" not in preview.open_pages, "a page no longer open is forgotten"
        for n in range(preview_module.MOST_OPEN + 3):
            preview.page_opened(f"http://127.0.0.1:8000/page-{n}/")
            now[0] += 0.01
        assert len(preview.pages_open()) == preview_module.MOST_OPEN
        assert preview.pages_open()[0] == f"page-{preview_module.MOST_OPEN + 2}/index.html"
    finally:
        preview.close()
