"""`planpress serve` (what `make serve` runs): rebuilds on every save, shows a broken save's error and keeps
serving the last good site, and recovers when the file is fixed, without a restart.

The server runs on 127.0.0.1 on a free port in a copy of the project whose macros/ is a real copy,
so that code and templates can be edited too, and is stopped by its process id.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, write_yaml
from site_text import page_text

MOUNT = "/"
"""The preview serves the site from the server's root, as the README's http://127.0.0.1:8000/newsletters/ says."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running `planpress serve` and where its terminal output goes."""

    process: subprocess.Popen[bytes]
    root: Path
    url: str
    log: Path
    tmp: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, str, float]:
        """(status, body, seconds) of one request."""
        start = time.monotonic()
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8"), time.monotonic() - start
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", errors="replace"), time.monotonic() - start

    def text(self, path: str) -> str:
        status, body, _ = self.get(path)
        assert status == 200, (path, status)
        return page_text(body)

    def wait(self, what: str, condition: Callable[[], bool], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the server stopped while waiting for {what}:\n{self.output()}"
            assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{self.output()[-3000:]}"
            time.sleep(0.3)

    def wait_for_output(self, line: str, times: int = 1) -> None:
        self.wait(f"{line!r} in the terminal", lambda: self.output().splitlines().count(line) >= times)


def badge(server: Server, ref: str) -> str:
    status, body, _ = server.get(f"delivery/actions/{ref.replace('.', '-')}/")
    assert status == 200
    found = re.search(r'class="pp-status">Current status: <span class="pp-badge pp-badge--([a-z_]+)"', body)
    return found.group(1) if found else ""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = copy_project(tmp_path / "project")
    (root / "macros").unlink()
    shutil.copytree(ROOT / "macros", root / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    log = tmp_path / "serve.log"
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    # Compiled templates are kept on purpose (render.template_cache); the rest of TMPDIR must be left empty.
    env = {
        **os.environ, "TMPDIR": str(own_tmp), "PLANPRESS_CACHE_DIR": str(own_tmp.parent / "template-cache"),
        "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "macros.cli", "serve", "--address", f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    running = Server(process, root, f"http://127.0.0.1:{port}{MOUNT}", log, own_tmp)
    try:
        running.wait("the first build", lambda: _listening(port) and running.get("")[0] == 200)
        yield running
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_preview_rebuilds_keeps_the_last_good_site_and_recovers(server: Server) -> None:
    root = server.root
    assert badge(server, "1.1") == "not_rated"
    update = root / "data" / "updates" / "2018-07-25.yml"

    # data/: a RAG update shows.
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green"}]})
    server.wait("1.1 to turn green", lambda: badge(server, "1.1") == "green")

    # A broken save: the error in the terminal, the last good site still served, and at once.
    bad = 'updates:\n  - action: "1.1"\n    date: 2018-07-25\n    status: amberish\n'
    update.write_text(bad, encoding="utf-8")
    message = "data/updates/2018-07-25.yml:4: updates[0].status: 'amberish' is not one of red, amber, green, complete, not_rated"
    server.wait_for_output(message)
    assert "planpress: the preview was not rebuilt; it still shows the last good build. Fix this and save again:" in server.output()
    status, body, seconds = server.get("delivery/actions/1-1/")
    assert status == 200 and seconds < 10 and "pp-badge--green" in body
    # Saving the same mistake again says it again (MkDocs's own server hides a repeated message).
    update.write_text(bad + "# saved again\n", encoding="utf-8")
    server.wait_for_output(message, times=2)
    assert badge(server, "1.1") == "green"

    # Fixed: the preview recovers without a restart.
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "amber", "note": "Two sessions moved."}]})
    server.wait("1.1 to turn amber", lambda: badge(server, "1.1") == "amber")

    # docs/: a page edit shows; a macro that fails on a page keeps the last good site.
    about = root / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nZQX preview marker from docs.\n", encoding="utf-8")
    server.wait("the docs edit", lambda: "ZQX preview marker from docs." in server.text("about/"))
    (root / "docs" / "progress.md").write_text('# Progress\n\n{{ delivery_area("OD9") }}\n', encoding="utf-8")
    server.wait_for_output("docs/progress.md:3: delivery_area('OD9'): there is no delivery area 'OD9' in this edition; choose one of OD1, OD2, OD3, OD4")
    assert "ZQX preview marker from docs." in server.text("about/")
    assert server.get("progress/")[0] == 404
    (root / "docs" / "progress.md").write_text('# Progress\n\n{{ delivery_area("OD2") }}\n', encoding="utf-8")
    server.wait("the fixed page", lambda: server.get("progress/")[0] == 200)

    # newsletters/: a broken issue is reported at its line; fixed, it is in the archive (drafts too).
    issue = root / "newsletters" / "2018-10-24-autumn.md"
    front = "---\ntitle: Autumn preview issue\ndate: 2018-10-24\nsummary: What happened in the autumn.\ndraft: true\n---\n\n"
    issue.write_text(front + "News.\n\n{{ rag_changes( }}\n", encoding="utf-8")
    server.wait_for_output(
        "newsletters/2018-10-24-autumn.md:10: macro syntax: unexpected '}', expected ')'; a macro is written {{ name() }}; "
        "text that shows {{ or {% as written goes in `backticks`"
    )
    assert "Autumn preview issue" not in server.text("newsletters/")
    issue.write_text(front + "News.\n\n{{ rag_changes() }}\n", encoding="utf-8")
    server.wait("the issue in the archive", lambda: "Autumn preview issue" in server.text("newsletters/"))

    # macros/: a template edit takes effect, and so does code; broken code keeps the last good site.
    template = root / "macros" / "views" / "templates" / "action.html"
    template.write_text(template.read_text("utf-8") + "\n<p>ZQX template marker</p>\n", encoding="utf-8")
    server.wait("the template edit", lambda: "ZQX template marker" in server.text("delivery/actions/1-1/"))
    views = root / "macros" / "views" / "plan_site.py"
    good_code = views.read_text("utf-8")
    views.write_text(good_code + "\ndef broken(:\n", encoding="utf-8")
    server.wait("the code error", lambda: "planpress stopped on an unexpected error (SyntaxError" in server.output())
    assert "Traceback" not in server.output()
    assert "ZQX template marker" in server.text("delivery/actions/1-1/")
    views.write_text(good_code, encoding="utf-8")
    rebuilt = server.output().count("The preview was rebuilt")
    server.wait("a good build after the fix", lambda: server.output().count("The preview was rebuilt") > rebuilt)
    assert badge(server, "1.1") == "amber"

    # Stopped by its process id: it ends, and leaves no temporary folder behind.
    os.kill(server.process.pid, signal.SIGTERM)
    server.process.wait(timeout=30)
    assert list(server.tmp.iterdir()) == []
