"""Covenant pages: the index, one page per covenant, earlier versions, and A4 print pages.

Covenants hold no personal data: the vote is counts of households, signatures a
count; the signature sheet is blank rows for residents to fill in on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from markupsafe import Markup

from ..features import HubSection
from ..forms.definitions import shipped_definition
from ..forms.model import FormDef
from ..forms.printing import SheetTable, print_style, sheet_table
from ..links import (HOME, GeneratedFile, Link, Linker, Page, PageSource, Rank, community_path, point_path, station_path,
                     web_path)
from ..model import Network
from ..paging import ListPage, LongList, Pager, long_list, own_pages
from ..problems import Problem
from ..project import is_example_url
from ..public import PublicIndex, Site
from ..render import date_zh
from .lifecycle import STAGE_NAMES, STAGES, Covenant, Version, Vote, check_sheet_rows
from .compare import compare_texts
from .printable import Printable, stage_printable

INDEX = "covenants/index.md"
# The index's two lists, on pages of their own once they outgrow it (see paging.long_list).
ALL = "covenants/all.md"
BY_HUB = "covenants/hubs.md"
LISTS_SOURCE = PageSource("content/covenants/ 中的公约", Rank.COVENANTS)


def covenant_path(covenant_id: str) -> str:
    return f"covenants/{covenant_id}.md"


def version_path(covenant_id: str, number: int) -> str:
    return f"covenants/{covenant_id}/v{number}.md"


def covenant_source(covenant_id: str) -> PageSource:
    """The source of a covenant's own pages: its page, its notice and its signature sheets."""
    return PageSource(f"content/covenants/{covenant_id}.md 中的公约 {covenant_id}", Rank.COVENANT)


def notice_path(covenant_id: str) -> str:
    return f"covenants/{covenant_id}/notice.md"


# A sign sheet prints on one A4 page: the covenant form's sheet (its definition, or the street's copy in data/forms/),
# whose `rows` are as many rows tall enough for handwriting as fit under its heading (browser tests print it), at most
# forms.definitions.SHEET_ROWS; a covenant's `sheet_rows` may ask for fewer. A scope of thousands of households
# prints it as often as it needs; each copy is numbered by hand (第＿张) and counts its own rows from 1 (`tally` in
# its form definition), so that sheets collected from many floors can be counted.
def sheet_path(covenant_id: str, hub_id: str) -> str:
    return f"covenants/{covenant_id}/sign-{hub_id}.md"


@dataclass(frozen=True)
class TimelineStep:
    name: str
    date: str
    until: str | None
    note: str | None
    current: bool
    done: bool
    lapsed: bool  # the current stage's period (a notice's, say) is over and the next stage was not entered


@dataclass(frozen=True)
class VoteView:
    vote: Vote
    turnout_percent: str
    for_percent: str  # of eligible households


@dataclass(frozen=True)
class ChangeEntry:
    """What one version changed against the one before it."""

    title: str  # 第 1 版 → 第 2 版
    note: str | None
    changes: tuple[Markup, ...]


@dataclass(frozen=True)
class CovenantRow:
    link: Link
    kind_name: str
    scope: str
    version: int
    status_name: str
    since: str


@dataclass(frozen=True)
class StatusGroup:
    name: str
    rows: tuple[CovenantRow, ...]


@dataclass(frozen=True)
class HubCovenants:
    hub: Link
    covenants: tuple[Link, ...]


@dataclass(frozen=True)
class StatusCount:
    name: str
    covenants: int


@dataclass(frozen=True)
class CovenantIndexContext:
    site: Site
    counts: tuple[StatusCount, ...]  # by stage, furthest first
    groups: tuple[StatusGroup, ...]  # the covenants themselves, while the index holds them
    all: Link | None  # to the list's own pages, when it does not
    by_hub: LongList[HubCovenants]
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class CovenantListContext:
    """A page of one of the index's lists: `rows` of every covenant, or `hubs` with theirs."""

    site: Site
    rows: tuple[CovenantRow, ...]
    hubs: tuple[HubCovenants, ...]
    pager: Pager | None
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class CovenantContext:
    site: Site
    covenant: Covenant
    timeline: tuple[TimelineStep, ...]
    vote: VoteView | None
    scope: tuple[Link, ...]
    body: Markup
    history: tuple[ChangeEntry, ...]
    versions: tuple[Link, ...]
    notice: Link
    sheets: tuple[Link, ...]
    superseded_by: Link | None
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class VersionContext:
    site: Site
    covenant: Covenant
    version: Version
    current: Link
    body: Markup
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class NoticeContext:
    site: Site
    covenant: Covenant
    body: Markup
    printable: Printable
    scope: str
    back: Link
    url: str | None  # the covenant's page, to read it online; None without a real site_url
    print_style: Markup


@dataclass(frozen=True)
class SheetContext:
    site: Site
    covenant: Covenant
    hub_name: str
    statement: str
    header: tuple[str, ...]  # lines to fill in above the rows (the definition's `header`)
    table: SheetTable  # the forms' signature sheet (the covenant form's definition, `CovenantFeature.use_sheet`)
    back: Link
    print_style: Markup


class CovenantFeature:
    """Covenants as a feature of the site (see features.py)."""

    def __init__(self, covenants: list[Covenant], network: Network, today: date, site_url: str | None = None):
        self.covenants = covenants
        self.network = network
        self.today = today
        # An example address printed on a notice board leads nowhere (see posters.py).
        self.site_url = None if is_example_url(site_url) else site_url
        self.names = {**{c.id: c.name for c in network.communities.values()},
                      **{s.id: s.name for s in network.stations.values()},
                      **{p.id: p.name for p in network.points.values()}}
        # The covenant form's definition, for the sign sheets: the shipped one until the forms feature, loaded after
        # this one, hands over the one it read and checked, which may be the street's own (`use_sheet`).
        self.sheet: FormDef | None = None

    def use_sheet(self, sheet: FormDef) -> list[Problem]:
        """Print the sign sheets from this definition of the covenant form, the one the forms pages print too.

        The problems are the covenants that ask for more rows (`sheet_rows`) than one of its sheets holds.
        """
        self.sheet = sheet
        return check_sheet_rows(self.covenants, sheet.rows, sheet.source)

    # -------------------------------------------------------- which covenants bind whom

    def _hub_path(self, hub_id: str) -> str:
        if hub_id in self.network.points:
            return point_path(hub_id)
        if hub_id in self.network.stations:
            return station_path(hub_id)
        return community_path(hub_id)

    def _related_hubs(self, kind: str, hub_id: str) -> set[str]:
        """The hubs whose covenants bind this hub's residents: itself, what contains it, what it contains."""
        net = self.network
        if kind == "point":
            station = net.station_of(net.points[hub_id])
            return {hub_id, station.id, station.community}
        if kind == "station":
            station = net.stations[hub_id]
            return {hub_id, station.community, *(p.id for p in net.points_of(hub_id))}
        if kind == "community":
            stations = net.stations_in(hub_id)
            return {hub_id, *(s.id for s in stations), *(p.id for s in stations for p in net.points_of(s.id))}
        return set()

    @cached_property
    def _in_force_by_hub(self) -> dict[str, list[int]]:
        """Positions of the covenants not superseded, by each hub in their scope.

        Sections are asked for once per hub page: scanning every covenant for each made a city's build quadratic.
        """
        found: dict[str, list[int]] = {}
        for position, covenant in enumerate(self.covenants):
            if covenant.status != "superseded":
                for hub in set(covenant.scope):
                    found.setdefault(hub, []).append(position)
        return found

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        by_hub = self._in_force_by_hub
        positions = {position for hub in self._related_hubs(kind, hub_id) for position in by_hub.get(hub, ())}
        binding = [self.covenants[position] for position in sorted(positions)]
        if not binding:
            return []
        return [HubSection("居民公约", tuple(link(f"{c.title}（{c.status_name}）", covenant_path(c.id))
                                            for c in binding))]

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        return {}

    # -------------------------------------------------------- pages

    def pages(self, index: PublicIndex) -> list[Page]:
        site = index.site
        pages = self._index_pages(site)
        sheet = self.sheet or shipped_definition("covenant")
        for covenant in self.covenants:
            source = covenant_source(covenant.id)
            pages.append(self._covenant_page(site, covenant, source))
            for version in covenant.history:
                path = version_path(covenant.id, version.number)
                link = Linker(path)
                pages.append(Page(path, "covenant_version.md.j2", f"{covenant.title}（第 {version.number} 版）",
                                  f"{covenant.title}的第 {version.number} 版全文",
                                  VersionContext(site, covenant, version, link(covenant.title, covenant_path(covenant.id)),
                                                 Markup(version.text.body), _crumbs(site, link, covenant)),
                                  searchable=False,
                                  source=PageSource(f"content/covenants/{covenant.id}/v{version.number}.md"
                                                    f"（公约 {covenant.id} 的第 {version.number} 版）",
                                                    Rank.COVENANT_VERSION)))
            pages.append(self._notice_page(site, covenant, source))
            rows = covenant.sheet_rows or sheet.rows
            for hub in covenant.signing_scope:
                path = sheet_path(covenant.id, hub)
                title = f"{covenant.title}签约表（{self.names[hub]}）"
                pages.append(Page(path, "covenant_sheet.md.j2", title, title, SheetContext(
                    site, covenant, self.names[hub], sheet.intro, sheet.header, sheet_table(sheet, rows),
                    Linker(path)(covenant.title, covenant_path(covenant.id)),
                    print_style(f"{covenant.title} · 第 {covenant.version} 版 · {self.names[hub]}")),
                    searchable=False, printable=True, source=source))
        return pages

    def _index_pages(self, site: Site) -> list[Page]:
        """The index, and the pages of its lists when it cannot hold them."""
        ordered = [c for stage in reversed(STAGES) for c in self.covenants if c.status == stage]
        hubs: dict[str, list[Covenant]] = {}
        for covenant in self.covenants:
            for hub in covenant.scope:
                hubs.setdefault(hub, []).append(covenant)
        by_hub = sorted(hubs.items())

        def row(link: Linker, c: Covenant) -> CovenantRow:
            return CovenantRow(link(c.title, covenant_path(c.id)), c.kind_name, self._scope_text(c), c.version,
                               c.status_name, date_zh(c.stage_date(c.status)))

        def hub_entry(link: Linker, hub: str, covenants: list[Covenant]) -> HubCovenants:
            return HubCovenants(link(self.names[hub], self._hub_path(hub)),
                                tuple(link(c.title, covenant_path(c.id)) for c in covenants))

        link = Linker(INDEX)
        listed = long_list(link, ALL, f"全部 {len(ordered)} 份公约", ordered)
        listed_hubs = long_list(link, BY_HUB, f"全部 {len(by_hub)} 个社区、友邻站、友邻点的公约", by_hub)
        groups = tuple(StatusGroup(STAGE_NAMES[stage], rows) for stage in reversed(STAGES)
                       if (rows := tuple(row(link, c) for c in listed.items if c.status == stage)))
        counts = tuple(StatusCount(STAGE_NAMES[stage], n) for stage in reversed(STAGES)
                       if (n := sum(c.status == stage for c in ordered)))
        index = CovenantIndexContext(
            site, counts, groups, listed.pages,
            LongList(tuple(hub_entry(link, *entry) for entry in listed_hubs.items), listed_hubs.rows, listed_hubs.pages),
            (link(site.title, HOME),))
        pages = [Page(INDEX, "covenants.md.j2", "居民公约", f"{site.street_name}各社区、小区的居民公约：讨论、公示、表决、签约和实施",
                      index, source=LISTS_SOURCE)]
        pages += [self._list_page(site, page, "全部居民公约", rows=tuple(row(page.link, c) for c in page.items))
                  for page in own_pages(ALL, ordered)]
        pages += [self._list_page(site, page, "各社区、友邻站、友邻点的公约",
                                  hubs=tuple(hub_entry(page.link, *entry) for entry in page.items))
                  for page in own_pages(BY_HUB, by_hub)]
        return pages

    @staticmethod
    def _list_page(site: Site, page: ListPage, title: str, rows: tuple[CovenantRow, ...] = (),
                   hubs: tuple[HubCovenants, ...] = ()) -> Page:
        crumbs = (page.link(site.title, HOME), page.link("居民公约", INDEX))
        return Page(page.path, "covenant_list.md.j2", page.title(title), f"{site.street_name}的{title}",
                    CovenantListContext(site, rows, hubs, page.pager, crumbs), searchable=False, source=LISTS_SOURCE)

    def _covenant_page(self, site: Site, covenant: Covenant, source: PageSource) -> Page:
        path = covenant_path(covenant.id)
        link = Linker(path)
        reached = STAGES.index(covenant.status)
        last = len(covenant.stages) - 1
        timeline = tuple(
            TimelineStep(s.name, date_zh(s.date), date_zh(s.until) if s.until else None, s.note,
                         current=i == last, done=STAGES.index(s.stage) <= reached,
                         lapsed=i == last and s.until is not None and s.until < self.today)
            for i, s in enumerate(covenant.stages))
        vote = covenant.vote
        vote_view = VoteView(vote, _percent(vote.cast, vote.eligible_households),
                             _percent(vote.for_, vote.eligible_households)) if vote else None
        texts = [*covenant.history, None]
        history = tuple(
            ChangeEntry(f"第 {older.number} 版 → 第 {newer.number if newer else covenant.version} 版"
                        + ("（现行）" if newer is None else ""),
                        newer.note if newer else None,
                        compare_texts(older.text, newer.text if newer else covenant.text))
            for older, newer in zip(texts, texts[1:]))
        context = CovenantContext(
            site=site,
            covenant=covenant,
            timeline=timeline,
            vote=vote_view,
            scope=tuple(link(self.names[h], self._hub_path(h)) for h in covenant.scope),
            body=Markup(under_a_heading(covenant.text.body)),
            history=history,
            versions=tuple(link(f"第 {v.number} 版" + (f"（{v.note}）" if v.note else ""), version_path(covenant.id, v.number))
                           for v in covenant.history),
            notice=link(stage_printable(covenant, self._replacement(covenant)).link_text, notice_path(covenant.id)),
            sheets=tuple(link(f"{self.names[h]}签约表（A4）", sheet_path(covenant.id, h)) for h in covenant.signing_scope),
            superseded_by=(link(replacement.title, covenant_path(replacement.id))
                           if (replacement := self._replacement(covenant)) else None),
            crumbs=(link(site.title, HOME), link("居民公约", INDEX)),
        )
        return Page(path, "covenant.md.j2", covenant.title,
                    f"{covenant.title}：{covenant.kind_name}，{covenant.status_name}，第 {covenant.version} 版", context,
                    source=source)

    def _notice_page(self, site: Site, covenant: Covenant, source: PageSource) -> Page:
        path = notice_path(covenant.id)
        printable = stage_printable(covenant, self._replacement(covenant))
        context = NoticeContext(
            site, covenant, Markup(covenant.text.body), printable, self._scope_text(covenant),
            Linker(path)(covenant.title, covenant_path(covenant.id)),
            f"{self.site_url.rstrip('/')}/{web_path(covenant_path(covenant.id))}" if self.site_url else None,
            print_style(f"{covenant.title} · 第 {covenant.version} 版 · {printable.kicker}"),
        )
        return Page(path, "covenant_notice.md.j2", f"{covenant.title}（{printable.title}）",
                    f"{covenant.title}{printable.title}，A4 打印", context, searchable=False, printable=True, source=source)

    def _replacement(self, covenant: Covenant) -> Covenant | None:
        return next((c for c in self.covenants if c.id == covenant.superseded_by), None)

    def _scope_text(self, covenant: Covenant) -> str:
        return "、".join(self.names.get(h, h) for h in covenant.scope)


def _crumbs(site: Site, link: Linker, covenant: Covenant) -> tuple[Link, ...]:
    return (link(site.title, HOME), link("居民公约", INDEX), link(covenant.title, covenant_path(covenant.id)))


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


_HEADING = re.compile(r"^(#{1,5})(?=[ \t])", re.MULTILINE)


def under_a_heading(body: str) -> str:
    """A covenant's text with its headings one level down, as it stands under the page's “条文”: the office writes
    chapters as ## and articles as ###, and a chapter at the level of 条文 read as a section of the page of its own."""
    return _HEADING.sub(r"#\1", body)
