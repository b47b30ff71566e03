"""Browser fixtures: one headless Chromium per run, and both built sites served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium runs as root in containers without a sandbox; the rest stop it calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
EDITIONS = ("public", "intranet")
SERVE = Path(__file__).with_name("serve.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, so `-m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _missing(reason: str) -> None:
    # Under CI a missing browser is a broken machine, not a reason to pass.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright, shared by the whole run."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _serve(directory: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, str(SERVE), str(directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        process.wait()
        raise RuntimeError(f"the test server for {directory} did not start")
    return process, f"http://127.0.0.1:{port}/"


@contextlib.contextmanager
def _served(sites: Path) -> Iterator[dict[str, str]]:
    """Serve both editions under `sites` for as long as the block runs: edition → base URL."""
    processes: list[subprocess.Popen[str]] = []
    urls: dict[str, str] = {}
    try:
        for edition in EDITIONS:
            process, url = _serve(sites / edition)
            processes.append(process)
            urls[edition] = url
        yield urls
    finally:
        for process in processes:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[dict[str, str]]:
    """Each built edition served over HTTP on 127.0.0.1: edition → base URL ending in '/'."""
    with _served(built_site) as urls:
        yield urls


@pytest.fixture(scope="session")
def progress_server(progress_site: Path) -> Iterator[dict[str, str]]:
    """The fixture build with RAG updates and measure values (tests/progress_data.py), served like site_server."""
    with _served(progress_site) as urls:
        yield urls


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own desktop-sized (1280×800) context."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()
