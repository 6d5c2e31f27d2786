"""The network's figures as the overview pages show them: hubs per tier against the plan's
targets, a year's subsidy, and the plan's annexes of communities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .links import Link, Linker, community_path, station_path
from .model import AREA_NAMES, TIER_NAMES, Annex, Community, Network, Policy
from .public import PublicIndex, PublicNetwork
from .rules import tier_counts


@dataclass(frozen=True)
class TierRow:
    name: str
    area_name: str
    target: int | None
    count: int
    active: int
    due: str | None

    @property
    def gap(self) -> int | None:
        return None if self.target is None else self.count - self.target


@dataclass(frozen=True)
class CommunityRow:
    seq: int
    link: Link
    units: int
    population: int
    planned_points: int
    points: int
    stations: tuple[Link, ...]

    @property
    def gap(self) -> int:
        return self.points - self.planned_points


@dataclass(frozen=True)
class AnnexTable:
    title: str
    area_name: str
    unit: str
    rows: tuple[CommunityRow, ...]  # of this page: all the annex's communities, some, or none (then `more` is set)
    more: Link | None  # to the annex's own pages, when this page does not hold its communities
    communities: int
    total_units: int
    total_population: int
    total_planned_points: int
    total_points: int


@dataclass(frozen=True)
class Subsidy:
    points: int
    stations: int
    point_count: int
    station_count: int
    policy: Policy

    @property
    def total(self) -> int:
        return self.points + self.stations


def tier_rows(network: Network) -> tuple[TierRow, ...]:
    counts = tier_counts(network)
    active: dict[tuple[str, str], int] = {}
    hubs = [("centre", "all", network.centre.status)]
    hubs += [("station", s.area, s.status) for s in network.stations.values()]
    hubs += [("point", network.station_of(p).area, p.status) for p in network.points.values()]
    for tier, area, status in hubs:
        if status == "active":
            for key in {(tier, area), (tier, "all")}:
                active[key] = active.get(key, 0) + 1
    targets = {(t.tier, t.area): t for t in network.plan.targets}
    keys = [("centre", "all")] + [(tier, area) for tier in ("station", "point") for area in ("urban", "rural", "all")]
    keys += [k for k in targets if k not in keys]
    return tuple(
        TierRow(
            name=TIER_NAMES[tier],
            area_name=AREA_NAMES[area],
            target=targets[(tier, area)].count if (tier, area) in targets else None,
            count=counts.get((tier, area), 0),
            active=active.get((tier, area), 0),
            due=targets[(tier, area)].due.isoformat() if (tier, area) in targets else None,
        )
        for tier, area in keys
        if (tier, area) in targets or counts.get((tier, area))
    )


def subsidy_totals(public: PublicNetwork, policy: Policy) -> Subsidy:
    """A full year's subsidy of the stations and points that are set up and not closed, as the ledger allocates it."""
    points = [p.subsidy.yearly_yuan for p in public.points if p.subsidy.yearly_yuan is not None]
    stations = [s.subsidy.yearly_yuan for s in public.stations if s.subsidy.yearly_yuan is not None]
    return Subsidy(points=sum(points), stations=sum(stations), point_count=len(points), station_count=len(stations),
                   policy=policy)


def annex_table(annex: Annex, index: PublicIndex, open_points: dict[str, int], link: Linker,
                 shown: Sequence[Community], more: Link | None) -> AnnexTable:
    """The annex's figures, with rows for the communities `shown` on this page."""
    rows = tuple(
        CommunityRow(
            seq=community.seq,
            link=link(community.name, community_path(community.id)),
            units=community.units,
            population=community.population,
            planned_points=community.planned_points,
            points=open_points[community.id],
            stations=tuple(link(s.name, station_path(s.id))
                           for s in index.stations_by_community.get(community.id, [])),
        )
        for community in shown
    )
    return AnnexTable(
        title=annex.title,
        area_name=AREA_NAMES[annex.area],
        unit=annex.unit,
        rows=rows,
        more=more,
        communities=len(annex.communities),
        total_units=annex.total_units,
        total_population=annex.total_population,
        total_planned_points=annex.total_planned_points,
        total_points=sum(open_points[c.id] for c in annex.communities),
    )
