"""Ledger pages: the street's totals, and one page per station per year (the electronic ledger, 电子台账).

A station-year page carries the station's own money and each of its points'
(an anchor per point, so a point page links to ``ledger/S01/2018/#P0001``), the
line items the data marks public, and — from the consultation records — the
meetings held and the topics raised, sent up and closed there that year. It is
printable on A4 and has a CSV twin. Pages grow with a station's points, never
with the street; the street page lists stations while one page of a list can hold
them, else links to their own pages (``ledger/stations.md``, see paging.py). Every
one prints on A4 with a running header saying what it is (a page of stations: which
of them it holds) and its page numbers (consultation.css, @page yl-a4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Sequence

from markupsafe import Markup

from ..consultation.model import Consultation, Topic
from ..consultation.views import meeting_page, meeting_title, topic_page
from ..links import HOME, Link, Linker, Page, PageSource, Rank, hub_name, point_path, station_path
from ..model import Network, Station
from ..paging import Pager, long_list, own_pages
from ..public import Site
from ..render import css_string
from .model import HubYear, Ledger, Totals, totals

INDEX = "ledger/index.md"
STATIONS = "ledger/stations.md"
LEDGER_SOURCE = PageSource("各处的支出（data/spending.csv）", Rank.LEDGER)
FLAG_OVERSPENT = "超支"
FLAG_UNUSED = "未使用"


def station_year_page(station_id: str, year: int) -> str:
    return f"ledger/{station_id}/{year}.md"


def station_year_csv(station_id: str, year: int) -> str:
    return f"ledger/{station_id}/{year}.csv"


@dataclass(frozen=True)
class MoneyRow:
    """One hub's year, or a sum of several; amounts in fen."""

    name: Link | str
    anchor: str | None  # the hub's id: the anchor of its line items on the page
    allocated: int | None
    spent: int
    remaining: int | None
    flag: str


@dataclass(frozen=True)
class ItemRow:
    date: date
    item: str
    category: str
    amount: int
    receipt: str
    note: str | None


@dataclass(frozen=True)
class HubDetail:
    """A hub's line items: the public ones listed, the others only counted and summed."""

    anchor: str
    title: str
    home: Link
    items: tuple[ItemRow, ...]
    hidden_count: int
    hidden_amount: int
    money: MoneyRow

    @property
    def heading_id(self) -> Markup:
        """The attr_list suffix giving the heading the hub's id (ids are limited to [A-Za-z0-9_-] by the schemas)."""
        return Markup(f"{{: #{self.anchor} }}")


@dataclass(frozen=True)
class MeetingLine:
    date: date
    link: Link
    hub: str
    attendance: int | None


@dataclass(frozen=True)
class TopicLine:
    date: date
    link: Link
    hub: str
    category: str


@dataclass(frozen=True)
class StationYearContext:
    site: Site
    crumbs: tuple[Link, ...]
    station_name: str
    station: Link
    year: int
    rows: tuple[MoneyRow, ...]
    total: MoneyRow
    details: tuple[HubDetail, ...]
    has_consultation: bool
    meetings: tuple[MeetingLine, ...]
    raised: tuple[TopicLine, ...]
    escalated: tuple[TopicLine, ...]
    closed: tuple[TopicLine, ...]
    csv: Link
    years: tuple[Link, ...]  # the station's other years
    street: Link
    print_header: Markup  # on top of every printed page: the site and this ledger, a quoted CSS string


@dataclass(frozen=True)
class YearRow:
    year: int
    totals: Totals


@dataclass(frozen=True)
class StationCell:
    link: Link | None  # the station-year page
    allocated: int
    spent: int
    flags: int  # hub-years flagged (overspent or unused)


@dataclass(frozen=True)
class StationLedgerRow:
    station: Link
    cells: tuple[StationCell, ...]


@dataclass(frozen=True)
class StationListContext:
    """One page of the stations' ledgers, year by year."""

    site: Site
    crumbs: tuple[Link, ...]
    years: tuple[int, ...]
    stations: tuple[StationLedgerRow, ...]
    pager: Pager | None
    # On top of every printed page: the site, the list and which of its stations this page holds (a page number
    # there would read as the printout's, which the footer counts), a quoted CSS string.
    print_header: Markup


@dataclass(frozen=True)
class StreetContext:
    site: Site
    crumbs: tuple[Link, ...]
    years: tuple[YearRow, ...]
    stations: tuple[StationLedgerRow, ...]  # every station, or none when they are on pages of their own
    station_pages: Link | None
    centre: tuple[MoneyRow, ...]  # per year, where the centre spent anything
    point_standard: int  # yuan
    station_standard: int  # yuan
    print_header: Markup  # on top of every printed page: the site and this ledger, a quoted CSS string


def _rows(pager: Pager | None) -> str:
    """Which stations of the list a page holds, as its printed header says it."""
    if pager is None:
        return ""
    held = pager.first_row if pager.first_row == pager.last_row else f"{pager.first_row}–{pager.last_row}"
    return f"（第 {held} 个友邻站，共 {pager.rows} 个）"


def flag(row: HubYear) -> str:
    return FLAG_OVERSPENT if row.overspent else FLAG_UNUSED if row.unused else ""


def money_row(name: Link | str, row: HubYear, anchor: str | None = None) -> MoneyRow:
    return MoneyRow(name, anchor, row.allocated, row.spent, row.remaining, flag(row))


def total_row(name: str, rows: list[HubYear]) -> MoneyRow:
    summed = totals(rows)
    return MoneyRow(name, None, summed.allocated, summed.spent, summed.remaining, "")


def _item_row(item) -> ItemRow:
    return ItemRow(item.date, item.item, item.category, item.amount_fen, item.receipt, item.note)


class LedgerPages:
    """Builds the ledger's pages and CSV files from the ledger and, where present, the consultation records."""

    def __init__(self, ledger: Ledger, consultation: Consultation | None, today: date):
        self.ledger = ledger
        self.network: Network = ledger.network
        self.consultation = consultation
        self.today = today

    def hub_name(self, hub_id: str) -> str:
        network = self.network
        hub = network.stations.get(hub_id) or network.points.get(hub_id)
        return hub.name if hub is not None else network.centre.name

    def pages(self, site: Site) -> list[Page]:
        stations = list(self.network.stations.values())
        pages = [self.street_page(site, stations)]
        pages += [Page(page.path, "ledger_stations.md.j2", page.title("各友邻站的补助台账"),
                       f"{site.street_name}各友邻站（含所属友邻点）逐年的补助拨付和使用",
                       StationListContext(site, (page.link(site.title, HOME), page.link("补助台账", INDEX)),
                                          tuple(self.ledger.years), self._station_rows(page.link, page.items),
                                          page.pager,
                                          css_string(f"{site.title} · 各友邻站的补助台账{_rows(page.pager)}")),
                       searchable=False, source=LEDGER_SOURCE)
                  for page in own_pages(STATIONS, stations)]
        for station_id in self.network.stations:
            source = PageSource(f"{hub_name('station', station_id)} 的支出、议题和会议"
                                "（data/spending.csv、data/topics.yaml、data/meetings.yaml）", Rank.HUB_LEDGER)
            for year in self.ledger.station_years(station_id):
                pages.append(self.station_year(site, station_id, year, source))
        return pages

    def street_page(self, site: Site, stations: list[Station]) -> Page:
        ledger, network = self.ledger, self.network
        link = Linker(INDEX)
        listed = long_list(link, STATIONS, f"全部 {len(stations)} 个友邻站的补助台账", stations)
        centre = tuple(money_row(f"{year}年", ledger.centre_year(year)) for year in ledger.years
                       if ledger.centre_year(year).items)
        context = StreetContext(site, (link(site.title, HOME),),
                                tuple(YearRow(year, ledger.street_totals(year)) for year in ledger.years),
                                self._station_rows(link, listed.items), listed.pages, centre,
                                network.policy.point_subsidy_yuan, network.policy.station_subsidy_yuan,
                                css_string(f"{site.title} · 补助台账"))
        return Page(INDEX, "ledger_index.md.j2", "补助台账",
                    f"{site.street_name}友邻站、友邻点补助的拨付、使用和结余，逐年公开", context, source=LEDGER_SOURCE)

    def _station_rows(self, link: Linker, stations: Sequence[Station]) -> tuple[StationLedgerRow, ...]:
        """Each station's spent and allocated per year, its own points included, linked to its year's page."""
        ledger, rows = self.ledger, []
        for station in stations:
            cells = []
            for year in ledger.years:
                hub_years = ledger.station_hubs(station.id, year)
                has_page = year in ledger.station_years(station.id)
                cells.append(StationCell(link(f"{station.name}{year}年台账", station_year_page(station.id, year))
                                         if has_page else None,
                                         sum(r.allocated or 0 for r in hub_years), sum(r.spent for r in hub_years),
                                         sum(1 for r in hub_years if r.overspent or r.unused)))
            rows.append(StationLedgerRow(link(station.name, station_path(station.id)), tuple(cells)))
        return tuple(rows)

    def station_year(self, site: Site, station_id: str, year: int, source: PageSource) -> Page:
        ledger, network = self.ledger, self.network
        station = network.stations[station_id]
        path = station_year_page(station_id, year)
        link = Linker(path)
        hub_years = ledger.station_hubs(station_id, year)
        rows, details = [], []
        for row in hub_years:
            hub_id = row.hub
            home = link(self.hub_name(hub_id), station_path(hub_id) if hub_id == station_id else point_path(hub_id))
            money = money_row(home, row, hub_id)
            rows.append(money)
            hidden = row.private_items
            details.append(HubDetail(hub_id, f"{self.hub_name(hub_id)}（{hub_id}）", home,
                                     tuple(_item_row(item) for item in row.public_items),
                                     len(hidden), sum(item.amount_fen for item in hidden), money))
        meetings, raised, escalated, closed = self._consultation(link, station_id, year)
        title = f"{station.name}{year}年电子台账"
        context = StationYearContext(
            site=site,
            crumbs=(link(site.title, HOME), link("补助台账", INDEX), link(station.name, station_path(station_id))),
            station_name=station.name,
            station=link(station.name, station_path(station_id)),
            year=year,
            rows=tuple(rows),
            total=total_row("合计", hub_years),
            details=tuple(details),
            has_consultation=self.consultation is not None,
            meetings=meetings,
            raised=raised,
            escalated=escalated,
            closed=closed,
            csv=link(f"下载表格（CSV，{station.name}{year}年）", station_year_csv(station_id, year)),
            years=tuple(link(f"{y}年", station_year_page(station_id, y))
                        for y in ledger.station_years(station_id) if y != year),
            street=link(f"{site.whole}补助台账", INDEX),
            print_header=css_string(f"{site.title} · {title}"),
        )
        return Page(path, "ledger_station.md.j2", title,
                    f"{station.name}{year}年的友邻点、会议、议题和补助使用（可打印）", context,
                    # Tables of amounts: residents find a station or point by its own page, which links here.
                    searchable=False, source=source)

    def _consultation(self, link: Linker, station_id: str, year: int):
        data = self.consultation
        if data is None:
            return (), (), (), ()
        hubs = {station_id, *(p.id for p in self.network.points_of(station_id))}
        names = {hub_id: data.hubs.hubs[hub_id].name for hub_id in hubs if hub_id in data.hubs.hubs}
        meetings = tuple(
            MeetingLine(m.date, link(meeting_title(data, m), meeting_page(m.id)), names[m.hub],
                        m.minutes.attendance if m.minutes else None)
            for hub_id in sorted(names) for m in data.meetings_at(hub_id)
            if m.date.year == year and m.date <= self.today)
        events = self._topic_events
        raised, escalated, closed = (
            tuple(TopicLine(day, link(topic.title, topic_page(topic.id)), names[hub_id], topic.category)
                  for _, day, topic, hub_id in sorted(event for hub_id in hubs
                                                      for event in events.get((kind, hub_id, year), ())))
            for kind in ("raised", "escalated", "closed"))
        return tuple(sorted(meetings, key=lambda m: m.date)), raised, escalated, closed

    @cached_property
    def _topic_events(self) -> dict[tuple[str, str, int], list[tuple[tuple, date, Topic, str]]]:
        """Each topic raised, escalated from or closed at a hub, by (kind, hub, year), with its order on a page.

        Built once: every station-year page scanning every topic would be quadratic in the network.
        Topics are listed by when they were raised, escalations and closings by date.
        """
        data = self.consultation
        events: dict[tuple[str, str, int], list] = {}
        for order, topic in enumerate(sorted(data.topics.values(), key=lambda t: (t.raised_on, t.id))):
            events.setdefault(("raised", topic.raised_at, topic.raised_on.year), []).append(
                ((order,), topic.raised_on, topic, topic.raised_at))
            for step_order, step in enumerate(topic.escalations):
                events.setdefault(("escalated", step.from_, step.date.year), []).append(
                    ((step.date, order, step_order), step.date, topic, step.from_))
            evaluated, decided_at = topic.evaluated_on, data.decided_at(topic)
            if evaluated:
                events.setdefault(("closed", decided_at, evaluated.year), []).append(
                    ((evaluated, order), evaluated, topic, decided_at))
        return events
