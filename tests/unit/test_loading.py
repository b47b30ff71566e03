"""Validation: one invalid file per kind of problem, each with its exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import NORFOLK, ROOT

from macros.loading.project import load_project
from macros.loading.yaml_reader import YamlProblem, parse_yaml
from macros.model.problems import ValidationFailed
from macros.outputs.schema import SCHEMA_FILE, generated_schema_text


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the Norfolk fixture's data to break."""
    target = tmp_path / "data"
    shutil.copytree(NORFOLK / "data", target)
    return target


def problems_of(data: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_project(data)
    return [str(p) for p in caught.value.problems]


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def test_norfolk_data_is_valid() -> None:
    project = load_project(NORFOLK / "data")
    assert [a.code for a in project.areas] == ["OD1", "OD2", "OD3", "OD4"]
    assert project.updates == []


def test_yaml_syntax_error(data: Path) -> None:
    od1 = data / "delivery" / "od1.yml"
    replace(od1, 'heading: "ODI: Leading for learning"', 'heading: "ODI: Leading for learning')
    [message] = problems_of(data)
    assert message.startswith("data/delivery/od1.yml:")
    assert "YAML syntax:" in message


def test_tab_indentation(data: Path) -> None:
    plan = data / "plan.yml"
    replace(plan, "\n  - text: Core Principles", "\n\t- text: Core Principles")
    line = line_of(plan, "\t- text: Core Principles")
    assert problems_of(data) == [f"data/plan.yml:{line}: YAML syntax: this line is indented with a tab; indent with spaces only"]


def test_unknown_key_suggests_the_right_one(data: Path) -> None:
    od2 = data / "delivery" / "od2.yml"
    replace(od2, "    monitoring:\n      - Training Evaluations, audit", "    monitering:\n      - Training Evaluations, audit")
    line = line_of(od2, "monitering:")
    assert problems_of(data) == [
        f"data/delivery/od2.yml:{line}: actions[0].monitering: 'monitering' is not a known field; did you mean 'monitoring'?",
    ]


def test_missing_field_is_reported_when_no_key_resembles_it(data: Path) -> None:
    od2 = data / "delivery" / "od2.yml"
    replace(od2, "    monitoring:\n      - Training Evaluations, audit", "    checked_by:\n      - Training Evaluations, audit")
    parent = line_of(od2, 'ref: "2.1"')
    line = line_of(od2, "checked_by:")
    [missing, unknown] = problems_of(data)
    assert missing == f"data/delivery/od2.yml:{parent}: actions[0].monitoring: is required but missing"
    assert unknown.startswith(f"data/delivery/od2.yml:{line}: actions[0].checked_by: 'checked_by' is not a known field; allowed fields: ref, title, what,")


def test_wrong_type(data: Path) -> None:
    measures = data / "measures.yml"
    replace(measures, 'title: "Measures:"', "title:\n  - Measures")
    line = line_of(measures, "title:")
    assert problems_of(data) == [f"data/measures.yml:{line}: title: expected text, got a list"]


def test_number_where_text_is_expected(data: Path) -> None:
    od3 = data / "delivery" / "od3.yml"
    replace(od3, 'ref: "3.1"', "ref: 3.1")
    line = line_of(od3, "ref: 3.1")
    assert problems_of(data) == [f"data/delivery/od3.yml:{line}: actions[0].ref: expected text, got a number; put it in quotes: '3.1'"]


def test_a_number_is_quoted_back_as_it_was_written(data: Path) -> None:
    """2.10 read as a number is 2.1; the message must say '2.10', or following it would change the ref."""
    od3 = data / "delivery" / "od3.yml"
    replace(od3, 'ref: "3.1"', "ref: 3.10")
    line = line_of(od3, "ref: 3.10")
    assert problems_of(data) == [f"data/delivery/od3.yml:{line}: actions[0].ref: expected text, got a number; put it in quotes: '3.10'"]


@pytest.mark.parametrize(
    "written,message",
    [
        ("31/02/2018", "'31/02/2018' is not a real date"),
        ("2018-02-31", "'2018-02-31' is not a real date"),
        ("15/03/2018", "'15/03/2018' is not written as YYYY-MM-DD; write 2018-03-15"),
        ("March 2018", "'March 2018' is not a date written as YYYY-MM-DD"),
    ],
)
def test_bad_date(data: Path, written: str, message: str) -> None:
    plan = data / "plan.yml"
    replace(plan, "start: 2017-09-01", f"start: {written}")
    assert problems_of(data) == [f"data/plan.yml:{line_of(plan, 'start:')}: start: {message}"]


def test_unknown_rag_status(data: Path) -> None:
    updates = data / "updates" / "2018-05-09.yml"
    updates.write_text('updates:\n  - action: "1.1"\n    date: 2018-05-09\n    status: Amberish\n', encoding="utf-8")
    assert problems_of(data) == [
        "data/updates/2018-05-09.yml:4: updates[0].status: 'Amberish' is not one of red, amber, green, complete, not_rated"
    ]


def test_unknown_audience(data: Path) -> None:
    contacts = data / "contacts.yml"
    replace(contacts, "audience: intranet", "audience: staff")
    assert problems_of(data) == [f"data/contacts.yml:{line_of(contacts, 'audience:')}: audience: 'staff' is not one of public, intranet"]


def test_duplicate_ref(data: Path) -> None:
    od1 = data / "delivery" / "od1.yml"
    replace(od1, 'ref: "1.2"', 'ref: "1.1"')
    first, second = line_of(od1, 'ref: "1.1"'), [i for i, l in enumerate(od1.read_text().splitlines(), 1) if 'ref: "1.1"' in l][1]
    assert problems_of(data) == [f"data/delivery/od1.yml:{second}: actions[1].ref: duplicate ref '1.1'; first used at data/delivery/od1.yml:{first}"]


def test_update_for_an_action_that_does_not_exist(data: Path) -> None:
    (data / "updates" / "2018-05-09.yml").write_text('updates:\n  - action: "9.9"\n    date: 2018-05-09\n    status: green\n', encoding="utf-8")
    assert problems_of(data) == ["data/updates/2018-05-09.yml:2: updates[0].action: no action has ref '9.9'"]


def test_missing_required_field_points_at_its_parent(data: Path) -> None:
    vision = data / "vision.yml"
    text = vision.read_text("utf-8")
    start = text.index("signed_by:")
    vision.write_text(text[:start] + "signed_by:\n  name: Sara Tough\n", encoding="utf-8")
    assert problems_of(data) == [f"data/vision.yml:{line_of(vision, 'signed_by:')}: signed_by.role: is required but missing"]


def test_every_problem_is_reported_at_once(data: Path) -> None:
    replace(data / "plan.yml", "start: 2017-09-01", "start: 31/02/2018")
    replace(data / "contacts.yml", "audience: intranet", "audience: staff")
    replace(data / "delivery" / "od4.yml", "    who:", "    whom:")
    messages = problems_of(data)
    assert len(messages) >= 3
    assert {m.split(":")[0] for m in messages} == {"data/plan.yml", "data/contacts.yml", "data/delivery/od4.yml"}


def test_report_counts_and_says_nothing_was_built(data: Path) -> None:
    replace(data / "plan.yml", "start: 2017-09-01", "start: 31/02/2018")
    with pytest.raises(ValidationFailed) as caught:
        load_project(data)
    assert caught.value.report().splitlines()[-1] == "1 problem found; nothing was built."


def test_aliases_are_refused() -> None:
    with pytest.raises(YamlProblem, match=r"anchors \(&name\) are not allowed"):
        parse_yaml("a: &x [1, 2]\nb: *x\n")


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("title: one\nperiod: x\ntitle: two\n")
    assert caught.value.line == 3
    assert caught.value.message == "'title' appears twice in the same mapping (first on line 1); keep one"


def test_plain_values_keep_dates_as_text() -> None:
    assert parse_yaml("a: 2018-03-15\nb: '1.1'\nc: 1.5\nd: true\ne: ~\nf: 12\n") == {
        "a": "2018-03-15", "b": "1.1", "c": 1.5, "d": True, "e": None, "f": 12,
    }


def test_schema_is_up_to_date() -> None:
    written = (ROOT / "data" / SCHEMA_FILE).read_text("utf-8")
    assert written == generated_schema_text(), "data/plan.schema.json is out of date: run `planpress schema`"
