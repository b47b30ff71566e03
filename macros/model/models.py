"""The plan's schema: pydantic models for every file under data/."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

AUDIENCES = ("public", "intranet")
Audience = Literal["public", "intranet"]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: Any) -> dt.date:
    """Read a YYYY-MM-DD date, with messages that say what is wrong."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise PydanticCustomError("date_type", "has no value; write the date as YYYY-MM-DD")
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date written as YYYY-MM-DD, got {got}", {"got": type_name(value)})
    return _parse_date_text(value)


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> dt.date:
    # Cached: a quarter's file gives every update the same date, a hundred thousand times in a large plan.
    # Errors are raised, never cached, so each bad date is still reported where it is.
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            raise PydanticCustomError("date_unreal", "'{value}' is not a real date", {"value": text}) from None
    uk = _UK_DATE.match(text)
    if uk:
        try:
            real = dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
        except ValueError:
            raise PydanticCustomError("date_unreal", "'{value}' is not a real date", {"value": text}) from None
        raise PydanticCustomError(
            "date_format", "'{value}' is not written as YYYY-MM-DD; write {iso}", {"value": text, "iso": real.isoformat()}
        )
    raise PydanticCustomError("date_format", "'{value}' is not a date written as YYYY-MM-DD", {"value": text})


def type_name(value: Any) -> str:
    """Name a YAML value's type the way an editor of the file would."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


Date = Annotated[dt.date, BeforeValidator(parse_date)]


def _text_item(value: Any) -> Any:
    """Let a list item be plain text, or a mapping when it needs an audience."""
    return {"text": value} if isinstance(value, str) else value


class Status(str, Enum):
    """The five RAG statuses, and how the public site shows a rating it may not publish."""

    red = "red"
    amber = "amber"
    green = "green"
    complete = "complete"
    not_rated = "not_rated"
    not_published = "not_published"
    """Never written in data: the public edition's status of an action whose latest rating is intranet-only."""


RATINGS = (Status.red, Status.amber, Status.green, Status.complete, Status.not_rated)
"""The statuses the steering group gives, and data may hold."""

_RATING_WORDS = {"not_yet_rated": "not_rated", "not_rated_yet": "not_rated"}


def rating_value(value: Any) -> Any:
    """A status as written in data or a spreadsheet, in any case ('Amber', 'Not yet rated'), as one of the five ratings."""
    if isinstance(value, Status):
        value = value.value
    if isinstance(value, str):
        key = "_".join(value.strip().lower().replace("-", " ").split())
        key = _RATING_WORDS.get(key, key)
        if key in {s.value for s in RATINGS}:
            return key
    # The same error the enum would give, but naming only the statuses data may hold.
    raise PydanticCustomError("enum", "'{given}' is not a status", {"given": str(value), "expected": ", ".join(f"'{s.value}'" for s in RATINGS)})


Rating = Annotated[
    Status,
    BeforeValidator(rating_value),
    WithJsonSchema({"type": "string", "enum": [s.value for s in RATINGS], "description": "red, amber, green, complete or not_rated, in any case"}),
]
"""A status the steering group gave: one of the five, written in any case."""

INTRANET_FIELD = {"x-planpress-audience": "intranet"}
"""Marks a field that only the intranet edition shows, whatever the audience of the mapping holding it."""


class Model(BaseModel):
    """Base for every mapping in data/: unknown keys are errors, and any mapping may be intranet-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    audience: Audience = "public"


class Text(Model):
    """One item of text (inline Markdown) that may carry its own audience."""

    text: str


TextItem = Annotated[Text, BeforeValidator(_text_item, json_schema_input_type=str | Text)]


class TextList(Model):
    """A heading or lead-in sentence followed by a list of items."""

    heading: str
    ordered: bool = False
    items: list[TextItem]


class Person(Model):
    """Someone the plan names, with their role."""

    name: str
    role: str


class Statement(Model):
    """A signed statement: the core principles or the vision."""

    title: str
    heading: str | None = None
    introduction: list[TextItem] = []
    lists: list[TextList]
    signed_by: Person


class ContentsEntry(Model):
    """An entry of the plan's contents list, and the site page that holds that part."""

    text: str
    page: str | None = None


SHORT_NAME_LENGTH = 20
"""The most characters of a short name that a phone's header (390 px wide) shows in full beside its buttons."""


class Plan(Model):
    """The plan's identity: title, period, partnership."""

    title: str
    short_title: str
    short_name: str
    """The site's name where the whole title does not fit, such as the header on a phone."""
    period: str
    start: Date
    end: Date
    partnership: str
    partnership_short: str
    contents: list[Annotated[ContentsEntry, BeforeValidator(_text_item, json_schema_input_type=str | ContentsEntry)]] = []
    acknowledgement_heading: str
    acknowledgement: str
    language: str = "en-GB"

    @field_validator("short_name")
    @classmethod
    def _short_enough(cls, name: str) -> str:
        if not name.strip():
            raise PydanticCustomError("short_name_empty", "is empty; write the few words a phone's header shows, such as 'Norfolk SofS plan'")
        if len(name) > SHORT_NAME_LENGTH:
            raise PydanticCustomError(
                "short_name_long",
                "'{name}' is {length} characters; a phone's header shows {most} in full",
                {"name": name, "length": len(name), "most": SHORT_NAME_LENGTH},
            )
        return name


class Priority(Model):
    """A high level priority in the plan's four columns."""

    number: int
    label: str
    title: str
    heading: str
    columns: Annotated[list[str], Field(min_length=4, max_length=4)]
    change: str
    by_deadline: str
    focus: str
    success: str


class PartA(Model):
    """Part A: the high level priorities monitored by the Board."""

    title: str
    introduction: list[TextItem]
    priorities_intro: str
    priorities: list[Priority]
    measures_intro: str


class MeasureValue(Model):
    """One reading of a measure for one period."""

    period: str
    date: Date
    value: float
    note: str | None = None


class Measure(Model):
    """One of the measures that evidence success."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: str
    unit: str | None = None
    target: float | None = None
    better: Literal["higher", "lower"] | None = None
    values: list[MeasureValue] = []


class Measures(Model):
    """The measures table."""

    title: str
    items: list[Measure]


class Role(Model):
    """A group with a part in embedding Signs of Safety."""

    name: str
    description: list[TextItem]


class SteeringGroup(Model):
    """The Partnership Steering Group and how its meetings run."""

    heading: str
    description: list[TextItem]
    meeting_intro: str
    meeting_items: list[TextItem]


class Eip2Summary(Model):
    """The EIP2 summary: what the project is and what it delivers."""

    heading: str
    introduction: list[TextItem]
    key_deliverables: list[TextItem]
    support: list[TextItem]
    key_elements_intro: str
    key_elements: list[TextItem]
    closing: list[TextItem]


class Roles(Model):
    """Roles and responsibilities for embedding Signs of Safety."""

    heading: str
    introduction: list[TextItem]
    steering_group: SteeringGroup
    project_team: list[TextItem]
    groups: list[Role]


class AreaLabel(Model):
    """An operational delivery area as the plan lists it."""

    code: str
    title: str


class PlanStructure(Model):
    """How the operational delivery plan is laid out."""

    areas_intro: str
    areas: list[AreaLabel]
    details_intro: str
    details: list[TextItem]
    closing: list[TextItem]


class PartB(Model):
    """Part B: the operational delivery plan's introduction."""

    title: str
    eip2: Eip2Summary
    roles: Roles
    structure: PlanStructure


class AreaRow(Model):
    """One row of an operational delivery area's header table."""

    change: str
    by_deadline: str
    focus: str
    success: str


class Milestone(Model):
    """A 'by when' entry: the plan's words, and the dates that can be read from them."""

    text: str
    date: Date | None = None
    end: Date | None = None
    kind: Literal["deadline", "event", "meeting", "training", "review"] = "deadline"

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: Any) -> dt.date | None:
        start = info.data.get("date")
        if end is not None and start is None:
            raise PydanticCustomError("end_alone", "an end date needs a start 'date' too", {})
        if end is not None and start is not None and end < start:
            raise PydanticCustomError("end_before", "end {end} is before the start date {start}", {"end": end.isoformat(), "start": start.isoformat()})
        return end

    @property
    def due(self) -> dt.date | None:
        """The last day this milestone covers."""
        return self.end or self.date


MilestoneItem = Annotated[Milestone, BeforeValidator(_text_item, json_schema_input_type=str | Milestone)]


class Action(Model):
    """One action of the operational delivery plan."""

    ref: Annotated[str, Field(pattern=r"^\d+\.\d+$")]
    title: str | None = None
    what: str
    by_when: list[MilestoneItem]
    who: str
    who_note: str | None = None
    monitoring: list[TextItem]


class DeliveryArea(Model):
    """OD1 to OD4: an operational delivery area with its header table and actions."""

    code: Annotated[str, Field(pattern=r"^OD\d+$")]
    title: str
    heading: str
    columns: Annotated[list[str], Field(min_length=3, max_length=3)]
    rows: list[AreaRow]
    action_columns: Annotated[list[str], Field(min_length=5, max_length=5)]
    actions: list[Action]


class RagEntry(Model):
    """One rating as a meeting's file holds it: the date may be left to the file's meeting date."""

    action: str
    date: Date | None = None
    """The rating's date; in a file with a meeting date (its name or `date:`), the same date or left out."""
    status: Rating
    note: str | None = None
    """Why: shown wherever the rating is, on both sites unless the whole rating is intranet-only."""
    internal_note: Annotated[str | None, Field(json_schema_extra=INTRANET_FIELD)] = None
    """A note for partner staff only: the intranet shows it, the public site shows the rating without it."""
    forecast: Date | None = None
    """When the action is now expected to finish, if that has moved; the plan's own dates stay the baseline."""
    reason: str | None = None
    """Why the forecast moved; required with a forecast."""
    recorded: Date | None = None
    """The day the rating was written down, when that was after its date (the file's `recorded:` by default)."""


class RagUpdate(RagEntry):
    """A dated RAG rating of one action, added by the steering group."""

    date: Date

    @property
    def known(self) -> dt.date:
        """The day the rating was recorded: from then on it was known."""
        return self.recorded or self.date


class RagUpdates(Model):
    """A file of RAG updates, one per steering group meeting: its date once, then one entry per action rated."""

    date: Date | None = None
    """The meeting's date; every entry takes it. Left out, the file's name (YYYY-MM-DD.yml) gives it."""
    recorded: Date | None = None
    """The day these ratings were written down, if after the meeting; published issues dated before it do not count them."""
    updates: list[RagEntry]


class Activity(Model):
    """A communications activity."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    """'newsletter' marks the quarterly newsletter: its items are the sections every issue holds."""
    title: str
    detail: list[TextItem] = []
    items: list[TextItem] = []


class Communications(Model):
    """The communications activities, the newsletter among them."""

    title: str
    activities: list[Activity]
    closing: list[TextItem] = []


class StatusInfo(Model):
    """How one RAG status is named and explained."""

    status: Status
    label: str
    meaning: str


class Section(Model):
    """A headed block of text on the About page, with an optional bulleted list after it."""

    heading: str
    body: list[TextItem]
    items: list[TextItem] = []
    contact: bool = False
    """Whether the site's contact details (About.contact) are shown at the end of this section."""


EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]{5,}[0-9]$"


class ContactDetails(Model):
    """How a reader reaches the people who run this website: the accessibility statement gives them."""

    name: str
    """Who answers, such as a role and a team."""
    email: Annotated[str, Field(pattern=EMAIL_PATTERN)] | None = None
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    address: list[str] = []
    """A postal address, one line per item."""

    @model_validator(mode="after")
    def _some_way_to_reach(self) -> ContactDetails:
        if not (self.email or self.phone or self.address):
            raise PydanticCustomError("contact_empty", "give at least one way to reach {name}: an email, a phone number or an address", {"name": self.name})
        return self


class PlanOnAPage(Model):
    """The words of the page that lists every action on one page: its title, introduction and headings."""

    title: str
    introduction: list[TextItem]
    areas_heading: str
    by_status_heading: str
    by_status_intro: str


class About(Model):
    """Project text: RAG definitions, the accessibility statement, how to subscribe."""

    rag_intro: str
    statuses: list[StatusInfo]
    accessibility_checked: Date
    accessibility: list[Section]
    subscribe: list[TextItem]
    open_data: list[TextItem] = []
    contact: ContactDetails | None = None
    """The contact details the accessibility statement gives; required once the site is published (loading/published.py)."""
    plan_on_a_page: PlanOnAPage

    @field_validator("statuses")
    @classmethod
    def _every_status_once(cls, statuses: list[StatusInfo]) -> list[StatusInfo]:
        # not_published is listed too: the public site names it, so its words belong in data like the others.
        named = [s.status for s in statuses]
        missing = [s.value for s in Status if s not in named]
        if missing or len(named) != len(set(named)):
            raise PydanticCustomError("statuses", "list each status once: {all}", {"all": ", ".join(s.value for s in Status)})
        return statuses


class Contact(Model):
    """A named lead partners can contact."""

    name: str
    role: str
    organisation: str | None = None


class Contacts(Model):
    """The named leads in the plan."""

    title: str
    introduction: list[TextItem] = []
    people: list[Contact]


class Project(BaseModel):
    """Everything under data/, validated and put together."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plan: Plan
    principles: Statement
    vision: Statement
    part_a: PartA
    measures: Measures
    part_b: PartB
    areas: list[DeliveryArea]
    communications: Communications
    about: About
    contacts: Contacts | None = None
    updates: list[RagUpdate] = []


class CurrentStatus(BaseModel):
    """An action's status in an export: its latest update, or Not yet rated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: str = Field(description="The action's ref, such as 2.1.")
    area: str = Field(description="The code of the operational delivery area the action belongs to, such as OD2.")
    status: Status = Field(
        description="The status of the action's latest update; not_rated when it has none; not_published (public edition only) when its latest rating is intranet-only."
    )
    label: str = Field(description="The status as the site names it, such as Not yet rated.")
    updated: dt.date | None = Field(description="The date of the action's latest update, or null when it has none.")
    direction: Literal["improved", "worsened", "held", "changed", "first"] | None = Field(
        default=None, description="How the latest rating compares with the one before it; null when there is nothing to compare."
    )
    previous_status: Status | None = Field(default=None, description="The status of the rating before the latest one, if any.")
    baseline: dt.date | None = Field(default=None, description="When the plan said the action would finish: its latest dated milestone's last day.")
    forecast: dt.date | None = Field(default=None, description="When the action is now expected to finish, from its latest rating that gave a forecast.")
    forecast_reason: str | None = Field(default=None, description="Why the forecast moved.")
    slippage_days: int | None = Field(default=None, description="Days from the baseline to the forecast: positive is later than planned, negative earlier.")


class PlanExport(BaseModel):
    """plan.json: the whole plan as one edition of the site shows it, with every action's current status."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="planpress plan.json")

    edition: Audience = Field(description="Which site this file belongs to: public holds only public items; intranet holds everything.")
    reference_date: dt.date = Field(description="The date the site's dashboard and exceptions count from: the day the site was built unless set.")
    summary: dict[Status, int] = Field(description="How many actions have each current status.")
    statuses: list[CurrentStatus] = Field(description="Every action's current status, in plan order.")
    plan: Project = Field(description="The plan's content, as validated from data/ and filtered for this edition.")


FILE_MODELS: dict[str, type[BaseModel]] = {
    "plan.yml": Plan,
    "principles.yml": Statement,
    "vision.yml": Statement,
    "priorities.yml": PartA,
    "measures.yml": Measures,
    "delivery/part-b.yml": PartB,
    "communications.yml": Communications,
    "about.yml": About,
    "contacts.yml": Contacts,
}
"""Each fixed file under data/ and the model it holds. delivery/od*.yml and updates/*.yml add to these."""
