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

from pathlib import Path
from typing import Any

from ..consultation import resolve_today
from ..consultation.model import Consultation, hub_directory
from ..consultation.reading import MEETINGS_FILE, TOPICS_FILE, read_consultation
from ..model import Network, Source
from ..problems import Problem
from ..project import Project
from ..validation import TableSpec, TypedRow, read_optional_csvs
from . import messages  # noqa: F401  (registers the problem codes)
from .feature import LedgerFeature
from .model import Ledger, Spending
from .money import parse_fen
from .rules import check_spending

SPENDING_FILE = "data/spending.csv"
SPENDING = TableSpec("spending", "补贴使用记录", SPENDING_FILE)

__all__ = ["LedgerFeature", "ledger_in_nav", "load_ledger", "read_spending", "SPENDING_FILE"]


def read_spending(project: Project, network: Network) -> tuple[list[Spending] | None, list[Problem]]:
    """The checked spending records; None when the project has no spending file.

    The ledger and the open data both ask for them in one check of one network:
    the second asks for the same file again and gets the first answer rather than
    a second schema check of every row.
    """
    path = project.data_dir / Path(SPENDING_FILE).name
    stat = path.stat() if path.exists() else None
    key = (str(path), stat.st_mtime_ns if stat else None, stat.st_size if stat else None)
    last = _LAST_READ.get("spending")
    if last is not None and last[0] == key and last[1] is network:
        return last[2], list(last[3])
    tables, problems = read_optional_csvs(project.data_dir, {"spending": SPENDING})
    if tables is None or any(p.is_error for p in problems):
        spending = None
    else:
        spending = [_spending(row) for row in tables.all("spending")]
        problems = problems + check_spending(spending, network)
    _LAST_READ["spending"] = (key, network, spending, tuple(problems))
    return spending, problems


_LAST_READ: dict[str, tuple] = {}  # the last answer of read_spending, with what it was for


def load_ledger(project: Project, network: Network) -> tuple[LedgerFeature | None, list[Problem]]:
    """The ledger; None without a spending file, unless mkdocs.yml's navigation links to the ledger's page."""
    spending, problems = read_spending(project, network)
    config, _ = project.read_config()  # its problems are reported by the pipeline itself
    if spending is None and not problems and ledger_in_nav(config):
        spending = []  # an empty ledger keeps the navigation's link valid
    if spending is None or any(p.is_error for p in problems):
        return None, problems
    today, _ = resolve_today(None, config)
    if today is None:
        return None, problems  # the consultation feature reports the bad day
    return LedgerFeature(Ledger(network, spending), _consultation(project, network), today), problems


def _consultation(project: Project, network: Network) -> Consultation | None:
    """The meetings and topics for the electronic ledgers, read by the consultation feature's own reader.

    Their problems are the consultation feature's to report (it is loaded before this one).
    """
    if not any((project.data_dir / name.split("/")[-1]).exists() for name in (TOPICS_FILE, MEETINGS_FILE)):
        return None
    data, problems = read_consultation(project.data_dir, hub_directory(network))
    return None if any(p.is_error for p in problems) else data


def ledger_in_nav(config: dict) -> bool:
    """Whether mkdocs.yml's navigation links to a ledger page."""
    return _in_nav(config.get("nav"))


def _in_nav(nav: Any) -> bool:
    if isinstance(nav, str):
        return nav.startswith("ledger/")
    if isinstance(nav, dict):
        return any(_in_nav(value) for value in nav.values())
    if isinstance(nav, list):
        return any(_in_nav(item) for item in nav)
    return False


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
