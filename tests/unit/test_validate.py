"""What `planpress check` says when everything is valid: each count with its noun, singular for one."""

from __future__ import annotations

from pathlib import Path

from helpers import copy_project, write_yaml

from macros.loading.validate import counted, validate_all


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert [counted(n, "draft") for n in (0, 1, 2)] == ["0 drafts", "1 draft", "2 drafts"]


def test_the_summary_counts_one_draft_and_one_update_in_the_singular(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    write_yaml(root / "data" / "updates" / "2018-10-10.yml", {"updates": [{"action": "1.1", "date": "2018-10-10", "status": "green"}]})
    (root / "newsletters" / "2018-10-24-autumn.md").write_text("---\ntitle: Autumn\ndate: 2018-10-24\nsummary: News.\ndraft: true\n---\n\nNews.\n", "utf-8")
    summary = validate_all(root)
    assert ", 1 RAG update, 4 newsletters (1 draft), " in summary
    assert "4 delivery areas, 28 actions," in summary
