"""Browser fixtures: one headless Chromium per run, and the built sites served on 127.0.0.1.

The behaviour tests open the Norfolk fixture's build (`site_server`) and the progress fixture's
(`progress_server`). The sweep of every page (test_every_page.py) opens the repository's own build,
every page of it, and a sample of the quarter fixture's build, where ratings, notes and newsletters
with images make markup that Norfolk's pages do not have yet.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from serve import serve_site
from visits import SIZES, Visit, page_paths, sample_pages, visit_site

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
    """Every page of each edition of the Norfolk fixture's build: edition → URL paths ('', 'about/', …)."""
    return {edition: page_paths(built_site / edition) for edition in EDITIONS}


@pytest.fixture(scope="session")
def sweep_sites(request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """The built sites of a sweep, built when first asked for: sweep → the folder holding public/ and intranet/."""
    return lambda sweep: request.getfixturevalue(f"{sweep}_site")


@pytest.fixture(scope="session")
def sweep_pages(sweep_sites: Callable[[str], Path]) -> Callable[[str, str], list[str]]:
    """The pages a sweep opens in an edition: (sweep, edition) → URL paths."""
    done: dict[tuple[str, str], list[str]] = {}

    def pages(sweep: str, edition: str) -> list[str]:
        if (sweep, edition) not in done:
            site = sweep_sites(sweep) / edition
            done[sweep, edition] = page_paths(site) if sweep == "live" else sample_pages(site)
        return done[sweep, edition]

    return pages


@pytest.fixture(scope="session")
def sweep_visits(browser: Browser, sweep_sites: Callable[[str], Path], sweep_pages: Callable[[str, str], list[str]]) -> Iterator[Callable[[str, str, str, str], list[Visit]]]:
    """Each page of a sweep opened at one size in one theme, once per run: (sweep, edition, size, theme) → visits."""
    done: dict[tuple[str, str, str, str], list[Visit]] = {}
    with ExitStack() as servers:
        urls: dict[str, dict[str, str]] = {}

        def visits(sweep: str, edition: str, size: str, theme: str) -> list[Visit]:
            key = (sweep, edition, size, theme)
            if key not in done:
                if sweep not in urls:
                    urls[sweep] = servers.enter_context(serve_both(sweep_sites(sweep)))
                done[key] = visit_site(browser, edition, urls[sweep][edition], sweep_pages(sweep, edition), size, theme)
            return done[key]

        yield visits


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own desktop-sized (1280×800) context."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()
