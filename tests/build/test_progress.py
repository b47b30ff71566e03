"""Progress at a glance, built with mkdocs build --strict from fixture data: history, charts, dashboard, measures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest
from helpers import build_project, run_planpress
from progress_data import (
    EXPECTED_ACTIONS,
    EXPECTED_AREA_COUNTS,
    EXPECTED_COUNTS,
    SECRET_UPDATE,
    SECRET_VALUE,
    SECRET_VALUE_NOTE,
    set_reference_date,
    write_progress_data,
)
from site_text import page_text

STATUSES = ("red", "amber", "green", "complete", "not_rated")
WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete", "not_rated": "Not yet rated", "not_published": "Not published"}


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def main(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return tree.xpath("//article[contains(@class, 'md-content__inner')]")[0]


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def resolve(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on the page at `page_url` points to."""
    target = (site / page_url / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="module", params=["public", "intranet"])
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def site(progress_site: Path, edition: str) -> Path:
    return progress_site / edition


def bars(svg: lxml.html.HtmlElement) -> dict[str, dict[str, object]]:
    """Each bar of a status chart: its data, the words and number drawn beside it, and its length."""
    found = {}
    for g in svg.xpath(".//g[contains(@class, 'pp-bar')]"):
        labels = [t.text for t in g.xpath("./text")]
        found[g.get("data-status")] = {
            "count": int(g.get("data-count")),
            "label": labels[0],
            "number": int(labels[1]),
            "width": float(g.xpath("./rect")[0].get("width")),
        }
    return found


def check_status_chart(svg: lxml.html.HtmlElement, expected: dict[str, int], tree: lxml.html.HtmlElement) -> None:
    found = bars(svg)
    # Not published is drawn only where some action has it.
    assert list(found) == list(expected)
    total = sum(expected.values())
    assert int(svg.get("data-total")) == total
    scale = float(svg.get("data-scale"))
    assert 0 < scale < float(svg.get("width"))
    for status, bar in found.items():
        assert bar["count"] == bar["number"] == expected[status], status
        assert bar["label"] == WORDS[status]
        # A bar is as long as its share of the total: the whole scale would be every action.
        assert bar["width"] == pytest.approx(scale * expected[status] / total, abs=0.01)
    # The text alternative: role=img (svg's own role when its bars are links), labelled by a title and a description that give the same numbers.
    assert svg.get("role") == (None if svg.xpath(".//a") else "img")
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert tree.xpath(f"//*[@id='{title_id}']")[0].tag == "title"
    desc = tree.xpath(f"//*[@id='{desc_id}']")[0]
    assert desc.tag == "desc"
    assert desc.text == "; ".join(f"{WORDS[s]}: {expected[s]}" for s in expected) + "."


def test_home_chart_of_all_actions_matches_the_data(site: Path, edition: str) -> None:
    tree = page(site, "")
    svg = tree.xpath("//svg[@id='pp-chart-all']")[0]
    check_status_chart(svg, EXPECTED_COUNTS[edition], tree)
    assert f"Current status of all {EXPECTED_ACTIONS[edition]} actions" in svg.xpath("./title")[0].text


def test_home_chart_per_area_matches_the_data(site: Path, edition: str) -> None:
    tree = page(site, "")
    for code, expected in EXPECTED_AREA_COUNTS[edition].items():
        svg = tree.xpath(f"//svg[@id='pp-chart-{code.lower()}']")[0]
        check_status_chart(svg, expected, tree)


def test_home_table_gives_the_charts_numbers(site: Path, edition: str) -> None:
    table = page(site, "").xpath("//table[@id='status-numbers']")[0]
    heads = [text(th) for th in table.xpath("./thead/tr/th")]
    assert heads == ["Status", "All actions", "OD1", "OD2", "OD3", "OD4"]
    for row in table.xpath("./tbody/tr"):
        status = row.get("data-status")
        numbers = [int(text(td)) for td in row.xpath("./td")]
        areas = EXPECTED_AREA_COUNTS[edition]
        assert numbers == [EXPECTED_COUNTS[edition][status], *(areas[c].get(status, 0) for c in ("OD1", "OD2", "OD3", "OD4"))]
        assert text(row.xpath("./th")[0]) == WORDS[status]
    total = [text(c) for c in table.xpath("./tfoot/tr/*")]
    assert total[:2] == ["Total", str(EXPECTED_ACTIONS[edition])]


def test_charts_are_drawn_in_the_page_with_nothing_from_another_host(site: Path) -> None:
    tree = page(site, "")
    # Everything the page loads; rel=canonical only names the page's own address.
    sources = tree.xpath("//script/@src | //img/@src | //link[not(@rel='canonical')]/@href | //iframe/@src | //object/@data")
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert len(tree.xpath("//svg[contains(@class, 'pp-chart')]")) == 5


def history(site: Path, ref: str) -> list[tuple[str, str, str]]:
    rows = page(site, f"delivery/actions/{ref.replace('.', '-')}").xpath("//table[@id='rag-history-table']/tbody/tr")
    return [(row.get("data-date"), row.get("data-status"), text(row.xpath("./td")[1])) for row in rows]


def test_action_history_is_every_update_newest_first_with_markdown_notes(site: Path) -> None:
    rows = history(site, "1.1")
    assert [(date, status) for date, status, _ in rows] == [("2018-07-25", "amber"), ("2018-03-15", "green")]
    tree = page(site, "delivery/actions/1-1")
    content = main(tree)
    first, second = content.xpath(".//table[@id='rag-history-table']/tbody/tr")
    assert first.get("class") == "pp-current" and "Current" in text(first.xpath("./th")[0])
    assert [text(li) for li in first.xpath("./td[2]//li")] == ["October session confirmed", "December venue to be booked"]
    assert first.xpath("./td[2]//em")[0].text == "to be booked"
    assert second.xpath("./td[2]//strong")[0].text == "all"
    # Raw HTML in a note is shown as text, never run.
    assert "<script>alert('x')</script> is shown as text." in text(first)
    assert not content.xpath(".//script")
    status = content.xpath(".//p[@class='pp-status']")[0]
    assert text(status) == "Current status: Amber since 25 July 2018"


def test_an_intranet_only_update_shows_in_public_only_as_not_published(progress_site: Path) -> None:
    public = history(progress_site / "public", "1.2")
    intranet = history(progress_site / "intranet", "1.2")
    assert [(d, s) for d, s, _ in public] == [("2018-07-25", "not_published"), ("2018-03-15", "green")]
    assert [(d, s) for d, s, _ in intranet] == [("2018-07-25", "red"), ("2018-03-15", "green")]
    assert SECRET_UPDATE in intranet[0][2] and "Internal: not on the public site" in intranet[0][2]
    assert SECRET_UPDATE not in (progress_site / "public" / "delivery" / "actions" / "1-2" / "index.html").read_text("utf-8")


def test_delivery_table_shows_the_current_badge_and_the_latest_date(site: Path, edition: str) -> None:
    tree = page(site, "delivery/od1")
    row = tree.xpath("//tr[@id='action-1-2']")[0]
    cell = row.xpath("./td")[-1]
    badge = cell.xpath(".//span[contains(@class, 'pp-badge')]")[0]
    expected = {"public": ("Not published", "2018-07-25"), "intranet": ("Red", "2018-07-25")}[edition]
    assert (badge.text, cell.xpath(".//time")[0].get("datetime")) == expected


# The dashboard, with the fixture's reference date: the newest update, 25 July 2018.


def dashboard_rows(site: Path, table: str) -> dict[str, lxml.html.HtmlElement]:
    return {row.get("data-ref"): row for row in page(site, "dashboard").xpath(f"//table[@id='{table}']/tbody/tr")}


def test_the_dashboard_is_on_the_intranet_only(progress_site: Path) -> None:
    public, intranet = progress_site / "public", progress_site / "intranet"
    assert not (public / "dashboard").exists()
    assert (intranet / "dashboard" / "index.html").is_file()
    for site, present in ((public, False), (intranet, True)):
        nav = [text(a) for a in page(site, "").xpath("//nav[contains(@class, 'md-nav--primary')]//a")]
        assert ("Dashboard" in nav) is present
        assert ("dashboard/" in (site / "sitemap.xml").read_text("utf-8")) is present
        locations = {doc["location"] for doc in json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]}
        assert any(loc.startswith("dashboard/") for loc in locations) is present


def test_overdue_boundaries(progress_site: Path) -> None:
    site = progress_site / "intranet"
    overdue = dashboard_rows(site, "overdue-actions")
    # 1.4's last meeting was 19 June 2018: 36 days before 25 July.
    assert text(overdue["1.4"].xpath("./td")[2]) == "36"
    # 1.3's last meeting is on the reference date itself: not overdue yet.
    assert "1.3" not in overdue
    # 1.5 was due in March 2018 but is complete.
    assert "1.5" not in overdue
    # 3.1 was due in June 2018 and is amber.
    assert "3.1" in overdue
    lateness = [int(text(row.xpath("./td")[2])) for row in overdue.values()]
    assert lateness == sorted(lateness, reverse=True)
    assert all(n > 0 for n in lateness)


def test_due_soon_boundaries(progress_site: Path) -> None:
    upcoming = dashboard_rows(progress_site / "intranet", "upcoming-actions")
    assert "1.3" in upcoming  # due on the reference date
    assert "4.9" in upcoming  # 23 October 2018: exactly 90 days on
    assert "3.9" not in upcoming  # 24 October 2018: 91 days on
    assert "1.4" not in upcoming  # nothing after June
    assert [li.text_content().split(" (")[0] for li in upcoming["2.1"].xpath(".//li")] == ["11-12 Sep 2018", "15-16 Oct 2018"]


def test_changes_since_the_last_newsletter(progress_site: Path) -> None:
    site = progress_site / "intranet"
    # The last issue on or before 25 July 2018 is Norfolk's of 16 May; the July ratings came after it.
    intro = main(page(site, "dashboard")).xpath(".//h2[@id='changes']/following-sibling::div[1]/p")[0]
    assert text(intro).startswith("Changes dated after Safety planning and family networks (16 May 2018), up to 25 July 2018.")
    link = intro.xpath(".//a/@href")[0]
    assert resolve(site, "dashboard", link) == site / "newsletters" / "2018-05-16-safety-planning-and-family-networks" / "index.html"
    changes = dashboard_rows(site, "rag-changes")
    found = {ref: (row.get("data-before"), row.get("data-after")) for ref, row in changes.items()}
    assert found == {
        "1.1": ("green", "amber"),
        "1.2": ("green", "red"),
        "1.5": ("not_rated", "complete"),
        "2.1": ("amber", "green"),
        "2.2": ("not_rated", "red"),
        "3.1": ("red", "amber"),
        "4.9": ("not_rated", "amber"),
    }
    assert list(found) == sorted(found, key=lambda ref: [int(p) for p in ref.split(".")])


def test_every_dashboard_row_links_to_its_action_page(progress_site: Path) -> None:
    site = progress_site / "intranet"
    tree = page(site, "dashboard")
    rows = tree.xpath("//table[contains(@class, 'pp-dashboard')]/tbody/tr")
    assert len(rows) > 20
    for row in rows:
        href = row.xpath("./th/a/@href")[0]
        target = resolve(site, "dashboard", href)
        assert target.is_file(), href
        assert f"{row.get('data-ref')} " in text(lxml.html.fromstring(target.read_bytes()).xpath("//h1")[0])


# Measures: values, trends and the target, written into the copy's data/measures.yml.


def test_a_measure_with_values_shows_a_table_and_a_trend_chart(site: Path, edition: str) -> None:
    tree = page(site, "measures")
    section = tree.xpath("//div[@data-measure='referrals-per-10000']")[0]
    svg = section.xpath(".//svg[@data-chart='trend']")[0]
    points = [(c.get("data-period"), float(c.get("data-value"))) for c in svg.xpath(".//circle")]
    expected = [("Q3 2017/18", 512.0), ("Q4 2017/18", 498.0), ("Q1 2018/19", 471.0)]
    if edition == "intranet":
        expected.append(("Q2 2018/19", SECRET_VALUE))
    assert points == expected
    xs = [float(c.get("cx")) for c in svg.xpath(".//circle")]
    ys = [float(c.get("cy")) for c in svg.xpath(".//circle")]
    assert xs == sorted(xs) and ys == sorted(ys)  # later is further right; lower values are lower down (larger y)
    target = svg.xpath(".//g[@class='pp-target']")[0]
    assert float(target.get("data-target")) == 450
    target_y = float(target.xpath("./line")[0].get("y1"))
    assert all(y < target_y for y in ys)  # every value is above the target line
    rows = [[text(c) for c in row.xpath("./*")] for row in section.xpath(".//table[contains(@class, 'pp-values')]/tbody/tr")]
    assert [r[0] for r in rows] == [p for p, _ in expected]
    assert rows[0][2] == "512 per 10,000"
    summary = text(section.xpath(".//p[@class='pp-trend-summary']")[0])
    if edition == "public":
        assert summary == (
            "Latest: 471 per 10,000 (Q1 2018/19), down 27 per 10,000 since Q4 2017/18: getting better. "
            "Target: 450 per 10,000, not yet met. Lower is better."
        )
    desc = svg.xpath("./desc")[0].text
    assert desc.startswith("Q3 2017/18: 512 per 10,000; Q4 2017/18: 498 per 10,000; Q1 2018/19: 471 per 10,000")
    assert desc.endswith("Target: 450 per 10,000. Lower is better.")


def test_a_percentage_moves_in_points_towards_a_higher_target(site: Path) -> None:
    section = page(site, "measures").xpath("//div[@data-measure='family-network-engaged']")[0]
    summary = text(section.xpath(".//p[@class='pp-trend-summary']")[0])
    assert summary == "Latest: 71% (Q1 2018/19), up 8.5 percentage points since Q4 2017/18: getting better. Target: 80%, not yet met. Higher is better."


def test_measures_without_values_say_so(site: Path) -> None:
    tree = page(site, "measures")
    cells = [text(row.xpath("./td")[1]) for row in tree.xpath("//table[contains(@class, 'pp-measures')]/tbody/tr")]
    assert len(cells) == 18
    assert cells.count("No values recorded yet") == 15
    assert len(tree.xpath("//svg[@data-chart='trend']")) == 3


def test_norfolk_measures_have_no_values_and_say_so(built_site: Path) -> None:
    tree = page(built_site / "public", "measures")
    cells = [text(row.xpath("./td")[1]) for row in tree.xpath("//table[contains(@class, 'pp-measures')]/tbody/tr")]
    assert cells == ["No values recorded yet"] * 18
    assert "No values have been recorded for any measure yet." in page_text((built_site / "public" / "measures" / "index.html").read_text("utf-8"))
    assert not tree.xpath("//svg[@data-chart]")


def test_an_intranet_only_measure_value_stays_off_the_public_site(progress_site: Path) -> None:
    public = (progress_site / "public" / "measures" / "index.html").read_text("utf-8")
    intranet = (progress_site / "intranet" / "measures" / "index.html").read_text("utf-8")
    assert SECRET_VALUE_NOTE in intranet and SECRET_VALUE_NOTE not in public
    assert "463 per 10,000" in intranet and "463" not in page_text(public)


def test_the_reference_date_is_a_setting(project: Path) -> None:
    write_progress_data(project, reference_date="2018-10-24")
    site = build_project(project) / "intranet"
    lead = text(main(page(site, "dashboard")).xpath(".//p[@class='pp-lead']")[0])
    assert lead.startswith("As at 24 October 2018:")
    upcoming = dashboard_rows(site, "upcoming-actions")
    assert "3.9" in upcoming and "4.9" not in upcoming  # 24 October is day 0; 23 October has passed
    overdue = dashboard_rows(site, "overdue-actions")
    assert "4.9" in overdue and "1.3" in overdue
    plan = json.loads((site / "plan.json").read_text("utf-8"))
    assert plan["reference_date"] == "2018-10-24"
    assert "DTSTAMP:20181024T000000Z" in (site / "milestones.ics").read_text("utf-8")


def test_a_reference_date_that_is_not_a_date_is_reported(project: Path) -> None:
    set_reference_date(project, "25/07/2018")
    result = run_planpress(project, "build")
    assert result.code == 1
    assert "plugins.planpress.reference_date: '25/07/2018' is not written as YYYY-MM-DD; write 2018-07-25" in result.output
    assert not (project / "site" / "public").exists()


@pytest.mark.parametrize("url", ["", "dashboard", "measures", "delivery/actions/1-1", "delivery/od1"])
def test_ids_on_progress_pages_are_unique(progress_site: Path, url: str) -> None:
    # aria-labelledby and in-page links need each id once; the charts and headings add many.
    tree = page(progress_site / "intranet", url)
    ids = tree.xpath("//@id")
    assert len(ids) > 5
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_reference_date_defaults_to_the_day_of_the_build(built_site: Path) -> None:
    # The tests build with SOURCE_DATE_EPOCH=1700000000 (tests/helpers.py): 14 November 2023, 22:13 UTC.
    newest = "2023-11-14"
    for edition in ("public", "intranet"):
        plan = json.loads((built_site / edition / "plan.json").read_text("utf-8"))
        assert plan["reference_date"] == newest
        assert f"DTSTAMP:{newest.replace('-', '')}T000000Z" in (built_site / edition / "milestones.ics").read_text("utf-8")
    lead = text(main(page(built_site / "intranet", "dashboard")).xpath(".//p[@class='pp-lead']")[0])
    day = dt.date.fromisoformat(newest)
    assert lead.startswith(f"As at {day.day} {day:%B %Y}:")
