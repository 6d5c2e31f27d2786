"""The ledger feature as the pipeline sees it: its pages, its CSV files, its sections on hub pages."""

from __future__ import annotations

from datetime import date

from ..consultation.model import Consultation
from ..features import HubSection
from ..links import GeneratedFile, Linker, Page
from ..public import PublicIndex, whole_street
from ..render import yuan
from .export import ledger_csv
from .model import HubYear, Ledger
from .pages import INDEX, LedgerPages, flag, station_year_page


class LedgerFeature:
    """Subsidy ledger and electronic ledgers: see README, “补助台账和电子台账”."""

    def __init__(self, ledger: Ledger, consultation: Consultation | None, today: date):
        self.ledger = ledger
        self.builder = LedgerPages(ledger, consultation, today)
        self._built_for: PublicIndex | None = None
        self._built_pages: list[Page] = []

    def _built(self, index: PublicIndex) -> list[Page]:
        # On one core pages() and files() are asked for in the same process: the station-year contexts are
        # built once for both (on more, files() runs in a worker of its own; see build.generate).
        if self._built_for is not index:
            self._built_pages, self._built_for = self.builder.pages(index.site), index
        return self._built_pages

    def pages(self, index: PublicIndex) -> list[Page]:
        return self._built(index)

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        # Each station-year page has its CSV twin beside it: ledger/S01/2018.md → ledger/S01/2018.csv.
        return {page.path[: -len(".md")] + ".csv": GeneratedFile(ledger_csv(page.context), page.source)
                for page in self._built(index) if page.template == "ledger_station.md.j2"}

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        ledger, network = self.ledger, self.ledger.network
        if kind == "centre":
            whole = whole_street(network.street.name)
            return [HubSection("补助台账", (link(f"{whole}补助台账（逐年拨付、使用、结余）", INDEX),))]
        if kind == "station" and hub_id in network.stations:
            years = ledger.station_years(hub_id)
            links = tuple(link(f"{year}年电子台账（补助、会议、议题）", station_year_page(hub_id, year)) for year in years)
            return [HubSection("补助台账", links, "" if links else "这个友邻站还没有补助台账。")]
        if kind == "point" and hub_id in network.points:
            station = network.points[hub_id].station
            rows = ledger.hub_years(hub_id)
            links = tuple(link(_summary(row), f"{station_year_page(station, row.year)}#{hub_id}") for row in rows)
            return [HubSection("补助使用", links, "" if links else "这个友邻点还没有补助记录。")]
        return []


def _summary(row: HubYear) -> str:
    """2018年：拨付 ¥500.00，已用 ¥454.22，结余 ¥45.78（超支）."""
    text = f"{row.year}年：拨付 {yuan(row.allocated or 0, fen=True)}，已用 {yuan(row.spent, fen=True)}"
    if row.remaining is not None:
        text += f"，结余 {yuan(row.remaining, fen=True)}"
    return text + (f"（{flag(row)}）" if flag(row) else "")
