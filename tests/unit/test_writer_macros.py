"""The macros newsletter writers use: each takes its dates from the issue it is in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import NORFOLK
from site_text import elements, page_text

from macros.loading.project import load_project
from macros.model.models import RagUpdate, Status
from macros.views.issues import collect_newsletters
from macros.views.plan_site import PlanSite, add_months

UPDATES = [
    ("1.1", "2018-03-15", "green"),
    ("2.4", "2018-05-09", "amber"),
    ("1.1", "2018-07-25", "amber"),
    ("2.4", "2018-07-25", "red"),
]


def write_issue(root: Path, stem: str, front: str = "") -> None:
    folder = root / "newsletters"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.md").write_text(f"---\ntitle: {stem}\ndate: {stem[:10]}\nsummary: News.\n{front}---\n\n{{{{ rag_summary() }}}}\n", "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> PlanSite:
    root = tmp_path_factory.mktemp("issues")
    for stem in ("2018-03-22-one", "2018-05-16-two", "2018-08-01-three"):
        write_issue(root, stem)
    write_issue(root, "2018-06-01-draft", "draft: true\n")
    updates = [RagUpdate(action=ref, date=dt.date.fromisoformat(day), status=Status(status)) for ref, day, status in UPDATES]
    project = load_project(NORFOLK / "data").model_copy(update={"updates": updates})
    return PlanSite(project, "public", newsletters=collect_newsletters(root, "public", drafts=True))


def url(stem: str) -> str:
    return f"newsletters/{stem}/"


def change_rows(html: str) -> list[str]:
    """Each changed action's row as text: ref, title, was, now, rated on."""
    rows = html.split("<tr>")[2:]
    return [page_text(row, main_only=False) for row in rows]


def test_changes_since_the_previous_issue(site: PlanSite) -> None:
    html = str(site.rag_changes(page_url=url("2018-05-16-two")))
    text = page_text(html, main_only=False)
    assert "after the previous issue (22 March 2018), up to 16 May 2018" in text
    assert change_rows(html) == ["2.4 Further training on safety planning and family networks Not yet rated Amber 9 May 2018"]
    # The link goes from the issue's page to the action's page.
    assert [a["href"] for a in elements(html, "a")] == ["../../delivery/actions/2-4/"]


def test_the_first_issue_covers_the_plan_from_its_start(site: PlanSite) -> None:
    html = str(site.rag_changes(page_url=url("2018-03-22-one")))
    assert "from the start of the plan (1 September 2017) up to 22 March 2018" in page_text(html, main_only=False)
    assert change_rows(html) == ["1.1 EIP SofS Leadership Development Programme Not yet rated Green 15 March 2018"]


def test_later_changes_go_from_what_to_what(site: PlanSite) -> None:
    html = str(site.rag_changes(page_url=url("2018-08-01-three")))
    # The draft of 1 June is not a previous issue: the period starts at the last published one.
    assert "after the previous issue (16 May 2018), up to 1 August 2018" in page_text(html, main_only=False)
    assert change_rows(html) == [
        "1.1 EIP SofS Leadership Development Programme Green Amber 25 July 2018",
        "2.4 Further training on safety planning and family networks Amber Red 25 July 2018",
    ]


def test_no_changes_is_said_plainly(site: PlanSite) -> None:
    html = str(site.rag_changes(page_url=url("2018-06-01-draft")))
    assert "No action's RAG rating changed in this period." in page_text(html, main_only=False)


def test_summary_as_at_the_issue_date(site: PlanSite) -> None:
    def counts(stem: str) -> dict[str, int]:
        items = str(site.rag_summary(page_url=url(stem))).split("<li>")[1:]
        return dict((words.rsplit(" ", 1)[0], int(words.rsplit(" ", 1)[1])) for words in (page_text(i, main_only=False) for i in items))

    # An old issue keeps what was true then, though later updates changed the current status.
    assert counts("2018-05-16-two") == {"Red": 0, "Amber": 1, "Green": 1, "Complete": 0, "Not yet rated": 26}
    assert counts("2018-03-22-one") == {"Red": 0, "Amber": 0, "Green": 1, "Complete": 0, "Not yet rated": 27}
    assert counts("2018-08-01-three") == {"Red": 1, "Amber": 1, "Green": 0, "Complete": 0, "Not yet rated": 26}
    assert "Status of the 28 actions on 16 May 2018" in page_text(str(site.rag_summary(page_url=url("2018-05-16-two"))), main_only=False)


def test_milestones_due_in_the_three_months_after_the_issue(site: PlanSite) -> None:
    html = str(site.upcoming_milestones(page_url=url("2018-05-16-two")))
    assert "from 17 May 2018 to 16 August 2018" in page_text(html, main_only=False)
    rows = html.split("<tr>")[2:]
    # A milestone is due on its last day; each row's last <time> is that day. Soonest first, all in the window.
    due = [[t["datetime"] for t in elements(row, "time")][-1] for row in rows]
    assert due == sorted(due)
    assert due and all("2018-05-17" <= day <= "2018-08-16" for day in due)
    refs = [e["href"].split("/")[-2] for e in elements(html, "a")]
    assert "1-3" in refs  # the steering group meeting of 25/07/2018
    assert "2-2" not in refs  # quality assurance of foundation training, due August 2018, falls after 16 August
    assert "2-3" not in refs  # practice leader training, 16-20 April 2018, was before the issue


def test_each_macro_can_report_on_the_areas_it_names(site: PlanSite) -> None:
    issue = url("2018-08-01-three")
    # Changes: 1.1 (OD1) and 2.4 (OD2) changed; naming OD2 leaves out 1.1.
    html = str(site.rag_changes("OD2", page_url=issue))
    assert change_rows(html) == ["2.4 Further training on safety planning and family networks Amber Red 25 July 2018"]
    assert "Ratings of actions in OD2 changed after the previous issue (16 May 2018)" in page_text(html, main_only=False)
    assert [a["href"] for a in elements(html, "a")] == ["../../delivery/od2/", "../../delivery/actions/2-4/"]
    assert "No action's RAG rating changed" in page_text(str(site.rag_changes("OD3", "OD4", page_url=issue)), main_only=False)

    # Summary: only the named areas' actions are counted, in plan order of areas whatever the order written.
    summary = page_text(str(site.rag_summary("OD3", "OD1", page_url=issue)), main_only=False)
    od1, od3 = len(site.area_actions("OD1")), len(site.area_actions("OD3"))
    assert f"Status of the {od1 + od3} actions in OD1 and OD3 on 1 August 2018" in summary
    assert "Amber 1" in summary and "Red 0" in summary and f"Not yet rated {od1 + od3 - 1}" in summary

    # Milestones: the whole plan's, filtered to the areas, still soonest first.
    every = str(site.upcoming_milestones(page_url=url("2018-05-16-two")))
    od2 = str(site.upcoming_milestones("OD2", page_url=url("2018-05-16-two")))
    refs = [e["href"].split("/")[-2] for e in elements(od2, "a")]
    assert refs[0] == "od2" and refs[1:] and all(ref.startswith("2-") for ref in refs[1:])
    every_od2 = [e["href"].split("/")[-2] for e in elements(every, "a") if e["href"].split("/")[-2].startswith("2-")]
    assert refs[1:] == every_od2
    assert "Milestones of actions in OD2 the plan dates from 17 May 2018" in page_text(od2, main_only=False)


def test_an_area_the_plan_lacks_is_a_failed_call(site: PlanSite) -> None:
    with pytest.raises(LookupError, match="no delivery area 'OD9'"):
        site.rag_summary("OD9", page_url=url("2018-05-16-two"))


def test_on_another_page_the_period_starts_at_the_latest_issue(site: PlanSite) -> None:
    since, until, issue = site.issue_period("dashboard/")
    assert issue is None and until == site.reference_date
    assert since == dt.date(2018, 8, 1)


@pytest.mark.parametrize(
    "day,months,expected",
    [("2018-05-16", 3, "2018-08-16"), ("2018-11-30", 3, "2019-02-28"), ("2020-11-30", 3, "2021-02-28"), ("2019-11-30", 3, "2020-02-29")],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected
