"""`planpress email ISSUE`: where a built issue's email edition is, in each site that has the issue."""

from __future__ import annotations

from pathlib import Path

from macros.cli.building import EDITION_CONFIGS
from macros.loading.newsletters import read_newsletters
from macros.model.audience import PUBLIC
from macros.model.newsletter import NEWSLETTERS_DIR, Newsletter
from macros.outputs.email import EMAIL_FILES


def find_issue(issues: list[Newsletter], name: str) -> Newsletter:
    """The issue that `name` means: its file name or path, its stem, or its date; LookupError saying what there is."""
    wanted = Path(name.strip()).name
    stem = wanted.removesuffix(".md")
    found = [i for i in issues if i.stem == stem]
    if not found:
        found = [i for i in issues if i.date.isoformat() == stem]
    if len(found) == 1:
        return found[0]
    if found:
        raise LookupError(f"{len(found)} issues have the date {stem}: " + ", ".join(i.stem for i in found) + "; name one of them")
    known = ", ".join(i.stem for i in issues[-5:]) or "none yet"
    raise LookupError(f"there is no issue '{name}' in {NEWSLETTERS_DIR}/; name its file, such as 2018-03-22-launch.md, or its date (the newest are {known})")


def email_report(root: Path, name: str) -> tuple[int, str]:
    """(exit code, what to print): the email edition's files of the issue `name` in each built site."""
    try:
        issue = find_issue(read_newsletters(root), name)
    except LookupError as error:
        return 1, f"planpress: {error}"
    if issue.draft:
        return 1, f"planpress: {issue.source} is a draft, and drafts have no email edition; delete its line 'draft: true' and run planpress build"
    editions = [e for e in EDITION_CONFIGS if e != PUBLIC or issue.audience == PUBLIC]
    lines = [f"{issue.title} ({issue.source})"]
    missing = []
    for edition in editions:
        folder = root / "site" / edition / issue.url
        files = [folder / file for file in EMAIL_FILES]
        if not all(f.is_file() for f in files):
            missing.append(edition)
            continue
        lines.append(f"{edition}:")
        lines += [f"  {f.relative_to(root).as_posix()}" for f in files]
    if missing:
        lines.append(f"not built yet in the {' and '.join(missing)} site: run planpress build")
    return (0 if len(missing) < len(editions) else 1), "\n".join(lines)
