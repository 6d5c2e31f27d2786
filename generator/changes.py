"""What a change does to the site: hubs added, removed and changed, and the subsidy total.

A reviewer of a pull request sees the effect, not only the diff of a CSV. Personal
fields are named when they change, never shown.
"""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Network
from .problems import Report
from .project import Project
from .public import public_subsidy
from .rules import read_network
from .tables import table_schema

DATA_FILES = ("data/hubs.yaml", "data/points.csv", "data/compounds.csv")
_LISTED = 30  # more than this per kind is summarised as a count


@dataclass(frozen=True)
class HubChange:
    id: str
    name: str
    fields: tuple[str, ...] = ()  # titles of the fields that changed


@dataclass
class KindChanges:
    title: str
    added: list[HubChange] = field(default_factory=list)
    removed: list[HubChange] = field(default_factory=list)
    changed: list[HubChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class ChangeSummary:
    kinds: list[KindChanges]
    subsidy_before: int | None
    subsidy_after: int

    @property
    def empty(self) -> bool:
        return all(k.empty for k in self.kinds) and self.subsidy_before == self.subsidy_after


def annual_subsidy(network: Network) -> int:
    """A full year's subsidy, as the home page gives it."""
    hubs = [*network.stations.values(), *network.points.values()]
    return sum(yearly for hub in hubs if (yearly := public_subsidy(hub, network.policy).yearly_yuan) is not None)


def _comparable(hub) -> dict:
    values = dataclasses.asdict(hub)
    values.pop("source", None)
    leader = values.pop("leader", None)
    if leader:  # personal fields go by their column names (leader_phone, …); only names are printed
        values.update({f"leader_{k}": v for k, v in leader.items()})
    return values


def _titles(table: str) -> dict[str, str]:
    return {f["name"]: f["title"] for f in table_schema(table)["fields"]}


def _compare(title: str, table: str, before: dict, after: dict) -> KindChanges:
    titles = _titles(table)
    kind = KindChanges(title)
    for hub_id, hub in after.items():
        if hub_id not in before:
            kind.added.append(HubChange(hub_id, hub.name))
            continue
        old, new = _comparable(before[hub_id]), _comparable(hub)
        changed = tuple(titles.get(k, k) for k in new if new[k] != old.get(k))
        if changed:
            kind.changed.append(HubChange(hub_id, hub.name, changed))
    kind.removed = [HubChange(i, h.name) for i, h in before.items() if i not in after]
    return kind


def summarise_changes(before: Network | None, after: Network) -> ChangeSummary:
    """Compare two versions of the network; `before` is None when the base had no valid data."""
    empty: dict = {}
    return ChangeSummary(
        kinds=[
            _compare("友邻站", "stations", before.stations if before else empty, after.stations),
            _compare("友邻点", "points", before.points if before else empty, after.points),
        ],
        subsidy_before=annual_subsidy(before) if before else None,
        subsidy_after=annual_subsidy(after),
    )


def _listing(items: list[HubChange], with_fields: bool) -> list[str]:
    lines = []
    for item in items[:_LISTED]:
        detail = f"：{'、'.join(item.fields)}" if with_fields and item.fields else ""
        lines.append(f"  - {item.id} {item.name}{detail}")
    if len(items) > _LISTED:
        lines.append(f"  - ……另有 {len(items) - _LISTED} 个")
    return lines


def format_changes(summary: ChangeSummary) -> str:
    """A Chinese Markdown section for a pull request's job summary."""
    lines = ["## 这次修改对网站的影响", ""]
    if summary.empty:
        return "\n".join(lines + ["友邻站、友邻点和补助都没有变化。", ""])
    for kind in summary.kinds:
        if kind.empty:
            continue
        lines.append(f"- **{kind.title}**：新增 {len(kind.added)} 个，删除 {len(kind.removed)} 个，"
                     f"修改 {len(kind.changed)} 个")
        for label, items, with_fields in (("新增", kind.added, False), ("删除", kind.removed, False),
                                          ("修改", kind.changed, True)):
            if items:
                lines.append(f"  - {label}：")
                lines += ["  " + line for line in _listing(items, with_fields)]
    before = "—" if summary.subsidy_before is None else f"{summary.subsidy_before:,} 元"
    delta = "" if summary.subsidy_before is None else f"（{summary.subsidy_after - summary.subsidy_before:+,} 元）"
    lines += ["", f"每年补助合计：修改前 {before}，修改后 {summary.subsidy_after:,} 元{delta}", ""]
    return "\n".join(lines)


def network_at(project: Project, revision: str) -> tuple[Network | None, Report]:
    """The network as it was at a git revision, checked like the working copy's.

    Only the network's files are taken from git: the rest of the project (mkdocs.yml's theme, content/) is
    no part of the network and, read from a scratch folder, would fail on paths relative to the project.
    """
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "data").mkdir()
        for name in DATA_FILES:
            shown = subprocess.run(["git", "show", f"{revision}:./{name}"], cwd=project.root,
                                   capture_output=True, check=False)
            if shown.returncode == 0:
                (root / name).write_bytes(shown.stdout)
        network, problems = read_network(root / "data")
    report = Report()
    report.extend(problems)
    return network, report
