"""No text typed into data/ can run as script: payloads in every free-text field are shown as text, never as markup.

The project's data gets a numbered payload in every string field a person types (see tests/hostile.py),
both sites are built with `mkdocs build --strict`, and every page, the search index and every feed
and export present are parsed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import build_project, copy_project
from hostile import (
    EVALUATED,
    FORMULA,
    NEWSLETTER_TITLE,
    PAYLOADS,
    VISIBLE,
    plant_payloads,
)
from pdf_text import page_texts, reader, squeeze
from site_text import html_pages, page_text

EDITIONS = ("public", "intranet")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class _Markup(HTMLParser):
    """Every element of a page with its attributes, and the text of each inline script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def markup_problems(html: str, allowed_scripts: set[str] | None = None) -> list[str]:
    """What in `html` could run script: event handlers, script URLs, scripts, svg or img from a payload."""
    found = parse(html)
    problems = []
    for tag, attrs in found.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and value.strip().lower().replace("\t", "").startswith(BAD_SCHEMES):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and attrs.get("src") == "x":
            problems.append("<img src=x>")
        if tag == "script" and attrs.get("src") and "assets/javascripts/" not in (attrs["src"] or ""):
            problems.append(f"<script src={attrs['src']!r}>")
    for script in found.scripts:
        if "pp-xss" in script or (allowed_scripts is not None and script.strip() and script not in allowed_scripts):
            problems.append(f"<script>{script[:80]}")
    return problems


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """Both sites built from data with a payload in every free-text field, and how many fields got one."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    planted = plant_payloads(root)
    return build_project(root), planted


@pytest.fixture(scope="module")
def material_scripts(built_site: Path) -> set[str]:
    """The inline scripts Material writes into the pages of a normal build."""
    return {script for edition in EDITIONS for page in html_pages(built_site / edition) for script in parse(page.read_text("utf-8")).scripts}


def test_payloads_were_planted_in_every_kind_of_field(hostile: tuple[Path, int]) -> None:
    _, planted = hostile
    assert planted > 300


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_carries_markup_from_data(hostile: tuple[Path, int], material_scripts: set[str], edition: str) -> None:
    site, _ = hostile
    pages = html_pages(site / edition)
    assert len(pages) > 30
    problems = {str(page.relative_to(site)): markup_problems(page.read_text("utf-8"), material_scripts) for page in pages}
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.parametrize("edition", EDITIONS)
def test_payloads_are_shown_as_text(hostile: tuple[Path, int], edition: str) -> None:
    site, _ = hostile
    text = " ".join(page_text(page.read_text("utf-8"), main_only=False) for page in html_pages(site / edition))
    for visible in VISIBLE:
        assert text.count(visible) > 50, f"{visible!r} is not shown as text"
    assert "a javascript link" in text


def test_every_planted_field_that_is_shown_is_shown_whole(hostile: tuple[Path, int]) -> None:
    """Wherever a field's marker appears in a page's text, the payload after it is intact: escaped, not dropped."""
    site, planted = hostile
    text = " ".join(page_text(page.read_text("utf-8"), main_only=False) for page in html_pages(site / "intranet"))
    shown = [n for n in range(1, planted + 1) if f"pp{n} " in text]
    assert len(shown) > 0.9 * planted, f"only {len(shown)} of {planted} fields appear on the intranet site"
    for n in shown:
        after = text.split(f"pp{n} ", 1)[1]
        assert after.startswith(PAYLOADS[0]) or after.startswith("<script>alert"), f"field pp{n} lost its payload: {after[:60]!r}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_jinja_in_data_is_ever_evaluated(hostile: tuple[Path, int], edition: str) -> None:
    site, _ = hostile
    for path in sorted((site / edition).rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".csv", ".ics", ".txt"}:
            assert EVALUATED not in path.read_text("utf-8"), f"{path.relative_to(site)} holds the result of a Jinja expression in the data"


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_results_cannot_carry_markup(hostile: tuple[Path, int], edition: str) -> None:
    """Material shows search titles and text as HTML, so they must hold only escaped payloads."""
    site, _ = hostile
    index = json.loads((site / edition / "search" / "search_index.json").read_text("utf-8"))
    problems = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            found = markup_problems(doc[key])
            if found or "<script" in doc[key] or "<svg" in doc[key]:
                problems.append((doc["location"], key, found or doc[key][:80]))
    assert problems == []
    assert any('&lt;script&gt;alert("pp-xss")' in doc["title"] or "&lt;script&gt;alert(&quot;pp-xss&quot;)" in doc["title"] for doc in index["docs"])


FEED_HTML = (
    "channel/item/description",
    "channel/item/{http://purl.org/rss/1.0/modules/content/}encoded",
    "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content",
    "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary",
)


@pytest.mark.parametrize("edition", EDITIONS)
def test_feeds_cannot_carry_markup(hostile: tuple[Path, int], edition: str) -> None:
    """Feed readers display an item's HTML as it is, so the feeds' own XML is parsed (feedparser would clean it first)."""
    site = hostile[0] / edition
    checked = 0
    for name in ("feed.xml", "atom.xml"):
        root = ElementTree.parse(site / name).getroot()
        for path in FEED_HTML:
            for element in root.findall(path):
                if path.startswith("{http://www.w3.org/2005/Atom}") and element.get("type", "text") == "text":
                    continue  # Atom text constructs are shown as text, whatever they hold
                checked += 1
                assert markup_problems(element.text or "") == [], (name, path, (element.text or "")[:200])
                assert EVALUATED not in (element.text or "")
        titles = [e.text or "" for e in root.iter() if e.tag.endswith("title")]
        assert NEWSLETTER_TITLE in titles, f"{name}: the hostile issue's title is not there exactly as written"
    assert checked >= 4


@pytest.mark.parametrize("edition", EDITIONS)
def test_exports_cannot_carry_markup(hostile: tuple[Path, int], edition: str) -> None:
    """Exports are data a spreadsheet or calendar opens: no formula, no line breaks in a calendar summary."""
    site = hostile[0] / edition
    rows = list(csv.reader(io.StringIO((site / "actions.csv").read_text("utf-8"))))
    cells = [cell for row in rows for cell in row]
    # A cell a spreadsheet would run as a formula.
    assert [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))] == []
    assert any(cell.startswith("'" + FORMULA) for cell in cells), "no field starting with a formula reached the CSV"
    texts = list(_strings(json.loads((site / "plan.json").read_text("utf-8"))))
    assert not [t for t in texts if EVALUATED in t]
    assert any(PAYLOADS[0] in t for t in texts), "plan.json holds the data's text as written, as data"
    from icalendar import Calendar

    calendar = Calendar.from_ical((site / "milestones.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert events
    for component in events:
        # A line break in a property would let text start a property of its own.
        assert "\n" not in str(component.get("SUMMARY", ""))
    assert any(PAYLOADS[0] in str(component.get("SUMMARY", "")) + str(component.get("DESCRIPTION", "")) for component in events)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


def test_a_newsletter_is_cleaned_and_its_title_shown_exactly(hostile: tuple[Path, int]) -> None:
    """Raw HTML in an issue is sanitised; its title, with & and quotes, is escaped once and reads as written."""
    site = hostile[0] / "public"
    html = (site / "newsletters" / "2018-10-24-hostile" / "index.html").read_text("utf-8")
    assert markup_problems(html) == []
    found = parse(html)
    assert [attrs for tag, attrs in found.elements if tag == "svg" and any(k.startswith("on") for k in attrs)] == []
    assert not [attrs for tag, attrs in found.elements if "style" in attrs and "javascript" in (attrs["style"] or "")]
    text = page_text(html, main_only=False)
    assert NEWSLETTER_TITLE in text
    assert "&amp;" not in text and "&quot;" not in text, "the title was escaped twice"
    heading = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert heading.startswith("Q&amp;A on &quot;plans&quot; &amp; &#x27;people&#x27;") or heading.startswith("Q&amp;A on &#34;plans&#34;")


def test_front_matter_titles_and_descriptions_are_text(project: Path) -> None:
    """A docs page's own title and description from front matter are shown as text."""
    title = " ".join(PAYLOADS)
    (project / "docs" / "hostile.md").write_text(
        "---\ntitle: " + json.dumps(title) + "\ndescription: " + json.dumps(title) + "\n---\n\nSome text.\n", encoding="utf-8"
    )
    site = build_project(project)
    for edition in EDITIONS:
        html = (site / edition / "hostile" / "index.html").read_text("utf-8")
        assert markup_problems(html) == []
        found = parse(html)
        titles = [attrs for tag, attrs in found.elements if tag == "meta" and attrs.get("name") == "description"]
        assert titles and titles[0]["content"] == title
        assert EVALUATED not in html
        assert PAYLOADS[0] in page_text(html, main_only=False)


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdfs_show_payloads_as_text_and_run_nothing(hostile: tuple[Path, int], edition: str) -> None:
    site, _ = hostile
    pdfs = sorted((site / edition).rglob("*.pdf"))
    assert pdfs
    text = squeeze(" ".join(" ".join(page_texts(path)) for path in pdfs))
    assert EVALUATED not in text
    for visible in VISIBLE:
        assert squeeze(visible) in text, f"{visible!r} is not shown as text"
    for path in pdfs:
        pdf = reader(path)
        catalog = pdf.trailer["/Root"]
        assert "/OpenAction" not in catalog and "/JavaScript" not in (catalog.get("/Names") or {}), path.name
        for page in pdf.pages:
            for ref in page.get("/Annots") or []:
                action = ref.get_object().get("/A")
                if action is not None:
                    action = action.get_object()
                    assert action.get("/S") in ("/URI", "/GoTo"), (path.name, action)
                    if action.get("/S") == "/URI":
                        assert str(action["/URI"]).startswith(("https://", "http://", "mailto:")), (path.name, action["/URI"])
