"""Every mistake in the bad input corpus stops `planpress check` and `planpress build` with its exact message."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from corpus import Case, build_failure, cases
from helpers import ROOT, run_planpress

from macros.loading.project import load_project
from macros.model.problems import ValidationFailed

CASES = cases()


def test_the_corpus_covers_every_kind_of_mistake() -> None:
    names = {case.name for case in CASES}
    assert len(CASES) >= 50
    for needed in (
        "yaml-tab", "yaml-unclosed-quote", "yaml-indent-key-too-deep", "empty-file", "not-utf8", "byte-order-mark",
        "unknown-key", "typo-key", "wrong-types", "date-impossible-uk", "date-impossible-iso", "date-wrong-format",
        "unknown-status", "unknown-audience", "duplicate-action-ref", "update-unknown-action", "yaml-alias-bomb",
        "page-jinja-syntax", "page-unknown-macro", "newsletter-no-front-matter", "newsletter-bad-date",
        "newsletter-same-date-and-slug", "newsletter-jinja-syntax", "newsletter-unknown-macro",
        "link-missing-page", "link-missing-action", "link-missing-anchor", "image-missing", "link-absolute", "link-built-url",
        "link-to-intranet-page", "link-to-draft-issue",
    ):
        assert needed in names
    for case in CASES:
        assert case.files() or (case.folder / "delete.txt").exists(), f"{case.name} changes nothing"
        assert case.expected.endswith("nothing was built.\n"), f"{case.name}'s expected.txt is not a full report"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_its_message(case: Case, project: Path) -> None:
    case.apply(project)
    checked = run_planpress(project, "check")
    assert checked.code == 1
    assert checked.output == case.expected
    built = run_planpress(project, "build")
    assert built.code == 1
    assert built.output == build_failure(case.expected)
    site = project / "site"
    assert not site.exists() or [p.name for p in site.iterdir()] == [], "a failed build left files behind"


MKDOCS_SAMPLE = [
    "yaml-tab", "not-utf8", "typo-key", "date-impossible-uk", "update-unknown-action", "several-files", "page-jinja-syntax",
    "page-unknown-macro", "newsletter-no-front-matter", "newsletter-jinja-syntax", "newsletter-unknown-macro",
]


@pytest.mark.parametrize("name", MKDOCS_SAMPLE)
def test_mkdocs_itself_stops_with_the_same_message(name: str, project: Path, tmp_path: Path) -> None:
    """`planpress build` checks before it starts MkDocs; MkDocs on its own (and so `make serve`) stops with the same lines."""
    case = next(c for c in CASES if c.name == name)
    case.apply(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-intranet.yml", "-d", str(tmp_path / "out")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    first, *rest = case.expected.splitlines()
    lines = [re.sub(r"^ERROR\s+-\s+", "", line) for line in output.splitlines()]
    start = lines.index(first)
    assert lines[start : start + 1 + len(rest)] == [first, *rest]
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "index.html").exists()


def test_make_build_reports_a_bad_input(project: Path) -> None:
    """`make build`, as an editor runs it, stops with the same message and a non-zero exit."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    case = next(c for c in CASES if c.name == "yaml-tab")
    case.apply(project)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    # -o: the linked .venv is this checkout's, already installed; make must not install the copy into it.
    done = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.runtime-installed", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert build_failure(case.expected) in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_failing_macro_call_is_reported_by_page_and_line_without_a_traceback(project: Path) -> None:
    (project / "docs" / "progress.md").write_text(
        '---\ntitle: Progress\n---\n\n# Progress\n\n{{ delivery_area("OD9") }}\n\n{{ home("extra") }}\n', encoding="utf-8"
    )
    built = run_planpress(project, "build")
    assert built.code == 1
    assert built.output == build_failure(
        "docs/progress.md:7: delivery_area('OD9'): there is no delivery area 'OD9' in this edition; choose one of OD1, OD2, OD3, OD4\n"
        "docs/progress.md:9: home('extra'): this macro is written home()\n"
        "2 problems found; nothing was built.\n"
    )
    assert "Traceback" not in built.output and 'File "' not in built.output


def test_an_unexpected_error_is_one_line_not_a_traceback(project: Path) -> None:
    """An error no check foresaw (here, a hook that fails) is one line; the editor is not shown Python internals."""
    (project / "faulty_hook.py").write_text(
        "def on_files(files, config):\n    raise RuntimeError('the hook broke')\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - faulty_hook.py\n", encoding="utf-8")
    built = run_planpress(project, "build")
    assert built.code == 1
    assert built.output == (
        "planpress: neither site was built:\n"
        "planpress stopped on an unexpected error (RuntimeError: the hook broke); if no file you changed explains it, "
        "it is a fault in planpress. Set PLANPRESS_DEBUG=1 to see the details.\n"
        "planpress: nothing in site/ was changed.\n"
    )
    debug = run_planpress(project, "build", env={"PLANPRESS_DEBUG": "1"})
    assert debug.code == 1 and "Traceback" in debug.output


def test_a_config_date_that_is_not_real_is_reported(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("reference_date:\n", 'reference_date: "31/02/2018"\n'), encoding="utf-8")
    built = run_planpress(project, "build")
    assert built.code == 1
    line = next(n for n, text in enumerate(config.read_text("utf-8").split("\n"), 1) if "reference_date:" in text)
    assert f"mkdocs.yml:{line}: plugins.planpress.reference_date: '31/02/2018' is not a real date" in built.output.splitlines()
    assert "Traceback" not in built.output


BOMB_LEVELS = 12


def _alias_bomb(levels: int) -> str:
    """A "billion laughs": each level names the one before nine times, 9**levels strings in all."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where", ["top", "deep"])
def test_an_alias_bomb_is_refused_at_once(project: Path, where: str) -> None:
    bomb = _alias_bomb(BOMB_LEVELS)
    if where == "deep":
        # The bomb hidden inside an otherwise valid update: refused where it starts, not after expanding.
        bomb = 'updates:\n  - action: "1.1"\n    date: 2018-07-25\n    status: green\n    note:\n' + "".join(
            f"      {line}\n" for line in bomb.splitlines()
        )
    (project / "data" / "updates" / "2018-07-25.yml").write_text(bomb, encoding="utf-8")
    # Refused before it expands: the memory the load takes shows it (an expanded bomb takes gigabytes).
    tracemalloc.start()
    with pytest.raises(ValidationFailed) as failure:
        load_project(project / "data")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    line = 1 if where == "top" else 6
    assert [str(p) for p in failure.value.problems] == [
        f"data/updates/2018-07-25.yml:{line}: YAML anchors (&name) are not allowed in plan data; write the text out in full"
    ]
    assert peak < 32 * 1024 * 1024, f"used {peak / 1048576:.1f} MB"
    checked = run_planpress(project, "check", timeout=120)
    assert checked.code == 1 and "YAML anchors (&name) are not allowed" in checked.output


def _ten_megabyte_updates(project: Path) -> Path:
    """A valid updates file of 10 MB: a rating of every action on every day, with a long note."""
    refs = [a.ref for area in load_project(project / "data").areas for a in area.actions]
    note = " ".join(["The steering group reviewed progress on this action and agreed the next steps."] * 12)
    statuses = ["red", "amber", "green", "complete"]
    parts = ["updates:\n"]
    size = 0
    i = 0
    while size < 10 * 1024 * 1024:
        day = dt.date(2018, 1, 1) + dt.timedelta(days=i // len(refs))
        entry = f'  - action: "{refs[i % len(refs)]}"\n    date: {day.isoformat()}\n    status: {statuses[i % 4]}\n    note: {note} ({i})\n'
        parts.append(entry)
        size += len(entry)
        i += 1
    # Many dates in one file: a file whose name is not a meeting's date may hold ratings of any date.
    path = project / "data" / "updates" / "history.yml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def test_a_ten_megabyte_updates_file_is_checked_and_built(project: Path) -> None:
    path = _ten_megabyte_updates(project)
    assert path.stat().st_size >= 10 * 1024 * 1024
    checked = run_planpress(project, "check", timeout=300)
    assert checked.code == 0, checked.output
    assert "RAG updates" in checked.output
    # Every day of the file is a meeting date, so a build with the board papers prints hundreds of highlight
    # reports; the pages are what this test is about. How long the load takes is for `make bench`.
    built = run_planpress(project, "build", env={"PLANPRESS_PDF": "0"}, timeout=600)
    assert built.code == 0, built.output
    page = (project / "site" / "public" / "delivery" / "actions" / "1-1" / "index.html").read_text("utf-8")
    assert "The steering group reviewed progress on this action" in page
