"""Both built sites can be served under the README's Content-Security-Policy, which allows no inline script or style.

The browser test (tests/browser/test_csp.py) shows Chromium reports no violation; this one says which markup would
cause one, page by page, without a browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from intranet_host import readme_csp
from site_text import elements, html_pages
from site_text import tagged as tags

EDITIONS = ("public", "intranet")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
"""Script elements that hold data, which browsers never run and a Content-Security-Policy does not govern."""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster")


def policy() -> dict[str, list[str]]:
    """The README's policy as directive → sources."""
    directives = [part.split() for part in readme_csp().split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


def inline_code(html: str) -> list[str]:
    """What in a page a policy without 'unsafe-inline' refuses: inline scripts and styles, handlers, script URLs."""
    found = []
    for tag, attrs in tags(html):
        if tag == "script" and not attrs.get("src") and (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            found.append(f"inline <script> {attrs}")
        if tag == "script" and re.match(r"^(https?:)?//", attrs.get("src") or ""):
            found.append(f"<script src={attrs['src']!r}> from another host")
        if tag == "style":
            found.append("inline <style>")
        for name, value in attrs.items():
            if name == "style":
                found.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_the_policy_allows_no_inline_or_evaluated_code() -> None:
    directives = policy()
    assert directives["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert directives.get(directive, directives["default-src"]) == ["'self'"], directive
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    # Material's stylesheets draw their icons from data: SVG images (mask-image), which img-src governs.
    assert directives["img-src"] == ["'self'", "data:"]


def test_inline_code_is_found() -> None:
    page = (
        '<script>alert(1)</script><script type="module">x</script><script src="a.js"></script>'
        '<script id="c" type="application/json">{}</script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:x()">x</a><script src="https://cdn.example/x.js"></script>'
    )
    assert len(inline_code(page)) == 7


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_has_inline_script_or_style(built_site: Path, edition: str) -> None:
    pages = html_pages(built_site / edition)
    assert len(pages) > 30
    problems = {str(page.relative_to(built_site)): inline_code(page.read_text("utf-8")) for page in pages}
    assert {page: found for page, found in problems.items() if found} == {}
    # The scripts Material wrote inline are still there, as files of the site.
    home = elements((built_site / edition / "index.html").read_text("utf-8"), "script")
    sources = [attrs.get("src") for attrs in home]
    for name in ("storage.js", "palette.js", "content.js", "toggles.js"):
        assert f"assets/javascripts/planpress/{name}" in sources
        assert (built_site / edition / "assets" / "javascripts" / "planpress" / name).is_file()
