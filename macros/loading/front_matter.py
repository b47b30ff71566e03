"""Front matter of Markdown files, and the audience of every page in docs/."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
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


class _Lines:
    """A file's lines, read when first asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[str]:
        return iter(self.path.read_text("utf-8").split("\n"))


def page_audience(meta: dict[str, Any], text_lines: Iterable[str], name: str) -> str:
    """A page's audience from its front matter, or a located problem."""
    audience = meta.get("audience", PUBLIC)
    if audience not in EDITIONS:
        line = next((i + 1 for i, l in enumerate(text_lines) if l.startswith("audience:")), 1)
        raise ValidationFailed([Problem(name, line, "audience", f"'{audience}' is not one of {', '.join(EDITIONS)}")])
    return str(audience)


@dataclass(frozen=True)
class DocsPage:
    """A Markdown page of docs/: its front matter and body."""

    src: str
    file: str
    meta: Mapping[str, Any]
    body: str
    body_line: int

    @property
    def audience(self) -> str:
        return str(self.meta.get("audience", PUBLIC))

    @property
    def rendered(self) -> bool:
        """Whether mkdocs-macros renders the page: unless its front matter says `render_macros: false`."""
        return self.meta.get("render_macros") is not False


@dataclass(frozen=True)
class DocsFiles:
    """What docs/ holds: its Markdown pages, read once, and every other file, by docs path."""

    pages: list[DocsPage]
    others: frozenset[str]


def read_docs(docs_dir: Path, project_dir: Path) -> DocsFiles:
    """Every Markdown page of docs/, and every other file there, by docs path (as MkDocs's get_files walks it)."""
    pages: list[DocsPage] = []
    others: set[str] = set()
    problems: list[Problem] = []
    for here, subdirs, names in os.walk(docs_dir, followlinks=True):
        subdirs.sort()
        for name in sorted(names):
            path = Path(here) / name
            src = path.relative_to(docs_dir).as_posix()
            if not name.endswith(".md"):
                others.add(src)
                continue
            shown = shown_path(path, project_dir)
            try:
                meta, body, start = read_front_matter(path, shown)
            except ValidationFailed as failure:
                problems.extend(failure.problems)
                continue
            pages.append(DocsPage(src, shown, meta, body, start))
    if problems:
        raise ValidationFailed(problems)
    return DocsFiles(pages, frozenset(others))


def page_audiences(pages: list[DocsPage], project_dir: Path) -> dict[str, str]:
    """The audience of every page, by its docs-relative path; every page with an unknown one, by its line."""
    problems: list[Problem] = []
    found: dict[str, str] = {}
    for page in pages:
        try:
            # The file's lines are read only to locate a mistake.
            found[page.src] = page_audience(dict(page.meta), _Lines(project_dir / page.file), page.file)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    return found


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter that quotes whatever it must."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"
