"""`planpress serve` (what `make serve` runs): rebuilds on every save in a warm worker, shows a broken save's
mistakes on every page while keeping the last good build, and recovers when the file is fixed, without a restart.

The server runs on 127.0.0.1 on a free port in a copy of the project whose macros/ is a real copy,
so that code and templates can be edited too, and is stopped by its process id. (tests/browser/test_preview_in_browser.py
watches the same from an open browser tab.)
"""

from __future__ import annotations

import os
import re
import signal
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import write_yaml
from preview_server import Server, running_preview
from site_text import page_text

ERROR_TITLE = "The preview could not be updated"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with running_preview(tmp_path, copy_code=True) as running:
        yield running


def badge(server: Server, ref: str) -> str:
    """The status badge on an action's page; empty while the page is not served."""
    status, body, _ = server.get(f"delivery/actions/{ref.replace('.', '-')}/")
    if status != 200:
        return ""
    found = re.search(r'class="pp-status">Current status: <span class="pp-badge pp-badge--([a-z_]+)"', body)
    return found.group(1) if found else ""


def cache_control(server: Server, path: str) -> str | None:
    """The Cache-Control header the preview sends with a file."""
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return response.headers.get("Cache-Control")


def shows_mistake(server: Server, path: str, message: str) -> bool:
    """Whether the page at `path` is the error page, listing `message` as the terminal shows it."""
    status, body, _ = server.get(path)
    return status == 503 and ERROR_TITLE in body and message in page_text(body, main_only=False)


def test_the_preview_rebuilds_shows_mistakes_keeps_the_last_good_site_and_recovers(server: Server) -> None:
    root = server.root
    assert badge(server, "1.1") == "not_rated"
    [worker] = server.children()
    # Material's scripts and styles carry a digest in their names, so browsers may keep them; nothing else is kept.
    page = server.get("")[1]
    [bundle] = re.findall(r'src="(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"', page)
    assert cache_control(server, bundle) == "public, max-age=31536000, immutable"
    assert cache_control(server, "assets/planpress.css") is None
    update = root / "data" / "updates" / "2018-07-25.yml"

    # data/: a RAG update shows, built by the same worker (no new interpreter for a rebuild).
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green"}]})
    server.wait("1.1 to turn green", lambda: badge(server, "1.1") == "green")
    assert server.children() == [worker]
    status, good_csv, _ = server.get("actions.csv")
    assert status == 200

    # A broken save: the error in the terminal and on every page, at once; the last good build is kept.
    bad = 'updates:\n  - action: "1.1"\n    date: 2018-07-25\n    status: amberish\n'
    update.write_text(bad, encoding="utf-8")
    message = "data/updates/2018-07-25.yml:4: updates[0].status: 'amberish' is not one of red, amber, green, complete, not_rated"
    server.wait_for_output(message)
    assert "planpress: the preview was not rebuilt; the browser shows what to fix. Fix this and save again:" in server.output()
    for path in ("delivery/actions/1-1/", "", "newsletters/", "no-such-page/", "about/index.html"):
        assert shows_mistake(server, path, message), path
    status, body, seconds = server.get("delivery/actions/1-1/")
    assert seconds < 10 and "/livereload/" in body, "the error page reloads by itself when the next build is done"
    assert "1 problem found" not in page_text(body, main_only=False)
    # Files that are not pages still come from the last good build, unchanged.
    assert server.get("actions.csv")[:2] == (200, good_csv)
    assert server.get("assets/planpress.css")[0] == 200
    # Saving the same mistake again says it again (MkDocs's own server hides a repeated message).
    update.write_text(bad + "# saved again\n", encoding="utf-8")
    server.wait_for_output(message, times=2)
    assert shows_mistake(server, "delivery/actions/1-1/", message)

    # Fixed: the preview recovers without a restart.
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "amber", "note": "Two sessions moved."}]})
    server.wait("1.1 to turn amber", lambda: badge(server, "1.1") == "amber")
    assert server.get("")[0] == 200
    assert server.children() == [worker]

    # docs/: a page edit shows; a macro that fails on one page is shown on every page until it is fixed.
    about = root / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nZQX preview marker from docs.\n", encoding="utf-8")
    server.wait("the docs edit", lambda: "ZQX preview marker from docs." in server.text("about/"))
    (root / "docs" / "progress.md").write_text('# Progress\n\n{{ delivery_area("OD9") }}\n', encoding="utf-8")
    wrong_area = "docs/progress.md:3: delivery_area('OD9'): there is no delivery area 'OD9' in this edition; choose one of OD1, OD2, OD3, OD4"
    server.wait_for_output(wrong_area)
    assert shows_mistake(server, "about/", wrong_area) and shows_mistake(server, "progress/", wrong_area)
    (root / "docs" / "progress.md").write_text('# Progress\n\n{{ delivery_area("OD2") }}\n', encoding="utf-8")
    server.wait("the fixed page", lambda: server.get("progress/")[0] == 200)
    assert "ZQX preview marker from docs." in server.text("about/")

    # newsletters/: a broken issue is reported at its line; fixed, it is in the archive (drafts too).
    issue = root / "newsletters" / "2018-10-24-autumn.md"
    front = "---\ntitle: Autumn preview issue\ndate: 2018-10-24\nsummary: What happened in the autumn.\ndraft: true\n---\n\n"
    issue.write_text(front + "News.\n\n{{ rag_changes( }}\n", encoding="utf-8")
    syntax = (
        "newsletters/2018-10-24-autumn.md:10: macro syntax: unexpected '}', expected ')'; a macro is written {{ name() }}; "
        "text that shows {{ or {% as written goes in `backticks`"
    )
    server.wait_for_output(syntax)
    assert shows_mistake(server, "newsletters/", syntax)
    issue.write_text(front + "News.\n\n{{ rag_changes() }}\n", encoding="utf-8")
    server.wait("the issue in the archive", lambda: "Autumn preview issue" in server.text("newsletters/"))
    assert server.children() == [worker]

    # macros/: a template edit takes effect, and so does code, each in a new worker; broken code is shown too.
    template = root / "macros" / "views" / "templates" / "action.html"
    template.write_text(template.read_text("utf-8") + "\n<p>ZQX template marker</p>\n", encoding="utf-8")
    server.wait("the template edit", lambda: "ZQX template marker" in server.text("delivery/actions/1-1/"))
    [new_worker] = server.children()
    assert new_worker != worker
    views = root / "macros" / "views" / "plan_site.py"
    good_code = views.read_text("utf-8")
    views.write_text(good_code + "\ndef broken(:\n", encoding="utf-8")
    server.wait("the code error", lambda: "planpress stopped on an unexpected error (SyntaxError" in server.output())
    assert "Traceback" not in server.output()
    status, body, _ = server.get("delivery/actions/1-1/")
    assert status == 503 and "planpress stopped on an unexpected error (SyntaxError" in page_text(body, main_only=False)
    views.write_text(good_code, encoding="utf-8")
    rebuilt = server.output().count("The preview was rebuilt")
    server.wait("a good build after the fix", lambda: server.output().count("The preview was rebuilt") > rebuilt)
    assert badge(server, "1.1") == "amber"
    assert "ZQX template marker" in server.text("delivery/actions/1-1/")

    # A configuration change is read by a new worker too.
    config = root / "mkdocs-intranet.yml"
    config.write_text(config.read_text("utf-8").replace("(internal edition)", "(ZQX renamed edition)"), encoding="utf-8")
    server.wait("the new site name", lambda: "(ZQX renamed edition)" in server.get("")[1])

    # Stopped by its process id: it ends, its worker with it, and leaves no temporary folder behind.
    [last_worker] = server.children()
    os.kill(server.process.pid, signal.SIGTERM)
    server.process.wait(timeout=30)
    assert not Path(f"/proc/{last_worker}").exists()
    assert list(server.tmp.iterdir()) == []


SLOW_OUTPUTS = '''

import time as _time
from pathlib import Path as _Path

_write_outputs = write_outputs


def write_outputs(*args, **kwargs):  # a test's slower version: the files beside the pages take seconds, and may fail
    _time.sleep(3)
    if _Path("fail-late").exists():
        raise RuntimeError("ZQX a late failure")
    return _write_outputs(*args, **kwargs)
'''


def slow_outputs(root: Path) -> None:
    """Make the files written after the pages (feeds, exports, email editions) take three seconds, and fail while fail-late exists."""
    writer = root / "macros" / "outputs" / "writer.py"
    writer.write_text(writer.read_text("utf-8") + SLOW_OUTPUTS, encoding="utf-8")


def reload_epoch(body: str) -> int:
    """The version of the site a served page belongs to, as its live reload script asks after it."""
    found = re.search(r"livereload\((\d+), \d+\)", body)
    assert found, "the page carries the live reload script"
    return int(found.group(1))


def opened(server: Server, page: str) -> None:
    """Ask after the site's version as the live reload script of `page` does in a browser, which tells the server the page is open."""
    request = urllib.request.Request(server.url + "livereload/0/0", headers={"Referer": server.url + page})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


def test_a_saves_pages_show_before_the_files_beside_them_are_written_and_a_failure_after_them_shows_too(tmp_path: Path) -> None:
    with running_preview(tmp_path, copy_code=True, before=slow_outputs) as server:
        issue = sorted((server.root / "newsletters").glob("2*.md"))[-1]
        page = f"newsletters/{issue.stem}/"
        original = issue.read_text("utf-8")
        rebuilt = server.output().count("The preview was rebuilt")

        # The page shows the save while the rest of the build goes on; the other files wait for the build to end.
        issue.write_text(original + "\nZQX shown first.\n", encoding="utf-8")
        server.wait("the page", lambda: "ZQX shown first." in server.text(page), timeout=60)
        assert server.output().count("The preview was rebuilt") == rebuilt, "the page was shown before the build ended"
        status, index, _ = server.get("search/search_index.json")
        assert status == 200 and "ZQX shown first." in index, "the search index waits for the build, then is the new one"
        # The terminal's line follows the swap the request waited for, so it may come a moment after.
        server.wait("the rebuild's line", lambda: server.output().count("The preview was rebuilt") == rebuilt + 1, timeout=30)
        assert "; its pages were shown after " in server.output()
        assert "ZQX shown first." in server.get("feed.xml")[1]
        shown = server.get(page)[1]

        # Failing after its pages were shown: the open page is reloaded again, onto the error page.
        # From here the page is open in a browser, so it is written before the other pages.
        opened(server, page)
        (server.root / "fail-late").write_text("", encoding="utf-8")
        issue.write_text(original + "\nZQX shown, then failed.\n", encoding="utf-8")
        server.wait("the page", lambda: "ZQX shown, then failed." in server.text(page), timeout=60)
        during = server.get(page)[1]
        assert reload_epoch(during) > reload_epoch(shown)
        server.wait("the error page", lambda: shows_mistake(server, page, "ZQX a late failure"), timeout=60)
        status, error_page, _ = server.get(page)
        assert reload_epoch(error_page) > reload_epoch(during), "a page shown before the failure reloads onto the error page"
        assert "ZQX shown first." in server.get("search/search_index.json")[1], "the last good build's files are still served"

        # Fixed: the page comes back.
        (server.root / "fail-late").unlink()
        issue.write_text(original + "\nZQX fixed.\n", encoding="utf-8")
        server.wait("the fixed page", lambda: "ZQX fixed." in server.text(page), timeout=60)
        server.wait("the build to end", lambda: server.output().count("The preview was rebuilt") == rebuilt + 2, timeout=60)
        assert server.get(page)[0] == 200
        assert "; the open pages were shown after " in server.output().rsplit("The preview was rebuilt", 1)[1], "the open page was written first"
