"""One YAML reader gives the values; a file it refuses is diagnosed, with what is wrong and on which line."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from macros.loading.yaml_reader import YamlProblem, _Irregular, _read, locate, parse_yaml

VALID: list[tuple[str, Any]] = [
    ("a: 1\nb: [x, 'y', 2.5, true, ~]\nc: {d: e}\n", {"a": 1, "b": ["x", "y", 2.5, True, None], "c": {"d": "e"}}),
    (
        "updates:\n  - action: '1.1'\n    date: 2018-07-25\n    status: green\n    note: Done.\n",
        {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green", "note": "Done."}]},
    ),
    ("- one\n- two: 2\n  three: [3]\n", ["one", {"two": 2, "three": [3]}]),
    ("1: numeric key\ntrue: boolean key\n", {"1": "numeric key", "true": "boolean key"}),
    ("text: |\n  two\n  lines\n", {"text": "two\nlines\n"}),
    ("plain scalar\n", "plain scalar"),
    ("---\nkey: value\n", {"key": "value"}),
    ('key: ! "quoted, with the non-specific tag"\n', {"key": "quoted, with the non-specific tag"}),
    ("a: 3.1\nb: ~\nc: true\nd: '3.1'\ne: 2018-07-25\nf: True words\n", {"a": 3.1, "b": None, "c": True, "d": "3.1", "e": "2018-07-25", "f": "True words"}),
    ("", None),
]

PROBLEMS = [
    ("a: &x 1\nb: *x\n", 1, "YAML anchors (&name) are not allowed in plan data; write the text out in full"),
    ("a: &x [1]\n", 1, "YAML anchors (&name) are not allowed in plan data; write the text out in full"),
    ("a: !!str 1\n", 1, "YAML tags such as !!str are not allowed in plan data; remove '!!str' and write the value as plain text"),
    ("a: !custom {b: 1}\n", 1, "YAML tags such as !custom are not allowed in plan data; remove '!custom' and write the value as plain text"),
    ("a: 1\na: 2\n", 2, "'a' appears twice in the same mapping (first on line 1); keep one"),
    ("? [a, b]\n: value\n", 1, "a key must be plain text"),
    ("~: value\n", 1, "a key must be plain text"),
    ("a: 1\n---\nb: 2\n", 2, "a data file holds one YAML document; remove the second '---'"),
    ("a: [1, 2\n", 1, "YAML syntax: the '[' on this line is never closed; add ']', or put the text in quotes"),
    ("a:\n\tb: 1\n", 2, "YAML syntax: this line is indented with a tab; indent with spaces only"),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_the_reader_gives_plain_values_dates_staying_text(text: str, expected: Any) -> None:
    assert parse_yaml(text) == expected


@pytest.mark.parametrize(("text", "line", "message"), PROBLEMS)
def test_a_refused_file_is_diagnosed_by_line(text: str, line: int, message: str) -> None:
    with pytest.raises((_Irregular, yaml.YAMLError)):
        _read(text)
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text)
    assert (problem.value.line, problem.value.message) == (line, message)


def test_locate_finds_the_deepest_line_along_a_path_and_a_missing_key_its_parent() -> None:
    text = "updates:\n  - action: '1.1'\n    status: green\n  - action: '1.2'\n"
    assert locate(text, ("updates", 0, "status")) == 3
    assert locate(text, ("updates", 1, "note")) == 4
    assert locate(text, ("missing",)) == 1
