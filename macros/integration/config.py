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


def _config_date(value: Any, config: Any, path: str) -> dt.date:
    from mkdocs.exceptions import PluginError
    from pydantic_core import PydanticCustomError

    from macros.model.models import parse_date

    try:
        return parse_date(str(value))
    except PydanticCustomError as error:
        name = Path(config.get("config_file_path") or "mkdocs.yml").name
        raise PluginError(f"{name}: {path}: {error.message()}") from None


def build_date() -> dt.date | None:
    """The day the site is built, in London: SOURCE_DATE_EPOCH's date, never the clock's; None when it is not set.

    `make build` sets it to the last commit's time, and the publishing workflow to the day it runs,
    so that the dashboard's "overdue" is true on the day the site is read and two builds with the
    same SOURCE_DATE_EPOCH are the same.
    """
    from macros.model.newsletter import LONDON

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).astimezone(LONDON).date()


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
    if reference is None:
        reference = build_date()
    return Settings(
        project_dir=Path(config["config_file_path"]).resolve().parent,
        edition=edition,
        site_url=config.get("site_url") or "",
        reference_date=reference,
        drafts=os.environ.get(DRAFTS_VARIABLE) == "1",
        feed_authority=feed_authority,
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
