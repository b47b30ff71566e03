"""Files written at each site's root beside the pages: feeds and exports."""

from __future__ import annotations

from pathlib import Path

from .views import PlanSite


def write_outputs(site: PlanSite, site_dir: Path, site_url: str) -> list[Path]:
    """Write every feed and export for this edition; return the paths written."""
    written: list[Path] = []
    return written
