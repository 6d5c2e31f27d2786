"""Where each generated page lives, and how pages link to one another.

Every page is a Markdown file under the build folder, named from its hub's id
(`points/P0001.md`); MkDocs publishes it at a directory URL (`points/P0001/`). A link
is always relative to the page it appears on, so the site works under any path.
Each page and generated file also says what data it shows (`PageSource`), so that
the leak scan after the build can send the clerk to the record a leak came from.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from functools import cache
from typing import Any

from markupsafe import Markup

from .model import TIER_NAMES
from .qr import QR_SCRIPTS

HOME = "index.md"
FIND = "find.md"
PLAN = "plan.md"
CENTRE = "centre.md"
STATIONS = "stations/index.md"
COMMUNITIES = "communities/index.md"


def station_path(station_id: str) -> str:
    return f"stations/{station_id}.md"


def point_path(point_id: str) -> str:
    return f"points/{point_id}.md"


def community_path(community_id: str) -> str:
    return f"communities/{community_id}.md"


def community_list_path(annex_id: str) -> str:
    """The communities of one of the plan's annexes (城市社区, 农村), when the directory cannot hold them all."""
    return f"communities/{annex_id}.md"


def plan_annex_path(annex_id: str) -> str:
    """One of the plan's annexes, when the plan page cannot hold all of its rows."""
    return f"plan/{annex_id}.md"


def posters_path(station_id: str) -> str:
    """The printable posters of a station's points (an HTML file); `#<point id>` is one point's poster."""
    return f"posters/{station_id}.html"


def web_path(page: str) -> str:
    """The URL path of a Markdown page with directory URLs: points/P0001.md → points/P0001/."""
    if page == HOME:
        return ""
    stem = page[: -len(".md")]
    return stem[: -len("index")] if stem.endswith("/index") or stem == "index" else stem + "/"


class Rank(IntEnum):
    """How narrow the data behind a page is: a value in the search index is blamed on the narrowest page
    that holds it (a topic's title is on its meetings' and its hub's pages too, but was written in the topic)."""

    TOPIC = 0
    MEETING = 1
    COVENANT_VERSION = 2
    COVENANT = 3
    COVENANTS = 4
    HUB_CONSULTATION = 5
    AGENDA = 6
    CALENDAR = 7
    CONSULTATION = 8
    POINT = 9
    STATION = 10
    CENTRE = 11
    HUB_LEDGER = 12
    LEDGER = 13
    POSTERS = 14
    FORMS = 15
    DATA = 16


@dataclass(frozen=True)
class PageSource:
    """What data a generated page or file shows, for the post-build leak scan (leaks.py) to send a clerk to.

    One object is shared by all the pages of a kind or of a record: a city has hundreds of thousands.
    (Not model.Source, which is where a record was read: a file and a line.)
    """

    text: str  # "data/topics.yaml 中的议题 T1": where to remove a value that must not be published
    rank: Rank


# The pages and files that show the network's data at large: home, plan, directory, downloads.
DATA_SOURCE = PageSource("data/ 中的数据（data/hubs.yaml、data/points.csv 等）", Rank.DATA)


def hub_name(tier: str, hub_id: str) -> str:
    """A point, a station or the centre as a source names it: 友邻点 P03."""
    return f"{TIER_NAMES[tier]} {hub_id}"


@dataclass(frozen=True)
class GeneratedFile:
    """A static file a feature makes (a feed, a download), and the data it shows (None: not from data)."""

    data: bytes
    source: PageSource | None


def site_file(path: str) -> str:
    """The file of the built site made from a file of the docs folder: points/P0001.md → points/P0001/index.html."""
    return web_path(path) + "index.html" if path.endswith(".md") else path


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # relative to the page it appears on, to a Markdown source file


@dataclass(frozen=True)
class Page:
    """One page to write: where it lives in the docs folder, its template and its typed context."""

    path: str
    template: str
    title: str
    description: str
    context: Any
    updated: date | None = None  # when the page's source data last changed
    # False leaves the page out of the search index: lists and print pages that repeat what
    # residents find on the pages of hubs, topics and meetings.
    searchable: bool = True
    # Material's `search: boost`: ranks a hub's page above the pages that only mention its place's name.
    search_boost: float | None = None
    # A page to print on A4 (a form, a covenant's notice or signature sheet): no sidebars beside it.
    printable: bool = False
    # The data the page shows, for the leak scan; None: not made from data. Required, so that a new
    # kind of page says where a leak on it was written.
    source: PageSource | None = field(kw_only=True)


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to a file, both given from the docs folder (`points/P0001.md`).

    What posixpath.relpath gives for such paths, without its abspath and getcwd for each
    of the hundreds of thousands of links a city's pages hold.
    """
    base = from_page.split("/")[:-1]
    target = to_page.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


@cache
def static_href(from_file: str, to: str) -> str:
    """The link from a file MkDocs copies as it is (a print page) to a page's published URL or to a file."""
    target = web_path(to) if to.endswith(".md") else to
    return posixpath.relpath(target or ".", posixpath.dirname(from_file)) + ("/" if target.endswith("/") else "")


class Linker:
    """Makes links relative to one page."""

    def __init__(self, page: str):
        self.page = page

    def __call__(self, text: str, target: str) -> Link:
        # Targets are built from ids the schema restricts to [A-Za-z0-9_-]: safe as they are.
        return Link(text=text, href=Markup(relative(self.page, target)))


PRINT_PAGE_CSS = "assets/stylesheets/printpage.css"
RESIDENTS_SCRIPT = "assets/javascripts/youlin.js"  # the print button, as on the theme's pages
FAVICON = "assets/images/favicon.png"  # Material's, which MkDocs copies into every site


@dataclass(frozen=True)
class PrintAssets:
    """What a stand-alone print page links, relative to it: printpage.css, its own stylesheet, the scripts
    that draw its QR codes and work its print button."""

    stylesheets: tuple[str, ...]
    scripts: tuple[str, ...]
    icon: str  # the theme's, as its pages have: without it a browser asks for /favicon.ico and logs a 404


def print_assets(path: str, stylesheet: str) -> PrintAssets:
    return PrintAssets(tuple(static_href(path, s) for s in (PRINT_PAGE_CSS, stylesheet)),
                       tuple(static_href(path, s) for s in (*QR_SCRIPTS, RESIDENTS_SCRIPT)),
                       static_href(path, FAVICON))


class StaticLinker(Linker):
    """Makes links relative to a file MkDocs copies as it is: to the pages' published URLs."""

    def __call__(self, text: str, target: str) -> Link:
        return Link(text=text, href=Markup(static_href(self.page, target)))
