"""The hub pages (home, plan, centre, stations, points, communities) as typed contexts.

Contexts are built from the public view only (plus the plan and policy, which hold
no personal data), so a template cannot reach a private field. Every page's size
depends on its own hub, never on the size of the whole network: lists of the
whole network go on pages of fixed length (see paging.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Callable

from .figures import (AnnexTable, PointCount, Subsidy, TierRow, annex_table, community_points, point_count,
                      subsidy_totals, tier_rows)
from .history import DataHistory
from .links import (CENTRE, COMMUNITIES, DATA_SOURCE, FIND, HOME, PLAN, STATIONS, Link, Linker, Page, PageSource, Rank,
                    community_list_path, community_path, hub_name, plan_annex_path, point_path, posters_path,
                    station_path)
from .maps import CommunityMap, TileSource, community_map
from .model import AREA_NAMES, TIER_NAMES, Annex, Network, Plan, Policy
from .paging import Pager, long_list, own_pages, paged
from .public import PublicCentre, PublicCommunity, PublicIndex, PublicPoint, PublicStation, Site

# Material's `search: boost` of the hubs' pages: a search for a place's name lists the place's hubs before the
# topics, meetings and lists that only mention it. The community first: its name begins its stations' names
# (in a village, its groups' points' too) and its page leads to them all; then its stations; then the points.
SEARCH_BOOST = {"community": 4, "station": 3, "centre": 2, "point": 2}
CENTRE_SOURCE = PageSource("data/hubs.yaml 中的友邻中心，或页上列出的议题、会议和公约", Rank.CENTRE)


def station_source(station_id: str) -> PageSource:
    return PageSource(f"data/hubs.yaml 中的{hub_name('station', station_id)}，或页上列出的友邻点、议题、会议和公约",
                      Rank.STATION)


def point_source(point_id: str) -> PageSource:
    return PageSource(f"data/points.csv 中的{hub_name('point', point_id)}，或页上列出的议题、会议和公约", Rank.POINT)


@dataclass(frozen=True)
class PointRow:
    link: Link
    compounds: tuple[str, ...]
    venue_type: str
    opening_hours: str
    status_name: str


@dataclass(frozen=True)
class StationRow:
    link: Link
    community: Link
    area_name: str
    points: PointCount
    opening_hours: str


@dataclass(frozen=True)
class HomeContext:
    site: Site
    tiers: tuple[TierRow, ...]
    subsidy: Subsidy
    annexes: tuple[AnnexTable, ...]
    links: dict[str, Link]
    raise_topic: Link | None = None  # the topic form, when the site has it


@dataclass(frozen=True)
class PlanContext:
    site: Site
    plan: Plan
    policy: Policy
    tiers: tuple[TierRow, ...]
    annexes: tuple[AnnexTable, ...]
    tier_names: dict[str, str]


@dataclass(frozen=True)
class CentreContext:
    site: Site
    centre: PublicCentre
    tiers: tuple[TierRow, ...]
    crumbs: tuple[Link, ...]
    links: dict[str, Link]
    sections: tuple = ()  # HubSections contributed by features (see features.py)


@dataclass(frozen=True)
class StationIndexContext:
    site: Site
    stations: tuple[StationRow, ...]  # of this page
    crumbs: tuple[Link, ...]
    pager: Pager | None


@dataclass(frozen=True)
class StationContext:
    site: Site
    station: PublicStation
    community: Link
    unit: str  # what its community is made of: 小区, or 村民小组 in a village
    points: tuple[PointRow, ...]
    crumbs: tuple[Link, ...]
    posters: Link | None  # None when the station has no points
    sections: tuple = ()  # HubSections contributed by features (see features.py)


@dataclass(frozen=True)
class PointContext:
    site: Site
    point: PublicPoint
    station: Link
    station_phone: str | None  # whom to call when the point's own phone is not published
    community: Link
    unit: str  # what it serves: 小区, or 村民小组 in a village
    crumbs: tuple[Link, ...]
    poster: Link
    sections: tuple = ()  # HubSections contributed by features (see features.py)


@dataclass(frozen=True)
class CommunityIndexContext:
    site: Site
    annexes: tuple[AnnexTable, ...]
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class AnnexPageContext:
    """One page of an annex's communities: in the directory's columns, or in the plan's."""

    site: Site
    annex: AnnexTable
    crumbs: tuple[Link, ...]
    pager: Pager | None


@dataclass(frozen=True)
class CompoundRow:
    """One compound and one point serving it (a compound served by two points has two rows)."""

    name: str
    point: Link | None
    opening_hours: str | None


@dataclass(frozen=True)
class CommunityContext:
    site: Site
    community: PublicCommunity
    stations: tuple[StationRow, ...]
    points: tuple[PointRow, ...]
    compounds: tuple[CompoundRow, ...]
    map: CommunityMap | None
    crumbs: tuple[Link, ...]
    counts: PointCount  # against the plan's number, as the plan and progress pages count them
    sections: tuple = ()  # HubSections contributed by features (see features.py)


def build_pages(network: Network, index: PublicIndex, history: DataHistory | None = None,
                tiles: TileSource | None = None, sections: Callable | None = None) -> list[Page]:
    """Every hub page, in a stable order.

    `sections(kind, hub_id, linker)` returns what features add to a hub's page.
    """
    sections = sections or (lambda kind, hub_id, link: ())
    site, public, communities = index.site, index.public, index.communities
    tiers = tier_rows(network)

    def point_rows(points: list[PublicPoint], link: Linker) -> tuple[PointRow, ...]:
        return tuple(
            PointRow(link(p.name, point_path(p.id)), p.compounds, p.venue_type, p.hours_shown, p.status_name)
            for p in points
        )

    def station_rows(stations, link: Linker) -> tuple[StationRow, ...]:
        return tuple(
            StationRow(
                link=link(s.name, station_path(s.id)),
                community=link(communities[s.community_id].name, community_path(s.community_id)),
                area_name=s.area_name,
                points=point_count(index.points_by_station.get(s.id, [])),
                opening_hours=s.hours_shown,
            )
            for s in stations
        )

    community_counts = community_points(index)

    def annex_tables(link: Linker, list_path: Callable[[str], str]) -> tuple[AnnexTable, ...]:
        tables = []
        for annex in network.annexes:
            listed = long_list(link, list_path(annex.id), f"全部 {len(annex.communities)} 个{AREA_NAMES[annex.area]}",
                               annex.communities)
            tables.append(annex_table(annex, index, community_counts, link, listed.items, listed.pages))
        return tuple(tables)

    def annex_pages(list_path: Callable[[str], str], template: str, title: Callable[[Annex], str],
                    trail: tuple[str, str]) -> list[Page]:
        # Out of search, as the stations' and topics' lists: each row's community has a page of its own.
        return [Page(page.path, template, page.title(title(annex)), f"{site.street_name}{title(annex)}",
                     AnnexPageContext(site, annex_table(annex, index, community_counts, page.link, page.items, None),
                                      index.crumbs(page.link, trail), page.pager),
                     searchable=False, source=DATA_SOURCE)
                for annex in network.annexes for page in own_pages(list_path(annex.id), annex.communities)]

    pages: list[Page] = []
    link = Linker(HOME)
    pages.append(Page(HOME, "home.md.j2", site.title, f"{site.region}{site.street_name}友邻网络：友邻中心、友邻站和友邻点",
                      HomeContext(site, tiers, subsidy_totals(public, network.policy), annex_tables(link, community_list_path),
                                  _nav_links(link), _topic_form(sections("centre", public.centre.id, link), link)),
                      source=DATA_SOURCE))
    pages.append(Page(PLAN, "plan.md.j2", "关于规划", f"{network.plan.document}：三级友邻网络的规划、目标和进展",
                      PlanContext(site, network.plan, network.policy, tiers, annex_tables(Linker(PLAN), plan_annex_path),
                                  TIER_NAMES), source=DATA_SOURCE))
    pages += annex_pages(plan_annex_path, "plan_annex.md.j2", lambda annex: annex.title, ("关于规划", PLAN))
    link = Linker(CENTRE)
    pages.append(Page(CENTRE, "centre.md.j2", public.centre.name, f"{public.centre.name}：地址、开放时间和职责",
                      CentreContext(site, public.centre, tiers, index.crumbs(link), _nav_links(link),
                                    tuple(sections("centre", public.centre.id, link))),
                      search_boost=SEARCH_BOOST["centre"], source=CENTRE_SOURCE))
    pages += [Page(page.path, "stations.md.j2", page.title("友邻站"), f"{site.street_name}全部友邻站",
                   StationIndexContext(site, station_rows(page.items, page.link),
                                       index.crumbs(page.link, (public.centre.name, CENTRE)), page.pager),
                   source=DATA_SOURCE)
              for page in paged(STATIONS, public.stations)]
    for station in public.stations:
        path = station_path(station.id)
        link = Linker(path)
        community = communities[station.community_id]
        points = index.points_by_station.get(station.id, [])
        pages.append(Page(path, "station.md.j2", station.name, f"{station.name}：{station.address}，{station.hours_shown}",
                          StationContext(site, station, link(community.name, community_path(community.id)),
                                         community.unit, point_rows(points, link),
                                         index.crumbs(link, (public.centre.name, CENTRE)),
                                         link("打印本站各友邻点的公示栏海报", posters_path(station.id)) if points else None,
                                         tuple(sections("station", station.id, link))),
                          search_boost=SEARCH_BOOST["station"], source=station_source(station.id)))
    for point in public.points:
        path = point_path(point.id)
        link = Linker(path)
        station = index.stations[point.station_id]
        community = communities[point.community_id]
        pages.append(Page(path, "point.md.j2", point.name, f"{point.name}：{point.address}，{point.hours_shown}",
                          PointContext(site, point, link(station.name, station_path(station.id)), station.phone,
                                       link(community.name, community_path(community.id)), community.unit,
                                       index.crumbs(link, (public.centre.name, CENTRE),
                                                    (station.name, station_path(station.id))),
                                       link("打印公示栏海报", f"{posters_path(point.station_id)}#{point.id}"),
                                       tuple(sections("point", point.id, link))),
                          search_boost=SEARCH_BOOST["point"], source=point_source(point.id)))
    link = Linker(COMMUNITIES)
    pages.append(Page(COMMUNITIES, "communities.md.j2", "社区与村", f"{site.street_name}各社区、村的友邻站和友邻点",
                      CommunityIndexContext(site, annex_tables(link, community_list_path), index.crumbs(link)),
                      source=DATA_SOURCE))
    pages += annex_pages(community_list_path, "community_list.md.j2", lambda annex: AREA_NAMES[annex.area],
                         ("社区与村", COMMUNITIES))
    for community in public.communities:
        path = community_path(community.id)
        link = Linker(path)
        stations = index.stations_by_community.get(community.id, [])
        points = index.points_in(community.id)
        pages.append(Page(path, "community.md.j2", community.name,
                          f"{community.name}的友邻站和友邻点，服务{'、'.join(community.compounds[:5])}等{community.unit}",
                          CommunityContext(site, community, station_rows(stations, link), point_rows(points, link),
                                           _compound_rows(community, points, link),
                                           community_map(community.name, points, link, tiles),
                                           index.crumbs(link, ("社区与村", COMMUNITIES)), community_counts[community.id],
                                           tuple(sections("community", community.id, link))),
                          search_boost=SEARCH_BOOST["community"], source=DATA_SOURCE))
    if history is None:
        return pages
    return [dataclasses.replace(page, updated=_updated(page, network, history)) for page in pages]


def _compound_rows(community: PublicCommunity, points: list[PublicPoint], link: Linker) -> tuple[CompoundRow, ...]:
    """Each compound (or village group) and the points that serve it: how a resident looks it up."""
    serving: dict[str, list[PublicPoint]] = {}
    for point in points:
        for name in point.compounds:
            serving.setdefault(name, []).append(point)
    rows = []
    for name in community.compounds:
        rows += [CompoundRow(name, link(p.name, point_path(p.id)), p.hours_shown) for p in serving.get(name, [])]
        rows += [] if name in serving else [CompoundRow(name, None, None)]
    return tuple(rows)


def _updated(page: Page, network: Network, history: DataHistory) -> date | None:
    """A hub page changes with its own records; an overview page with any data."""
    context = page.context
    if isinstance(context, PointContext):
        return history.of_record(network.points[context.point.id].source)
    if isinstance(context, StationContext):
        station = network.stations[context.station.id]
        return history.of_records([station.source, *(p.source for p in network.points_of(station.id))])
    if isinstance(context, CommunityContext):
        community = network.communities[context.community.id]
        stations = network.stations_in(community.id)
        return history.of_records([
            community.source,
            *(s.source for s in stations),
            *(p.source for s in stations for p in network.points_of(s.id)),
            *(c.source for c in network.compounds_in(community.id)),
        ])
    return history.latest()


def _topic_form(centre_sections, link: Linker) -> Link | None:
    """The topic form, linked from the home page when the site has it.

    The home page is no hub's, and features add nothing to it; the forms feature links its web forms from the pages
    of the hubs that use them. The centre's page linking the topic form tells the site has it (a street whose centre
    takes no topics goes without the button, rather than with a link to a page that is not there).
    """
    from .forms.pages import form_path  # forms is a feature, which imports the pipeline's modules: imported late

    form = link("我要提议题", form_path("topic"))
    found = any(item.href.split("?")[0] == form.href for section in centre_sections for item in section.links)
    return form if found else None


def _nav_links(link: Linker) -> dict[str, Link]:
    return {
        "find": link("我的友邻点", FIND),
        "plan": link("关于规划", PLAN),
        "centre": link("友邻中心", CENTRE),
        "stations": link("友邻站", STATIONS),
        "communities": link("社区与村", COMMUNITIES),
    }
