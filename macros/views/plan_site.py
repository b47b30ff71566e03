"""Views: the filtered plan for one edition, and the HTML of each section."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from macros.model.audience import INTRANET, PUBLIC, filter_for
from macros.model.dashboard import WINDOW_DAYS, coming_up, latest_milestone, window
from macros.model.models import (
    RATINGS,
    Action,
    DeliveryArea,
    Measure,
    Milestone,
    Project,
    RagUpdate,
    Status,
)
from macros.model.quarter import Slippage, Travel, latest_meeting, overdue_days, slippage, travel, unrated_at
from macros.model.rag import ALL_ORDER, ORDER, Change, RagIndex, changes_across, shown, summarise
from macros.model.trends import Trend, measure_trend
from macros.views.charts import STATUS_CHART_WIDTH, BarChart, TrendChart, bar_chart, trend_chart
from macros.views.markup import plain_text
from macros.views.render import relative_url, render

if TYPE_CHECKING:
    from macros.model.newsletter import Newsletter

ACTIONS_DIR = "delivery/actions"
PLAN_ON_A_PAGE_SRC = "delivery/all-actions.md"
"""The docs-relative path of the page that lists every action on one page (PlanSite.plan_on_a_page)."""
PLAN_ON_A_PAGE_URL = "delivery/all-actions/"
TITLE_LENGTH = 90
UPCOMING_MONTHS = 3
"""'Milestones due in the next quarter' means in the three months after the issue's date."""
PLAN_PDF = "plan.pdf"
REPORTS_DIR = "reports"


@dataclass(frozen=True)
class ActionView:
    """One action with where it sits and where it stands."""

    action: Action
    area: DeliveryArea
    status: Status
    latest: RagUpdate | None
    history: list[RagUpdate]
    """Every rating, newest first; in the public edition a rating it may not publish is there as Not published."""
    previous: RagUpdate | None = None
    """The rating before the latest."""
    travel: Travel | None = None
    slippage: Slippage | None = None

    @property
    def withheld(self) -> bool:
        """Whether the latest rating is one this edition may not publish."""
        return self.status == Status.not_published

    @property
    def ref(self) -> str:
        return self.action.ref

    @property
    def title(self) -> str:
        return action_title(self.action)

    @property
    def url(self) -> str:
        return action_url(self.action.ref)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


@dataclass(frozen=True)
class OverdueRow:
    """An overdue action on the dashboard, with the milestone it missed and any later forecast it missed too."""

    view: ActionView
    status: Status
    milestone: Milestone | None
    days_late: int
    slippage: Slippage | None = None


@dataclass(frozen=True)
class UpcomingRow:
    """An action with milestones in the dashboard's window."""

    view: ActionView
    status: Status
    milestones: list[Milestone]


@dataclass(frozen=True)
class ChangeRow:
    """A RAG change since the last newsletter."""

    view: ActionView
    change: Change


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, worked out for one reference date."""

    on: dt.date
    window_end: dt.date
    window_days: int
    overdue: list[OverdueRow]
    upcoming: list[UpcomingRow]
    since: Newsletter | None
    changes: list[ChangeRow]


@dataclass(frozen=True)
class ExceptionRow:
    """One action on the Exceptions page, as it stood on the page's date."""

    view: ActionView
    status: Status
    latest: RagUpdate | None
    travel: Travel | None
    slippage: Slippage
    overdue_days: int | None


EXCEPTION_GROUPS = ("red", "amber", "not_published", "slipped", "overdue", "unrated")
"""The Exceptions page's groups, in order; an action is in every group that fits it."""


@dataclass(frozen=True)
class Exceptions:
    """Every action that needs the board's attention on one date, grouped; see PlanSite.exceptions_data."""

    on: dt.date
    meeting: dt.date | None
    """The latest meeting on or before `on`: the 'unrated' group is the actions it did not rate."""
    groups: dict[str, list[ExceptionRow]]
    """Each of EXCEPTION_GROUPS, in that order, every key present: red, amber, not_published (public edition only),
    slipped (forecast later than the plan's date), overdue (due date passed, not complete) and unrated."""

    @property
    def actions(self) -> list[ActionView]:
        """Each action in any group, once, in plan order."""
        seen: dict[str, ActionView] = {}
        for rows in self.groups.values():
            for row in rows:
                seen.setdefault(row.view.ref, row.view)
        return sorted(seen.values(), key=lambda v: [int(p) for p in v.ref.split(".")])


@dataclass(frozen=True)
class PlanRow:
    """One action on the plan on a page: where it stands, and the milestone it is due by."""

    view: ActionView
    due_by: Milestone | None
    """The dated milestone due last; None when the plan gives no dates, and then the page shows its words."""
    slippage: Slippage | None = None
    """The action's latest forecast against the plan's date; None until a rating gives a forecast, and the page leaves
    the Slippage column out until some row has one."""


@dataclass(frozen=True)
class PlanOnAPage:
    """Every action on one page, grouped by delivery area and by current status."""

    areas: list[tuple[DeliveryArea, list[PlanRow]]]
    by_status: list[tuple[Status, list[PlanRow]]]
    slippage: bool
    """Whether any row has slippage to show, so the page has a Slippage column."""


@dataclass(frozen=True)
class MeasureView:
    """A measure with its trend and, when it has values, its chart."""

    measure: Measure
    trend: Trend
    chart: TrendChart | None


def action_slug(ref: str) -> str:
    """'2.10' -> '2-10'."""
    return ref.replace(".", "-")


def action_url(ref: str) -> str:
    """The site-relative URL of an action's page."""
    return f"{ACTIONS_DIR}/{action_slug(ref)}/"


def action_src(ref: str) -> str:
    """The docs-relative path of an action's page."""
    return f"{ACTIONS_DIR}/{action_slug(ref)}.md"


def report_url(meeting: dt.date) -> str:
    """The site-relative URL of a steering group meeting's highlight report."""
    return f"{REPORTS_DIR}/{meeting.isoformat()}.pdf"


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

    def __init__(
        self,
        project: Project,
        edition: str,
        *,
        reference_date: dt.date | None = None,
        newsletters: Iterable[Newsletter] = (),
        feed_authority: str | None = None,
    ) -> None:
        self.edition = edition
        filtered = filter_for(project, edition)
        refs = {a.ref for area in filtered.areas for a in area.actions}
        # An update of an intranet-only action is intranet-only too, whatever its own audience says.
        kept = [u for u in filtered.updates if u.action in refs]
        self.project = filtered if len(kept) == len(filtered.updates) else filtered.model_copy(update={"updates": kept})
        # A public action's intranet-only rating is not left out as if it were never given: it stands in
        # its place as Not published, so that an older rating is never shown as the current one.
        withheld = [] if edition == INTRANET else [not_published(u) for u in project.updates if u.audience != PUBLIC and u.action in refs]
        self._ratings = [*self.project.updates, *withheld]
        self.rag = RagIndex(self._ratings)
        self.newsletters: list[Newsletter] = sorted(newsletters, key=lambda n: n.sort_key(), reverse=True)
        """The issues this edition shows, newest first (drafts only in a preview)."""
        self.feed_authority = feed_authority
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
                previous = history[1] if len(history) > 1 else None
                status = latest.status if latest else Status.not_rated
                views.append(ActionView(action, area, status, latest, history, previous, travel(latest, previous), slippage(action, history)))
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

    def status_chart(self, actions: list[ActionView] | None = None, width: int = STATUS_CHART_WIDTH) -> BarChart:
        """Bars of current statuses, each labelled with its word and number."""
        return self.counts_chart(self.summary(actions), width=width)

    def counts_chart(self, counts: dict[Status, int], **size: int) -> BarChart:
        """Bars of `counts` (see summary), each labelled with its status's word and number; `size` as bar_chart takes it."""
        labels = self.statuses()
        return bar_chart([(s.value, labels[s.value].label, counts[s]) for s in shown(counts)], **size)

    def status_links(self) -> dict[str, str]:
        """Where each bar of the home page's chart leads: the Exceptions page's lists, or the delivery plan's list by status."""
        found = {s.value: f"delivery/#status-{s.value.replace('_', '-')}" for s in ALL_ORDER}
        found.update({s.value: f"exceptions/#{s.value.replace('_', '-')}" for s in (Status.red, Status.amber, Status.not_published)})
        return found

    def by_status(self) -> dict[Status, list[ActionView]]:
        """Every action under its current status, in plan order; the statuses as summaries show them."""
        counts = self.summary()
        return {status: [v for v in self.actions if v.status == status] for status in shown(counts)}

    def area_actions(self, code: str) -> list[ActionView]:
        """The actions of one delivery area, in plan order."""
        return [self.by_ref[a.ref] for a in self.areas[code].actions]

    def dashboard_data(self, on: dt.date | None = None) -> Dashboard:
        """Overdue actions, actions with milestones coming up, and RAG changes since the last newsletter."""
        on = on or self.reference_date
        overdue: list[OverdueRow] = []
        upcoming: list[UpcomingRow] = []
        for view in self.actions:
            status = self.rag.status(view.ref, on)
            slip = slippage(view.action, view.history, on)
            late = overdue_days(slip, status, on)
            if late is not None:
                overdue.append(OverdueRow(view, status, latest_milestone(view.action), late, slip))
            soon = coming_up(view.action, on)
            if soon:
                upcoming.append(UpcomingRow(view, status, soon))
        # Most overdue first, soonest first; sorting is stable, so ties keep the plan's order.
        overdue.sort(key=lambda row: -row.days_late)
        upcoming.sort(key=lambda row: row.milestones[0].date)  # type: ignore[arg-type, return-value]
        since = self.newsletter_before(on)
        changes = self.rag_changes_between(since.date if since else None, on, as_known=True)
        return Dashboard(
            on=on,
            window_end=window(on)[1],
            window_days=WINDOW_DAYS,
            overdue=overdue,
            upcoming=upcoming,
            since=since,
            changes=[ChangeRow(view, change) for change, view in changes],
        )

    def exceptions_data(self, on: dt.date | None = None) -> Exceptions:
        """Every action that is red, amber, not published, slipped or overdue on `on` (the reference date by default), or that the latest meeting did not rate."""
        on = on or self.reference_date
        meeting = latest_meeting(u for u in self._ratings if u.date <= on)
        history = {view.ref: view.history for view in self.actions}
        unrated = set(unrated_at(meeting, [view.ref for view in self.actions], history)) if meeting is not None else set()
        groups: dict[str, list[ExceptionRow]] = {key: [] for key in EXCEPTION_GROUPS}
        for view in self.actions:
            latest = self.rag.latest(view.ref, on)
            status = latest.status if latest else Status.not_rated
            previous = self.rag.previous(view.ref, latest) if latest else None
            slip = slippage(view.action, view.history, on)
            row = ExceptionRow(view, status, latest, travel(latest, previous), slip, overdue_days(slip, status, on))
            if status.value in groups:
                groups[status.value].append(row)
            if slip.slipped:
                groups["slipped"].append(row)
            if row.overdue_days is not None:
                groups["overdue"].append(row)
            if view.ref in unrated:
                groups["unrated"].append(row)
        # Most days first; the sort is stable, so ties keep the plan's order.
        groups["slipped"].sort(key=lambda row: -(row.slippage.days or 0))
        groups["overdue"].sort(key=lambda row: -(row.overdue_days or 0))
        return Exceptions(on, meeting, groups)
    def plan_rows(self) -> PlanOnAPage:
        """Every action with its latest-due milestone and current status, by area and by status."""
        rows = {view.ref: PlanRow(view, latest_milestone(view.action), _slippage(view)) for view in self.actions}
        areas = [(area, [rows[a.ref] for a in area.actions]) for area in self.project.areas]
        by_status = [(status, [rows[view.ref] for view in views]) for status, views in self.by_status().items()]
        return PlanOnAPage(areas, by_status, any(row.slippage for row in rows.values()))

    def measure_views(self) -> list[MeasureView]:
        """Every measure with its trend, and a chart for those with values."""
        views = []
        for measure in self.project.measures.items:
            trend = measure_trend(measure)
            chart = None
            if trend.values:
                chart = trend_chart([(v.date, v.value, v.period) for v in trend.values], measure.target)
            views.append(MeasureView(measure, trend, chart))
        return views

    def summary(self, actions: list[ActionView] | None = None) -> dict[Status, int]:
        """Counts of current statuses."""
        return summarise(v.status for v in (self.actions if actions is None else actions))

    @cached_property
    def badges(self) -> dict[Status, Markup]:
        """Each status's badge, rendered once: an action's history shows one per update."""
        return {status: Markup(render("badge.html", statuses=self.statuses(), status=status)) for status in Status}

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
            "all_order": ALL_ORDER,
            "badges": self.badges,
            "url": lambda target: relative_url(target, page_url),
            "area_url": area_url,
            "report_url": report_url,
            "plan_on_a_page_url": PLAN_ON_A_PAGE_URL,
        }

    def show(self, template: str, page_url: str, **context: Any) -> Markup:
        """Render a template for the page at `page_url`."""
        return Markup(render(template, **self.context(page_url), **context))

    # What each page shows; macro names follow these method names.

    def statement(self, name: str, page_url: str) -> Markup:
        """The core principles or the vision."""
        statement = _find({"principles": self.project.principles, "vision": self.project.vision}, name, "statement")
        return self.show("statement.html", page_url, statement=statement)

    def priorities(self, page_url: str) -> Markup:
        return self.show("priorities.html", page_url, part=self.project.part_a)

    def measures(self, page_url: str) -> Markup:
        return self.show(
            "measures.html", page_url, measures=self.project.measures, views=self.measure_views(), intro=self.project.part_a.measures_intro
        )

    def delivery_overview(self, page_url: str) -> Markup:
        return self.show("part_b.html", page_url, part=self.project.part_b, areas=self.project.areas, by_status=self.by_status())

    def delivery_area(self, code: str, page_url: str) -> Markup:
        return self.show("area.html", page_url, area=_find(self.areas, code, "delivery area"), actions=self.area_actions(code))

    def action_page(self, ref: str, page_url: str) -> Markup:
        return self.show("action.html", page_url, view=_find(self.by_ref, ref, "action"))

    def plan_on_a_page(self, page_url: str) -> Markup:
        """Every action on one page: ref, title, lead, by when, current status and the date it was rated."""
        return self.show("plan_on_a_page.html", page_url, text=self.project.about.plan_on_a_page, board=self.plan_rows())

    def communications(self, page_url: str) -> Markup:
        return self.show("communications.html", page_url, comms=self.project.communications)

    def about(self, page_url: str) -> Markup:
        return self.show("about.html", page_url, about=self.project.about)

    def contacts(self, page_url: str) -> Markup:
        return self.show("contacts.html", page_url, contacts=self.project.contacts)

    def home(self, page_url: str) -> Markup:
        areas = [(area, self.area_actions(area.code)) for area in self.project.areas]
        counts = self.summary()
        return self.show(
            "home.html",
            page_url,
            chart=self.status_chart(),
            area_charts=[(area, self.status_chart(views), self.summary(views)) for area, views in areas],
            counts=counts,
            shown_statuses=shown(counts),
            links=self.status_links(),
            attention=[v for v in self.actions if v.status in (Status.red, Status.amber)],
        )

    def dashboard(self, page_url: str) -> Markup:
        return self.show("dashboard.html", page_url, board=self.dashboard_data())

    def exceptions(self, page_url: str) -> Markup:
        """The Exceptions page: what is red, amber, not published, slipped, overdue or not rated at the latest meeting."""
        return self.show("exceptions.html", page_url, report=self.exceptions_data())

    def rag_badge(self, status: str | Status) -> Markup:
        return self.show("badge.html", "", status=_find({s.value: s for s in RATINGS}, str(getattr(status, "value", status)), "RAG status", where=""))

    # Newsletters: the archive, each issue's page, and the macros writers use in an issue.

    @cached_property
    def published_newsletters(self) -> list[Newsletter]:
        """The issues this edition has published, newest first: never a draft."""
        return [n for n in self.newsletters if not n.draft]

    @property
    def latest_newsletter(self) -> Newsletter | None:
        """The newest published issue, if any."""
        return self.published_newsletters[0] if self.published_newsletters else None

    @cached_property
    def _newsletters_by_url(self) -> dict[str, Newsletter]:
        return {n.url: n for n in self.newsletters}

    def newsletter_at(self, page_url: str) -> Newsletter | None:
        """The issue whose page is at `page_url`, if it is one."""
        return self._newsletters_by_url.get(page_url)

    def newsletter_before(self, day: dt.date) -> Newsletter | None:
        """The newest published issue dated on or before `day`."""
        return next((n for n in self.published_newsletters if n.date <= day), None)

    def issue_period(self, page_url: str) -> tuple[dt.date | None, dt.date, Newsletter | None]:
        """(since, until, issue): an issue's page covers the time since the previous issue, up to its own date.

        On any other page the period runs from the newest issue up to the reference date.
        """
        issue = self.newsletter_at(page_url)
        if issue is not None:
            return (issue.previous.date if issue.previous else None), issue.date, issue
        last = self.newsletter_before(self.reference_date)
        return (last.date if last else None), self.reference_date, None

    @cached_property
    def _late(self) -> list[RagUpdate]:
        """Ratings recorded after their date: published issues dated in between did not know them."""
        return [u for u in self._ratings if u.recorded is not None and u.recorded > u.date]

    def late_for(self, day: dt.date) -> list[RagUpdate]:
        """Ratings dated on or before `day` but recorded after it, oldest first."""
        return sorted((u for u in self._late if u.date <= day < u.known), key=lambda u: (u.date, u.action))

    @cached_property
    def _known_indexes(self) -> dict[frozenset[int], RagIndex]:
        return {}

    def known_on(self, day: dt.date) -> RagIndex:
        """The ratings as they were known on `day`: without those recorded after it."""
        unknown = frozenset(id(u) for u in self.late_for(day))
        if not unknown:
            return self.rag
        if unknown not in self._known_indexes:
            self._known_indexes[unknown] = RagIndex(u for u in self._ratings if id(u) not in unknown)
        return self._known_indexes[unknown]

    def rag_changes_between(
        self, since: dt.date | None, until: dt.date, actions: list[ActionView] | None = None, *, as_known: bool = False
    ) -> list[tuple[Change, ActionView]]:
        """Actions (every action by default) whose RAG status changed after `since`, up to and including `until`, in plan order.

        `as_known` compares the ratings as they were known on each date, as an issue published on
        `since` and one published on `until` reported them: a rating recorded late is a change of the
        period it was recorded in.
        """
        refs = [v.ref for v in (self.actions if actions is None else actions)]
        before = self.known_on(since) if as_known and since is not None else self.rag
        after = self.known_on(until) if as_known else self.rag
        if before is self.rag and after is self.rag:
            changes = self.rag.changes(refs, since, until)
        else:
            changes = changes_across(before, after, refs, since, until)
        return [(change, self.by_ref[change.ref]) for change in changes]

    def milestones_due(self, start: dt.date, end: dt.date, areas: tuple[str, ...] = ()) -> list[tuple[Milestone, ActionView]]:
        """Dated milestones due (their last day) from `start` to `end`, soonest first; of the given areas' actions only, if any."""
        key = tuple(sorted(set(areas)))
        if key not in self._milestones_by_due:
            self._milestones_by_due[key] = self._sorted_milestones(key)
        dues, milestones = self._milestones_by_due[key]
        return milestones[bisect_left(dues, start) : bisect_right(dues, end)]

    @cached_property
    def _milestones_by_due(self) -> dict[tuple[str, ...], tuple[list[dt.date], list[tuple[Milestone, ActionView]]]]:
        """Sorted milestones by the areas they are of (() for every area), each sorted once per build."""
        return {}

    def _sorted_milestones(self, areas: tuple[str, ...]) -> tuple[list[dt.date], list[tuple[Milestone, ActionView]]]:
        """Every dated milestone (of `areas`' actions, or of all), sorted by due date then ref, with the due dates to bisect."""
        views = self.actions if not areas else [v for code in areas for v in self.area_actions(code)]
        found = [(m, view) for view in views for m in view.action.by_when if m.due is not None]
        found.sort(key=lambda pair: (pair[0].due, [int(p) for p in pair[1].ref.split(".")]))
        return [m.due for m, _ in found], found  # type: ignore[misc]

    def summary_on(self, day: dt.date, actions: list[ActionView] | None = None, *, as_known: bool = False) -> dict[Status, int]:
        """Counts of each RAG status as it stood on `day`, of every action or of `actions`; `as_known`: as known on that day."""
        index = self.known_on(day) if as_known else self.rag
        if actions is not None:
            return summarise(index.status(v.ref, day) for v in actions)
        counts = index.counts_on(day)
        counts[Status.not_rated] += len(self.actions) - sum(counts.values())
        return {status: counts.get(status, 0) for status in ALL_ORDER}

    def chosen_areas(self, codes: tuple[str, ...]) -> tuple[list[DeliveryArea], list[ActionView] | None]:
        """The delivery areas a writer's macro names, and their actions in plan order; no areas and None for the whole plan."""
        if not codes:
            return [], None
        chosen = {_find(self.areas, code, "delivery area").code for code in codes}
        return [a for a in self.project.areas if a.code in chosen], [v for v in self.actions if v.area.code in chosen]

    def rag_changes(self, *areas: str, page_url: str) -> Markup:
        """Which actions (of the areas named, or all) changed RAG status since the previous issue, from what to what."""
        chosen, actions = self.chosen_areas(areas)
        since, until, issue = self.issue_period(page_url)
        start = since or self.project.plan.start
        # An issue reports what was known when it was published, so a rating recorded later never changes it.
        changes = self.rag_changes_between(since, until, actions, as_known=issue is not None)
        return self.show("rag_changes.html", page_url, changes=changes, since=since, start=start, until=until, issue=issue, areas=chosen)

    def upcoming_milestones(self, *areas: str, page_url: str) -> Markup:
        """Milestones (of the areas named, or all) due in the three months after the issue's date."""
        chosen, _ = self.chosen_areas(areas)
        _, until, issue = self.issue_period(page_url)
        start, end = until + dt.timedelta(days=1), add_months(until, UPCOMING_MONTHS)
        milestones = self.milestones_due(start, end, tuple(a.code for a in chosen))
        return self.show("upcoming_milestones.html", page_url, milestones=milestones, start=start, end=end, issue=issue, areas=chosen)

    def rag_summary(self, *areas: str, page_url: str) -> Markup:
        """The RAG status of every action (of the areas named, or all) as it stood on the issue's date."""
        chosen, actions = self.chosen_areas(areas)
        _, until, issue = self.issue_period(page_url)
        total = len(self.actions if actions is None else actions)
        counts = self.summary_on(until, actions, as_known=issue is not None)
        return self.show("rag_summary.html", page_url, counts=counts, shown_statuses=shown(counts), on=until, issue=issue, areas=chosen, total=total)

    def newsletter_archive(self, page_url: str) -> Markup:
        """Every published issue (and drafts in a preview), newest first, grouped by year."""
        years: dict[int, list[Newsletter]] = {}
        for issue in self.newsletters:
            years.setdefault(issue.date.year, []).append(issue)
        return self.show("newsletter_archive.html", page_url, years=years)

    def newsletter_page(self, body: str, page_url: str) -> Markup:
        """An issue's page around its (already cleaned) body: date, quarter, and previous and next issues."""
        issue = self.newsletter_at(page_url)
        if issue is None:
            raise KeyError(f"no newsletter at {page_url}")
        late = self.late_for(issue.date) if reports_ratings(issue) else []
        return self.show("newsletter.html", page_url, issue=issue, body=Markup(body), late=late)

    # Board papers: the plan as a PDF, and a highlight report for each steering group meeting.

    @cached_property
    def meetings(self) -> list[dt.date]:
        """The steering group meetings this edition shows, oldest first: each date its RAG updates carry."""
        return sorted({u.date for u in self.project.updates})

    def meeting_before(self, day: dt.date) -> dt.date | None:
        """The latest meeting on or before `day`, if any."""
        count = bisect_right(self.meetings, day)
        return self.meetings[count - 1] if count else None

    def previous_meeting(self, meeting: dt.date) -> dt.date | None:
        """The meeting before `meeting`, if any."""
        count = bisect_left(self.meetings, meeting)
        return self.meetings[count - 1] if count else None

    def highlight_reports(self, page_url: str) -> Markup:
        """The plan as a PDF and every meeting's highlight report, newest first."""
        return self.show("reports.html", page_url, meetings=list(reversed(self.meetings)), plan_pdf=PLAN_PDF)




def not_published(update: RagUpdate) -> RagUpdate:
    """What the public edition holds of an intranet-only rating: that one was given, and when; nothing of what it said."""
    return RagUpdate.model_construct(
        action=update.action,
        date=update.date,
        status=Status.not_published,
        recorded=update.recorded,
        note=None,
        internal_note=None,
        forecast=None,
        reason=None,
        audience=PUBLIC,
    )


RATING_MACROS = ("rag_summary", "rag_changes")


def reports_ratings(issue: Newsletter) -> bool:
    """Whether an issue shows ratings through the writers' macros, so that ratings recorded after it are worth a word."""
    return any(name in RATING_MACROS for name, _, _ in issue.calls) or any(name in issue.body for name in RATING_MACROS)

def _slippage(view: ActionView) -> Slippage | None:
    """The action's slippage when a rating has given it a forecast, else None."""
    return view.slippage if view.slippage is not None and view.slippage.current is not None else None


def _find(items: dict[str, Any], key: str, what: str, where: str = " in this edition") -> Any:
    """items[key], or a LookupError that names what there is to choose from."""
    if key not in items:
        raise LookupError(f"there is no {what} '{key}'{where}; choose one of {', '.join(items)}")
    return items[key]
