"""The network as typed objects, built from rows that passed the schema stage.

Every object keeps its `source` (file and line) so the cross-checks can point at
the office's data. Personal data lives only in `Leader`; templates never see these
objects directly, only the public views made from them (see `public.py`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .validation import Tables, TypedRow

TIER_NAMES = {"centre": "友邻中心", "station": "友邻站", "point": "友邻点"}
AREA_NAMES = {"urban": "城市社区", "rural": "农村", "all": "城乡合计"}
STATUS_NAMES = {"planned": "筹建中", "active": "运行中", "paused": "暂停", "closed": "已关闭"}


@dataclass(frozen=True)
class Source:
    file: str
    line: int


@dataclass
class Street:
    id: str
    name: str
    region: str
    office: str
    site_title: str
    phone: str | None
    data_notice: str | None
    source: Source


@dataclass
class Centre:
    id: str
    name: str
    area_m2: int | None
    investment_yuan: int | None
    operator: str
    address: str
    opening_hours: str
    phone: str | None
    status: str
    established: date | None
    closed_on: date | None
    duties: list[str]
    source: Source


@dataclass
class Policy:
    point_subsidy_yuan: int
    station_subsidy_yuan: int
    development_fund_yuan: int | None
    basis: str
    purpose: str | None
    source: Source

    def standard_for(self, hub: Station | Point) -> int:
        """The yearly subsidy for the hub's tier."""
        return self.station_subsidy_yuan if isinstance(hub, Station) else self.point_subsidy_yuan


@dataclass
class Tier:
    tier: str
    name: str
    role: str
    based_in: str
    duties: list[str]
    source: Source


@dataclass
class EscalationStep:
    step: int
    from_: str
    to: str
    what: str
    source: Source


@dataclass
class Target:
    tier: str
    area: str
    count: int
    due: date
    basis: str | None
    source: Source


@dataclass
class Milestone:
    year: int
    name: str
    items: list[str]
    source: Source


@dataclass
class PlanNote:
    id: str
    title: str
    text: str
    source: Source


@dataclass
class Plan:
    document: str
    title: str
    issuer: str
    issued: date
    goal: str
    tiers: list[Tier]
    escalation: list[EscalationStep]
    targets: list[Target]
    milestones: list[Milestone]
    notes: list[PlanNote]
    source: Source


@dataclass
class Community:
    seq: int
    id: str
    name: str
    units: int
    population: int
    planned_points: int
    annex: str
    area: str
    source: Source


@dataclass
class Annex:
    id: str
    title: str
    area: str
    unit: str
    total_units: int
    total_population: int
    total_planned_points: int
    source: Source
    communities: list[Community] = field(default_factory=list)


@dataclass
class Station:
    id: str
    name: str
    community: str
    area: str
    venue: str
    address: str
    operator: str
    opening_hours: str
    phone: str | None
    subsidy_yuan: int
    subsidy_exception: str | None
    status: str
    established: date | None
    closed_on: date | None
    source: Source


@dataclass
class Compound:
    id: str
    name: str
    community: str
    source: Source


@dataclass
class Leader:
    """A point leader's personal data and what they agreed to publish. Private."""

    name: str | None
    name_public: bool
    phone: str | None
    phone_publication: str
    consent_date: date | None


@dataclass
class Point:
    id: str
    name: str
    station: str
    venue_type: str
    address: str
    compounds: list[str]
    leader: Leader
    instructor: str | None
    services: list[str]
    opening_hours: str
    subsidy_yuan: int
    subsidy_exception: str | None
    status: str
    established: date | None
    closed_on: date | None
    latitude: float | None
    longitude: float | None
    source: Source


@dataclass
class Network:
    street: Street
    centre: Centre
    policy: Policy
    plan: Plan
    annexes: list[Annex]
    communities: dict[str, Community]
    stations: dict[str, Station]
    compounds: dict[str, Compound]
    points: dict[str, Point]
    _stations_by_community: dict[str, list[Station]] = field(default_factory=dict, repr=False)
    _points_by_station: dict[str, list[Point]] = field(default_factory=dict, repr=False)
    _compounds_by_community: dict[str, list[Compound]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_community: dict[str, list[Station]] = defaultdict(list)
        for station in self.stations.values():
            by_community[station.community].append(station)
        by_station: dict[str, list[Point]] = defaultdict(list)
        for point in self.points.values():
            by_station[point.station].append(point)
        compounds: dict[str, list[Compound]] = defaultdict(list)
        for compound in self.compounds.values():
            compounds[compound.community].append(compound)
        self._stations_by_community = dict(by_community)
        self._points_by_station = dict(by_station)
        self._compounds_by_community = dict(compounds)

    def record_hub_ids(self) -> set[str]:
        """The ids of the hubs records are kept at (spending, projects): the centre, the stations and the points."""
        return {self.centre.id, *self.stations, *self.points}

    def hubs(self, *tables: str) -> list[tuple[str, str, Street | Centre | Station | Point]]:
        """The street, the centre, the stations and the points (or those of `tables`), in the files' order:
        each with its table's name and its tier's."""
        every = [("street", "街道", self.street), ("centre", TIER_NAMES["centre"], self.centre),
                 *(("stations", TIER_NAMES["station"], s) for s in self.stations.values()),
                 *(("points", TIER_NAMES["point"], p) for p in self.points.values())]
        return [hub for hub in every if hub[0] in tables] if tables else every

    def stations_in(self, community_id: str) -> list[Station]:
        return self._stations_by_community.get(community_id, [])

    def points_of(self, station_id: str) -> list[Point]:
        return self._points_by_station.get(station_id, [])

    def points_in(self, community_id: str) -> list[Point]:
        return [p for s in self.stations_in(community_id) for p in self.points_of(s.id)]

    def compounds_in(self, community_id: str) -> list[Compound]:
        return self._compounds_by_community.get(community_id, [])

    def community_of(self, station: Station) -> Community:
        return self.communities[station.community]

    def station_of(self, point: Point) -> Station:
        return self.stations[point.station]

    def area_of(self, annex_id: str) -> str:
        return next(a.area for a in self.annexes if a.id == annex_id)


def _make(cls, row: TypedRow, **overrides: Any):
    """Build a dataclass from a typed row: schema field names are dataclass field names."""
    names, required = _field_names(cls)
    values = {k: v for k, v in row.values.items() if k in names}
    values["source"] = Source(row.record.file, row.record.line)
    values.update(overrides)
    for name in required:
        values.setdefault(name, None)
    return cls(**values)


@functools.cache
def _field_names(cls) -> tuple[frozenset[str], tuple[str, ...]]:
    """All field names of a dataclass, and those without a default (looked up once, not per row)."""
    fields = dataclasses.fields(cls)
    required = tuple(f.name for f in fields
                     if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return frozenset(f.name for f in fields), required


def build_network(tables: Tables) -> Network:
    """Turn valid tables into the network."""
    rows = tables.all

    annexes = [_make(Annex, row) for row in rows("annexes")]
    area_of = {a.id: a.area for a in annexes}
    communities = {}
    for row in rows("communities"):
        community = _make(Community, row, area=area_of[row.values["annex"]])
        communities[community.id] = community
        next(a for a in annexes if a.id == community.annex).communities.append(community)
    plan_row = rows("plan")[0]
    plan = _make(
        Plan,
        plan_row,
        tiers=[_make(Tier, r) for r in rows("tiers")],
        escalation=[_make(EscalationStep, r, from_=r.values["from"]) for r in rows("escalation")],
        targets=[_make(Target, r) for r in rows("targets")],
        milestones=[_make(Milestone, r) for r in rows("milestones")],
        notes=[_make(PlanNote, r) for r in rows("plan_notes")],
    )
    points = {}
    for row in rows("points"):
        v = row.values
        leader = Leader(
            name=v.get("leader_name"),
            name_public=bool(v.get("leader_name_public")),
            phone=v.get("leader_phone"),
            phone_publication=v.get("leader_phone_publication") or "none",
            consent_date=v.get("leader_consent_date"),
        )
        point = _make(Point, row, leader=leader, compounds=v.get("compounds") or [], services=v.get("services") or [])
        points[point.id] = point
    return Network(
        street=_make(Street, rows("street")[0]),
        centre=_make(Centre, rows("centre")[0], duties=rows("centre")[0].values.get("duties") or []),
        policy=_make(Policy, rows("policy")[0]),
        plan=plan,
        annexes=annexes,
        communities=communities,
        stations={s.id: s for s in (_make(Station, r) for r in rows("stations"))},
        compounds={c.id: c for c in (_make(Compound, r) for r in rows("compounds"))},
        points=points,
    )
