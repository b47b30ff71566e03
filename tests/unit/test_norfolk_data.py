"""Norfolk's data files: each validates against its model, the plan's shape is complete, and
every fragment of the plan's text is in the data (a check that the transcription is faithful)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
PLAN_TEXT = ROOT / "tests" / "fixtures" / "plan.txt"

sys.path.insert(0, str(ROOT / "tests"))
from plan_text import normalise, plan_fragments  # noqa: E402


def _load_models():
    """Import macros/model/models.py, by path if the macros package cannot be imported on its own."""
    try:
        sys.path.insert(0, str(ROOT))
        from macros import models

        return models
    except Exception:  # pragma: no cover - macros/__init__.py may need the site's dependencies
        name = "planpress_models_under_test"
        spec = importlib.util.spec_from_file_location(name, ROOT / "macros" / "model" / "models.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module


models = _load_models()

AREA_FILES = [f"delivery/od{n}.yml" for n in range(1, 5)]
EXPECTED_REFS = (
    [f"1.{n}" for n in range(1, 6)]
    + [f"2.{n}" for n in range(1, 13)]
    + [f"3.{n}" for n in range(1, 6)]
    + [f"4.{n}" for n in range(1, 7)]
)

# Fragments of the plan that are layout rather than text, each with the reason it is not in the data.
ALLOWED_MISSING: dict[str, str] = {}

# Keys whose values are codes or settings, not the plan's text.
NON_TEXT_KEYS = {"audience", "kind", "status", "id", "language", "date", "end", "ordered", "page"}


def load(relative: str):
    with open(DATA / relative, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def data_files() -> list[str]:
    files = list(models.FILE_MODELS) + AREA_FILES
    return files + sorted(p.relative_to(DATA).as_posix() for p in (DATA / "updates").glob("*.yml"))


def model_for(relative: str):
    if relative in models.FILE_MODELS:
        return models.FILE_MODELS[relative]
    if relative.startswith("delivery/od"):
        return models.DeliveryArea
    return models.RagUpdates


@pytest.mark.parametrize("relative", data_files())
def test_file_validates(relative):
    path = DATA / relative
    assert path.exists(), f"missing data file {relative}"
    model_for(relative).model_validate(load(relative))


def areas():
    return [models.DeliveryArea.model_validate(load(f)) for f in AREA_FILES]


def test_actions_complete_and_in_order():
    refs = [action.ref for area in areas() for action in area.actions]
    assert len(refs) == 28  # 5 + 12 + 5 + 6
    assert refs == EXPECTED_REFS


def test_area_codes():
    assert [area.code for area in areas()] == ["OD1", "OD2", "OD3", "OD4"]
    part_b = models.PartB.model_validate(load("delivery/part-b.yml"))
    assert [label.code for label in part_b.structure.areas] == ["OD1", "OD2", "OD3", "OD4"]
    assert [label.title for label in part_b.structure.areas] == [area.title for area in areas()]


def test_counts():
    assert len(models.Measures.model_validate(load("measures.yml")).items) == 18
    assert [p.number for p in models.PartA.model_validate(load("priorities.yml")).priorities] == [1, 2, 3]
    assert len(models.PartB.model_validate(load("delivery/part-b.yml")).structure.areas) == 4


def test_milestone_texts_rebuild_the_cell():
    """Each action's milestones, read in order, are the plan's whole 'By when' cell."""
    rows = {}
    for line in PLAN_TEXT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and re.fullmatch(r"\d+\.\d+", cells[0]):
            rows[cells[0]] = normalise(cells[2])
    for area in areas():
        for action in area.actions:
            assert normalise(" ".join(m.text for m in action.by_when)) == rows[action.ref], action.ref


def _texts(value, key=None):
    """The text of a data file, in order, skipping codes and settings."""
    if key in NON_TEXT_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if key == "signed_by":  # a signature reads "Name, Role"
            yield f"{value.get('name', '')}, {value.get('role', '')}"
            return
        for child_key, child in value.items():
            yield from _texts(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child, key)


def _plain(markdown: str) -> str:
    """Markdown to the words a reader sees: no emphasis markers, list markers or line breaks."""
    text = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+\.)[ \t]+", "", markdown)
    text = text.replace("**", "").replace("*", "")
    return normalise(text)


def all_data_text() -> str:
    files = [f for f in data_files() if not f.startswith("updates/")]
    return " ".join(_plain(text) for relative in files for text in _texts(load(relative)))


def test_every_plan_fragment_is_in_the_data():
    fragments = plan_fragments(PLAN_TEXT)
    assert len(fragments) > 300
    text = all_data_text()
    missing = [f for f in fragments if f not in text and f not in ALLOWED_MISSING]
    assert not missing, f"{len(missing)} of {len(fragments)} plan fragments are not in the data:\n" + "\n".join(
        f"  {f!r}" for f in missing
    )


def test_allowlist_is_still_needed():
    """An allowed fragment that the data now holds should come off the list."""
    text = all_data_text()
    fragments = set(plan_fragments(PLAN_TEXT))
    for fragment in ALLOWED_MISSING:
        assert fragment in fragments, f"{fragment!r} is not a fragment of the plan"
        assert fragment not in text, f"{fragment!r} is in the data now; remove it from ALLOWED_MISSING"


# Files that hold the site's own text rather than the plan's.
SITE_TEXT_FILES = {"about.yml", "contacts.yml"}
# Plan-file values that are not the plan's words: (file, value, reason).
NOT_FROM_PLAN = {
    ("plan.yml", "Norfolk Safeguarding Children Board"): "partnership name; the plan writes it only in capitals",
    ("plan.yml", "Norfolk SofS plan"): "the site's short name for a phone's header; SofS is the plan's own abbreviation",
}


def test_plan_files_add_no_words():
    """The converse check: every paragraph and list item in the plan's files is the plan's own text."""
    plan = " ".join(plan_fragments(PLAN_TEXT))
    added = []
    for relative in data_files():
        if relative in SITE_TEXT_FILES or relative.startswith("updates/"):
            continue
        for text in _texts(load(relative)):
            for part in re.split(r"\n\s*\n|\n(?=- )", text):
                plain = _plain(part)
                if not plain or re.fullmatch(r"\d+\.\d+", plain) or (relative, plain) in NOT_FROM_PLAN:
                    continue
                if plain not in plan:
                    added.append(f"{relative}: {plain!r}")
    assert not added, "text in the data that is not in the plan:\n" + "\n".join(added)
