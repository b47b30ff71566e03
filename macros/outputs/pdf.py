"""Board papers: the whole plan (plan.pdf) and each steering group meeting's highlight report (reports/YYYY-MM-DD.pdf).

Both are printed by WeasyPrint from planpress's own print templates (views/templates/print/), with
the same data, filters and template macros as the site's pages, never from the site's HTML. A PDF is
the same bytes for the same inputs: its dates come from SOURCE_DATE_EPOCH and its identifier from its
content. WeasyPrint fetches nothing but the site's own files, and embeds every font it uses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from markupsafe import Markup

from macros.loading.yaml_reader import collection_paused
from macros.model.models import Milestone, RagUpdate, Status
from macros.model.rag import Change, shown
from macros.model.trends import Trend, measure_trend
from macros.views.charts import BarChart
from macros.views.plan_site import (
    PLAN_PDF,
    UPCOMING_MONTHS,
    ActionView,
    ExceptionRow,
    PlanSite,
    add_months,
    area_url,
    report_url,
)
from macros.views.render import TEMPLATES, render

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
"""Tagged for screen readers, with the document's title and language: WeasyPrint's PDF/UA-1."""

PRINT_CSS = TEMPLATES / "print" / "print.css"
CHART_CSS = TEMPLATES / "print" / "chart.css"
CHART_WIDTH = 440
CHART_LABEL_WIDTH = 120

STATUS_RANK = {Status.red: 0, Status.amber: 1, Status.not_published: 2}
"""How the report's exceptions are ordered: these statuses first, in this order, then the rest."""


# What the plan prints, by the site page each part stands for: plan.contents names those pages.
PLAN_PARTS = ("principles/", "vision/", "priorities/", "measures/", "delivery/", "communications/")


def anchor(page: str) -> str:
    """The id in the printed plan of the part that stands for the site page at `page`: 'delivery/od1/' -> 'delivery-od1'."""
    return page.strip("/").replace("/", "-") or "home"


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the printed contents: its words, the id it points to (None: not in this document) and its depth."""

    text: str
    target: str | None
    level: int = 1


@dataclass(frozen=True)
class ReportException:
    """An action the highlight report lists as an exception, as it stood on the meeting's date."""

    row: ExceptionRow
    groups: tuple[str, ...]
    """The Exceptions page's groups (EXCEPTION_GROUPS) the action is in, in that order."""

    @property
    def view(self) -> ActionView:
        return self.row.view

    @property
    def status(self) -> Status:
        return self.row.status

    @property
    def update(self) -> RagUpdate | None:
        return self.row.latest


@dataclass(frozen=True)
class HighlightReport:
    """What one meeting's highlight report shows, worked out for the meeting's date."""

    meeting: dt.date
    previous: dt.date | None
    start: dt.date
    statuses: tuple[Status, ...]
    """The statuses the summary shows: Not published too when the public edition withholds a rating."""
    chart: BarChart
    areas: list[tuple[str, str, dict[Status, int]]]
    changes: list[tuple[Change, ActionView]]
    exceptions: list[ReportException]
    milestones: list[tuple[Milestone, ActionView]]
    milestones_from: dt.date
    milestones_to: dt.date
    trends: list[Trend]


def report_exceptions(site: PlanSite, on: dt.date) -> list[ReportException]:
    """The actions the Exceptions page lists for `on` (PlanSite.exceptions_data), each once with every group it is in.

    Red come first, then amber, then ratings not published, then the rest; within each the plan's order
    is kept. The 'unrated' group is the actions the meeting on or before `on` did not rate.
    """
    report = site.exceptions_data(on)
    groups: dict[str, list[str]] = {}
    rows: dict[str, ExceptionRow] = {}
    for key, found in report.groups.items():
        for row in found:
            groups.setdefault(row.view.ref, []).append(key)
            rows.setdefault(row.view.ref, row)
    order = {view.ref: n for n, view in enumerate(site.actions)}
    listed = [ReportException(rows[ref], tuple(keys)) for ref, keys in groups.items()]
    listed.sort(key=lambda r: (STATUS_RANK.get(r.status, len(STATUS_RANK)), order[r.view.ref]))
    return listed


def trend_on(site: PlanSite, on: dt.date | None = None) -> list[Trend]:
    """Every measure's trend from the values dated up to `on` (all of them when None), so an old report keeps its figures."""
    trends = []
    for measure in site.project.measures.items:
        if on is not None and any(v.date > on for v in measure.values):
            measure = measure.model_copy(update={"values": [v for v in measure.values if v.date <= on]})
        trends.append(measure_trend(measure))
    return trends


def highlight_report(site: PlanSite, meeting: dt.date) -> HighlightReport:
    """Everything the highlight report of the meeting on `meeting` shows."""
    previous = site.previous_meeting(meeting)
    start, end = meeting + dt.timedelta(days=1), add_months(meeting, UPCOMING_MONTHS)
    summary = site.summary_on(meeting)
    return HighlightReport(
        meeting=meeting,
        previous=previous,
        start=site.project.plan.start,
        statuses=shown(summary),
        chart=site.counts_chart(summary, width=CHART_WIDTH, label_width=CHART_LABEL_WIDTH),
        areas=[(area.code, area.title.rstrip(":").strip(), site.summary_on(meeting, site.area_actions(area.code))) for area in site.project.areas],
        changes=site.rag_changes_between(previous, meeting),
        exceptions=report_exceptions(site, meeting),
        milestones=site.milestones_due(start, end),
        milestones_from=start,
        milestones_to=end,
        trends=trend_on(site, meeting),
    )


def plan_contents(site: PlanSite) -> list[ContentsEntry]:
    """The plan's own contents list, with the printed document's further parts beneath the entries that hold them."""
    printed = {*PLAN_PARTS, *(area_url(code) for code in site.areas)}
    beneath: dict[str, list[ContentsEntry]] = {
        "priorities/": [*(ContentsEntry(p.heading, f"priority-{p.number}", 2) for p in site.project.part_a.priorities), ContentsEntry(site.project.measures.title, anchor("measures/"), 2)],
        "delivery/": [ContentsEntry(f"{a.code} {a.title.rstrip(':').strip()}", anchor(area_url(a.code)), 2) for a in site.project.areas],
    }
    entries = []
    for item in site.project.plan.contents:
        target = anchor(item.page) if item.page in printed else None
        entries.append(ContentsEntry(item.text, target))
        entries.extend(beneath.get(item.page or "", []))
    entries.append(ContentsEntry(site.project.plan.acknowledgement_heading.rstrip(":"), "acknowledgement"))
    return entries


def build_stamp(site: PlanSite) -> str:
    """The documents' date as W3C date-time: SOURCE_DATE_EPOCH (as `make build` sets it), else midnight of the reference date, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.combine(site.reference_date, dt.time(), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def print_context(site: PlanSite, site_url: str) -> dict[str, Any]:
    """What every print template may use: the site's own context, with links to the site made absolute (paper has no relative links)."""

    def url(target: str) -> str:
        return target if target.startswith(("http://", "https://", "mailto:", "#")) else urljoin(site_url, target)

    return {
        **site.context(""),
        "url": url,
        "site_url": site_url,
        "stamp": build_stamp(site),
        "anchor": anchor,
        # Our own stylesheet, put inside each chart's SVG as it is: WeasyPrint styles an SVG from its own <style> only.
        "chart_style": Markup(CHART_CSS.read_text("utf-8")),
    }


def plan_html(site: PlanSite, site_url: str) -> str:
    """The whole plan as one HTML document for print."""
    areas = [(area, site.area_actions(area.code)) for area in site.project.areas]
    return render(
        "print/plan.html",
        **print_context(site, site_url),
        contents=plan_contents(site),
        areas=areas,
        trends=trend_on(site),
        rated_on=site.rag.newest_date(),
        chart=site.counts_chart(site.summary(), width=CHART_WIDTH, label_width=CHART_LABEL_WIDTH),
    )


def report_html(site: PlanSite, site_url: str, meeting: dt.date) -> str:
    """One meeting's highlight report as an HTML document for print."""
    return render("print/report.html", **print_context(site, site_url), report=highlight_report(site, meeting))


class RefusedFetch(ValueError):
    """A resource the PDF asked for that is not one of the site's own files."""


def site_fetcher(site_dir: Path) -> Any:
    """A WeasyPrint URL fetcher that reads file: URLs inside `site_dir` and refuses everything else, so printing makes no request."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = site_dir.resolve()

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        """Reads the site's own files; any other URL is refused before anything is opened."""

        refused: list[str]

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            path = inside(url, root)
            if path is None:
                self.refused.append(url)
                raise RefusedFetch(f"a PDF may use the site's own files only, not {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    fetcher = SiteFetcher(allowed_protocols=("file",))
    fetcher.refused = []
    return fetcher


def inside(url: str, root: Path) -> Path | None:
    """The file a file: URL names, if it is a file inside `root`; None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    from weasyprint import CSS

    # Read here rather than fetched: the fetcher only reads the site's own files.
    return CSS(string=PRINT_CSS.read_text("utf-8"))


@dataclass(frozen=True)
class PrintedPdf:
    """A PDF written: where, and how many pages it has."""

    path: Path
    pages: int


def write_pdf(html: str, target: Path, fetcher: Any) -> PrintedPdf:
    """Print `html` to `target` as a tagged PDF whose bytes depend on the HTML and the stylesheet only."""
    from weasyprint import HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    identifier = hashlib.sha256(html.encode("utf-8") + PRINT_CSS.read_bytes()).hexdigest()[:32].encode()
    # WeasyPrint keeps every box, style and layout object until the document is written, so each full pass
    # of the collector would walk them all for little to free: pausing it saved 3% of the CPU time of
    # Norfolk's plan.pdf and 7% at ten times its size (three runs each, alternating).
    with collection_paused():
        # The base URL is the folder the PDF sits in, so that a relative reference resolves inside the site.
        document = HTML(string=html, base_url=target.parent.resolve().as_uri() + "/", url_fetcher=fetcher).render(stylesheets=[_stylesheet()])
        document.write_pdf(target, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
        pages = len(document.pages)
    return PrintedPdf(target, pages)


def write_pdfs(site: PlanSite, site_dir: Path, site_url: str) -> list[Path]:
    """Write plan.pdf and one highlight report per meeting into `site_dir`; return the paths written."""
    fetcher = site_fetcher(site_dir)
    written = [write_pdf(plan_html(site, site_url), site_dir / PLAN_PDF, fetcher).path]
    for meeting in site.meetings:
        written.append(write_pdf(report_html(site, site_url, meeting), site_dir / report_url(meeting), fetcher).path)
    return written
