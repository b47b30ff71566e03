"""`planpress serve` started by a test: on 127.0.0.1 at a free port, in a copy of the project, stopped by its process id."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpers import ROOT, copy_project
from site_text import page_text


def free_port() -> int:
    """A port nothing listens on."""
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
        """Everything it printed in the terminal so far."""
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
        """The text of a page's main content; empty unless it is served (200), as while a save is broken."""
        status, body, _ = self.get(path)
        return page_text(body) if status == 200 else ""

    def wait(self, what: str, condition: Callable[[], bool], timeout: float = 120) -> None:
        """Wait for `condition`, failing with the terminal output if the server stops or it takes too long."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the server stopped while waiting for {what}:\n{self.output()}"
            assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{self.output()[-3000:]}"
            time.sleep(0.2)

    def wait_for_output(self, line: str, times: int = 1) -> None:
        """Wait until the terminal has shown `line` (a whole line) `times` times."""
        self.wait(f"{line!r} in the terminal", lambda: self.output().splitlines().count(line) >= times)

    def children(self) -> list[int]:
        """The process ids of the server's own child processes (Linux)."""
        found: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                found += [int(pid) for pid in (task / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue  # a thread that ended while we looked: it has no children now
        return sorted(found)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running_preview(tmp_path: Path, *, copy_code: bool = False, before: Callable[[Path], None] | None = None) -> Iterator[Server]:
    """`planpress serve` in a copy of the project until the block ends; `copy_code` copies macros/ so that a test may edit it."""
    root = copy_project(tmp_path / "project")
    if copy_code:
        (root / "macros").unlink()
        shutil.copytree(ROOT / "macros", root / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    if before is not None:
        before(root)
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
    server = Server(process, root, f"http://127.0.0.1:{port}/", log, own_tmp)
    try:
        server.wait("the first build", lambda: _listening(port) and server.get("")[0] in (200, 503))
        yield server
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
