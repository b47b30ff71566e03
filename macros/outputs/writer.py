"""Files written at each site's root beside the pages: feeds, exports, each issue's email edition and the board papers (PDF)."""

from __future__ import annotations

from pathlib import Path

from macros.outputs.changes import write_changes
from macros.outputs.email import write_email_editions
from macros.outputs.exports import export_files
from macros.outputs.feeds import item_contents, write_feeds
from macros.outputs.pdf import write_pdfs
from macros.views.plan_site import PlanSite

OUTPUT_FILES = ("feed.xml", "atom.xml", "feed.json", "changes.xml", "plan.json", "plan.schema.json", "actions.csv", "milestones.ics", "plan.pdf")
"""Every file write_outputs writes at each site's root, so that pages may link to them before they exist.

Each issue's email edition and each meeting's report are written in folders of their own (newsletters/, reports/)."""


def write_outputs(site: PlanSite, site_dir: Path, site_url: str, *, issue_html: dict[str, str] | None = None, pdfs: bool = True) -> list[Path]:
    """Write every feed, export, email edition and (unless `pdfs` is false) PDF for this edition; return the paths written.

    `issue_html` holds each newsletter's rendered body by page URL, as the build captured it.
    """
    written: list[Path] = []
    contents = item_contents(site, issue_html or {}, site_url)
    written += write_feeds(site, site_dir, site_url, contents)
    written += write_changes(site, site_dir, site_url)
    written += write_email_editions(site, site_dir, site_url, contents)
    for name, content in export_files(site, site_url).items():
        path = site_dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif name.endswith(".csv"):
            # A byte order mark tells Excel the file is UTF-8; without it, "–" and "’" arrive garbled.
            path.write_text(content, encoding="utf-8-sig", newline="")
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    if pdfs:
        written += write_pdfs(site, site_dir, site_url)
    return written
