"""changes.xml: an Atom feed of the steering group's rating changes, one entry per meeting, from the edition's own data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgen.feed import FeedGenerator

from macros.model.newsletter import LONDON, PUBLISH_TIME
from macros.model.rag import Meeting
from macros.outputs.feeds import site_root
from macros.views.plan_site import PlanSite
from macros.views.render import long_date, render

CHANGES_FILE = "changes.xml"
CHANGES_DIR = "changes"
"""The part of each entry's tag: URI after the feed id authority."""
DELIVERY_PAGE = "delivery/"


def meeting_time(day: dt.date) -> dt.datetime:
    """A meeting's date as its entry's time: 09:00 in London, as a newsletter dated that day."""
    return dt.datetime.combine(day, PUBLISH_TIME, LONDON)


def meeting_id(feed_authority: str | None, day: dt.date) -> str:
    """A meeting entry's id: a tag: URI from the feed id authority and the meeting's date, the same on every build."""
    return f"tag:{feed_authority}:{CHANGES_DIR}/{day.isoformat()}"


def meeting_title(site: PlanSite, meeting: Meeting) -> str:
    """'Steering group meeting, 25 July 2018: 3 ratings changed, 1 new forecast'."""
    changed = len(meeting.changes)
    parts = [f"{changed} {'rating' if changed == 1 else 'ratings'} changed" if changed else "no rating changed"]
    if meeting.forecasts:
        parts.append(f"{len(meeting.forecasts)} new {'forecast' if len(meeting.forecasts) == 1 else 'forecasts'}")
    return f"Steering group meeting, {long_date(meeting.date)}: " + ", ".join(parts)


def meeting_summary(site: PlanSite, meeting: Meeting) -> str:
    """The entry's summary as plain text: each change as 'ref from → to'."""
    labels = site.statuses()
    if not meeting.changes:
        return f"No action's RAG rating changed at the meeting on {long_date(meeting.date)}."
    moves = [f"{c.ref} from {labels[c.before.value].label} to {labels[c.after.value].label}" for c in meeting.changes]
    return "Ratings changed: " + "; ".join(moves) + "."


def changes_feed(site: PlanSite, site_url: str) -> FeedGenerator:
    """The feed of rating changes for one edition: one entry per meeting, newest first."""
    plan = site.project.plan
    root = site_root(site_url)
    meetings = site.rag.meetings(view.ref for view in site.actions)
    fg = FeedGenerator()
    fg.id(f"tag:{site.feed_authority}:{CHANGES_DIR}" + ("/intranet" if site.intranet else ""))
    fg.title(f"{plan.short_title}: rating changes" + (" (internal edition)" if site.intranet else ""))
    fg.subtitle(f"Each action whose RAG rating the steering group changed at a meeting, from what to what, for {plan.title}.")
    fg.link(href=root + CHANGES_FILE, rel="self")
    fg.link(href=root + DELIVERY_PAGE, rel="alternate")
    fg.language(plan.language)
    fg.author({"name": plan.partnership})
    fg.generator("planpress")
    # The feed's date is its newest meeting's, so an unchanged feed is byte for byte the same file.
    fg.updated(meeting_time(meetings[0].date if meetings else plan.start))
    for meeting in meetings:
        entry = fg.add_entry(order="append")
        entry.id(meeting_id(site.feed_authority, meeting.date))
        entry.title(meeting_title(site, meeting))
        entry.link(href=root + DELIVERY_PAGE, rel="alternate")
        entry.published(meeting_time(meeting.date))
        entry.updated(meeting_time(meeting.date))
        entry.summary(meeting_summary(site, meeting))
        content = render("changes_entry.html", site=site, meeting=meeting, root=root, statuses=site.statuses())
        entry.content(content, type="html")
    return fg


def write_changes(site: PlanSite, site_dir: Path, site_url: str) -> list[Path]:
    """Write changes.xml for the edition, from its own ratings only."""
    path = site_dir / CHANGES_FILE
    path.write_bytes(changes_feed(site, site_url).atom_str(pretty=True))
    return [path]
