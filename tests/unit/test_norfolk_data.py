"""The repository's own data: each file validates against its model, and the data is a faithful transcription of the plan.

These check the content, not planpress, so they ask only what any faithful data/ satisfies, however many
quarters of ratings, measure values and intranet-only notes it holds: no count, date or status. The plan's
text (tests/fixtures/plan.txt) must all be there, every action with its milestones, and the plan's files
may add no public words to it. tests/build/test_new_quarter.py runs the same checks on a copy with a quarter added.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import NORFOLK, ROOT
from plan_text import ALLOWED_MISSING, DATA_CHECKS, PLAN_TEXT, data_text, plan_fragments

from macros.model import models

DATA = ROOT / "data"


def model_for(relative: str) -> type[models.BaseModel]:
    if relative in models.FILE_MODELS:
        return models.FILE_MODELS[relative]
    if relative.startswith("delivery/od"):
        return models.DeliveryArea
    return models.RagUpdates


def data_files() -> list[str]:
    found = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yml"))
    return sorted(set(models.FILE_MODELS) | set(found))


@pytest.mark.parametrize("relative", data_files())
def test_file_validates(relative: str) -> None:
    path = DATA / relative
    assert path.exists(), f"missing data file {relative}"
    model_for(relative).model_validate(yaml.safe_load(path.read_text("utf-8")))


def test_part_b_lists_the_delivery_areas_in_order() -> None:
    areas = [models.DeliveryArea.model_validate(yaml.safe_load(p.read_text("utf-8"))) for p in sorted(DATA.glob("delivery/od*.yml"), key=lambda p: int(p.stem[2:]))]
    part_b = models.PartB.model_validate(yaml.safe_load((DATA / "delivery" / "part-b.yml").read_text("utf-8")))
    assert [(label.code, label.title) for label in part_b.structure.areas] == [(area.code, area.title) for area in areas]


@pytest.mark.parametrize("check", list(DATA_CHECKS))
def test_the_data_is_the_plan(check: str) -> None:
    problems = DATA_CHECKS[check](DATA)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_plan_text_is_read_whole() -> None:
    # The seed text itself, not the data: without its fragments the checks above would pass on anything.
    assert len(plan_fragments(PLAN_TEXT)) > 300


def test_allowlist_is_still_needed() -> None:
    """An allowed fragment that the data now holds should come off the list."""
    text = data_text(DATA)
    fragments = set(plan_fragments(PLAN_TEXT))
    for fragment in ALLOWED_MISSING:
        assert fragment in fragments, f"{fragment!r} is not a fragment of the plan"
        assert fragment not in text, f"{fragment!r} is in the data now; remove it from ALLOWED_MISSING"


def test_the_checks_find_a_missing_sentence_and_an_added_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(NORFOLK / "data", data)
    vision = data / "vision.yml"
    text = vision.read_text("utf-8")
    first = next(f for f in plan_fragments(PLAN_TEXT) if f in text and len(f) > 40)
    vision.write_text(text.replace(first, "A sentence the plan never had, in place of one it has."), encoding="utf-8")
    assert any(repr(first) in p for p in DATA_CHECKS["every fragment of the plan is in the data"](data))
    assert any("A sentence the plan never had" in p for p in DATA_CHECKS["the plan's files add no words to the plan"](data))
