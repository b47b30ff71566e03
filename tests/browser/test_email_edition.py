"""Each issue's email edition in Chromium at 600 px and 375 px: nothing wider than the screen, no axe violation, every image shown.

Its links and images are absolute (the site's own address), so requests to that address are answered from the built
site, as the website would answer a mail client; any other request is refused and reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Route
from site_text import email_editions
from visits import AXE_OPTIONS, summarise_violations

SITE_URLS = {"public": "https://plan.example.org/", "intranet": "https://intranet.example.org/sofs-plan/"}
WIDTHS = (600, 375)
SCREENSHOTS = "PLANPRESS_EMAIL_SCREENSHOTS"
"""A folder to save each email edition's screenshot in, when set."""

HORIZONTAL = """
() => {
  const root = document.documentElement;
  window.scrollTo(root.clientWidth, 0);
  const scrolled = window.scrollX;
  window.scrollTo(0, 0);
  const wide = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1);
  return {scrollWidth: root.scrollWidth, width: root.clientWidth, scrolled: scrolled, wide: wide.slice(0, 5).map((el) => el.tagName)};
}
"""

IMAGES = "() => [...document.images].map((img) => [img.currentSrc, img.complete && img.naturalWidth > 0])"


@pytest.mark.parametrize("edition", ["public", "intranet"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_email_edition_fits_the_screen_and_axe_finds_nothing(browser: Browser, mailing_project: Path, edition: str, width: int) -> None:
    site = mailing_project / "site" / edition
    root = SITE_URLS[edition]
    pages = email_editions(site)
    assert len(pages) >= 3
    refused: list[str] = []

    def answer(route: Route) -> None:
        url = route.request.url
        path = site / url[len(root) :].split("#")[0].split("?")[0]
        if url.startswith(root) and path.is_dir():
            path = path / "index.html"
        if url.startswith(root) and path.is_file():
            route.fulfill(path=str(path))
        else:
            refused.append(url)
            route.abort("blockedbyclient")

    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(AXE_SCRIPT)
    context.route("**/*", answer)
    try:
        page = context.new_page()
        for email in pages:
            url = root + email.relative_to(site).as_posix()
            page.goto(url, wait_until="load")
            overflow = page.evaluate(HORIZONTAL)
            assert overflow["scrolled"] == 0 and overflow["scrollWidth"] <= overflow["width"], f"{url} at {width} px: {overflow}"
            violations = summarise_violations(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"])
            assert violations == [], f"{url} at {width} px"
            assert all(shown for _, shown in page.evaluate(IMAGES)), f"{url}: an image did not load"
            folder = os.environ.get(SCREENSHOTS)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(folder) / f"{edition}-{email.parent.name}-{width}px.png"), full_page=True)
    finally:
        context.close()
    assert refused == []
