"""The benchmark's generator writes a plan planpress accepts and builds, so the benchmark cannot rot."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from helpers import build_project, copy_project
from site_text import page_text

from macros.loading.front_matter import page_audiences, read_docs
from macros.loading.project import load_project
from macros.views.markup import plain_text

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("planpress_bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _generator()


@pytest.fixture(scope="module")
def norfolk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Norfolk fixture as a whole project, settings and code included, for the generator to take its words from."""
    return copy_project(tmp_path_factory.mktemp("source") / "norfolk")


def test_scale_one_validates_and_has_the_documented_size(tmp_path: Path, norfolk: Path) -> None:
    root = generate.generate(tmp_path / "plan", 1, source=norfolk)
    project = load_project(root / "data")
    actions = [a for area in project.areas for a in area.actions]
    assert len(project.areas) == 4
    assert len(actions) == 28
    assert len(project.updates) == 28 * generate.QUARTERS
    assert len(list((root / "data" / "updates").glob("*.yml"))) == generate.QUARTERS
    assert sum(len(m.values) for m in project.measures.items) == 18
    assert len(list((root / "newsletters").glob("*.md"))) == generate.NEWSLETTERS_PER_SCALE
    assert page_audiences(read_docs(root / "docs", root).pages, root)
    # Some items are intranet-only, so the two editions differ as they do in a real plan.
    assert any(u.audience == "intranet" for u in project.updates)


def test_scale_grows_areas_not_area_size(tmp_path: Path, norfolk: Path) -> None:
    root = generate.generate(tmp_path / "plan", 3, newsletters=0, source=norfolk)
    project = load_project(root / "data")
    assert [a.code for a in project.areas] == [f"OD{n}" for n in range(1, 13)]
    assert [len(a.actions) for a in project.areas[4:8]] == [len(a.actions) for a in project.areas[:4]]
    # Every area is reachable from the delivery plan's list, since the nav lists only OD1 to OD4.
    assert [label.code for label in project.part_b.structure.areas] == [a.code for a in project.areas]
    # Text is drawn afresh for each action, so no two actions share their words.
    whats = [a.what for area in project.areas for a in area.actions]
    assert len(set(whats)) == len(whats)


def test_with_several_plans_each_issue_reports_on_one(tmp_path: Path, norfolk: Path) -> None:
    from macros.loading.newsletters import read_newsletters

    root = generate.generate(tmp_path / "plan", 3, newsletters=7, source=norfolk)
    named = []
    for issue in read_newsletters(root):
        calls = list(issue.calls)
        assert [name for name, _, _ in calls] == ["rag_summary", "rag_changes", "upcoming_milestones"]
        assert len({args for _, args, _ in calls}) == 1
        named.append(calls[0][1])
    plans = [tuple(f"OD{n}" for n in range(first, first + 4)) for first in (1, 5, 9)]
    assert sorted(set(named)) == plans and len(named) == 7
    # One plan: the macros cover the whole plan, as the Norfolk issues do.
    single = generate.generate(tmp_path / "one", 1, source=norfolk)
    assert all("{{ rag_summary() }}" in p.read_text("utf-8") for p in (single / "newsletters").glob("*.md"))


def test_same_scale_same_project(tmp_path: Path, norfolk: Path) -> None:
    first = generate.generate(tmp_path / "a", 1, source=norfolk)
    second = generate.generate(tmp_path / "b", 1, source=norfolk)
    for path in sorted((first / "data").rglob("*.yml")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_scale_one_builds(tmp_path: Path, norfolk: Path) -> None:
    root = generate.generate(tmp_path / "plan", 1, source=norfolk)
    # The pages, as the benchmark builds them: its 40 meetings' highlight reports would take a minute to print.
    site = build_project(root, env={"PLANPRESS_PDF": "0"})
    assert not (site / "intranet" / "plan.pdf").exists()
    project = load_project(root / "data")
    area = project.areas[1]
    action = area.actions[0]
    html = (site / "intranet" / "delivery" / "actions" / action.ref.replace(".", "-") / "index.html").read_text("utf-8")
    text = " ".join(page_text(html).split())
    assert " ".join(plain_text(action.what).split()) in text
    assert (site / "public" / "delivery" / area.code.lower() / "index.html").is_file()


def test_date_lookups_on_a_generated_plan_match_a_scan(tmp_path: Path, norfolk: Path) -> None:
    import datetime as dt

    from macros.views.plan_site import PlanSite

    root = generate.generate(tmp_path / "plan", 1, newsletters=0, source=norfolk)
    site = PlanSite(load_project(root / "data"), "public")
    for offset in range(-100, 4000, 97):
        day = generate.FIRST_MEETING + dt.timedelta(days=offset)
        scan = {s: 0 for s in site.summary()}
        for view in site.actions:
            scan[site.rag.status(view.ref, day)] += 1
        assert site.summary_on(day) == scan
        end = day + dt.timedelta(days=90)
        due = [(m, v) for v in site.actions for m in v.action.by_when if m.due is not None and day <= m.due <= end]
        due.sort(key=lambda pair: (pair[0].due, [int(p) for p in pair[1].ref.split(".")]))
        assert site.milestones_due(day, end) == due
