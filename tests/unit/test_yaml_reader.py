"""The quick YAML reader gives the careful reader's values, and leaves every problem to it."""

from __future__ import annotations

import pytest

from macros.loading.yaml_reader import (
    YamlProblem,
    _read_carefully,
    _read_quickly,
    parse_yaml,
)

VALID = [
    "a: 1\nb: [x, 'y', 2.5, true, ~]\nc: {d: e}\n",
    "updates:\n  - action: '1.1'\n    date: 2018-07-25\n    status: green\n    note: Done.\n",
    "- one\n- two: 2\n  three: [3]\n",
    "1: numeric key\ntrue: boolean key\n",
    "text: |\n  two\n  lines\n",
    "plain scalar\n",
    "---\nkey: value\n",
    'key: ! "quoted, with the non-specific tag"\n',
    "",
]

PROBLEMS = [
    "a: &x 1\nb: *x\n",
    "a: &x [1]\n",
    "a: !!str 1\n",
    "a: !custom {b: 1}\n",
    "a: 1\na: 2\n",
    "? [a, b]\n: value\n",
    "~: value\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a:\n\tb: 1\n",
]


@pytest.mark.parametrize("text", VALID)
def test_quick_reader_gives_the_same_values(text: str) -> None:
    assert _read_quickly(text) == _read_carefully(text)
    assert parse_yaml(text) == _read_carefully(text)


@pytest.mark.parametrize("text", PROBLEMS)
def test_problems_are_reported_by_the_careful_reader(text: str) -> None:
    with pytest.raises(YamlProblem) as careful:
        _read_carefully(text)
    with pytest.raises(YamlProblem) as quick:
        parse_yaml(text)
    assert (quick.value.line, quick.value.message) == (careful.value.line, careful.value.message)
    with pytest.raises(Exception):
        _read_quickly(text)


def test_plain_scalars_are_resolved_and_quoted_ones_are_not() -> None:
    assert _read_quickly("a: 3.1\nb: ~\nc: true\nd: '3.1'\ne: 2018-07-25\n") == {"a": 3.1, "b": None, "c": True, "d": "3.1", "e": "2018-07-25"}
