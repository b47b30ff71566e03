"""The About page's accessibility statement: the sections UK public sector websites publish, and the date from data."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
import yaml
from helpers import NORFOLK, build_project, run_planpress, write_yaml
from plan_text import normalise
from site_text import elements, page_text

from macros.loading.project import load_project
from macros.views.markup import plain_text

ABOUT = load_project(NORFOLK / "data").about

# What the statement must cover, in the order of the UK model accessibility statement (GOV.UK's sample).
REQUIRED = [
    "Accessibility statement",
    "How accessible this website is",
    "Known issues",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Preparation of this accessibility statement",
]
HEADINGS = ("h1", "h2", "h3", "h4")


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.level = 0
        self.in_permalink = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADINGS:
            self.level, self.text = int(tag[1]), ""
        elif tag == "a" and ("class", "headerlink") in attrs:
            self.in_permalink = True  # its ¶ is not part of the heading

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_permalink = False
        elif tag in HEADINGS and self.level:
            self.found.append((self.level, " ".join(self.text.split())))
            self.level = 0

    def handle_data(self, data: str) -> None:
        if self.level and not self.in_permalink:
            self.text += data


def headings(html: str) -> list[tuple[int, str]]:
    """Every heading of a page, in order, as (level, text)."""
    parser = _Headings()
    parser.feed(html)
    return parser.found


def about_page(site: Path) -> str:
    return (site / "about" / "index.html").read_text("utf-8")


def test_the_data_holds_every_section_of_the_uk_model_statement_in_order() -> None:
    headings = [section.heading for section in ABOUT.accessibility]
    assert [h for h in headings if h in REQUIRED] == REQUIRED
    assert headings[-1] == "Preparation of this accessibility statement"  # where the date is shown


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_the_about_page_shows_each_section_with_its_text(built_site: Path, edition: str) -> None:
    html = about_page(built_site / edition)
    statement = [(level, text) for level, text in headings(html) if text in {s.heading for s in ABOUT.accessibility}]
    assert [text for _, text in statement] == [s.heading for s in ABOUT.accessibility]
    assert statement[0][0] == 2 and all(level == 3 for level, _ in statement[1:])  # one statement, its parts beneath
    text = normalise(page_text(html))
    for section in ABOUT.accessibility:
        for item in [*section.body, *section.items]:
            assert normalise(plain_text(item.text)) in text, item.text


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_the_about_page_shows_the_date_last_checked_from_data(built_site: Path, edition: str) -> None:
    html = about_page(built_site / edition)
    times = [t.get("datetime") for t in elements(html, "time")]
    assert times == [ABOUT.accessibility_checked.isoformat()]
    day = ABOUT.accessibility_checked
    assert f"last reviewed, on {day.day} {day:%B %Y}." in page_text(html)


def test_the_date_follows_the_data_not_the_clock(project: Path) -> None:
    about_file = project / "data" / "about.yml"
    about = yaml.safe_load(about_file.read_text("utf-8"))
    checked = dt.date(2019, 1, 31)
    assert checked != dt.date.today()
    about["accessibility_checked"] = checked.isoformat()
    write_yaml(about_file, about)
    site = build_project(project)
    for edition in ("public", "intranet"):
        html = about_page(site / edition)
        assert [t.get("datetime") for t in elements(html, "time")] == ["2019-01-31"]
        assert "last reviewed, on 31 January 2019." in page_text(html)


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_the_statement_gives_the_contact_details_from_data(built_site: Path, edition: str) -> None:
    contact = ABOUT.contact
    assert contact is not None and (contact.email or contact.phone)
    html = about_page(built_site / edition)
    tree = lxml.html.fromstring(html)
    shown = [s.heading for s in ABOUT.accessibility if s.contact]
    assert shown
    for heading in shown:
        section = next(h for h in tree.xpath("//h2 | //h3") if " ".join(h.text_content().split()).rstrip("¶") == heading).getnext()
        links = {a.get("href") for a in section.xpath("./ul[@class='pp-contact']//a")}
        if contact.email:
            assert f"mailto:{contact.email}" in links
        if contact.phone:
            assert f"tel:{contact.phone.replace(' ', '')}" in links
        assert contact.name in section.text_content()


def _publish(project: Path, contact: dict[str, object] | None) -> str:
    """Give the copy a real site_url and the contact details given (none when None); return `planpress check`'s output."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("https://plan.example.org/", "https://sofs-plan.norfolk.gov.uk/"), encoding="utf-8")
    about_file = project / "data" / "about.yml"
    about = yaml.safe_load(about_file.read_text("utf-8"))
    about.pop("contact", None)
    if contact is not None:
        about["contact"] = contact
    write_yaml(about_file, about)
    return run_planpress(project, "check").output


def _line_of(project: Path, key: str) -> int:
    lines = (project / "data" / "about.yml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(key + ":"))


def test_a_published_site_needs_contact_details(project: Path) -> None:
    output = _publish(project, None)
    assert re.search(r"^data/about.yml:\d+: contact: is required once mkdocs.yml publishes the public site at https://sofs-plan.norfolk.gov.uk/", output, re.M), output
    assert "1 problem found" in output


def test_a_published_site_refuses_placeholder_contact_details(project: Path) -> None:
    output = _publish(project, {"name": "Project Officer", "email": "sofs@example.org", "phone": "01632 960123"})
    assert f"data/about.yml:{_line_of(project, 'email')}: contact.email: 'sofs@example.org' is an example address" in output
    assert f"data/about.yml:{_line_of(project, 'phone')}: contact.phone: '01632 960123' is a number kept for examples" in output
    assert "2 problems found" in output


def test_a_published_site_with_real_contact_details_passes(project: Path) -> None:
    result_text = _publish(project, {"name": "Project Officer", "email": "sofs-plan@norfolk.gov.uk", "phone": "01603 000000"})
    assert "are valid" in result_text, result_text


def test_an_example_site_url_needs_no_contact_details(project: Path) -> None:
    about_file = project / "data" / "about.yml"
    about = yaml.safe_load(about_file.read_text("utf-8"))
    about.pop("contact")
    write_yaml(about_file, about)
    assert "are valid" in run_planpress(project, "check").output
