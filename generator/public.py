"""The public view of the network: the only objects templates ever receive.

Each view is an allowlist: a field is here because it may be published. Personal
data crosses into a view only through `public_contact`, which applies the
leader's recorded choice (name on/off; phone none, masked or full).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .links import HOME, Link, Linker
from .model import (AREA_NAMES, STATUS_NAMES, TIER_NAMES, Centre, Community, Compound, EscalationStep, Leader, Network,
                    Point, Policy, Station)

NOT_OPEN_YET = "尚未开放"  # shown instead of the opening hours of a point or station being set up
# The township-level units a street office may head: its name ends with its own (某某街道, 某某镇).
TOWNSHIP_UNITS = ("街道", "镇", "乡", "苏木")


def street_unit(name: str) -> str:
    """The street's own level, as in 全镇 and 镇设友邻中心: the unit its name ends with, else the name itself."""
    return next((unit for unit in TOWNSHIP_UNITS if name.endswith(unit) and name != unit), name)


def whole_street(name: str) -> str:
    """The whole street, as a heading or link says it: 全街道, 全镇 (全 and the name when it has no unit)."""
    return f"全{street_unit(name)}"


def escalation_route(steps: Sequence[EscalationStep]) -> str | None:
    """The plan's way up as one line, from the lowest tier it names to where it stops: 友邻点 → 所属友邻站 → 友邻中心.

    Residents (the plan's usual first `from`) raise topics but are no tier, so the line starts at the first tier
    of the network it names; a point's topic goes to its own station only, which 所属 says. None without steps.
    """
    ordered = sorted(steps, key=lambda s: s.step)
    if not ordered:
        return None
    names = [ordered[0].from_, *(s.to for s in ordered)]
    start = next((i for i, name in enumerate(names) if name in TIER_NAMES.values()), 0)
    shown = names[start:]
    return " → ".join(f"所属{name}" if name == TIER_NAMES["station"] and i else name
                      for i, name in enumerate(shown))


def top_step(steps: Sequence[EscalationStep]) -> str | None:
    """What the plan says of the last step, from the centre to the street; None when the way up stops below."""
    step = next((s for s in steps if s.from_ == TIER_NAMES["centre"]), None)
    return step.what.rstrip("。；;. ") if step else None


def _hours_shown(status: str, opening_hours: str) -> str:
    """The hours to tell residents: a hub being set up does not keep its hours yet, and they would walk there for nothing."""
    return NOT_OPEN_YET if status == "planned" else opening_hours


@dataclass(frozen=True)
class PublicContact:
    name: str | None
    phone: str | None  # as it may be shown: full, masked, or None
    tel: str | None  # a dialable number, only when the full number is published


@dataclass(frozen=True)
class PublicSubsidy:
    """A station's or point's subsidy as the ledger allocates it (see ledger/model.py).

    Each calendar year the policy's standard for its tier; in the year it was set up, its own
    row's amount, which differs from the standard only with the office's reason.
    """

    yearly_yuan: int | None  # None while it is planned (not set up yet) or once it is closed
    first_year: int | None  # the year it was set up, when that year's amount differs from the standard
    first_year_yuan: int
    reason: str | None  # why its own amount differs from the standard (or, when planned, when it will be paid)


def public_subsidy(hub: Station | Point, policy: Policy) -> PublicSubsidy:
    standard = policy.standard_for(hub)
    set_up = hub.established is not None
    return PublicSubsidy(
        yearly_yuan=standard if set_up and hub.status != "closed" else None,
        first_year=hub.established.year if set_up and hub.subsidy_yuan != standard else None,
        first_year_yuan=hub.subsidy_yuan,
        reason=hub.subsidy_exception,
    )


def mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """138****1234 for a mobile; for a landline keep the area code and last four digits."""
    digits = phone.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    area, _, number = phone.partition("-")
    if number:
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    return f"{'*' * (len(digits) - 4)}{digits[-4:]}"


def public_contact(leader: Leader) -> PublicContact:
    name = leader.name if leader.name_public and leader.consent_date else None
    phone = tel = None
    if leader.phone and leader.consent_date:
        if leader.phone_publication == "full":
            phone, tel = leader.phone, leader.phone.replace("-", "")
        elif leader.phone_publication == "masked":
            phone = mask_phone(leader.phone)
    return PublicContact(name=name, phone=phone, tel=tel)


@dataclass(frozen=True)
class PublicPoint:
    id: str
    name: str
    station_id: str
    community_id: str
    venue_type: str
    address: str
    compounds: tuple[str, ...]
    contact: PublicContact
    instructor: str | None
    services: tuple[str, ...]
    opening_hours: str
    subsidy: PublicSubsidy
    status: str
    status_name: str
    established: date | None
    closed_on: date | None
    latitude: float | None
    longitude: float | None

    @property
    def hours_shown(self) -> str:
        return _hours_shown(self.status, self.opening_hours)


@dataclass(frozen=True)
class PublicStation:
    id: str
    name: str
    community_id: str
    area_name: str
    venue: str
    address: str
    operator: str
    opening_hours: str
    phone: str | None
    subsidy: PublicSubsidy
    status: str
    status_name: str
    established: date | None
    closed_on: date | None

    @property
    def hours_shown(self) -> str:
        return _hours_shown(self.status, self.opening_hours)


@dataclass(frozen=True)
class PublicCommunity:
    id: str
    name: str
    area: str
    area_name: str
    unit: str
    units: int
    population: int
    planned_points: int
    compounds: tuple[str, ...]


@dataclass(frozen=True)
class PublicCentre:
    id: str
    name: str
    area_m2: int | None
    investment_yuan: int | None
    operator: str
    address: str
    opening_hours: str
    phone: str | None
    status_name: str
    established: date | None
    closed_on: date | None
    duties: tuple[str, ...]


def public_point(point: Point, network: Network) -> PublicPoint:
    station = network.station_of(point)
    return PublicPoint(
        id=point.id,
        name=point.name,
        station_id=station.id,
        community_id=station.community,
        venue_type=point.venue_type,
        address=point.address,
        compounds=tuple(point.compounds),
        contact=public_contact(point.leader),
        instructor=point.instructor,
        services=tuple(point.services),
        opening_hours=point.opening_hours,
        subsidy=public_subsidy(point, network.policy),
        status=point.status,
        status_name=STATUS_NAMES[point.status],
        established=point.established,
        closed_on=point.closed_on,
        latitude=_coordinate(point.latitude),
        longitude=_coordinate(point.longitude),
    )


def _coordinate(value) -> float | None:
    # frictionless reads numbers as Decimal; a map needs only floats
    return None if value is None else float(value)


def public_station(station: Station, policy: Policy) -> PublicStation:
    return PublicStation(
        id=station.id,
        name=station.name,
        community_id=station.community,
        area_name=AREA_NAMES[station.area],
        venue=station.venue,
        address=station.address,
        operator=station.operator,
        opening_hours=station.opening_hours,
        phone=station.phone,
        subsidy=public_subsidy(station, policy),
        status=station.status,
        status_name=STATUS_NAMES[station.status],
        established=station.established,
        closed_on=station.closed_on,
    )


def public_community(community: Community, compounds: list[Compound], unit: str) -> PublicCommunity:
    return PublicCommunity(
        id=community.id,
        name=community.name,
        area=community.area,
        area_name=AREA_NAMES[community.area],
        unit=unit,
        units=community.units,
        population=community.population,
        planned_points=community.planned_points,
        compounds=tuple(c.name for c in compounds),
    )


def public_centre(centre: Centre) -> PublicCentre:
    return PublicCentre(
        id=centre.id,
        name=centre.name,
        area_m2=centre.area_m2,
        investment_yuan=centre.investment_yuan,
        operator=centre.operator,
        address=centre.address,
        opening_hours=centre.opening_hours,
        phone=centre.phone,
        status_name=STATUS_NAMES[centre.status],
        established=centre.established,
        closed_on=centre.closed_on,
        duties=tuple(centre.duties),
    )


@dataclass(frozen=True)
class PublicNetwork:
    """Everything the pages may show, indexed the way the pages need it."""

    street_name: str
    site_title: str
    office: str
    region: str
    street_phone: str | None
    data_notice: str | None
    centre: PublicCentre
    communities: tuple[PublicCommunity, ...]
    stations: tuple[PublicStation, ...]
    points: tuple[PublicPoint, ...]


def public_network(network: Network) -> PublicNetwork:
    street = network.street
    units = {a.id: a.unit for a in network.annexes}
    communities = tuple(
        public_community(c, network.compounds_in(c.id), units[c.annex])
        for annex in network.annexes
        for c in annex.communities
    )
    return PublicNetwork(
        street_name=street.name,
        site_title=street.site_title,
        office=street.office,
        region=street.region,
        street_phone=street.phone,
        data_notice=street.data_notice,
        centre=public_centre(network.centre),
        communities=communities,
        stations=tuple(public_station(s, network.policy) for s in network.stations.values()),
        points=tuple(public_point(p, network) for p in network.points.values()),
    )


@dataclass(frozen=True)
class Site:
    """What every page shows of the street: its title, office and notice, and how its network works."""

    title: str
    street_name: str
    office: str
    region: str
    phone: str | None
    notice: str | None
    route: str | None  # the plan's way up for topics (see `escalation_route`)
    top_step: str | None  # what the plan says of the step up to the street, None when it stops at the centre

    @property
    def unit(self) -> str:
        """The street's own level: 街道, 镇 (see `street_unit`)."""
        return street_unit(self.street_name)

    @property
    def whole(self) -> str:
        """全街道, 全镇: the whole street (see `whole_street`)."""
        return whole_street(self.street_name)


@dataclass(frozen=True)
class PublicIndex:
    """The public view with the lookups every page builder needs."""

    site: Site
    public: PublicNetwork
    communities: dict[str, PublicCommunity]
    stations: dict[str, PublicStation]
    points_by_station: dict[str, list[PublicPoint]]
    stations_by_community: dict[str, list[PublicStation]]

    def points_in(self, community_id: str) -> list[PublicPoint]:
        return [p for s in self.stations_by_community.get(community_id, []) for p in self.points_by_station.get(s.id, [])]

    def crumbs(self, link: Linker, *trail: tuple[str, str]) -> tuple[Link, ...]:
        return tuple(link(text, target) for text, target in ((self.site.title, HOME), *trail))


def index_public(network: Network) -> PublicIndex:
    public = public_network(network)
    site = Site(
        title=public.site_title,
        street_name=public.street_name,
        office=public.office,
        region=public.region,
        phone=public.street_phone,
        notice=public.data_notice,
        route=escalation_route(network.plan.escalation),
        top_step=top_step(network.plan.escalation),
    )
    points_by_station: dict[str, list[PublicPoint]] = {}
    for point in public.points:
        points_by_station.setdefault(point.station_id, []).append(point)
    stations_by_community: dict[str, list[PublicStation]] = {}
    for station in public.stations:
        stations_by_community.setdefault(station.community_id, []).append(station)
    return PublicIndex(
        site=site,
        public=public,
        communities={c.id: c for c in public.communities},
        stations={s.id: s for s in public.stations},
        points_by_station=points_by_station,
        stations_by_community=stations_by_community,
    )
