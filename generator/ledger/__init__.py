"""Subsidy ledger (补助台账) and electronic ledgers (电子台账): money and work per station per year.

The office records each subsidy payment out in ``data/spending.csv`` (schema
``generator/schemas/spending.json``, shared with the spending form). The ledger
sets them against each hub's yearly allocation (see `model.py` for the rule),
flags overspent and unused money, and publishes a page per station per year that
doubles as the printable electronic ledger. A project without the file does not
use the feature — the loader returns ``(None, [])`` — unless its navigation links to
the ledger, which then is empty.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from ..cache import FileGroup, cached_over
from ..consultation import ConsultationFeature
from ..consultation.hubrefs import WrittenHub, told_which_hub, written_hubs
from ..consultation.model import hub_directory
from ..features import earlier_feature, nav_links_under
from ..model import Network, Source
from ..problems import Problem
from ..project import Project, Settings
from ..rules import network_files
from ..tables import TableSpec
from ..validation import TypedRow, read_optional_csvs
from . import messages  # noqa: F401  (registers the problem codes)
from .feature import LedgerFeature
from .model import SPENDING_FILE, Ledger, Spending
from .money import parse_fen
from .rules import check_spending

SPENDING = TableSpec("spending", "补贴使用记录", SPENDING_FILE)

__all__ = ["LedgerFeature", "ledger_published", "load_ledger", "read_spending", "spending_files",
           "SPENDING_FILE"]


def read_spending(project: Project, network: Network, today: date) -> tuple[list[Spending] | None, list[Problem]]:
    """The checked spending records; None when the project has no spending file.

    Only the file is read, so its records are kept between runs under its bytes (see cache.py); what
    checking them against the network found is kept under its bytes, the network's and the day.
    """
    groups = (network_files(project.data_dir), spending_files(project.data_dir))
    spending, problems, written = groups[1].read()
    if spending is None:  # a hub's name where its id goes is told the id (consultation/hubrefs.py)
        return None, told_which_hub(problems, written, lambda: hub_directory(network))
    # The network is the project's, as the pipeline passes it.
    return spending, problems + cached_over("spending-checks", groups, lambda: check_spending(spending, network, today),
                                            extra=today.isoformat().encode())


def spending_files(data_dir: Path) -> FileGroup[tuple[list[Spending] | None, list[Problem], tuple[WrittenHub, ...]]]:
    return FileGroup("spending", data_dir, (Path(SPENDING_FILE).name,), lambda: _read_spending(data_dir))


def _read_spending(data_dir: Path) -> tuple[list[Spending] | None, list[Problem], tuple[WrittenHub, ...]]:
    """The records; None when they have errors, and then the hubs as written (for the hint of a refused one)."""
    tables, problems = read_optional_csvs(data_dir, {"spending": SPENDING})
    if tables is None:
        return None, problems, ()
    if any(p.is_error for p in problems):
        return None, problems, written_hubs((row.record for row in tables.all("spending")), "hub")
    return [_spending(row) for row in tables.all("spending")], problems, ()


def load_ledger(project: Project, network: Network, settings: Settings,
                earlier: Sequence = ()) -> tuple[LedgerFeature | None, list[Problem]]:
    """The ledger; None without a spending file, unless mkdocs.yml's navigation links to the ledger's page."""
    today = settings.today
    spending, problems = read_spending(project, network, today)
    if spending is None and not problems and ledger_published(project.data_dir, settings.config):
        spending = []  # no spending file: an empty ledger keeps the navigation's link valid
    if spending is None or any(p.is_error for p in problems):
        return None, problems
    # The electronic ledgers' meetings and topics: as the consultation feature (loaded before) read and checked them.
    consultation = earlier_feature(earlier, ConsultationFeature)
    return LedgerFeature(Ledger(network, spending), consultation.data if consultation else None, today), problems


def ledger_published(data_dir: Path, config: dict) -> bool:
    """Whether the site has a ledger: the office keeps data/spending.csv, or mkdocs.yml's navigation links the ledger.

    Asked by features loaded before this one (the spending form is offered only where its records are published).
    """
    return (data_dir / Path(SPENDING_FILE).name).exists() or nav_links_under(config.get("nav"), "ledger/")


def _spending(row: TypedRow) -> Spending:
    v = row.values
    return Spending(
        id=v["id"],
        hub=v["hub"],
        date=v["date"],
        item=v["item"],
        category=v["category"],
        amount_fen=parse_fen(v["amount_yuan"]),
        receipt=v["receipt"],
        detail_public=bool(v.get("detail_public")),
        note=v.get("note"),
        source=Source(row.record.file, row.record.line),
    )
