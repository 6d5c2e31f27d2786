"""The data files only forms write: data/evaluations.csv and data/applications.csv.

Intake appends to them, and the office may correct them by hand, so `check` reads
them like any table: columns, types and constraints with their Table Schemas, then
the hubs and topics they name. (data/topics.yaml and data/spending.csv belong to
the consultation feature and the subsidy ledger, which check them.) Applicants'
names stay in the file; the leak scan is told to look for them on the built site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Network
from ..problems import Problem, problem
from ..tables import TableSpec
from ..validation import read_optional_csvs
from .model import TIERS, FormDef


@dataclass(frozen=True)
class FormRecords:
    """What the office has taken in, as far as the rest of the site needs it."""

    private_names: dict[str, str]


def check_records(data_dir: Path, forms: dict[str, FormDef], network: Network,
                  topic_ids: set[str] | None) -> tuple[FormRecords, list[Problem]]:
    problems: list[Problem] = []
    names: dict[str, str] = {}
    for form in forms.values():
        if not form.online or not form.store.endswith(".csv") or form.schema_name == "spending":
            continue
        spec = TableSpec(form.schema_name, form.title.removesuffix("表"), form.store)
        tables, found = read_optional_csvs(data_dir, {form.schema_name: spec})
        problems += found
        if tables is None or any(p.is_error for p in found):
            continue
        for index, row in enumerate(tables.all(form.schema_name)):
            problems += _hub_problems(form, row.values, row.record, spec.subject(row.values, index), network, topic_ids)
            if form.id == "application":
                # The would-be leader's name and phone: the leak scan looks for a phone as one (leaks.private_values).
                for value in (row.values.get("leader_name"), row.values.get("leader_phone")):
                    if value:
                        names[value] = f"友邻点设立申请 {row.values['id']} 的拟任负责人"
    return FormRecords(names), problems


def _hub_problems(form: FormDef, values: dict, record, subject: str, network: Network,
                  topic_ids: set[str] | None) -> list[Problem]:
    hub = values.get(form.hub_field)
    tier = ("centre" if hub == network.centre.id else "station" if hub in network.stations
            else "point" if hub in network.points else None)
    label = form.field(form.hub_field).label
    allowed = "、".join(TIERS[t] for t in form.tiers)
    line = record.line_of(form.hub_field)
    if tier is None:
        return [problem("intake-hub-unknown", record.file, line, subject=subject, field=label, found=hub,
                        expected=allowed)]
    if tier not in form.tiers:
        return [problem("intake-hub-tier", record.file, line, subject=subject, field=label, found=hub,
                        tier=TIERS[tier], expected=allowed)]
    if form.id == "evaluation" and topic_ids is not None and values.get("topic") not in topic_ids:
        return [problem("intake-topic-unknown", record.file, record.line_of("topic"), subject=subject,
                        found=values.get("topic"))]
    return []
