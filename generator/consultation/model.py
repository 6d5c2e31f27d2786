"""Consultation as typed objects: hubs of the four tiers, topics and their way up, meetings.

A topic is raised at a hub (a point, a station or the centre), goes round the
五民 loop — 民提 (raised), 民议 (discussed), 民决 (decided), 民办 (carried out),
民评 (evaluated) — and, while undecided, may be escalated one tier at a time:
point → its own station → the centre → the street. Where a topic is on a given
day follows from where it was raised and its escalations; nothing else is stored.

`raised_by` and `raised_by_phone` (who raised a topic, and the number the social
worker calls them back on) are private: they exist only here, never in the public
views that the pages are built from (see `pages.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from ..model import Network, Source

TIERS = ("point", "station", "centre", "street")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}

STAGES = ("民提", "民议", "民决", "民办", "民评")
STAGE_NAMES = {
    "民提": "民提（居民提出）",
    "民议": "民议（居民协商）",
    "民决": "民决（议定办法）",
    "民办": "民办（组织落实）",
    "民评": "民评（居民评议）",
}


@dataclass(frozen=True)
class Hub:
    """A place where topics are raised and meetings held: a point, a station, the centre or the street."""

    id: str
    name: str
    tier: str
    parent: str | None  # the hub a topic is escalated to from here
    established: date | None
    page: str | None  # the hub's own page on the site (the street has none but the home page)
    community: str | None = None  # for stations and points
    address: str | None = None
    status: str = "active"  # as the network's data says it (the street has none): planned hubs are not set up yet


@dataclass
class HubDirectory:
    """Every hub of the network by id (the network's check makes ids unique across tiers)."""

    hubs: dict[str, Hub]
    street_id: str
    centre_id: str

    def get(self, hub_id: str) -> Hub | None:
        return self.hubs.get(hub_id)

    def of_tier(self, tier: str) -> list[Hub]:
        return [hub for hub in self.hubs.values() if hub.tier == tier]

    @cached_property
    def _children(self) -> dict[str, list[Hub]]:
        found: dict[str, list[Hub]] = {}
        for hub in self.hubs.values():
            if hub.parent is not None:
                found.setdefault(hub.parent, []).append(hub)
        return found

    @cached_property
    def by_folded_id(self) -> dict[str, Hub]:
        """Hubs by their id in lower case (ids differ in more than case: the network's check)."""
        return {hub.id.casefold(): hub for hub in self.hubs.values()}

    @cached_property
    def by_name(self) -> dict[str, list[Hub]]:
        """Hubs by name: an unknown value is looked up in these once per value, in a city's directory too."""
        found: dict[str, list[Hub]] = {}
        for hub in self.hubs.values():
            found.setdefault(hub.name, []).append(hub)
        return found

    def children(self, hub_id: str) -> list[Hub]:
        """The hubs whose topics go up to this one."""
        return self._children.get(hub_id, [])

    def chain(self, hub_id: str) -> list[str]:
        """The hub and every hub above it, bottom up."""
        ids = []
        current: str | None = hub_id
        while current is not None and current in self.hubs and current not in ids:
            ids.append(current)
            current = self.hubs[current].parent
        return ids


def hub_directory(network: Network) -> HubDirectory:
    street, centre = network.street, network.centre
    hubs: dict[str, Hub] = {}

    def add(hub: Hub) -> None:
        hubs[hub.id] = hub

    add(Hub(street.id, street.name, "street", None, None, None))
    add(Hub(centre.id, centre.name, "centre", street.id, centre.established, "centre.md", address=centre.address,
            status=centre.status))
    for station in network.stations.values():
        add(Hub(station.id, station.name, "station", centre.id, station.established, f"stations/{station.id}.md",
                community=station.community, address=station.address, status=station.status))
    for point in network.points.values():
        add(Hub(point.id, point.name, "point", point.station, point.established, f"points/{point.id}.md",
                community=network.stations[point.station].community, address=point.address, status=point.status))
    return HubDirectory(hubs, street.id, centre.id)


@dataclass(frozen=True)
class Escalation:
    from_: str
    to: str
    date: date
    reason: str
    to_body: str | None
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)


@dataclass(frozen=True)
class LoopStep:
    stage: str
    date: date
    note: str | None
    satisfied: int | None
    basically_satisfied: int | None
    dissatisfied: int | None
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)

    @property
    def has_counts(self) -> bool:
        return any(v is not None for v in (self.satisfied, self.basically_satisfied, self.dissatisfied))


@dataclass(frozen=True)
class Visit:
    """A stay of a topic at one hub: from its arrival until it was sent up (None: it is still there)."""

    hub: str
    arrived: date
    left: date | None
    came_from: str | None  # the hub below that escalated it here; None where it was raised
    escalation: Escalation | None  # the step that brought it here


@dataclass
class Topic:
    id: str
    title: str
    category: str
    description: str | None
    raised_at: str
    raised_on: date
    raised_by: str | None  # private: never published
    raised_by_phone: str | None  # private: never published
    decision: str | None
    carried_out_by: str | None
    due: date | None
    done_on: date | None
    outcome: str | None
    escalations: list[Escalation]
    loop: list[LoopStep]
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)

    @property
    def stage(self) -> str:
        return self.loop[-1].stage if self.loop else STAGES[0]

    def stage_date(self, stage: str) -> date | None:
        if stage == STAGES[0]:
            return self.raised_on
        return next((step.date for step in self.loop if step.stage == stage), None)

    def step(self, stage: str) -> LoopStep | None:
        return next((step for step in self.loop if step.stage == stage), None)

    @property
    def decided_on(self) -> date | None:
        return self.stage_date("民决")

    @property
    def evaluated_on(self) -> date | None:
        return self.stage_date("民评")

    @property
    def decided(self) -> bool:
        return STAGES.index(self.stage) >= STAGES.index("民决")

    @property
    def visits(self) -> list[Visit]:
        visits = [Visit(self.raised_at, self.raised_on, None, None, None)]
        for step in self.escalations:
            last = visits[-1]
            visits[-1] = Visit(last.hub, last.arrived, step.date, last.came_from, last.escalation)
            visits.append(Visit(step.to, step.date, None, step.from_, step))
        return visits

    @property
    def current_hub(self) -> str:
        return self.escalations[-1].to if self.escalations else self.raised_at

    def hub_after(self, day: date) -> str:
        """Where the topic was at the end of `day`."""
        return [v.hub for v in self.visits if v.arrived <= day][-1]

    def decided_by(self, day: date) -> bool:
        decided = self.decided_on
        return decided is not None and decided <= day

    def visit_at(self, hub_id: str) -> Visit | None:
        return next((v for v in self.visits if v.hub == hub_id), None)

    def hubs_on(self, day: date) -> list[str]:
        """The hubs the topic was at during `day` (two on the day it was sent up)."""
        return [v.hub for v in self.visits if v.arrived <= day and (v.left is None or v.left >= day)]

    def open_on(self, day: date) -> bool:
        """Raised by then, and not evaluated before that day (the evaluating meeting still counts)."""
        evaluated = self.evaluated_on
        return self.raised_on <= day and (evaluated is None or evaluated >= day)

    @property
    def closed(self) -> bool:
        return self.stage == "民评"


@dataclass(frozen=True)
class AgendaItem:
    topic: str | None
    item: str | None
    duration: int
    presenter: str
    outcome: str | None
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)


@dataclass(frozen=True)
class Minutes:
    attendance: int
    summary: str | None
    follow_ups: tuple[str, ...]
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)


@dataclass(frozen=True)
class MeetingType:
    type: str
    tier: str
    length: int
    opening: int
    per_topic: int
    closing: int
    source: Source


@dataclass
class Meeting:
    id: str
    hub: str
    type: str
    title: str | None
    date: date
    start: time
    end: time
    place: str
    agenda: list[AgendaItem]
    minutes: Minutes | None
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return _line_of(self, name)

    @property
    def length(self) -> int:
        """Minutes from start to end."""
        return (datetime.combine(self.date, self.end) - datetime.combine(self.date, self.start)) // timedelta(minutes=1)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.date, self.start)

    @property
    def ends(self) -> datetime:
        return datetime.combine(self.date, self.end)


@dataclass
class Consultation:
    """Everything read from data/topics.yaml and data/meetings.yaml, with the hubs they refer to."""

    hubs: HubDirectory
    categories: list[str]
    types: dict[str, MeetingType]
    topics: dict[str, Topic]
    meetings: dict[str, Meeting]

    @cached_property
    def active_points(self) -> frozenset[str]:
        """Points that a topic has been at or that have held a meeting."""
        hubs = {v.hub for t in self.topics.values() for v in t.visits} | {m.hub for m in self.meetings.values()}
        return frozenset(h for h in hubs if h in self.hubs.hubs and self.hubs.hubs[h].tier == "point")

    def has_page(self, hub_id: str) -> bool:
        """Stations, the centre and the street always have a consultation page and feed; a point once it is used.

        A street has many more points than stations: a page per point with nothing on it would make the
        site half as large again for no reader, and the build with it.
        """
        hub = self.hubs.hubs.get(hub_id)
        return hub is not None and (hub.tier != "point" or hub_id in self.active_points)

    @cached_property
    def _meetings_by_hub(self) -> dict[str, list[Meeting]]:
        found: dict[str, list[Meeting]] = {}
        for meeting in sorted(self.meetings.values(), key=lambda m: (m.starts, m.id)):
            found.setdefault(meeting.hub, []).append(meeting)
        return found

    def meetings_at(self, hub_id: str) -> list[Meeting]:
        return self._meetings_by_hub.get(hub_id, [])

    # Pages are made per hub and per topic: looking through every topic or meeting for each
    # of them made a city's build grow with the square of its size. These indexes are built once.

    @cached_property
    def _topics_by_hub(self) -> dict[str, list[Topic]]:
        found: dict[str, list[Topic]] = {}
        for topic in self.topics.values():
            for hub_id in dict.fromkeys(v.hub for v in topic.visits):
                found.setdefault(hub_id, []).append(topic)
        return found

    def topics_through(self, hub_id: str) -> list[Topic]:
        """Topics that have been at this hub (raised there or sent up to it), in data order."""
        return self._topics_by_hub.get(hub_id, [])

    @cached_property
    def _agenda_by_topic(self) -> dict[str, list[tuple[Meeting, AgendaItem]]]:
        found: dict[str, list[tuple[Meeting, AgendaItem]]] = {}
        for meeting in self.meetings.values():
            for item in meeting.agenda:
                if item.topic is not None:
                    found.setdefault(item.topic, []).append((meeting, item))
        return found

    def meetings_of(self, topic_id: str) -> list[tuple[Meeting, AgendaItem]]:
        return sorted(self._agenda_by_topic.get(topic_id, []), key=lambda pair: (pair[0].starts, pair[0].id))

    def type_for(self, tier: str) -> MeetingType | None:
        """The first meeting type held at a tier: what a draft agenda is planned for."""
        return next((t for t in self.types.values() if t.tier == tier), None)

    def decided_at(self, topic: Topic) -> str | None:
        """The hub where the topic was decided: where it was on the day of 民决."""
        decided = topic.decided_on
        if decided is None:
            return None
        hubs = topic.hubs_on(decided)
        return hubs[-1] if hubs else topic.current_hub


def _line_of(item, name: str) -> int:
    return item.field_lines.get(name, item.source.line)


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
