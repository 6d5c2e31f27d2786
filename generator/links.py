"""Where each generated page lives, and how pages link to one another.

Every page is a Markdown file under the build folder, named from its hub's id
(`points/P0001.md`); MkDocs publishes it at a directory URL (`points/P0001/`). A link
is always relative to the page it appears on, so the site works under any path.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from markupsafe import Markup

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
