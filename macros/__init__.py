"""planpress: publish a delivery plan and its newsletters from YAML. `define_env` is the macros entry point."""

from __future__ import annotations

from typing import Any

from .config import settings_from

MACROS = (
    "statement",
    "priorities",
    "measures",
    "delivery_overview",
    "delivery_area",
    "action_page",
    "communications",
    "about",
    "contacts",
    "home",
    "newsletter_archive",
    "rag_changes",
    "upcoming_milestones",
    "rag_summary",
    "dashboard",
)
"""Macros that show a part of the plan; each is the PlanSite method of the same name, for the current page.

rag_changes, upcoming_milestones and rag_summary are the newsletter writers' macros: on an issue's page they
take their dates from the issue, so an old issue keeps showing what was true when it was published.
"""


def define_env(env: Any) -> None:
    """Register planpress's macros with mkdocs-macros."""
    from mkdocs.exceptions import PluginError

    from .problems import ValidationFailed
    from .site import load_site

    settings = settings_from(env.conf)
    try:
        site = load_site(
            settings.project_dir,
            settings.edition,
            reference_date=settings.reference_date,
            drafts=settings.drafts,
            feed_authority=settings.feed_authority,
        )
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None

    def page_url() -> str:
        return env.page.url if env.page is not None else ""

    def bind(name: str) -> Any:
        method = getattr(site, name)

        def macro(*args: Any) -> Any:
            return method(*args, page_url())

        macro.__name__ = name
        macro.__doc__ = method.__doc__
        return macro

    for name in MACROS:
        env.macro(bind(name), name)
    env.macro(site.rag_badge, "rag_badge")
    env.variables["planpress_edition"] = site.edition
