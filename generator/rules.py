"""Cross-checks a Table Schema cannot express, run on the typed network; and the network read and checked.

Errors stop the build. A gap against the plan is a warning: the network may be
mid-rollout, and the site shows the gap on its plan page rather than hiding it.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from datetime import date
from functools import cache
from operator import attrgetter
from statistics import median
from pathlib import Path
from typing import Callable

from .cache import FileGroup
from .leaks import phone_needle
from .model import AREA_NAMES, STATUS_NAMES, TIER_NAMES, Centre, Community, Compound, Network, Point, Source, Station, Street, build_network
from .problems import Problem, Severity, problem
from .public import mask_name, mask_phone, public_contact
from .tables import COMPOUNDS_FILE, HUBS_FILE, POINTS_FILE, read_tables, table_schema
from .validation import validate_tables

NETWORK_FILES = (HUBS_FILE, COMPOUNDS_FILE, POINTS_FILE)

WARNING = Severity.WARNING


def check_network(network: Network) -> list[Problem]:
    return [
        *_shared_ids(network),
        *_annex_totals(network),
        *_station_areas(network),
        *_statuses(network),
        *_subsidies(network),
        *_compounds(network),
        *_services(network),
        *_consent(network),
        *_far_points(network),
        *_private_in_public(network),
        *_plan_gaps(network),
    ]


def _at(source: Source, code: str, **kwargs) -> Problem:
    return problem(code, source.file, source.line, **kwargs)


def _hubs(network: Network, *tables: str) -> list[tuple[str, str, Street | Centre | Station | Point]]:
    """The street, the centre, the stations and the points (or those of `tables`), in the files' order:
    each with its table's name and its tier's."""
    every = [("street", "街道", network.street), ("centre", TIER_NAMES["centre"], network.centre),
             *(("stations", TIER_NAMES["station"], s) for s in network.stations.values()),
             *(("points", TIER_NAMES["point"], p) for p in network.points.values())]
    return [hub for hub in every if hub[0] in tables] if tables else every


def _shared_ids(network: Network) -> list[Problem]:
    """An id given to two hubs: a topic, meeting or spending record could not say which it means, and one
    hub's pages would replace the other's. Ids that differ only in case are one folder on Windows and macOS.
    """
    first: dict[str, tuple[str, str, Source]] = {}
    problems = []
    for _, tier, hub in _hubs(network):
        key = hub.id.casefold()
        if key not in first:
            first[key] = (tier, hub.id, hub.source)
            continue
        other_tier, other_id, other = first[key]
        problems.append(_at(hub.source, "hub-id-shared", subject=f"{tier} {hub.id} ",
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


def _statuses(network: Network) -> list[Problem]:
    """A point open under a station that is closed, or not set up yet: the station's page and the point's disagree."""
    problems = []
    for point in network.points.values():
        station = network.stations[point.station]
        if station.status == "closed" and point.status != "closed":
            code = "point-station-closed"
        elif station.status == "planned" and point.status in ("active", "paused"):
            code = "point-station-planned"
        else:
            continue
        problems.append(_at(point.source, code, subject=f"友邻点 {point.id} ", found=STATUS_NAMES[point.status],
                            station=f"{station.name}（{station.id}）",
                            severity=WARNING if code == "point-station-planned" else Severity.ERROR))
    return problems


def _subsidies(network: Network) -> list[Problem]:
    problems = []
    for _, tier, hub in _hubs(network, "stations", "points"):
        expected = network.policy.standard_for(hub)
        if hub.subsidy_yuan != expected and not hub.subsidy_exception:
            problems.append(_at(hub.source, "subsidy-mismatch", subject=f"{tier} {hub.id} ", found=hub.subsidy_yuan,
                                expected=expected))
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
            problems.append(_at(compound.source, "compound-name-duplicate", found=compound.name,
                                subject=network.communities[compound.community].name,
                                first_line=earlier.source.line))
    for point in network.points.values():
        community = network.community_of(network.station_of(point))
        known: dict[str, Compound] = {}
        for compound in network.compounds_in(community.id):
            known.setdefault(compound.name, compound)  # a name listed twice is the first row's (see above)
        for name, count in Counter(point.compounds).items():
            if count > 1:
                problems.append(_at(point.source, "compound-duplicate", subject=f"友邻点 {point.id} ", found=name))
            if name in known:
                served.add(known[name].id)
            elif (parts := separated_items(name)) and all(part in known for part in parts):
                served.update(known[part].id for part in parts)
                code = "compound-separator" if len(parts) > 1 else "compound-extra-separator"
                problems.append(_at(point.source, code, subject=f"友邻点 {point.id} ", found=name,
                                    expected="、".join(parts)))
            elif others := elsewhere.get(name):
                # Most often the point's station is wrong (moved to another community's station): the compound
                # is named by the point, so it is served, and not also told it has no point.
                served.update(c.id for c in others)
                problems.append(_at(point.source, "compound-elsewhere", subject=f"友邻点 {point.id} ", found=name,
                                    other="、".join(network.communities[c.community].name for c in others),
                                    station=point.station, community=community.name, where=COMPOUNDS_FILE))
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


# Between a point's services, where 、 belongs: a space or a slash may be part of one service's name.
_SERVICE_SEPARATOR = re.compile(r"[,，;；]")


def _services(network: Network) -> list[Problem]:
    """A service written with its neighbours (协商议事，生活帮助) is one service on the site and in the open data."""
    problems = []
    for point in network.points.values():
        for service in point.services:
            parts = [part.strip() for part in _SERVICE_SEPARATOR.split(service) if part.strip()]
            if len(parts) > 1:
                problems.append(_at(point.source, "services-separator", subject=f"友邻点 {point.id} ", found=service,
                                    expected="、".join(parts), severity=WARNING))
    return problems


def separated_items(name: str) -> list[str]:
    """The compounds a name typed with other separators holds; [] when it holds no separator.

    A trailing or doubled separator (晨光苑，星河湾，) leaves an empty part, which is no compound of its own.
    """
    parts = OTHER_SEPARATOR.split(name.strip())
    return [part for part in parts if part] if len(parts) > 1 else []


def _sample(names: list[str], limit: int = 8) -> str:
    if not names:
        return "（名单为空）"
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 个" if len(names) > limit else "")


# A point this far from the middle of its community's other points is most likely a slip (30.96 for 30.69,
# latitude and longitude swapped); on the community's map it would squeeze every other marker together.
FAR_KM = 20


def _far_points(network: Network) -> list[Problem]:
    located: dict[str, list[tuple[Point, float, float]]] = {}
    for point in network.points.values():
        if point.latitude is not None and point.longitude is not None:
            located.setdefault(network.station_of(point).community, []).append(
                (point, float(point.latitude), float(point.longitude)))
    problems = []
    for community, points in located.items():
        if len(points) < 3:
            continue  # of two points, which one is wrong cannot be told
        latitude, longitude = median(p[1] for p in points), median(p[2] for p in points)
        for point, lat, lon in points:
            # Near enough to flat for a street: a degree of latitude is 111 km, of longitude 111 km × cos(latitude).
            north = (lat - latitude) * 111.0
            east = (lon - longitude) * 111.0 * math.cos(math.radians(latitude))
            if (distance := math.hypot(north, east)) > FAR_KM:
                problems.append(_at(point.source, "coordinates-far", subject=f"友邻点 {point.id} ",
                                    found=f"{point.latitude}, {point.longitude}", distance=round(distance),
                                    community=network.communities[community].name, severity=WARNING))
    return problems


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


# A run of digits as a phone may be written in text: full-width, split by spaces, dashes, dots or brackets.
_DIGIT_RUN = re.compile(r"[0-9０-９](?:[\s\-.()/+－（）]{0,3}[0-9０-９]){6,}")


def _private_in_public(network: Network) -> list[Problem]:
    """A leader's unpublished phone or name written into a field the site shows (the hours, the point's name).

    The site would publish it with that field, and the scan of the built site cannot tell it from the
    field's own text. A phone is looked for in every hub's fields, a name only in the leader's own point
    (two people may share a name). A field that is the value and nothing else is a public role the same
    person or line also has, as a station's office line or the point's instructor, and is not reported.
    """
    hubs = _hubs(network)
    private_phones: dict[str, Point] = {}
    names: dict[int, str] = {}  # by place in `hubs`: each point leader's name that is not shown
    for i, (_, _, hub) in enumerate(hubs):
        if isinstance(hub, Point):
            leader, contact = hub.leader, public_contact(hub.leader)
            if leader.phone and contact.tel is None and len(needle := phone_needle(leader.phone)) >= 7:
                private_phones.setdefault(needle, hub)
            # One character could be a word of any text.
            if leader.name and contact.name is None and len(name := "".join(leader.name.split())) >= 2:
                names[i] = name
    # Every hub's text at once, one hub after another: a city's hubs are looked at field by field
    # only where a digit run or the leader's own name is found.
    everything = "\1".join("\0".join(_texts(table, hub)) for table, _, hub in hubs)
    starts = [0, *(m.end() for m in re.finditer("\1", everything))]
    with_digits = ({bisect_right(starts, m.start()) - 1 for m in _DIGIT_RUN.finditer(everything)}
                   if private_phones else set())
    with_name = {i for i, text in enumerate("".join(everything.split()).split("\1")) if i in names and names[i] in text}
    lengths = {len(needle) for needle in private_phones}
    problems = []
    for i in sorted({*with_digits, *with_name}):
        table, tier, hub = hubs[i]
        subject = f"{tier} {hub.id} "
        for field, text in _shown_fields(table, hub):
            if i in with_digits and not _DIGIT_RUN.fullmatch(text.strip()):
                for owner in _phones_in(text, private_phones, lengths):
                    problems.append(_at(hub.source, "private-in-public", subject=subject, field=field, what="电话",
                                        whose=f"友邻点 {owner.id} 负责人", found=mask_phone(owner.leader.phone),
                                        column="leader_phone_publication"))
            squeezed = "".join(text.split())
            if i in with_name and names[i] in squeezed and squeezed != names[i]:
                problems.append(_at(hub.source, "private-in-public", subject=subject, field=field, what="姓名",
                                    whose="负责人", found=mask_name(hub.leader.name), column="leader_name_public"))
    return problems


def _phones_in(text: str, phones: dict[str, Point], lengths: set[int]) -> list[Point]:
    """The owners of the phones written in a text, each once."""
    found: dict[str, Point] = {}
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", _folded(run))
        for n in lengths:
            for start in range(len(digits) - n + 1):
                if (owner := phones.get(digits[start:start + n])) is not None:
                    found.setdefault(owner.id, owner)
    return list(found.values())


def _shown_fields(table: str, hub) -> list[tuple[str, str]]:
    """The hub's text fields the site shows (all but the leader's own), by title."""
    titles, _ = _text_fields(table, type(hub))
    return [(title, text) for title, text in zip(titles, _texts(table, hub)) if text]


def _texts(table: str, hub) -> list[str]:
    """The text of each of the hub's text fields, a list's items joined; empty where there is none."""
    _, read = _text_fields(table, type(hub))
    return [value if value.__class__ is str else "、".join(value or ()) for value in read(hub)]


_TEXT_TYPES = ("str", "str | None", "list[str]")  # as the model's annotations spell them


@cache
def _text_fields(table: str, kind: type) -> tuple[list[str], Callable[[object], tuple]]:
    """The titles of the record's fields that hold text or lists of text, and how to read them all at once."""
    titles = {f["name"]: f.get("title", f["name"]) for f in table_schema(table)["fields"]}
    names = [f.name for f in dataclasses.fields(kind) if f.name in titles and f.type in _TEXT_TYPES]
    read = attrgetter(*names)
    return [titles[name] for name in names], (read if len(names) > 1 else lambda record: (read(record),))


def _folded(text: str) -> str:
    """Full-width digits and signs as ASCII."""
    return unicodedata.normalize("NFKC", text)


def check_dates(network: Network, today: date) -> list[Problem]:
    """Days that have not come yet, where the data records what has happened: most often a mistyped year.

    Apart from the network's rules, which depend only on the files, because the answer changes with the day.
    """
    problems = []
    for _, tier, hub in _hubs(network, "centre", "stations", "points"):
        if hub.established is not None and hub.established > today:
            problems.append(_at(hub.source, "date-future", subject=f"{tier} {hub.id} ", field="设立日期",
                                found=hub.established, expected=today))
    for point in network.points.values():
        consent = point.leader.consent_date
        if consent is not None and consent > today:
            problems.append(_at(point.source, "date-future", subject=f"友邻点 {point.id} ", field="负责人同意公开的日期",
                                found=consent, expected=today))
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
