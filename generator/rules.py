"""Cross-checks a Table Schema cannot express, run on the typed network; and the network read and checked.

Errors stop the build. A gap against the plan is a warning: the network may be
mid-rollout, and the site shows the gap on its plan page rather than hiding it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .cache import FileGroup
from .model import AREA_NAMES, TIER_NAMES, Community, Network, Source, build_network
from .problems import Problem, Severity, problem
from .tables import COMPOUNDS_FILE, HUBS_FILE, POINTS_FILE, read_tables
from .validation import validate_tables

NETWORK_FILES = (HUBS_FILE, COMPOUNDS_FILE, POINTS_FILE)

WARNING = Severity.WARNING


def check_network(network: Network) -> list[Problem]:
    return [
        *_annex_totals(network),
        *_station_areas(network),
        *_subsidies(network),
        *_compounds(network),
        *_consent(network),
        *_plan_gaps(network),
    ]


def _at(source: Source, code: str, **kwargs) -> Problem:
    return problem(code, source.file, source.line, **kwargs)


def _annex_totals(network: Network) -> list[Problem]:
    problems = []
    for annex in network.annexes:
        for attr, printed, title in (
            ("units", annex.total_units, f"{annex.unit}个数"),
            ("population", annex.total_population, "常住人口"),
            ("planned_points", annex.total_planned_points, "设想建设友邻点数"),
        ):
            added = sum(getattr(c, attr) for c in annex.communities)
            if added != printed:
                problems.append(_at(annex.source, "annex-total-mismatch", subject=annex.title, field=title,
                                    found=added, expected=printed))
    return problems


def _station_areas(network: Network) -> list[Problem]:
    problems = []
    for station in network.stations.values():
        community = network.community_of(station)
        if station.area != community.area:
            problems.append(_at(station.source, "area-mismatch", subject=f"友邻站 {station.id} ",
                                found=AREA_NAMES[station.area], expected=AREA_NAMES[community.area],
                                community=community.name))
    return problems


def _subsidies(network: Network) -> list[Problem]:
    policy = network.policy
    problems = []
    hubs = [(f"友邻站 {s.id} ", s, policy.station_subsidy_yuan) for s in network.stations.values()]
    hubs += [(f"友邻点 {p.id} ", p, policy.point_subsidy_yuan) for p in network.points.values()]
    for subject, hub, expected in hubs:
        if hub.subsidy_yuan != expected and not hub.subsidy_exception:
            problems.append(_at(hub.source, "subsidy-mismatch", subject=subject, found=hub.subsidy_yuan,
                                expected=expected))
    return problems


def _compounds(network: Network) -> list[Problem]:
    problems = []
    served: set[str] = set()
    for point in network.points.values():
        community = network.community_of(network.station_of(point))
        known = {c.name: c for c in network.compounds_in(community.id)}
        for name, count in Counter(point.compounds).items():
            if count > 1:
                problems.append(_at(point.source, "compound-duplicate", subject=f"友邻点 {point.id} ", found=name))
            if name in known:
                served.add(known[name].id)
            else:
                problems.append(_at(point.source, "compound-unknown", subject=f"友邻点 {point.id} ", found=name,
                                    community=community.name, where=COMPOUNDS_FILE,
                                    expected=_sample(list(known))))
    for compound in network.compounds.values():
        if compound.id not in served:
            problems.append(_at(compound.source, "compound-unserved", subject=f"{compound.name}（{compound.id}）",
                                severity=WARNING))
    for annex in network.annexes:
        for community in annex.communities:
            listed = len(network.compounds_in(community.id))
            if listed != community.units:
                problems.append(_at(community.source, "compound-count", subject=community.name, found=listed,
                                    expected=community.units, unit=annex.unit, where=COMPOUNDS_FILE,
                                    severity=WARNING))
    return problems


def _sample(names: list[str], limit: int = 8) -> str:
    if not names:
        return "（名单为空）"
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 个" if len(names) > limit else "")


def _consent(network: Network) -> list[Problem]:
    problems = []
    for point in network.points.values():
        leader, subject = point.leader, f"友邻点 {point.id} "
        if leader.phone_publication != "none" and not leader.phone:
            problems.append(_at(point.source, "consent-unused", subject=subject, found=leader.phone_publication))
        publishes = [("电话", leader.phone_publication != "none"), ("姓名", leader.name_public)]
        for what, published in publishes:
            if published and leader.consent_date is None:
                problems.append(_at(point.source, "consent-missing", subject=subject, field=what))
    return problems


def _plan_gaps(network: Network) -> list[Problem]:
    problems = []
    for annex in network.annexes:
        for community in annex.communities:
            problems += _community_gaps(network, community)
    counts = tier_counts(network)
    for target in network.plan.targets:
        found = counts.get((target.tier, target.area), 0)
        if found != target.count:
            subject = f"{AREA_NAMES[target.area]}{TIER_NAMES[target.tier]}"
            problems.append(_at(target.source, "plan-gap-tier", subject=subject, found=found,
                                expected=target.count, severity=WARNING))
    for station in network.stations.values():
        if not network.points_of(station.id):
            problems.append(_at(station.source, "station-empty", subject=f"友邻站 {station.id} ", severity=WARNING))
    return problems


def _community_gaps(network: Network, community: Community) -> list[Problem]:
    problems = []
    if not network.stations_in(community.id):
        problems.append(_at(community.source, "community-without-station", subject=community.name, severity=WARNING))
    found = sum(1 for p in network.points_in(community.id) if p.status != "closed")
    if found != community.planned_points:
        problems.append(_at(community.source, "plan-gap-points", subject=community.name, found=found,
                            expected=community.planned_points, severity=WARNING))
    return problems


def tier_counts(network: Network) -> dict[tuple[str, str], int]:
    """Hubs that are not closed, per (tier, area); area "all" is the total."""
    counts: Counter[tuple[str, str]] = Counter()
    if network.centre.status != "closed":
        counts[("centre", "all")] += 1
    for station in network.stations.values():
        if station.status != "closed":
            counts[("station", station.area)] += 1
            counts[("station", "all")] += 1
    for point in network.points.values():
        if point.status != "closed":
            area = network.station_of(point).area
            counts[("point", area)] += 1
            counts[("point", "all")] += 1
    return dict(counts)


def read_network(data_dir: Path) -> tuple[Network | None, list[Problem]]:
    """The hub network, read, schema-checked, built and checked by the network's rules; None if it has errors.

    Only the hub files are read, so the result is kept between runs under their bytes (see cache.py).
    """
    return network_files(data_dir).read()


def network_files(data_dir: Path) -> FileGroup[tuple[Network | None, list[Problem]]]:
    def read() -> tuple[Network | None, list[Problem]]:
        records, problems = read_tables(data_dir)
        tables, found = validate_tables(records)
        problems += found
        if any(p.is_error for p in problems):
            return None, problems
        network = build_network(tables)
        return network, problems + check_network(network)

    return FileGroup("network", data_dir, tuple(Path(rel).name for rel in NETWORK_FILES), read)
