"""Views: the filtered plan for one edition, and the HTML of each section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

from .audience import INTRANET, filter_for
from .markup import plain_text
from .models import Action, DeliveryArea, Project, RagUpdate, Status
from .rag import ORDER, RagIndex, summarise
from .render import relative_url, render

ACTIONS_DIR = "delivery/actions"
TITLE_LENGTH = 90


@dataclass(frozen=True)
class ActionView:
    """One action with where it sits and where it stands."""

    action: Action
    area: DeliveryArea
    status: Status
    latest: RagUpdate | None
    history: list[RagUpdate]

    @property
    def ref(self) -> str:
        return self.action.ref

    @property
    def title(self) -> str:
        return action_title(self.action)

    @property
    def url(self) -> str:
        return action_url(self.action.ref)


def action_slug(ref: str) -> str:
    """'2.10' -> '2-10'."""
    return ref.replace(".", "-")


def action_url(ref: str) -> str:
    """The site-relative URL of an action's page."""
    return f"{ACTIONS_DIR}/{action_slug(ref)}/"


def action_src(ref: str) -> str:
    """The docs-relative path of an action's page."""
    return f"{ACTIONS_DIR}/{action_slug(ref)}.md"


def area_url(code: str) -> str:
    """The site-relative URL of an operational delivery area's page."""
    return f"delivery/{code.lower()}/"


def action_title(action: Action) -> str:
    """A short title for an action's page: its own, or the first line of what needs to happen."""
    if action.title:
        return action.title
    first = plain_text(action.what.strip().split("\n\n")[0])
    if len(first) > TITLE_LENGTH:
        first = first[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return first


class PlanSite:
    """The plan as one edition shows it, with look-ups built once per build."""

    def __init__(self, project: Project, edition: str, *, reference_date: dt.date | None = None, newsletters: Any = ()) -> None:
        self.edition = edition
        self.project = filter_for(project, edition)
        refs = {a.ref for area in self.project.areas for a in area.actions}
        self.rag = RagIndex(u for u in self.project.updates if u.action in refs)
        self.newsletters = list(newsletters)
        self._reference_date = reference_date

    @property
    def intranet(self) -> bool:
        return self.edition == INTRANET

    @cached_property
    def actions(self) -> list[ActionView]:
        """Every action the edition shows, in plan order."""
        views = []
        for area in self.project.areas:
            for action in area.actions:
                history = self.rag.history(action.ref)
                latest = history[0] if history else None
                views.append(ActionView(action, area, latest.status if latest else Status.not_rated, latest, history))
        return views

    @cached_property
    def by_ref(self) -> dict[str, ActionView]:
        return {view.ref: view for view in self.actions}

    @cached_property
    def areas(self) -> dict[str, DeliveryArea]:
        return {area.code: area for area in self.project.areas}

    @property
    def reference_date(self) -> dt.date:
        """The date 'today' means in this build: set, or the newest update or newsletter date."""
        if self._reference_date:
            return self._reference_date
        dates = [d for d in (self.rag.newest_date(), *(n.date for n in self.newsletters)) if d]
        return max(dates) if dates else self.project.plan.start

    def summary(self, actions: list[ActionView] | None = None) -> dict[Status, int]:
        """Counts of current statuses."""
        return summarise(v.status for v in (self.actions if actions is None else actions))

    def statuses(self) -> dict[str, Any]:
        """Status labels and meanings from data, by status value."""
        return {info.status.value: info for info in self.project.about.statuses}

    def context(self, page_url: str) -> dict[str, Any]:
        """What every template may use."""
        return {
            "site": self,
            "plan": self.project.plan,
            "statuses": self.statuses(),
            "order": ORDER,
            "url": lambda target: relative_url(target, page_url),
        }

    def show(self, template: str, page_url: str, **context: Any) -> Markup:
        """Render a template for the page at `page_url`."""
        return Markup(render(template, **self.context(page_url), **context))

    # What each page shows; macro names follow these method names.

    def statement(self, name: str, page_url: str) -> Markup:
        """The core principles or the vision."""
        statement = {"principles": self.project.principles, "vision": self.project.vision}[name]
        return self.show("statement.html", page_url, statement=statement)

    def priorities(self, page_url: str) -> Markup:
        return self.show("priorities.html", page_url, part=self.project.part_a)

    def measures(self, page_url: str) -> Markup:
        return self.show("measures.html", page_url, measures=self.project.measures, intro=self.project.part_a.measures_intro)

    def delivery_overview(self, page_url: str) -> Markup:
        return self.show("part_b.html", page_url, part=self.project.part_b, areas=self.project.areas)

    def delivery_area(self, code: str, page_url: str) -> Markup:
        area = self.areas[code]
        views = [self.by_ref[a.ref] for a in area.actions]
        return self.show("area.html", page_url, area=area, actions=views)

    def action_page(self, ref: str, page_url: str) -> Markup:
        return self.show("action.html", page_url, view=self.by_ref[ref])

    def communications(self, page_url: str) -> Markup:
        return self.show("communications.html", page_url, comms=self.project.communications)

    def about(self, page_url: str) -> Markup:
        return self.show("about.html", page_url, about=self.project.about)

    def contacts(self, page_url: str) -> Markup:
        return self.show("contacts.html", page_url, contacts=self.project.contacts)

    def home(self, page_url: str) -> Markup:
        return self.show("home.html", page_url)

    def rag_badge(self, status: str | Status) -> Markup:
        return self.show("badge.html", "", status=Status(status))
