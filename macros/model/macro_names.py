"""The one list of the macros planpress gives pages and newsletters, and how each is written."""

from __future__ import annotations

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
    "highlight_reports",
    "exceptions",
    "plan_on_a_page",
)
"""Macros that show a part of the plan; each is the PlanSite method of the same name, for the current page.

rag_changes, upcoming_milestones and rag_summary are the newsletter writers' macros: on an issue's page they
take their dates from the issue, so an old issue keeps showing what was true when it was published.
"""

INLINE_MACROS = frozenset({"rag_badge"})
"""Macros that show something inside a line; every other one shows headings and HTML blocks."""

PAGE_NAMES = (*MACROS, *INLINE_MACROS, "planpress_edition")
"""Every name planpress gives pages, so that a page using another one is reported before rendering."""

WRITER_MACROS = {
    "rag_changes": "rag_changes()",
    "upcoming_milestones": "upcoming_milestones()",
    "rag_summary": "rag_summary()",
    "rag_badge": 'rag_badge("green")',
}
"""The macros a newsletter may call, with how each is written. The first three take their dates from the issue."""

BLOCK_WRITER_MACROS = frozenset(WRITER_MACROS) - INLINE_MACROS
"""The writers' macros that show a section, for the whole plan or for the delivery areas named in their brackets."""

WRITER_VARIABLES = {"page", "config"}
"""MkDocs values a newsletter may read, such as {{ page.title }}."""
