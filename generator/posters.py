"""Notice-board posters (公示栏海报): one A4 page in large type per point, with a QR code.

A station's points share one printable page, a poster per sheet of paper: the station's
social worker prints them all at once, and a point's own link (`…/S01.html#P0001`) prints
just that one (print CSS hides the others). One page per station rather than per point keeps
a city's site from doubling its page count for posters. The page is plain HTML with its own
stylesheet, like the printed form sheets: MkDocs copies it and never holds a city's QR codes.

The QR code opens the point's page, so it needs the published address of the site
(`site_url` in mkdocs.yml); without one the posters are printed without a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .links import (Link, Page, PageSource, PrintAssets, Rank, StaticLinker, hub_name, point_path, posters_path,
                    print_assets, station_path, web_path)
from .project import is_example_url
from .public import PublicIndex, PublicPoint, PublicStation, Site
from .qr import QrCode


POSTERS_CSS = "assets/stylesheets/posters.css"


@dataclass(frozen=True)
class Poster:
    point: PublicPoint
    page: Link
    qr: QrCode | None


@dataclass(frozen=True)
class PostersContext:
    site: Site
    station: PublicStation
    station_page: Link
    posters: tuple[Poster, ...]
    assets: PrintAssets
    unit: str  # what the station's points serve: 小区, or a village's 村民小组
    specimen: bool = False  # site_url is still an example address: the codes lead nowhere, and the posters say so


def build_posters(index: PublicIndex, site_url: str | None) -> list[Page]:
    pages = []
    specimen = is_example_url(site_url)
    for station in index.public.stations:
        points = index.points_by_station.get(station.id, [])
        if not points:
            continue
        path = posters_path(station.id)
        link = StaticLinker(path)
        posters = []
        for point in points:
            url = f"{site_url.rstrip('/')}/{web_path(point_path(point.id))}" if site_url else None
            posters.append(Poster(point, link(point.name, point_path(point.id)),
                                  QrCode(url, f"{point.name}网页二维码") if url else None))
        context = PostersContext(index.site, station, link(station.name, station_path(station.id)), tuple(posters),
                                 print_assets(path, POSTERS_CSS), index.communities[station.community_id].unit,
                                 specimen=specimen)
        pages.append(Page(path, "posters.html.j2", f"{station.name}：友邻点公示栏海报",
                          f"{station.name}各友邻点的公示栏海报，每张 A4 一页", context,
                          source=PageSource(f"{hub_name('station', station.id)} 下各友邻点的信息（data/points.csv）",
                                            Rank.POSTERS)))
    return pages
