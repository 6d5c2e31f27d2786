"""The network's tables: where each lives, its Table Schema, and its rows read as records.

The hub tables live inside ``data/hubs.yaml`` (a list or a mapping each; the plan's
annexes hold the communities' rows), compounds and points in ``data/compounds.csv`` and
``data/points.csv``. Read, each row is a record that remembers its file and lines;
validation.py checks the records against the schemas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .loading import Record, read_csv
from .problems import Problem, problem
from .yamlfiles import YamlDocument, read_yaml

SCHEMA_DIR = Path(__file__).parent / "schemas"

HUBS_FILE = "data/hubs.yaml"
POINTS_FILE = "data/points.csv"
COMPOUNDS_FILE = "data/compounds.csv"


@dataclass(frozen=True)
class TableSpec:
    """Where a table lives and how its rows are named in messages."""

    name: str
    title: str
    file: str
    single: bool = False  # one mapping rather than a list of them
    nested: tuple[str, ...] = ()  # keys of a row read as rows of tables of their own (a topic's escalations)
    named_by: str | None = None  # the field that names a row in messages, when it is none of id, year and step

    def subject(self, values: dict[str, Any], index: int) -> str:
        if self.single:
            return self.title
        key = self.key(values)
        label = f"{self.title} {key}" if key not in (None, "") else f"{self.title}第 {index + 1} 项"
        return spaced(label)

    def subject_of(self, record: Record, index: int) -> str:
        """`subject` of a record; a CSV row without a key by its line, the one shown beside the message (第 4 行的
        友邻点): its place among the rows (第 3 项) is one less, the header being line 1, and reads as a mistake."""
        if not self.single and self.file.endswith(".csv") and self.key(record.values) in (None, ""):
            return f"第 {record.line} 行的{self.title}"
        return self.subject(record.values, index)

    def key(self, values: dict[str, Any]) -> Any:
        """The value that names a row in messages: its id, year or step (a tier by tier and area); None if none."""
        key = values.get(self.named_by) if self.named_by else values.get("id") or values.get("year") or values.get("step")
        if key is None and "tier" in values:
            key = f"{values.get('tier')}/{values.get('area', '')}".rstrip("/")
        return key


def spaced(label: str) -> str:
    """Chinese typesetting: a space between a Latin word and the Chinese that follows."""
    return label + " " if label[-1:].isascii() and label[-1:].isalnum() else label


# Keys of hubs.yaml that are not tables of their own: annex rows become `communities`.
_ANNEX_ROWS = "rows"

# The order is the order of dependence: a table's foreign keys point to earlier ones.
HUB_TABLES = [
    TableSpec("street", "街道", HUBS_FILE, single=True),
    TableSpec("centre", "友邻中心", HUBS_FILE, single=True),
    TableSpec("policy", "补助政策", HUBS_FILE, single=True),
    TableSpec("plan", "实施方案", HUBS_FILE, single=True),
    TableSpec("tiers", "网络层级", HUBS_FILE),
    TableSpec("escalation", "议题上报路径", HUBS_FILE),
    TableSpec("targets", "规划目标", HUBS_FILE),
    TableSpec("milestones", "年度安排", HUBS_FILE),
    TableSpec("plan_notes", "规划说明", HUBS_FILE),
    TableSpec("annexes", "规划附件", HUBS_FILE, nested=(_ANNEX_ROWS,)),
    TableSpec("communities", "社区（村）", HUBS_FILE),
    TableSpec("stations", "友邻站", HUBS_FILE),
]
CSV_TABLES = [
    TableSpec("compounds", "小区", COMPOUNDS_FILE),
    TableSpec("points", "友邻点", POINTS_FILE),
]
TABLES = {spec.name: spec for spec in HUB_TABLES + CSV_TABLES}

_HUB_KEYS = [spec.name for spec in HUB_TABLES if spec.name != "communities"]
# Lists of hubs.yaml a street may leave out: its plan need not set targets, dates or notes.
_MAY_BE_LEFT_OUT = {"targets", "milestones", "plan_notes"}


@cache
def table_schema(name: str) -> dict[str, Any]:
    """The Table Schema descriptor of a table, as shipped with the generator."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def read_tables(data_dir: Path) -> tuple[dict[str, list[Record]], list[Problem]]:
    """Read hubs.yaml, compounds.csv and points.csv into raw records per table."""
    problems: list[Problem] = []
    records: dict[str, list[Record]] = {}
    document, found = read_yaml(data_dir / "hubs.yaml", HUBS_FILE)
    problems += found
    if document is not None:
        problems += _hub_records(document, records)
    for spec in CSV_TABLES:
        rows, found = read_csv_records(data_dir / Path(spec.file).name, spec)
        problems += found
        if rows is not None:
            records[spec.name] = rows
    return records, problems


def read_csv_records(path: Path, spec: TableSpec) -> tuple[list[Record] | None, list[Problem]]:
    """A CSV table's records, or None when the file or its header is wrong (then its rows are not checked)."""
    fields = table_schema(spec.name)["fields"]
    # The titles let a header typed in Chinese (编号,名称…) be named as such, with its field names.
    table, problems = read_csv(path, spec.file, [f["name"] for f in fields],
                               {f["name"]: f.get("title", "") for f in fields})
    if table is None:
        return None, problems
    found = column_problems(fields, table.header, spec.file, 1)  # otherwise every row would repeat the header's problem
    return (None if found else table.records), problems + found


def _hub_records(document: YamlDocument, records: dict[str, list[Record]]) -> list[Problem]:
    problems: list[Problem] = []
    data = document.data
    if not isinstance(data, dict):
        return [problem("yaml-shape", HUBS_FILE, 1, subject="整个文件", expected="键值表", found=shape_name(data))]
    if not data:  # one problem, not one per missing section
        records.update((spec.name, []) for spec in HUB_TABLES)
        return [problem("hubs-empty", HUBS_FILE, 1, expected="、".join(f"{spec.name}（{spec.title}）"
                                                                      for spec in HUB_TABLES
                                                                      if spec.name not in _MAY_BE_LEFT_OUT
                                                                      and spec.name != "communities"))]
    for key in data:
        if key not in _HUB_KEYS:
            problems.append(
                problem("unknown-field", HUBS_FILE, document.line((key,)), subject="hubs.yaml 顶层",
                        found=key, expected="、".join(_HUB_KEYS))
            )
    for spec in HUB_TABLES:
        if spec.name == "communities":
            continue
        if spec.name not in data:
            if spec.name in _MAY_BE_LEFT_OUT:
                records[spec.name] = []  # a street whose plan sets no targets or dates has nothing to write
            else:
                problems.append(problem("hubs-section-missing", HUBS_FILE, document.root_line, subject=spec.title,
                                        found=spec.name, shape="键值表" if spec.single else "列表，每项以 - 开头"))
                records[spec.name] = []
            continue
        value = data.get(spec.name)
        line = document.line((spec.name,)) or 1
        wanted = dict if spec.single else list
        if not isinstance(value, wanted):
            problems.append(
                problem("yaml-shape", HUBS_FILE, line, subject=spaced(spec.name),
                        expected="键值表" if spec.single else "列表（每项以 - 开头）", found=shape_name(value))
            )
            records[spec.name] = []
            continue
        if spec.single:
            records[spec.name] = [document.record((spec.name,))]
        else:
            records[spec.name] = [document.record((spec.name, i)) for i in range(len(value))]
    # Annex rows are the communities; each remembers which annex printed it.
    communities: list[Record] = []
    for i, annex in enumerate(records.get("annexes", [])):
        rows = annex.values.pop(_ANNEX_ROWS, None)
        annex.field_lines.pop(_ANNEX_ROWS, None)
        if not isinstance(rows, list):
            problems.append(problem("yaml-shape", HUBS_FILE, annex.line, subject=f"附件 {annex.values.get('id', i + 1)} 的 rows",
                                    expected="列表（每项以 - 开头）", found=shape_name(rows)))
            continue
        for j in range(len(rows)):
            row = document.record(("annexes", i, _ANNEX_ROWS, j))
            row.values["annex"] = annex.values.get("id")
            communities.append(row)
    records["communities"] = communities
    return problems


def shape_name(value: Any) -> str:
    """How a YAML value's shape is named in messages."""
    if value is None:
        return "空"
    if isinstance(value, dict):
        return "键值表"
    if isinstance(value, list):
        return "列表"
    return f"文字「{value}」"


def titled(field: dict) -> str:
    """A field as messages name it: its name, and its title as the clerk's forms show it (opening_hours（开放时间）)."""
    return f"{field['name']}（{field['title']}）" if field.get("title") else field["name"]


def column_problems(fields: list[dict], header: list[str], rel: str, line: int) -> list[Problem]:
    """The columns of `header` no field is named, and the required fields it lacks, named with their titles."""
    names = [f["name"] for f in fields]
    problems = []
    unknown = [c for c in header if c not in names]
    if unknown:
        problems.append(problem("header-unknown", rel, line, found=unknown, expected=names))
    # Only the required columns are listed: the clerk adds what is missing, and need not add the optional ones.
    required = [f for f in fields if f.get("constraints", {}).get("required")]
    missing = [titled(f) for f in required if f["name"] not in header]
    if missing:
        problems.append(problem("header-missing", rel, line, found=missing, expected=[f["name"] for f in required]))
    return problems
