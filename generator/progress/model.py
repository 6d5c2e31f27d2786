"""Progress figures: what the data holds against each of the plan's numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..figures import is_set_up
from ..model import AREA_NAMES, TIER_NAMES, Annex, Network, Source

PROJECT_KINDS = ("居民自治类", "公益服务类", "文体康乐类")


@dataclass(frozen=True)
class Project:
    id: str
    title: str
    kind: str
    hub: str
    started: date
    ended: date | None
    status: str
    source: Source


@dataclass(frozen=True)
class Training:
    id: str
    title: str
    date: date
    hub: str
    participants: int
    source: Source


@dataclass(frozen=True)
class ActivityTarget:
    table: str  # projects or trainings
    count: int
    due: date
    basis: str | None
    source: Source


@dataclass(frozen=True)
class Activities:
    projects: tuple[Project, ...]
    trainings: tuple[Training, ...]
    targets: tuple[ActivityTarget, ...]

    def target(self, table: str) -> ActivityTarget | None:
        return next((t for t in self.targets if t.table == table), None)


@dataclass(frozen=True)
class Goal:
    """One of the plan's numbers: the target, how many there are now (hubs: set up), and how many by the due date."""

    name: str
    target: int
    due: date
    now: int
    by_due: int
    basis: str | None

    @property
    def met_on_time(self) -> bool:
        return self.by_due >= self.target


@dataclass(frozen=True)
class CommunityFigure:
    name: str
    area_name: str
    planned: int  # the annex's number
    set_up: int  # 已设立: a point still planned (筹建中) does not count


def _hubs(network: Network, tier: str, area: str) -> list:
    if tier == "centre":
        return [network.centre]
    if tier == "station":
        return [s for s in network.stations.values() if area in ("all", s.area)]
    return [p for p in network.points.values() if area in ("all", network.station_of(p).area)]


def tier_goals(network: Network) -> list[Goal]:
    goals = []
    for target in network.plan.targets:
        hubs = [h for h in _hubs(network, target.tier, target.area) if is_set_up(h.status)]
        by_due = sum(1 for h in hubs if h.established is not None and h.established <= target.due)
        area = "" if target.tier == "centre" else AREA_NAMES[target.area]
        goals.append(Goal(f"{area}{TIER_NAMES[target.tier]}", target.count, target.due, len(hubs), by_due,
                          target.basis))
    return goals


def activity_goals(activities: Activities) -> list[Goal]:
    goals = []
    projects, trainings = activities.target("projects"), activities.target("trainings")
    if projects is not None:
        goals.append(Goal("运作项目", projects.count, projects.due, len(activities.projects),
                          sum(1 for p in activities.projects if p.started <= projects.due), projects.basis))
    if trainings is not None:
        goals.append(Goal("专题培训", trainings.count, trainings.due, len(activities.trainings),
                          sum(1 for t in activities.trainings if t.date <= trainings.due), trainings.basis))
    return goals


def community_figures(network: Network, annex: Annex) -> list[CommunityFigure]:
    return [CommunityFigure(c.name, AREA_NAMES[annex.area], c.planned_points,
                            sum(1 for p in network.points_in(c.id) if is_set_up(p.status)))
            for c in annex.communities]


def projects_by_kind(activities: Activities) -> list[tuple[str, int]]:
    return [(kind, sum(1 for p in activities.projects if p.kind == kind)) for kind in PROJECT_KINDS]
