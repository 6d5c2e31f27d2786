"""The subsidy ledger as typed objects: spending records, and each hub's allocation per calendar year.

Allocation rule (see README, “补助台账”): a station or point is allocated its tier's
standard from the policy (``policy`` in data/hubs.yaml) for every calendar year
from the year it was established through the ledger's last year — the latest year
in the spending records. In the year it was established it is allocated its own
row's ``subsidy_yuan`` instead: that is where the office records an exception,
such as half a year's subsidy for a point set up in July, with its reason. The
generator itself never pro-rates. A hub with no established date (still planned)
is allocated nothing. A closed hub is allocated through the year of its closing date
(``closed_on``); without one, through the last year it has spending records (or only its first
year, if none). The centre has no per-year standard in the policy: its
spending is listed and counted, but it has no allocation, so it is never flagged.

All amounts are integers in fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..model import Network, Source
from .money import yuan_to_fen

SPENDING_FILE = "data/spending.csv"
CATEGORIES = ("氛围营造", "日常活动", "其他")


@dataclass(frozen=True)
class Spending:
    """One line of data/spending.csv. `detail_public` false: only counted in totals, never listed."""

    id: str
    hub: str
    date: date
    item: str
    category: str
    amount_fen: int
    receipt: str
    detail_public: bool
    note: str | None
    source: Source


@dataclass(frozen=True)
class HubYear:
    """One hub's money in one calendar year."""

    hub: str
    year: int
    allocated: int | None  # fen; None: the hub has no allocation (the centre)
    items: tuple[Spending, ...]

    @property
    def spent(self) -> int:
        return sum(item.amount_fen for item in self.items)

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.spent

    @property
    def overspent(self) -> bool:
        return self.allocated is not None and self.spent > self.allocated

    @property
    def unused(self) -> bool:
        """Allocated money and not one fen of it spent."""
        return bool(self.allocated) and not self.items

    @property
    def public_items(self) -> tuple[Spending, ...]:
        return tuple(item for item in self.items if item.detail_public)

    @property
    def private_items(self) -> tuple[Spending, ...]:
        return tuple(item for item in self.items if not item.detail_public)


@dataclass(frozen=True)
class Totals:
    """Sums over several hub-years; allocation sums only the hubs that have one."""

    allocated: int
    spent: int
    overspent: int  # hub-years
    unused: int  # hub-years

    @property
    def remaining(self) -> int:
        return self.allocated - self.spent


def totals(hub_years) -> Totals:
    rows = list(hub_years)
    return Totals(
        allocated=sum(r.allocated or 0 for r in rows),
        spent=sum(r.spent for r in rows),
        overspent=sum(1 for r in rows if r.overspent),
        unused=sum(1 for r in rows if r.unused),
    )


@dataclass
class Ledger:
    """Every hub's allocation and spending, by calendar year."""

    network: Network
    spending: list[Spending]

    @cached_property
    def years(self) -> tuple[int, ...]:
        """From the first year a hub was established or spent to the last year spent in.

        Worked out when first asked for: `check` makes a city's ledger for `generate` and never asks.
        """
        last = max((s.date.year for s in self.spending), default=None)
        first = min([*(h.year for h in self._established.values()), *(s.date.year for s in self.spending)],
                    default=None)
        return tuple(range(first, last + 1)) if first is not None and last is not None else ()

    @cached_property
    def _established(self) -> dict[str, date]:
        found = {s.id: s.established for s in self.network.stations.values() if s.established}
        found.update({p.id: p.established for p in self.network.points.values() if p.established})
        return found

    @cached_property
    def _by_hub_year(self) -> dict[tuple[str, int], list[Spending]]:
        found: dict[tuple[str, int], list[Spending]] = {}
        for item in sorted(self.spending, key=lambda s: (s.date, s.id)):
            found.setdefault((item.hub, item.date.year), []).append(item)
        return found

    @cached_property
    def _last_spent(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for item in self.spending:
            found[item.hub] = max(found.get(item.hub, item.date.year), item.date.year)
        return found

    def allocation(self, hub_id: str, year: int) -> int | None:
        """Fen allocated to a station or point for a year (0 outside its years); None for the centre."""
        network = self.network
        row = network.stations.get(hub_id) or network.points.get(hub_id)
        if row is None:
            return None
        established = self._established.get(hub_id)
        last = self.years[-1] if self.years else 0
        if row.status == "closed":
            last = row.closed_on.year if row.closed_on else self._last_spent.get(
                hub_id, established.year if established else 0)
        if established is None or not established.year <= year <= last:
            return 0
        if year == established.year:
            return yuan_to_fen(row.subsidy_yuan)
        return yuan_to_fen(network.policy.standard_for(row))

    def hub_year(self, hub_id: str, year: int) -> HubYear:
        return HubYear(hub_id, year, self.allocation(hub_id, year), tuple(self._by_hub_year.get((hub_id, year), ())))

    def active(self, hub_id: str, year: int) -> bool:
        """Whether the hub has anything in the ledger that year: an allocation or spending."""
        return bool(self.allocation(hub_id, year)) or (hub_id, year) in self._by_hub_year

    def hub_years(self, hub_id: str) -> list[HubYear]:
        return [self.hub_year(hub_id, year) for year in self.years if self.active(hub_id, year)]

    def station_hubs(self, station_id: str, year: int) -> list[HubYear]:
        """The station's own year, then each of its points' that has anything that year."""
        rows = [self.hub_year(station_id, year)]
        rows += [self.hub_year(p.id, year) for p in self.network.points_of(station_id) if self.active(p.id, year)]
        return rows

    def station_years(self, station_id: str) -> list[int]:
        """Years with a ledger page for the station: it or one of its points was active."""
        hubs = [station_id, *(p.id for p in self.network.points_of(station_id))]
        return [year for year in self.years if any(self.active(h, year) for h in hubs)]

    def centre_year(self, year: int) -> HubYear:
        return self.hub_year(self.network.centre.id, year)

    def street_totals(self, year: int) -> Totals:
        """Stations and points: the hubs with an allocation (the centre's spending is listed apart)."""
        return totals([r for s in self.network.stations for r in self.station_hubs(s, year)])
