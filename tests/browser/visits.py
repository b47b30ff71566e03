"""Open every page of a built site in Chromium, once per screen size and theme, and record what happened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    Route,
)
from site_text import elements, html_pages

SIZES = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
THEMES = {"light": "default", "dark": "slate"}
"""Each theme and the Material colour scheme (`data-md-color-scheme`) that must be applied for it."""

SWEEPS = ("live", "quarter")
"""The builds the sweep of every page opens: the repository's own, every page; the quarter fixture's, a sample (sample_pages)."""

LOCAL_HOST = "127.0.0.1"
# Requests that did not come from the test server: every other host. Data and blob URLs are not requests to a host.
FOREIGN = re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:)")

DISABLED_RULES: dict[str, str] = {}
"""axe-core rules turned off, each with the reason. Every other rule runs, at every impact level.

Empty: what Material gets wrong is fixed in macros/integration/theme/ and docs/assets/planpress.css instead."""

AXE_OPTIONS: dict[str, Any] = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
}

WIDER_THAN_SCREEN = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  window.scrollTo(width, 0);
  const scrolled = window.scrollX;
  window.scrollTo(0, 0);
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    // A table may be wider than the screen inside its own scroll container, and only there.
    if (el.closest(".pp-scroll") && !el.classList.contains("pp-scroll")) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && getComputedStyle(el).visibility !== "hidden") {
      wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") + " right=" + Math.round(box.right));
    }
  }
  return {scrollWidth: root.scrollWidth, width: width, scrolled: scrolled, wide: wide.slice(0, 8)};
}
"""

FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const shows = (s) => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  // A visually hidden control (Material's palette switch) shows its focus on the label drawn in its place,
  // which Material puts right after it.
  const labels = [...(el.labels || []), el.nextElementSibling]
    .filter((label) => label && label.tagName === "LABEL" && label.getClientRects().length > 0);
  return {
    tag: el.tagName.toLowerCase(),
    classes: typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [],
    href: el.getAttribute("href"),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 80),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    indicated: shows(style) || labels.some((label) => shows(getComputedStyle(label))),
    visible: el.getClientRects().length > 0 && style.visibility !== "hidden",
  };
}
"""
"""The focused element, and whether its focus shows (`indicated`) as an outline or a box shadow."""

PAINTED = """
() => {
  const body = document.body;
  return {scheme: body.getAttribute("data-md-color-scheme"), background: getComputedStyle(body).backgroundColor};
}
"""


@dataclass
class Visit:
    """What one page did in one browser setting."""

    edition: str
    size: str
    theme: str
    path: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    scheme: str | None = None
    background: str = ""
    overflow: dict[str, Any] = field(default_factory=dict)
    first_tab: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        """'public/delivery/od1/' and the like."""
        return f"{self.edition}/{self.path}"


def page_paths(site: Path) -> list[str]:
    """The URL path of every HTML page of a built site, relative to its root: '', 'about/', '404.html'."""
    paths = []
    for file in html_pages(site):
        rel = file.relative_to(site).as_posix()
        paths.append(rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
    return paths


CURRENT = re.compile(r'class="pp-status">Current status: <span class="pp-badge pp-badge--([a-z_]+)"')
CURRENT_ROW = re.compile(r'<tr [^>]*class="pp-current".*?</tr>', re.S)


def sample_pages(site: Path) -> list[str]:
    """One page of each kind of a built site, and pages enough to show each way its data changes a page's markup.

    Pages of one kind come from one template and one stylesheet; only the data in them differs. So the
    sample takes every page that is one of a kind (home, dashboard, measures, the archive, each statement,
    an intranet-only page, 404), the first OD table, the newest two issues and the oldest, and action
    pages until every variant has been seen: each current status, an intranet-only rating in the history,
    and a current rating without a note.
    """
    paths = page_paths(site)
    tables = [p for p in paths if re.fullmatch(r"delivery/od\d+/", p)]
    issues = [p for p in paths if re.fullmatch(r"newsletters/\d{4}-\d{2}-\d{2}-[^/]+/", p)]
    actions = [p for p in paths if p.startswith("delivery/actions/")]
    chosen = [p for p in paths if p not in tables and p not in issues and p not in actions]
    chosen += tables[:1] + issues[:1] + issues[-2:]
    seen: set[str] = set()
    for path in actions:
        html = (site / path / "index.html").read_text("utf-8")
        status, row = CURRENT.search(html), CURRENT_ROW.search(html)
        variants = {f"status {status.group(1) if status else None}"}
        variants |= {"an intranet-only rating"} if "pp-internal" in html else set()
        variants |= {"no note"} if row and "No note" in row.group(0) else set()
        if variants - seen:
            seen |= variants
            chosen.append(path)
    return [p for p in paths if p in chosen]


def delivery_tables(site: Path) -> list[str]:
    """Pages of a built site with a delivery action table, as URL paths."""
    return sorted(
        file.parent.relative_to(site).as_posix() + "/"
        for file in site.rglob("index.html")
        if any("pp-actions" in (table.get("class") or "").split() for table in elements(file.read_text("utf-8"), "table"))
    )


def context_options(size: str, theme: str) -> dict[str, Any]:
    """Playwright context options for one screen size and theme."""
    mobile = size == "mobile"
    # The theme follows the reader's system setting (prefers-color-scheme), as Material's palette is configured to.
    return {"viewport": SIZES[size], "color_scheme": theme, "is_mobile": mobile, "has_touch": mobile}


def _record(page: Page, current: list[Visit]) -> None:
    # Each request belongs to the page that made it, even when it ends after the next page has begun.
    issued_by: dict[Request, Visit] = {}

    def on_request(request: Request) -> None:
        issued_by[request] = current[-1]
        current[-1].requests.append(request.url)

    def on_failed(request: Request) -> None:
        visit = issued_by.pop(request, current[-1])
        if FOREIGN.match(request.url):
            return  # refused on purpose, and reported as a request to another host
        if request.failure == "net::ERR_ABORTED" and visit is not current[-1]:
            return  # the browser dropped a late request (such as the favicon) because the test moved on
        visit.failures.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            issued_by.get(response.request, current[-1]).failures.append(f"{response.url}: HTTP {response.status}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            current[-1].errors.append(f"console: {message.text}")

    def on_error(error: Error) -> None:
        current[-1].errors.append(f"uncaught: {error}")

    page.on("request", on_request)
    page.on("requestfinished", lambda request: issued_by.pop(request, None))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", on_error)


def visit_site(browser: Browser, edition: str, base_url: str, paths: list[str], size: str, theme: str) -> list[Visit]:
    """Open each page in one context (one size, one theme): record requests, errors, axe violations and overflow."""
    visits: list[Visit] = []
    context = browser.new_context(**context_options(size, theme))
    # axe-core (the copy axe-playwright-python ships) is in every page from the start, so it is not re-sent per page.
    context.add_init_script(AXE_SCRIPT)

    def block(route: Route) -> None:
        # Never wait on the network: note the request, then refuse it.
        visits[-1].foreign.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(FOREIGN, block)
    try:
        page = context.new_page()
        _record(page, visits)
        for path in paths:
            visits.append(Visit(edition, size, theme, path))
            visit = visits[-1]
            if page.goto(base_url + path, wait_until="load") is None:
                visit.failures.append(f"{base_url + path}: no response")  # an HTTP error is recorded as it arrives
            painted = page.evaluate(PAINTED)
            if painted["scheme"] != THEMES[theme]:
                # Material may still be applying the reader's preferred scheme; give it a moment.
                try:
                    page.wait_for_function(
                        "scheme => document.body.getAttribute('data-md-color-scheme') === scheme", arg=THEMES[theme], timeout=3000
                    )
                except Error:
                    pass  # the test reports the scheme that was applied
                painted = page.evaluate(PAINTED)
            visit.scheme, visit.background = painted["scheme"], painted["background"]
            visit.violations = summarise_violations(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"])
            if size == "mobile":
                visit.overflow = page.evaluate(WIDER_THAN_SCREEN)
            # Last, as it moves focus: what one press of Tab reaches first.
            page.keyboard.press("Tab")
            visit.first_tab = page.evaluate(FOCUSED)
        # Requests made after the last page loaded still belong to it.
        page.wait_for_timeout(200)
    finally:
        context.close()
    return visits


def summarise_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each axe violation as its rule, impact, help text and the elements it found."""
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help", ""),
            "targets": [" ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])],
            "summary": [node.get("failureSummary", "") for node in v.get("nodes", [])][:3],
        }
        for v in violations
    ]


def is_local(url: str) -> bool:
    """Whether a request went to the test server (or carried its own data)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == LOCAL_HOST
