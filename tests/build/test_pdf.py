"""Board papers, read back with pypdf: plan.pdf at each site's root and a highlight report per steering group meeting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from helpers import copy_project, run_planpress, tree_hashes, write_yaml
from pdf_text import body_text, bookmarks, destination_pages, fonts, page_texts, reader, squeeze
from plan_text import plan_fragments
from progress_data import JULY, MARCH, SECRET_ACTION, SECRET_ACTION_UPDATE, SECRET_UPDATE, SECRET_VALUE_NOTE, write_progress_data

from macros.loading.project import load_project
from macros.model.models import Project
from macros.outputs.pdf import anchor, highlight_report, write_pdfs
from macros.views.markup import plain_text
from macros.views.plan_site import area_url
from macros.views.site import load_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "plan.txt"
EDITIONS = ("public", "intranet")
SITE_URL = "https://plan.example.org/"


def project_of(site: Path) -> Project:
    """The data the built sites under `site` were built from (the copy's, not the repository's)."""
    return load_project(site.parent / "data")


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


def plan_pdf(built: Path, edition: str) -> Path:
    path = built / edition / "plan.pdf"
    assert path.is_file(), f"no plan.pdf in {edition}"
    return path


def test_plan_pdf_holds_every_fragment_of_the_plan(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    path = plan_pdf(built_site, edition)
    text = squeeze(body_text(path, project.plan.short_title, edition == "intranet"))
    missing = [fragment for fragment in plan_fragments(FIXTURE) if squeeze(fragment) not in text]
    assert missing == []


def test_the_plan_is_in_the_plans_order(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    text = squeeze(body_text(plan_pdf(built_site, edition), project.plan.short_title, edition == "intranet"))
    parts = [
        "Contents",
        project.principles.title,
        project.vision.title,
        project.part_a.title,
        project.measures.title,
        project.part_b.title,
        *(area.heading for area in project.areas),
        project.communications.title,
        project.plan.acknowledgement_heading,
    ]
    # Each after the one before it: the contents page names the parts first.
    at = 0
    for part in parts:
        at = text.find(squeeze(part), at)
        assert at >= 0, f"'{part}' is missing or out of order"
        at += 1


CONTENTS_LINE = re.compile(r"^(?P<text>.*?)[ .]*\s(?P<page>\d+)\s*$")


def contents_numbers(path: Path) -> dict[str, int]:
    """Each line of the contents page (page 2) with the page number printed after it, by its squeezed text."""
    numbers = {}
    for line in page_texts(path)[1].splitlines():
        match = CONTENTS_LINE.match(line.strip())
        if match and "." in line:
            numbers[squeeze(match["text"])] = int(match["page"])
    return numbers


def test_each_contents_entry_gives_the_page_its_part_starts_on(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    path = plan_pdf(built_site, edition)
    numbers = contents_numbers(path)
    destinations = destination_pages(path)
    texts = page_texts(path)
    headings = {
        "principles/": project.principles.title,
        "vision/": project.vision.title,
        "priorities/": project.part_a.title,
        "delivery/": project.part_b.title,
        "communications/": project.communications.title,
    }
    checked = 0
    for entry in project.plan.contents:
        assert squeeze(entry.text) in numbers, f"the contents do not list '{entry.text}' with a page number: {numbers}"
        page = numbers[squeeze(entry.text)]
        # The number printed is the page the link leads to, and the part's heading is on that page.
        assert destinations[anchor(entry.page)] == page, entry.text
        assert squeeze(headings[entry.page]) in squeeze(texts[page - 1]), f"'{headings[entry.page]}' is not on page {page}"
        checked += 1
    for area in project.areas:
        page = numbers[squeeze(f"{area.code} {area.title.rstrip(':').strip()}")]
        assert destinations[anchor(area_url(area.code))] == page
        assert squeeze(area.heading) in squeeze(texts[page - 1])
        checked += 1
    assert checked == len(project.plan.contents) + len(project.areas)


def test_every_page_after_the_cover_has_the_running_header_and_its_number(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    texts = page_texts(plan_pdf(built_site, edition))
    assert len(texts) > 2
    assert "Page 1 of" not in texts[0] and f"Page 1 of {len(texts)}" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert project.plan.short_title in text, number
        assert f"Page {number} of {len(texts)}" in text, number


def test_every_page_of_the_intranet_pdf_says_internal_edition(built_site: Path) -> None:
    for text in page_texts(plan_pdf(built_site, "intranet")):
        assert "Internal edition" in text
    for text in page_texts(plan_pdf(built_site, "public")):
        assert "Internal edition" not in text


def test_bookmarks_for_each_part_with_the_areas_beneath_part_b(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    path = plan_pdf(built_site, edition)
    marks = bookmarks(path)
    top = [squeeze(m.title) for m in marks if m.level == 1]
    for title in (project.principles.title, project.vision.title, project.part_a.title, project.part_b.title, project.communications.title):
        assert squeeze(title) in top, title
    part_b = next(i for i, m in enumerate(marks) if squeeze(m.title) == squeeze(project.part_b.title))
    beneath = []
    for mark in marks[part_b + 1 :]:
        if mark.level == 1:
            break
        beneath.append(mark.title)
    assert beneath == [f"{a.code} {a.title.rstrip(':').strip()}" for a in project.areas]
    destinations = destination_pages(path)
    for mark in marks:
        if mark.title.startswith(tuple(a.code + " " for a in project.areas)):
            code = mark.title.split()[0]
            assert mark.page == destinations[anchor(area_url(code))]


def test_every_font_is_embedded(built_site: Path, edition: str) -> None:
    used = fonts(plan_pdf(built_site, edition))
    assert used
    assert [name for name, embedded in used.items() if not embedded] == []


def test_title_language_tags_and_dates_for_readers(built_site: Path, edition: str) -> None:
    project = project_of(built_site)
    pdf = reader(plan_pdf(built_site, edition))
    assert pdf.metadata.title == project.plan.title
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == project.plan.language
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    # The build sets SOURCE_DATE_EPOCH=1700000000 (tests/helpers.py): 14 November 2023, 22:13:20 UTC.
    assert pdf.metadata["/CreationDate"] == "D:20231114221320Z"
    assert pdf.metadata["/ModDate"] == "D:20231114221320Z"


def test_each_action_shows_its_rating_and_latest_note(progress_site: Path, edition: str) -> None:
    project = project_of(progress_site)
    site = load_site(progress_site.parent, edition)
    text = squeeze(body_text(plan_pdf(progress_site, edition), project.plan.short_title, edition == "intranet"))
    labels = {info.status: info.label for info in project.about.statuses}
    # Each row's text runs from its "what needs to happen" to the next action's.
    starts = []
    for view in site.actions:
        at = text.find(squeeze(plain_text(view.action.what)), starts[-1] if starts else 0)
        assert at >= 0, view.ref
        starts.append(at)
    for i, view in enumerate(site.actions):
        row = text[starts[i] : starts[i + 1] if i + 1 < len(starts) else len(text)]
        assert squeeze(labels[view.status]) in row, view.ref
        if view.latest is not None:
            assert squeeze(f"Rated {view.latest.date.day} {view.latest.date:%B %Y}") in row, view.ref
            if view.latest.note:
                assert squeeze(plain_text(view.latest.note)) in row, view.ref
    rated = [v for v in site.actions if v.latest is not None and v.latest.note]
    assert rated, "the fixture has notes to show"


def test_no_intranet_only_words_in_public_pdfs(progress_site: Path) -> None:
    public = [p for p in (progress_site / "public").rglob("*.pdf")]
    intranet = [p for p in (progress_site / "intranet").rglob("*.pdf")]
    assert len(public) > 1 and len(intranet) > 1
    for path in public:
        text = squeeze(" ".join(page_texts(path)))
        leaks = [word for word in (SECRET_UPDATE, SECRET_ACTION, SECRET_ACTION_UPDATE, SECRET_VALUE_NOTE) if squeeze(word) in text]
        assert leaks == [], path
        assert "Internaledition" not in text, path
    everything = squeeze(" ".join(" ".join(page_texts(path)) for path in intranet))
    for word in (SECRET_UPDATE, SECRET_ACTION, SECRET_ACTION_UPDATE):
        assert squeeze(word) in everything, word


def test_a_highlight_report_for_each_meeting_and_a_page_listing_them(progress_site: Path, edition: str) -> None:
    site = progress_site / edition
    reports = sorted(p.name for p in (site / "reports").glob("*.pdf"))
    assert reports == [f"{MARCH}.pdf", f"{JULY}.pdf"]
    page = lxml.html.fromstring((site / "reports" / "index.html").read_bytes())
    links = [a.get("href") for a in page.xpath("//ul[@id='highlight-report-list']//a")]
    assert links == [f"{JULY}.pdf", f"{MARCH}.pdf"], "newest first, beside the page"
    plan_links = [a.get("href") for a in page.xpath("//a") if (a.get("href") or "").endswith("plan.pdf")]
    assert plan_links and (site / "reports" / plan_links[0]).resolve() == (site / "plan.pdf").resolve()


def test_each_newsletter_links_to_the_report_of_the_latest_meeting_before_it(progress_site: Path, built_site: Path) -> None:
    meetings = [dt.date.fromisoformat(d) for d in (MARCH, JULY)]
    checked = 0
    for issue in (progress_site / "intranet" / "newsletters").glob("*/index.html"):
        tree = lxml.html.fromstring(issue.read_bytes())
        day = dt.date.fromisoformat(tree.xpath("//div[@class='pp-issue-meta']//time/@datetime")[0])
        before = [m for m in meetings if m <= day]
        links = tree.xpath("//p[@class='pp-issue-report']/a/@href")
        if before:
            assert links == [f"../../reports/{max(before).isoformat()}.pdf"], issue
            assert (issue.parent / links[0]).resolve().is_file()
        else:
            assert links == [], issue
        checked += 1
    assert checked
    # With no ratings at all there is no report to link to.
    for issue in (built_site / "intranet" / "newsletters").glob("*/index.html"):
        assert "pp-issue-report" not in issue.read_text("utf-8")
    assert not list((built_site / "public").glob("reports/*.pdf"))


def test_the_highlight_report_shows_what_the_meeting_saw(progress_site: Path, edition: str) -> None:
    project = project_of(progress_site)
    path = progress_site / edition / "reports" / f"{JULY}.pdf"
    texts = page_texts(path)
    for number, text in enumerate(texts, start=1):
        assert project.plan.short_title in text and f"Page {number} of {len(texts)}" in text
        assert ("Internal edition" in text) == (edition == "intranet")
    text = squeeze(body_text(path, project.plan.short_title, edition == "intranet", first=1))
    for heading in ("RAG summary", "Changes since the previous meeting", "Exceptions", "Milestones of the next quarter", "Measures"):
        assert squeeze(heading) in text, heading
    # From tests/progress_data.py: 2.2 went red in July with this note, 2.1 from amber to green.
    assert squeeze("Boot camp places not filled.") in text
    assert squeeze("Courses full to December.") in text
    # A measure with two values has a direction of travel: referrals went from 498 to 471, lower is better.
    assert squeeze("down 27 per 10,000 since Q4 2017/18: getting better") in text
    # The first meeting's report covers the time since the plan began, and knows nothing of July.
    first = squeeze(body_text(progress_site / edition / "reports" / f"{MARCH}.pdf", project.plan.short_title, edition == "intranet", first=1))
    assert squeeze("Changes since the start of the plan") in first
    assert squeeze("Boot camp places not filled.") not in first
    assert [m.title for m in bookmarks(path)] == ["RAG summary", "Changes since the previous meeting", "Exceptions", "Milestones of the next quarter", "Measures"]
    assert [name for name, embedded in fonts(path).items() if not embedded] == []


def test_two_builds_give_identical_pdfs(progress_site: Path, tmp_path: Path) -> None:
    other = copy_project(tmp_path / "second" / "copy")
    write_progress_data(other)
    result = run_planpress(other, "build", env={"PYTHONHASHSEED": "4242"})
    assert result.code == 0, result.output
    for edition in EDITIONS:
        first = {k: v for k, v in tree_hashes(progress_site / edition).items() if k.endswith(".pdf")}
        second = {k: v for k, v in tree_hashes(other / "site" / edition).items() if k.endswith(".pdf")}
        assert len(first) == 3 and first == second


def long_area(root: Path, extra: int) -> None:
    """Give OD1 `extra` more actions, each with its own words, so that its action table runs over several pages."""
    path = root / "data" / "delivery" / "od1.yml"
    area = yaml.safe_load(path.read_text("utf-8"))
    for n in range(extra):
        area["actions"].append(
            {
                "ref": f"1.{len(area['actions']) + 1}",
                "what": f"Extra action number {n} Kestrel{n}word " + "with a longer description of what needs to happen " * (1 + n % 4),
                "by_when": [{"text": "June 2018", "date": "2018-06-30"}],
                "who": f"Lead person {n}th",
                "monitoring": ["Steering group"],
            }
        )
    write_yaml(path, area)


def test_a_long_action_table_repeats_its_header_and_splits_no_row(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_area(project, 40)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = load_site(project, "intranet")
    out = tmp_path / "site"
    out.mkdir()
    [path] = write_pdfs(site, out, SITE_URL)
    texts = page_texts(path)
    destinations = destination_pages(path)
    area = site.areas["OD1"]
    first, after = destinations[anchor(area_url("OD1"))], destinations[anchor(area_url("OD2"))]
    spanned = range(first, after)
    assert len(spanned) >= 3, "the long table should run over several pages"
    for number in spanned[1:]:
        # The header row, again at the top of each page the table continues on.
        assert squeeze("Ref" + "".join(area.action_columns)) in squeeze(texts[number - 1]), number
    for n in range(40):
        # Each row is whole on one page: its words and its who-leads cell together.
        word = squeeze(f"Kestrel{n}word")
        pages = [i for i, t in enumerate(texts) if word in squeeze(t)]
        assert len(pages) == 1, (n, pages)
        assert squeeze(f"Lead person {n}th") in squeeze(texts[pages[0]])


def test_links_lead_into_the_document_or_to_the_website(progress_site: Path, edition: str) -> None:
    """No link is relative: on paper, or in a PDF saved elsewhere, it would lead into the folder the build ran in."""
    project_dir = str(progress_site.parent)
    kinds: set[str] = set()
    for path in sorted((progress_site / edition).rglob("*.pdf")):
        pdf = reader(path)
        for page in pdf.pages:
            for ref in page.get("/Annots") or []:
                annotation = ref.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A")
                if action is None or action.get_object().get("/S") == "/GoTo":
                    assert "/Dest" in annotation or "/D" in action.get_object(), path
                    kinds.add("internal")
                    continue
                uri = str(action.get_object().get("/URI", ""))
                kinds.add("web")
                assert uri.startswith(("https://", "http://", "mailto:")), (path.name, uri)
                assert project_dir not in uri and not uri.startswith("file:"), (path.name, uri)
    assert kinds == {"internal", "web"}, "the contents link to their parts, and the documents to the website"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_reports_summary_counts_every_action_withheld_ratings_too(quarter_site: Path, edition: str) -> None:
    # The quarter (tests/quarter.py) has intranet-only ratings: the public summary counts them as Not published.
    site = load_site(quarter_site.parent, edition)
    meeting = max(site.rag.update_dates())
    path = quarter_site / edition / "reports" / f"{meeting.isoformat()}.pdf"
    text = squeeze(body_text(path, site.project.plan.short_title, edition == "intranet", first=1))
    assert squeeze(f"The status of the {len(site.actions)} actions on") in text
    withheld = sum(1 for view in site.actions if view.status.value == "not_published")
    assert (withheld > 0) == (edition == "public")
    assert (squeeze("Not published") in text) == (edition == "public")
    report = highlight_report(site, meeting)
    assert sum(bar.value for bar in report.chart.bars) == len(site.actions)
    for code, _title, counts in report.areas:
        assert sum(counts[status] for status in report.statuses) == len(site.area_actions(code)), code
