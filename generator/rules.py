"""Cross-checks a Table Schema cannot express, run on the typed network; and the network read and checked.

Errors stop the build. A gap against the plan is a warning: the network may be
mid-rollout, and the site shows the gap on its plan page rather than hiding it.
A hub's status against its dates is checked in statuses.py. The checks of personal data are in
personal.py: a leader's, here with the network's other cross-checks; the phones the features keep
(`check_kept_phones`), once the features are read.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher
from statistics import median
from pathlib import Path
from typing import Mapping

from .cache import FileGroup, cached_over
from .corrections import MEANT_ID, meant_id
from .model import AREA_NAMES, TIER_NAMES, Community, Compound, Network, Point, Source, build_network
from .leaks import is_phone_value
from .personal import consent, kept_phones_in_public, private_in_public
from .problems import Problem, Severity, problem_at
from .statuses import check_statuses
from .tables import COMPOUNDS_FILE, HUBS_FILE, POINTS_FILE, TABLES, read_tables
from .validation import validate_tables

NETWORK_FILES = (HUBS_FILE, COMPOUNDS_FILE, POINTS_FILE)

WARNING = Severity.WARNING


def check_network(network: Network) -> list[Problem]:
    return [
        *_shared_ids(network),
        *_annex_totals(network),
        *_station_areas(network),
        *check_statuses(network),
        *_subsidies(network),
        *_compounds(network),
        *_services(network),
        *consent(network),
        *_far_points(network),
        *private_in_public(shown_records(network)),
        *_plan_gaps(network),
    ]


def shown_records(network: Network) -> list[tuple[str, str, object]]:
    """(table, subject, record) of every record of the network, all of which the site shows (the plan's on the plan
    page): the hubs in the files' order (`Network.hubs`), the plan's parts, the annexes, communities and compounds."""
    plan = network.plan
    parts = {"policy": [network.policy], "plan": [plan], "tiers": plan.tiers, "escalation": plan.escalation,
             "targets": plan.targets, "milestones": plan.milestones, "plan_notes": plan.notes,
             "annexes": network.annexes, "communities": network.communities.values(),
             "compounds": network.compounds.values()}
    return [*((table, f"{tier} {hub.id} ", hub) for table, tier, hub in network.hubs()),
            *((table, TABLES[table].subject(vars(record), index), record)
              for table, records in parts.items() for index, record in enumerate(records))]


def check_kept_phones(data_dir: Path, network: Network, kept: Mapping[str, str]) -> list[Problem]:
    """The phones the features keep and never publish (their `private_names`, value -> whose: a resident's callback
    number) written into the network's shown text. Run once the features are read: the leak scan of the built site
    takes what the network's text holds for published, and would not find them.

    Kept under the network files' digest and the phones (cache.cached_over): a city's records take a third of a
    second to go through, and an edit to the topics seldom changes the phones."""
    phones = {value: whose for value, whose in kept.items() if is_phone_value(value)}  # not the names
    if not phones:
        return []
    extra = "\0".join(f"{value}\1{whose}" for value, whose in sorted(phones.items())).encode()
    return cached_over("kept-phones", (network_files(data_dir),),
                       lambda: kept_phones_in_public(shown_records(network), phones), extra=extra)


def _shared_ids(network: Network) -> list[Problem]:
    """An id given to two hubs: a topic, meeting or spending record could not say which it means, and one
    hub's pages would replace the other's. Ids that differ only in case are one folder on Windows and macOS.
    """
    first: dict[str, tuple[str, str, Source]] = {}
    problems = []
    for _, tier, hub in network.hubs():
        key = hub.id.casefold()
        if key not in first:
            first[key] = (tier, hub.id, hub.source)
            continue
        other_tier, other_id, other = first[key]
        problems.append(problem_at(hub.source, "hub-id-shared", subject=f"{tier} {hub.id} ",
                                    expected=f"{other_tier} {other_id}（{other.file} 第 {other.line} 行）"))
    return problems


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
                problems.append(problem_at(annex.source, "annex-total-mismatch", subject=annex.title, field=title,
                                            found=added, expected=printed))
    return problems


def _station_areas(network: Network) -> list[Problem]:
    problems = []
    for station in network.stations.values():
        community = network.community_of(station)
        if station.area != community.area:
            problems.append(problem_at(station.source, "area-mismatch", subject=f"友邻站 {station.id} ",
                                        found=AREA_NAMES[station.area], expected=AREA_NAMES[community.area],
                                        community=community.name))
    return problems


def _subsidies(network: Network) -> list[Problem]:
    problems = []
    for _, tier, hub in network.hubs("stations", "points"):
        expected = network.policy.standard_for(hub)
        if hub.subsidy_yuan != expected and not hub.subsidy_exception:
            problems.append(problem_at(hub.source, "subsidy-mismatch", subject=f"{tier} {hub.id} ",
                                        found=hub.subsidy_yuan, expected=expected))
    return problems


# Separators a clerk may type between compounds instead of 、, or between a flow list's items instead of ", ":
# commas (a quoted CSV cell, a Chinese comma), semicolons, slashes, spaces.
OTHER_SEPARATOR = re.compile(r"\s*[,，;；/／|]\s*|\s+")


def _compounds(network: Network) -> list[Problem]:
    problems = []
    served: set[str] = set()
    elsewhere: dict[str, list[Compound]] = {}  # by name: a compound of another community than the point's
    first: dict[tuple[str, str], Compound] = {}  # by community and name
    for compound in network.compounds.values():
        elsewhere.setdefault(compound.name, []).append(compound)
        earlier = first.setdefault((compound.community, compound.name), compound)
        if earlier is not compound:
            served.add(compound.id)  # its one mistake is being listed twice
            problems.append(problem_at(compound.source, "compound-name-duplicate", found=compound.name,
                                        subject=network.communities[compound.community].name,
                                        first_line=earlier.source.line))
    for point in network.points.values():
        community = network.community_of(network.station_of(point))
        known: dict[str, Compound] = {}
        for compound in network.compounds_in(community.id):
            known.setdefault(compound.name, compound)  # a name listed twice is the first row's (see above)
        for name, count in Counter(point.compounds).items():
            if count > 1:
                problems.append(problem_at(point.source, "compound-duplicate", subject=f"友邻点 {point.id} ", found=name))
            if name in known:
                served.add(known[name].id)
            elif (parts := separated_items(name)) and all(part in known for part in parts):
                served.update(known[part].id for part in parts)
                code = "compound-separator" if len(parts) > 1 else "compound-extra-separator"
                problems.append(problem_at(point.source, code, subject=f"友邻点 {point.id} ", found=name,
                                            expected="、".join(parts)))
            elif others := elsewhere.get(name):
                # Most often the point's station is wrong (moved to another community's station): the compound
                # is named by the point, so it is served, and not also told it has no point.
                served.update(c.id for c in others)
                problems.append(problem_at(point.source, "compound-elsewhere", subject=f"友邻点 {point.id} ", found=name,
                                            other="、".join(network.communities[c.community].name for c in others),
                                            station=point.station, community=community.name, where=COMPOUNDS_FILE))
            else:
                meant = meant_id(name, known)
                told = problem_at(point.source, "compound-unknown", subject=f"友邻点 {point.id} ", found=name,
                                  community=community.name, where=COMPOUNDS_FILE,
                                  expected=_sample(list(known), name, meant))
                problems.append(replace(told, hint=MEANT_ID.format(id=meant) + told.hint) if meant else told)
    for compound in network.compounds.values():
        if compound.id not in served:
            problems.append(problem_at(compound.source, "compound-unserved", subject=f"{compound.name}（{compound.id}）",
                                        severity=WARNING))
    for annex in network.annexes:
        for community in annex.communities:
            listed = len(network.compounds_in(community.id))
            if listed != community.units:
                problems.append(problem_at(community.source, "compound-count", subject=community.name, found=listed,
                                            expected=community.units, unit=annex.unit, where=COMPOUNDS_FILE,
                                            severity=WARNING))
    return problems


# Between a point's services, where 、 belongs: a space or a slash may be part of one service's name.
_SERVICE_SEPARATOR = re.compile(r"[,，;；]")


def _services(network: Network) -> list[Problem]:
    """A service written with its neighbours (协商议事，生活帮助) is one service on the site and in the open data."""
    problems = []
    for point in network.points.values():
        for service in point.services:
            parts = [part.strip() for part in _SERVICE_SEPARATOR.split(service) if part.strip()]
            if len(parts) > 1:
                problems.append(problem_at(point.source, "services-separator", subject=f"友邻点 {point.id} ",
                                            found=service, expected="、".join(parts), severity=WARNING))
    return problems


def separated_items(name: str) -> list[str]:
    """The compounds a name typed with other separators holds; [] when it holds no separator.

    A trailing or doubled separator (晨光苑，星河湾，) leaves an empty part, which is no compound of its own.
    """
    parts = OTHER_SEPARATOR.split(name.strip())
    return [part for part in parts if part] if len(parts) > 1 else []


def _sample(names: list[str], found: str, meant: str | None, limit: int = 8) -> str:
    """The first `limit` of `names`: the one `meant` by `found` (corrections.meant_id), then those most like `found`,
    so that of a long list the one the clerk is looking for is shown."""
    if not names:
        return "（名单为空）"
    alike = sorted(names, key=lambda known: (known != meant, -SequenceMatcher(None, found, known).ratio()))
    shown = "、".join(alike[:limit])
    return shown + (f" 等 {len(names)} 个" if len(names) > limit else "")


# A point this far from the middle of its community's other points is most likely a slip (30.96 for 30.69,
# latitude and longitude swapped); on the community's map it would squeeze every other marker together.
FAR_KM = 20


def _far_points(network: Network) -> list[Problem]:
    """A point far from the middle of its community's points; else (its community too small to tell, or all of
    it misplaced together) far from the middle of the street's.

    A station's points are some of its community's, so a point alone in its community is alone in its station
    too: the street is what it can be held against. A street is wider than a community, so there the limit is
    FAR_KM beyond how far the street's points lie from their middle, by the median: a few slips do not widen it.
    No two points are compared with each other: a city's 25,000 points are gone through a few times.
    """
    located: dict[str, list[tuple[Point, float, float]]] = {}
    for point in network.points.values():
        if point.latitude is not None and point.longitude is not None:
            located.setdefault(network.station_of(point).community, []).append(
                (point, float(point.latitude), float(point.longitude)))
    everywhere = [p for points in located.values() for p in points]
    # Of two points, which one is wrong cannot be told: the middle of three or more.
    street = _middle(everywhere) if len(everywhere) >= 3 else None
    spread = median(_km(lat, lon, street) for _, lat, lon in everywhere) if street is not None else 0.0
    problems = []
    for community, points in located.items():
        name = network.communities[community].name
        middle = _middle(points) if len(points) >= 3 else None
        for point, lat, lon in points:
            if middle is not None and (distance := _km(lat, lon, middle)) > FAR_KM:
                code = "coordinates-far"
            elif street is not None and (distance := _km(lat, lon, street)) > FAR_KM + spread:
                code = "coordinates-far-street"
            else:
                continue
            problems.append(problem_at(point.source, code, subject=f"友邻点 {point.id} ",
                                        found=f"{point.latitude}, {point.longitude}", distance=round(distance),
                                        community=name, street=network.street.name, severity=WARNING))
    return problems


def _middle(points: list[tuple[Point, float, float]]) -> tuple[float, float]:
    """The median latitude and longitude: one point far off does not move it."""
    return median(p[1] for p in points), median(p[2] for p in points)


def _km(lat: float, lon: float, middle: tuple[float, float]) -> float:
    # Near enough to flat for a street: a degree of latitude is 111 km, of longitude 111 km × cos(latitude).
    north = (lat - middle[0]) * 111.0
    east = (lon - middle[1]) * 111.0 * math.cos(math.radians(middle[0]))
    return math.hypot(north, east)


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
            problems.append(problem_at(target.source, "plan-gap-tier", subject=subject, found=found,
                                        expected=target.count, severity=WARNING))
    for station in network.stations.values():
        if not network.points_of(station.id):
            problems.append(problem_at(station.source, "station-empty", subject=f"友邻站 {station.id} ", severity=WARNING))
    return problems


def _community_gaps(network: Network, community: Community) -> list[Problem]:
    problems = []
    if not network.stations_in(community.id):
        problems.append(problem_at(community.source, "community-without-station", subject=community.name,
                                   severity=WARNING))
    found = sum(1 for p in network.points_in(community.id) if p.status != "closed")
    if found != community.planned_points:
        problems.append(problem_at(community.source, "plan-gap-points", subject=community.name, found=found,
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
