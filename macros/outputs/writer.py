"""Files written at each site's root beside the pages: feeds and exports."""

from __future__ import annotations

from pathlib import Path

from macros.outputs.exports import export_files
from macros.views.plan_site import PlanSite

OUTPUT_FILES = ("feed.xml", "atom.xml", "plan.json", "plan.schema.json", "actions.csv", "milestones.ics")
"""Every file write_outputs writes at each site's root, so that pages may link to them before they exist."""


def write_outputs(site: PlanSite, site_dir: Path, site_url: str, *, issue_html: dict[str, str] | None = None) -> list[Path]:
    """Write every feed and export for this edition; return the paths written.

    `issue_html` holds each newsletter's rendered body by page URL, as the build captured it.
    """
    from macros.outputs.feeds import write_feeds

    written: list[Path] = []
    written += write_feeds(site, site_dir, site_url, issue_html or {})
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
    return written
