"""One edition's newsletter issues in order, linked to their neighbours, and each issue page's Markdown."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path

from macros.loading.front_matter import front_matter
from macros.loading.macro_check import protect_code
from macros.loading.newsletters import read_newsletters
from macros.model.audience import INTRANET, PUBLIC
from macros.model.newsletter import Newsletter
from macros.views.markup import plain_text


def collect_newsletters(project_dir: Path | str, edition: str, drafts: bool = False, *, feed_authority: str | None = None) -> list[Newsletter]:
    """The issues `edition` shows, newest first, each linked to its previous and next published issue."""
    issues = read_newsletters(project_dir, feed_authority=feed_authority)
    return link_issues(issues, edition, drafts)


def link_issues(issues: Iterable[Newsletter], edition: str, drafts: bool = False) -> list[Newsletter]:
    """Keep what `edition` shows and link neighbours; drafts link to published issues, never the other way."""
    shown = [i for i in issues if (edition == INTRANET or i.audience == PUBLIC) and (drafts or not i.draft)]
    shown.sort(key=Newsletter.sort_key)
    published = [i for i in shown if not i.draft]
    linked: dict[str, Newsletter] = {i.source: dataclasses.replace(i) for i in shown}
    # Bisect the published issues' keys: comparing every issue with every other is slow for years of issues.
    keys = [p.sort_key() for p in published]
    for issue in shown:
        key = issue.sort_key()
        before = bisect_left(keys, key)
        after = bisect_right(keys, key)
        target = linked[issue.source]
        object.__setattr__(target, "previous", linked[published[before - 1].source] if before > 0 else None)
        object.__setattr__(target, "next", linked[published[after].source] if after < len(published) else None)
    return [linked[i.source] for i in reversed(shown)]


def issue_page(issue: Newsletter) -> str:
    """The Markdown of an issue's page: its title, and its body with code protected from the macros."""
    return front_matter(issue_meta(issue)) + issue_body(issue)


def issue_meta(issue: Newsletter) -> dict[str, str]:
    """An issue page's title and description, as plain text."""
    # Plain text: the hooks escape every page's title and description in one place (see markup.page_title).
    return {"title": issue.title, "description": plain_text(issue.summary)}


def issue_body(issue: Newsletter) -> str:
    """An issue page's Markdown: its body with code protected from the macros."""
    return protect_code(issue.body).strip("\n") + "\n"
