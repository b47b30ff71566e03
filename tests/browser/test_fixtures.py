"""The browser fixtures themselves: both sites load from 127.0.0.1 in Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page


def test_both_sites_are_served_locally_and_load(site_server: dict[str, str], page: Page) -> None:
    assert set(site_server) == {"public", "intranet"}
    for edition, url in site_server.items():
        assert urlsplit(url).hostname == "127.0.0.1"
        response = page.goto(url)
        assert response is not None and response.ok, edition
        assert page.locator("h1").first.inner_text().strip(), edition
    assert page.viewport_size == {"width": 1280, "height": 800}
