"""Cross-checks of the spending records that the Table Schema cannot express."""

from __future__ import annotations

from datetime import date
from functools import cache

from ..consultation.hubrefs import HubReference, Part, one_per_copied_file, unknown_hub_advice
from ..consultation.model import hub_directory
from ..model import STATUS_NAMES, Network
from ..problems import Problem, Severity, problem
from .model import SPENDING_FILE, Spending

# What the file holds, for the error of one copied from elsewhere (consultation/hubrefs.py).
_PART = Part("补助支出", "，网站就没有补助台账（mkdocs.yml 的导航里有 ledger/ 的页面时，那一行也删掉）")


def check_spending(spending: list[Spending], network: Network, today: date) -> list[Problem]:
    """The hub exists and had been established by the date, which has come; a receipt is used once within a hub.

    Spending after a hub closed is only a warning: its last bills may be settled after the day.

    A date in a later year would give every hub that year's allocation, and every year's up to it.
    A file most of whose hubs are not this network's was copied from elsewhere: one error for it
    (consultation/hubrefs.py).
    """
    problems: list[Problem] = []
    hubs = cache(lambda: hub_directory(network))  # made only to tell an unknown hub (see consultation/hubrefs.py)
    first_receipt: dict[tuple[str, str], int] = {}
    for item in spending:
        subject, where = f"支出记录 {item.id} ", item.source
        if item.date > today:
            problems.append(problem("date-future", where.file, where.line, subject=subject, field="支出日期",
                                    found=item.date, expected=today))
        hub = network.stations.get(item.hub) or network.points.get(item.hub)
        if item.hub == network.centre.id:
            hub = network.centre
        if hub is None:
            problems.append(problem("spending-hub-unknown", where.file, where.line, subject=subject, found=item.hub,
                                    advice=unknown_hub_advice(hubs(), item.hub)))
            continue
        if hub.established is None:
            problems.append(problem("spending-hub-not-established", where.file, where.line, subject=subject,
                                    found=item.hub, expected=f"状态：{STATUS_NAMES[hub.status]}"))
        elif item.date < hub.established:
            problems.append(problem("spending-before-established", where.file, where.line, subject=subject,
                                    found=item.date.isoformat(), expected=hub.established.isoformat(), hub=item.hub))
        if hub.status == "closed" and hub.closed_on and item.date > hub.closed_on:
            problems.append(problem("spending-after-closed", where.file, where.line, subject=subject,
                                    found=item.date.isoformat(), expected=hub.closed_on.isoformat(), hub=item.hub,
                                    severity=Severity.WARNING))
        key = (item.hub, item.receipt)
        if key in first_receipt:
            problems.append(problem("spending-receipt-duplicate", where.file, where.line, subject=subject,
                                    found=item.receipt, hub=item.hub, first_line=first_receipt[key]))
        else:
            first_receipt[key] = where.line
    known = network.record_hub_ids()
    references = (HubReference(item.source.file, item.source.line, item.hub, item.hub in known) for item in spending)
    return one_per_copied_file(problems, references, hubs, {SPENDING_FILE: _PART}, ("spending-hub-unknown",))
