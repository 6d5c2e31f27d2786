"""“我的友邻点”: a resident picks a community and a compound and sees their point.

The page itself lists the communities as plain links (it works with JavaScript
off); the picker loads a small JSON file per community only when one is chosen,
so no download grows with the size of the whole network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from .links import (COMMUNITIES, DATA_SOURCE, FIND, GeneratedFile, Link, Linker, Page, community_path, point_path,
                    station_path, web_path)
from .paging import long_list
from .public import PublicIndex, Site

DATA_DIR = "find-data"
# The list of communities, each with its own file beside it: the forms' code finder reads the same (forms/pages.py).
DATA_INDEX = f"{DATA_DIR}/index.json"


@dataclass(frozen=True)
class FindGroup:
    area_name: str
    communities: tuple[Link, ...]


@dataclass(frozen=True)
class FindContext:
    site: Site
    groups: tuple[FindGroup, ...]  # none when the communities are too many to list here
    data_url: str  # the community list, relative to the built page
    crumbs: tuple[Link, ...]
    communities: Link


def build_find(index: PublicIndex) -> tuple[Page, dict[str, GeneratedFile]]:
    """The find page and its data files (by path in the docs folder)."""
    link = Linker(FIND)
    groups: dict[str, list[Link]] = {}
    # A city's communities are too many for one page: then the directory's own pages list them.
    for community in long_list(link, COMMUNITIES, "社区与村", index.public.communities).items:
        groups.setdefault(community.area_name, []).append(link(community.name, community_path(community.id)))
    context = FindContext(
        site=index.site,
        groups=tuple(FindGroup(area, tuple(links)) for area, links in groups.items()),
        data_url=Markup(f"../{DATA_INDEX}"),  # the page is served as find/; a constant path
        crumbs=index.crumbs(link),
        communities=link("社区与村", COMMUNITIES),
    )
    page = Page(FIND, "find.md.j2", "我的友邻点", "选择您住的社区和小区，找到为您服务的友邻点", context,
                source=DATA_SOURCE)
    return page, _data_files(index)


def _data_files(index: PublicIndex) -> dict[str, GeneratedFile]:
    # URLs inside the files are relative to the file itself (find-data/…).
    communities = [
        {"id": c.id, "name": c.name, "area": c.area_name, "unit": c.unit, "data": f"{c.id}.json",
         "url": "../" + web_path(community_path(c.id))}
        for c in index.public.communities
    ]
    files = {DATA_INDEX: GeneratedFile(_json({"communities": communities}), DATA_SOURCE)}
    for community in index.public.communities:
        points = index.points_in(community.id)
        compounds = []
        for name in community.compounds:
            serving = [p for p in points if name in p.compounds]
            compounds.append({"name": name, "points": [_point(index, p) for p in serving]})
        files[f"{DATA_DIR}/{community.id}.json"] = GeneratedFile(_json({"id": community.id, "compounds": compounds}),
                                                                 DATA_SOURCE)
    return files


def _point(index: PublicIndex, point) -> dict:
    station = index.stations[point.station_id]
    return {
        "id": point.id,  # the code a form asks for (forms.js fills it in from here)
        "name": point.name,
        "url": "../" + web_path(point_path(point.id)),
        "address": point.address,
        "opening_hours": point.hours_shown,
        "status": point.status_name if point.status != "active" else None,
        "leader": point.contact.name,
        # Only a number one can dial: a masked one (138****1234) on its own would be dialled, and fail.
        "phone": point.contact.phone if point.contact.tel else None,
        "tel": point.contact.tel,
        "services": list(point.services),
        "station_id": station.id,
        "station": station.name,
        "station_url": "../" + web_path(station_path(station.id)),
        "station_phone": station.phone,
    }


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

