"""planpress's settings, read from the MkDocs configuration's `extra.planpress`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.model.audience import EDITIONS, PUBLIC
from macros.views.plan_site import PlanSite
from macros.views.site import load_site

DRAFTS_VARIABLE = "PLANPRESS_DRAFTS"
"""Set to 1 (as `make serve` does) to show draft newsletters in a preview."""
PDF_VARIABLE = "PLANPRESS_PDF"
"""Set to 0 (as `make serve` and the benchmark's page comparison do) to write no PDFs."""


@dataclass(frozen=True)
class Settings:
    """What one build needs to know beyond the files."""

    project_dir: Path
    edition: str
    site_url: str
    reference_date: dt.date | None
    drafts: bool
    feed_authority: str
    """The fixed authority of every feed id (a tag: URI), the same for both editions."""
    pdfs: bool = True
    """Whether the build writes plan.pdf and the highlight reports."""


def _config_date(value: Any, config: Any, path: str) -> dt.date:
    from mkdocs.exceptions import PluginError
    from pydantic_core import PydanticCustomError

    from macros.model.models import parse_date

    try:
        return parse_date(str(value))
    except PydanticCustomError as error:
        name = Path(config.get("config_file_path") or "mkdocs.yml").name
        raise PluginError(f"{name}: {path}: {error.message()}") from None


def settings_from(config: Any) -> Settings:
    """Read settings from a MkDocs config (a mapping), checking the few values it holds."""
    from macros.model.newsletter import check_feed_authority

    extra = (config.get("extra") or {}).get("planpress") or {}
    edition = extra.get("edition", PUBLIC)
    if edition not in EDITIONS:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{config.get('config_file_path')}: extra.planpress.edition: '{edition}' is not one of {', '.join(EDITIONS)}")
    try:
        feed_authority = check_feed_authority(extra.get("feed_id"))
    except ValueError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{config.get('config_file_path')}: extra.planpress.feed_id: {error}") from None
    reference = extra.get("reference_date")
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    if reference is not None and not isinstance(reference, dt.date):
        reference = _config_date(reference, config, "extra.planpress.reference_date")
    return Settings(
        project_dir=Path(config["config_file_path"]).resolve().parent,
        edition=edition,
        site_url=config.get("site_url") or "",
        reference_date=reference,
        drafts=os.environ.get(DRAFTS_VARIABLE) == "1",
        feed_authority=feed_authority,
        pdfs=os.environ.get(PDF_VARIABLE) != "0",
    )


def site_for(settings: Settings) -> PlanSite:
    """The PlanSite a build's settings describe."""
    return load_site(
        settings.project_dir,
        settings.edition,
        reference_date=settings.reference_date,
        drafts=settings.drafts,
        feed_authority=settings.feed_authority,
    )
