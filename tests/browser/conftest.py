"""Browser fixtures: one headless Chromium per run, and both built sites served on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from serve import serve_site
from visits import SIZES, Visit, page_paths, visit_site

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
DESKTOP = SIZES["desktop"]
EDITIONS = ("public", "intranet")


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


@contextmanager
def serve_both(sites: Path) -> Iterator[dict[str, str]]:
    """Serve both editions under `sites` while the block runs: edition → base URL."""
    with serve_site(sites / "public") as public, serve_site(sites / "intranet") as intranet:
        yield {"public": public, "intranet": intranet}


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[dict[str, str]]:
    """Each built edition served over HTTP on 127.0.0.1: edition → base URL ending in '/'."""
    with serve_both(built_site) as urls:
        yield urls


@pytest.fixture(scope="session")
def progress_server(progress_site: Path) -> Iterator[dict[str, str]]:
    """The fixture build with RAG updates and measure values (tests/progress_data.py), served like site_server."""
    with serve_both(progress_site) as urls:
        yield urls


@pytest.fixture(scope="session")
def partner_server(partner_site: Path) -> Iterator[dict[str, str]]:
    """The fixture build with refs sharing a prefix and a boot camp action (tests/partner_data.py), served like site_server."""
    with serve_both(partner_site) as urls:
        yield urls


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, list[str]]:
    """Every page of each built edition, found in the built site: edition → URL paths ('', 'about/', …)."""
    return {edition: page_paths(built_site / edition) for edition in EDITIONS}


@pytest.fixture(scope="session")
def site_visits(browser: Browser, site_server: dict[str, str], site_pages: dict[str, list[str]]) -> Callable[[str, str, str], list[Visit]]:
    """Every page of an edition opened at one size in one theme, once per run: (edition, size, theme) → visits."""
    done: dict[tuple[str, str, str], list[Visit]] = {}

    def visits(edition: str, size: str, theme: str) -> list[Visit]:
        key = (edition, size, theme)
        if key not in done:
            done[key] = visit_site(browser, edition, site_server[edition], site_pages[edition], size, theme)
        return done[key]

    return visits


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own desktop-sized (1280×800) context."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()
