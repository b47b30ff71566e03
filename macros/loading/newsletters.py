"""Reading and checking newsletters/: file names, front matter and the macros in each issue, every problem at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from macros.loading.front_matter import split_front_matter
from macros.loading.macro_check import NEWSLETTER, macro_problems, prose_lines
from macros.loading.project import located_problems
from macros.loading.yaml_reader import (
    YamlProblem,
    collection_paused,
    decode,
    locate,
    parse_yaml,
)
from macros.model.newsletter import NEWSLETTERS_DIR, IssueMeta, Newsletter, unpublishable
from macros.model.problems import Problem, ValidationFailed

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


DOCS_DIR = "docs"
"""Where the site's own pages and files are, beside newsletters/: images are kept under it."""

NOT_ISSUES = {"README.md"}
"""Markdown files in newsletters/ that are notes for writers, not issues."""


SUMMARY_PLACEHOLDER = "Write one or two sentences about this issue: the archive and feed readers show them."
"""The summary `planpress new-newsletter` writes; an issue cannot be published with it."""


def read_newsletters(project_dir: Path | str, *, feed_authority: str | None = None) -> list[Newsletter]:
    """Every issue in newsletters/, drafts and intranet-only issues included, oldest first; every problem at once."""
    project_dir = Path(project_dir)
    docs_dir = project_dir / DOCS_DIR
    folder = project_dir / NEWSLETTERS_DIR
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    issues: list[Newsletter] = []
    with collection_paused():
        for path in sorted(folder.rglob("*.md")):
            if path.name in NOT_ISSUES:
                continue
            name = path.relative_to(project_dir).as_posix()
            try:
                issues.append(read_issue(path, name, feed_authority=feed_authority, docs_dir=docs_dir))
            except ValidationFailed as failure:
                problems.extend(failure.problems)
    problems.extend(_clashes(issues, project_dir))
    if problems:
        raise ValidationFailed(problems)
    return sorted(issues, key=Newsletter.sort_key)


def read_issue(path: Path, name: str, *, feed_authority: str | None = None, docs_dir: Path | None = None) -> Newsletter:
    """Read and check one issue file: its name, its front matter, its images and the macros in its body, every problem at once.

    With `docs_dir`, the lead image its front matter names must be a file there.
    """
    problems: list[Problem] = []
    match = FILE_NAME.match(path.name)
    named_date = None
    if match is None:
        problems.append(Problem(name, 1, "", _bad_name(path.name)))
    else:
        try:
            named_date = dt.date.fromisoformat(match["date"])
        except ValueError:
            problems.append(Problem(name, 1, "", f"the file name's date '{match['date']}' is not a real date"))
    text = decode(path.read_bytes(), name)
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            message = "the front matter that starts on line 1 has no closing '---' line"
        else:
            message = "no front matter: an issue starts with a '---' line, then title:, date: and summary: lines, then another '---' line"
        raise ValidationFailed([*problems, Problem(name, 1, "", message)])
    body_problems, calls = macro_problems(body, name, body_line, NEWSLETTER)
    body_problems += unpublishable_characters(body, name, body_line)
    problems.extend(body_problems)
    problems.extend(image_problems(body, name, body_line))
    try:
        meta = _front_matter(raw, name)
    except ValidationFailed as failure:
        raise ValidationFailed([*problems, *failure.problems]) from None
    if named_date is not None and meta.date.date() != named_date:
        line = locate(raw, ("date",)) + 1
        right = f"{meta.date.date().isoformat()}-{match['slug']}.md" if match else ""
        problems.append(
            Problem(name, line, "date", f"{meta.date.date().isoformat()} does not match the date in the file name, {named_date.isoformat()}; "
                    f"correct the date, or rename the file {right}")
        )
    if not meta.draft and meta.summary == SUMMARY_PLACEHOLDER:
        line = locate(raw, ("summary",)) + 1
        problems.append(Problem(name, line, "summary", "is still the placeholder; write the issue's summary before publishing it"))
    if meta.image is not None and docs_dir is not None and not (docs_dir / meta.image).is_file():
        line = locate(raw, ("image",)) + 1
        problems.append(
            Problem(name, line, "image", f"there is no image {DOCS_DIR}/{meta.image}; put the image there, or correct the path (it is written from the docs folder)")
        )
    if problems or match is None:
        raise ValidationFailed(problems)
    return Newsletter(
        source=name,
        slug=match["slug"],
        title=meta.title,
        published=meta.date,
        summary=meta.summary,
        audience=meta.audience,
        draft=meta.draft,
        explicit_id=meta.id,
        body=body,
        body_line=body_line,
        feed_authority=feed_authority,
        image=meta.image,
        tags=tuple(meta.tags),
        calls=calls,
    )


def unpublishable_characters(text: str, name: str, first_line: int) -> list[Problem]:
    """Each line of `text` (starting at line `first_line` of `name`) that holds a control character, naming it."""
    problems = []
    for number, line in enumerate(text.split("\n"), first_line):
        code = unpublishable(line.rstrip("\r"))
        if code:
            problems.append(Problem(name, number, "", f"this line holds an invisible control character ({code}), which pages, feeds and email cannot carry; it usually comes in with pasted text: retype the line"))
    return problems


_MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>(?:\\.|[^\]\\])*)\]\(\s*<?(?P<src>[^)\s>]*)")
def image_problems(body: str, name: str, body_line: int) -> list[Problem]:
    """Each Markdown image in an issue's body without alt text, at its line; code is not looked in."""
    problems = []
    for number, line in enumerate(prose_lines(body.split("\n")), start=body_line):
        for image in _MARKDOWN_IMAGE.finditer(line):
            if not image["alt"].strip():
                problems.append(
                    Problem(
                        name,
                        number,
                        "",
                        f"the image '{image['src']}' has no alt text; write what it shows between the brackets, "
                        f"such as ![Staff at the May boot camp]({image['src']}), for readers who cannot see it",
                    )
                )
    return problems


def _bad_name(file_name: str) -> str:
    hint = "name the file YYYY-MM-DD-slug.md, such as 2018-03-22-launch.md: the issue's date, then lower-case words joined by hyphens"
    return f"'{file_name}' is not a newsletter file name; {hint}"


def _front_matter(raw: str, name: str) -> IssueMeta:
    try:
        data = parse_yaml(raw)
    except YamlProblem as problem:
        raise ValidationFailed([Problem(name, problem.line + 1, "", problem.message)]) from None
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(name, 2, "", "the front matter between the '---' lines must be 'key: value' lines: title, date and summary")])
    try:
        return IssueMeta.model_validate(data)
    except ValidationError as error:
        # The front matter starts on the file's second line, after the opening '---'.
        raise ValidationFailed(located_problems(error, IssueMeta, raw, name, first_line=2)) from None


def _clashes(issues: list[Newsletter], project_dir: Path) -> list[Problem]:
    """Two issues with one date and slug, or one feed id: readers could not tell them apart."""
    problems: list[Problem] = []
    stems: dict[str, Newsletter] = {}
    keys: dict[str, Newsletter] = {}
    for issue in sorted(issues, key=lambda i: i.source):
        if issue.stem in stems:
            first = stems[issue.stem]
            problems.append(Problem(issue.source, 1, "", f"{first.source} has the same date and name; the two would be one page, so rename one"))
            continue
        stems[issue.stem] = issue
        if issue.feed_key in keys:
            first = keys[issue.feed_key]
            key = "id" if issue.explicit_id else "date"
            what = f"the id '{issue.explicit_id}'" if issue.explicit_id else f"the date {issue.date.isoformat()}"
            problems.append(
                Problem(
                    issue.source,
                    _line_of(project_dir / issue.source, key),
                    key,
                    f"{first.source} has {what} too, and feed readers tell issues apart by date; add a line such as "
                    f"'id: {issue.slug}' to this issue's front matter (and never change it once published)",
                )
            )
            continue
        keys[issue.feed_key] = issue
    return problems


def _line_of(path: Path, key: str) -> int:
    raw, _, _ = split_front_matter(path.read_text("utf-8"))
    return locate(raw or "", (key,)) + 1


def area_problems(issues: Iterable[Newsletter], codes: Iterable[str]) -> list[Problem]:
    """Delivery areas that issues' macros name and the plan does not have, by file and line."""
    known = list(codes)
    problems = []
    for issue in issues:
        for name, args, line in issue.calls:
            for code in args:
                if code not in known:
                    problems.append(Problem(issue.source, line, "", f"{name}: the plan has no delivery area '{code}'; its areas are {', '.join(known)}"))
    return problems
