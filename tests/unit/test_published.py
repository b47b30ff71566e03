"""Which site_urls are real addresses, which contact details are placeholders, and each edition's site_url."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.loading.published import is_published, placeholder_email, placeholder_phone, site_urls


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://plan.example.org/", False),
        ("https://intranet.example.org/sofs-plan/", False),
        ("https://example.com/", False),
        ("http://127.0.0.1:8000/", False),
        ("http://localhost/", False),
        ("https://plan.test/", False),
        ("", False),
        ("https://sofs-plan.norfolk.gov.uk/", True),
        ("https://notexample.org/", True),
        ("https://example.org.uk/", True),
    ],
)
def test_a_site_is_published_at_a_real_address(url: str, published: bool) -> None:
    assert is_published(url) is published


@pytest.mark.parametrize(
    ("email", "placeholder"),
    [("sofs@example.org", True), ("a@mail.example.com", True), ("x@host.invalid", True), ("sofs@norfolk.gov.uk", False), ("a@myexample.org", False)],
)
def test_example_email_addresses_are_placeholders(email: str, placeholder: bool) -> None:
    assert placeholder_email(email) is placeholder


@pytest.mark.parametrize(
    ("phone", "placeholder"),
    [("01632 960000", True), ("+44 1632 960 999", True), ("020 7946 0123", True), ("07700 900123", True), ("01603 000000", False), ("01632 961000", False)],
)
def test_drama_numbers_are_placeholders(phone: str, placeholder: bool) -> None:
    assert placeholder_phone(phone) is placeholder


def test_each_edition_has_the_site_url_of_its_file(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_url: https://a.example.org/\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", "utf-8")
    (tmp_path / "mkdocs-intranet.yml").write_text("INHERIT: mkdocs.yml\nsite_dir: site/intranet\n", "utf-8")
    assert site_urls(tmp_path) == {"public": ("https://a.example.org/", "mkdocs.yml"), "intranet": ("https://a.example.org/", "mkdocs.yml")}
    (tmp_path / "mkdocs-intranet.yml").write_text("INHERIT: mkdocs.yml\nsite_url: !ENV [SITE, 'https://b.org/']\n", "utf-8")
    assert site_urls(tmp_path)["intranet"] == ("", "mkdocs-intranet.yml")
