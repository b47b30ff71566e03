"""Front matter of Markdown files, and the audience of every page in docs/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from macros.loading.yaml_reader import YamlProblem, decode, parse_yaml
from macros.model.audience import EDITIONS, PUBLIC
from macros.model.problems import Problem, ValidationFailed, shown_path


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def read_front_matter(path: Path, name: str) -> tuple[dict[str, Any], str, int]:
    """A Markdown file's front matter as a mapping, its body, and the body's first line."""
    text = decode(path.read_bytes(), name)
    raw, body, start = split_front_matter(text)
    if raw is None:
        return {}, body, start
    try:
        meta = parse_yaml(raw) or {}
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line + 1, "", problem.message)]) from None
    if not isinstance(meta, dict):
        raise ValidationFailed([Problem(name, 2, "", "the front matter between the '---' lines must be 'key: value' lines")])
    return meta, body, start


def page_audience(meta: dict[str, Any], text_lines: list[str], name: str) -> str:
    """A page's audience from its front matter, or a located problem."""
    audience = meta.get("audience", PUBLIC)
    if audience not in EDITIONS:
        line = next((i + 1 for i, l in enumerate(text_lines) if l.startswith("audience:")), 1)
        raise ValidationFailed([Problem(name, line, "audience", f"'{audience}' is not one of {', '.join(EDITIONS)}")])
    return str(audience)


def docs_audiences(docs_dir: Path, project_dir: Path) -> dict[str, str]:
    """The audience of every Markdown page in docs/, by its docs-relative path."""
    problems: list[Problem] = []
    found: dict[str, str] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        name = shown_path(path, project_dir)
        try:
            meta, _, _ = read_front_matter(path, name)
            found[path.relative_to(docs_dir).as_posix()] = page_audience(meta, path.read_text("utf-8").split("\n"), name)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    return found


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter that quotes whatever it must."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"
