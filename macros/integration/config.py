"""planpress's settings: the options of the `planpress` plugin in mkdocs.yml, declared so that MkDocs checks them."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from pydantic_core import PydanticCustomError

from macros.loading.yaml_reader import locate
from macros.model.audience import EDITIONS, PUBLIC
from macros.model.models import parse_date
from macros.model.newsletter import LONDON, check_feed_authority
from macros.model.problems import Problem
from macros.views.links import LinkSettings

DRAFTS_VARIABLE = "PLANPRESS_DRAFTS"
"""Set to 1 (as `make serve` does) to show draft newsletters in a preview."""
PDF_VARIABLE = "PLANPRESS_PDF"
"""Set to 0 (as `make serve` and the benchmark's page comparison do) to write no PDFs."""


class _Date(base.BaseConfigOption[dt.date | None]):
    """A date written YYYY-MM-DD, or nothing."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except PydanticCustomError as error:
            raise base.ValidationError(error.message()) from None


class _FeedAuthority(base.BaseConfigOption[str]):
    """The fixed `tag:` authority of every feed id: a domain the partnership owns and a year."""

    def run_validation(self, value: object) -> str:
        try:
            return check_feed_authority(value)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None


class _Edition(base.BaseConfigOption[str]):
    """public or intranet."""

    def __init__(self) -> None:
        super().__init__()
        self.default = PUBLIC

    def run_validation(self, value: object) -> str:
        if value not in EDITIONS:
            raise base.ValidationError(f"'{value}' is not one of {', '.join(EDITIONS)}")
        return str(value)


class PlanpressConfig(base.Config):  # type: ignore[no-untyped-call]
    """The `planpress` plugin's options."""

    edition = _Edition()
    """Which edition this configuration builds: public, or intranet (everything, with intranet-only content)."""
    feed_id = _FeedAuthority()
    """The fixed part of every feed id, such as 'plan.example.org,2017'. Feed readers know an issue by it: never change it once a feed is published."""
    reference_date = _Date()
    """The date "today" means for the dashboard; empty means the newest update or newsletter date."""

    def as_context(self) -> dict[str, Any]:
        """The settings templates may read, as `planpress.edition` and so on."""
        return {"edition": self.edition, "feed_id": self.feed_id}


_PLUGIN_OPTION = re.compile(r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<message>.*)$", re.S)


def config_problems(config_file: Path) -> list[Problem]:
    """Mistakes in a MkDocs configuration file (and the file it inherits), each at the line of its key, as MkDocs would refuse them."""
    return checked_config(config_file)[1]


def checked_config(config_file: Path) -> tuple[MkDocsConfig | None, list[Problem]]:
    """A MkDocs configuration file read and validated as MkDocs would (None when it cannot be read), and its mistakes."""
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as handle:
            config.load_file(handle)
    except (OSError, yaml.YAMLError, ConfigurationError) as error:
        return None, [Problem(config_file.name, 1, "", f"cannot be read: {error}")]
    failed, _ = config.validate()
    problems = []
    for key, failure in failed:
        path, message = key, str(failure)
        match = _PLUGIN_OPTION.match(message)
        if match:
            path, message = f"{key}.{match['plugin']}.{match['option']}", match["message"]
        problems.append(_located(config_file, path, message))
    return config, problems


def link_settings(config: MkDocsConfig) -> LinkSettings:
    """What a validated configuration says that links depend on, as MkDocs itself reads it: its Markdown, its theme's folders, the dashboard's date."""
    plugin = config.plugins.get("planpress")
    options = plugin.config if plugin is not None else None
    return LinkSettings(
        tuple(config.markdown_extensions),
        dict(config.mdx_configs),
        tuple(Path(folder) for folder in config.theme.dirs),
        frozenset(config.theme.static_templates),
        options.reference_date if isinstance(options, PlanpressConfig) else None,
    )


def _located(config_file: Path, path: str, message: str) -> Problem:
    """The problem at the line of `path` in the file that sets it: the file itself, or the one it inherits from."""
    files = [config_file]
    text = config_file.read_text("utf-8")
    inherited = re.search(r"^INHERIT:\s*(\S+)", text, re.M)
    if inherited:
        files.append(config_file.parent / inherited.group(1))
    parts = tuple(path.split("."))
    for file in files:
        source = file.read_text("utf-8")
        if re.search(rf"^\s*{re.escape(parts[-1])}:", source, re.M):
            return Problem(file.name, locate(source, parts), path, message)
    return Problem(config_file.name, 1, path, message)


def build_date() -> dt.date | None:
    """The day the site is built, in London: SOURCE_DATE_EPOCH's date, never the clock's; None when it is not set.

    `make build` sets it to the last commit's time, and the publishing workflow to the day it runs,
    so that the dashboard's "overdue" is true on the day the site is read and two builds with the
    same SOURCE_DATE_EPOCH are the same.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC).astimezone(LONDON).date()
