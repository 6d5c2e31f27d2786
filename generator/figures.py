"""The network's figures as the overview pages show them: hubs per tier against the plan's
targets, a year's subsidy, and the plan's annexes of communities.

Every page counts hubs in one sense: 已设立 (set up) is a hub that is running or paused;
a planned hub (筹建中) does not exist yet, so it meets no target and gets no subsidy;
a closed hub is counted nowhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from .links import Link, Linker, community_path, station_path
from .model import AREA_NAMES, TIER_NAMES, Annex, Community, Network, Policy
from .public import PublicIndex, PublicNetwork

SET_UP = ("active", "paused")


def is_set_up(status: str) -> bool:
    """已设立: running or paused; not planned (筹建中), not closed."""
    return status in SET_UP


@dataclass(frozen=True)
class TierRow:
    name: str
    area_name: str
    target: int | None
    set_up: int  # 已设立
    active: int  # of them, running
    planned: int  # 筹建中: listed in the data, not set up yet
    due: str | None

    @property
    def gap(self) -> int | None:
        """已设立 − 规划目标: a planned hub meets no target."""
        return None if self.target is None else self.set_up - self.target


@dataclass(frozen=True)
class CommunityRow:
    seq: int
    link: Link
    units: int
    population: int
    planned_points: int
    set_up: int  # 已设立, what the plan's annex is held against and the directory counts
    planned: int  # 筹建中, shown apart
    stations: tuple[Link, ...]

    @property
    def gap(self) -> int:
        return self.set_up - self.planned_points


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
    total_set_up: int

    @property
    def total_gap(self) -> int:
        return self.total_set_up - self.total_planned_points


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
    """Each tier and area the data or the plan has, counted by status; area "all" is the total."""
    counts: Counter[tuple[str, str, str]] = Counter()
    hubs = [("centre", "all", network.centre.status)]
    hubs += [("station", s.area, s.status) for s in network.stations.values()]
    hubs += [("point", network.station_of(p).area, p.status) for p in network.points.values()]
    for tier, area, status in hubs:
        if status == "closed":  # counted nowhere
            continue
        for key in {(tier, area), (tier, "all")}:
            counts[(*key, "set_up" if is_set_up(status) else "planned")] += 1
            counts[(*key, "active")] += status == "active"
    targets = {(t.tier, t.area): t for t in network.plan.targets}
    keys = [("centre", "all")] + [(tier, area) for tier in ("station", "point") for area in ("urban", "rural", "all")]
    keys += [k for k in targets if k not in keys]
    return tuple(
        TierRow(
            name=TIER_NAMES[tier],
            area_name=AREA_NAMES[area],
            target=targets[(tier, area)].count if (tier, area) in targets else None,
            set_up=counts[(tier, area, "set_up")],
            active=counts[(tier, area, "active")],
            planned=counts[(tier, area, "planned")],
            due=targets[(tier, area)].due.isoformat() if (tier, area) in targets else None,
        )
        for tier, area in keys
        if (tier, area) in targets or counts[(tier, area, "set_up")] or counts[(tier, area, "planned")]
    )


def subsidy_totals(public: PublicNetwork, policy: Policy) -> Subsidy:
    """A full year's subsidy of the stations and points that are set up, as the ledger allocates it.

    Counted by status, as the tiers are, so the home page's sentence names as many hubs as its 已设立 column.
    The ledger pays from the 设立日期: a set-up hub without one is counted here with no amount yet.
    """
    points = [p.subsidy.yearly_yuan or 0 for p in public.points if is_set_up(p.status)]
    stations = [s.subsidy.yearly_yuan or 0 for s in public.stations if is_set_up(s.status)]
    return Subsidy(points=sum(points), stations=sum(stations), point_count=len(points), station_count=len(stations),
                   policy=policy)


@dataclass(frozen=True)
class PointCount:
    """Points as every page counts them: 已设立 (running or paused), and 筹建中 apart; closed ones not at all."""

    set_up: int
    planned: int


def point_count(points: Iterable) -> PointCount:
    statuses = [p.status for p in points]
    return PointCount(sum(map(is_set_up, statuses)), statuses.count("planned"))


def community_points(index: PublicIndex) -> dict[str, PointCount]:
    """Counted once per build: each page of an annex sums the whole annex."""
    return {c.id: point_count(index.points_in(c.id)) for c in index.public.communities}


def annex_table(annex: Annex, index: PublicIndex, points: dict[str, PointCount], link: Linker,
                shown: Sequence[Community], more: Link | None) -> AnnexTable:
    """The annex's figures, with rows for the communities `shown` on this page."""
    rows = tuple(
        CommunityRow(
            seq=community.seq,
            link=link(community.name, community_path(community.id)),
            units=community.units,
            population=community.population,
            planned_points=community.planned_points,
            set_up=points[community.id].set_up,
            planned=points[community.id].planned,
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
        total_set_up=sum(points[c.id].set_up for c in annex.communities),
    )
