"""Merging an imported sheet into its data file, by the table's primary key (see importing.py).

A clerk often exports only the rows that are new or changed: a row whose key is in
the file replaces it (columns the sheet lacks keep their values), a new key is
appended, and the file's other rows are kept. With `replace` the file becomes the
sheet. Either way every changed cell and every dropped row is told. A row whose key is in the file
but which looks like another record (`reused_ids`) is refused unless the clerk says it replaces that record.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .forms.intake import next_id
from .loading import Record
from .problems import Problem, problem, register_messages
from .spreadsheet import Change
from .tables import TableSpec, table_schema

if TYPE_CHECKING:
    from pathlib import Path

    from .importing import ImportResult


register_messages({
    "import-id-reused": (
        "编号 {found} 已被 {target} 第 {existing_line} 行的记录使用，这一行的{differs}，看起来不是同一条记录，"
        "而是用错了编号的新记录",
        "这一行若是新记录，请改用没用过的编号{suggestion}；若确实要用这一行替换原来那条记录，导入时加 --replace-records",
    ),
})


def key_of(record: Record, key: list[str]) -> tuple:
    """A row's primary key, as the sheet and the data file are matched by it."""
    return tuple(record.values.get(k) or "" for k in key)


@dataclass
class Merge:
    """What writing the sheet does to the rows of the data file."""

    text: str = ""
    rows: int = 0
    added: list[str] = field(default_factory=list)  # the keys of new rows
    updated: list[str] = field(default_factory=list)
    same: int = 0  # rows the sheet repeats unchanged
    kept: list[int] = field(default_factory=list)  # the data file's lines of rows the sheet lacks, kept
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, key) of those --replace drops
    overwritten: list[Change] = field(default_factory=list)  # each cell an update changes
    unreadable: bool = False  # --replace overwrites a data file that could not be read: its rows are not known
    records: list[Record] = field(default_factory=list)  # the rows written, each at its line in the sheet or file

    def summary(self, replace: bool) -> str:
        parts = [f"新增 {len(self.added)} 行{_keys(self.added)}", f"更新 {len(self.updated)} 行{_keys(self.updated)}"]
        if self.same:
            parts.append(f"{self.same} 行与现有记录相同")
        if self.unreadable:
            parts.append("原文件无法读取，整个被替换")
        elif replace:
            parts.append(f"删除 {len(self.dropped)} 行表格中没有的原有记录{_keys([k for _, k in self.dropped])}")
        else:
            parts.append(f"保留 {len(self.kept)} 行未出现在表格中的记录")
        return "，".join(parts)


def _keys(keys: list[str], shown: int = 10) -> str:
    return f"（{'、'.join(keys[:shown])}{' 等' if len(keys) > shown else ''}）" if keys else ""


def merge(result: ImportResult, existing: list[Record] | None, replace: bool, spec: TableSpec) -> Merge:
    """The data file's rows with the sheet's (`spec`'s table): matched by key, or the sheet alone with `replace`."""
    schema = table_schema(result.table)
    names = [f["name"] for f in schema["fields"]]
    key = schema.get("primaryKey") or []  # without one, run_import lets only --replace or an empty file here

    def label(record: Record, index: int) -> str:
        return "/".join(key_of(record, key)) if key else spec.subject(record.values, index)

    sheet = {key_of(r, key): r for r in result.records} if key else {}
    outcome, rows = Merge(unreadable=existing is None), []
    existing = existing or []
    for index, old in enumerate(existing):
        new = sheet.get(key_of(old, key)) if key else None
        if new is None:
            if replace:
                outcome.dropped.append((old.line, label(old, index)))
            else:
                outcome.kept.append(old.line)
                rows.append(old)
            continue
        # A column the sheet lacks is not a column the clerk emptied: an update keeps its value.
        values = {n: new.values.get(n) if replace or n in result.columns else old.values.get(n) for n in names}
        cells = [Change(new.line, n, old.values.get(n) or "", values[n] or "", f"更新现有记录 {label(old, index)}")
                 for n in names if (old.values.get(n) or "") != (values[n] or "")]
        outcome.overwritten += cells
        if cells:
            outcome.updated.append(label(old, index))
        else:
            outcome.same += 1
        rows.append(Record(file=new.file, line=new.line, values=values))
    known = {key_of(r, key) for r in existing} if key else set()
    for index, new in enumerate(result.records):
        if not key or key_of(new, key) not in known:
            outcome.added.append(label(new, index))
            rows.append(new)
    if replace:
        rows = list(result.records)  # the file becomes the sheet, in its order
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([row.values.get(n) or "" for n in names] for row in rows)
    outcome.text, outcome.rows, outcome.records = out.getvalue(), len(rows), rows
    return outcome


def _identifying(schema: dict) -> list[dict]:
    """The fields that say which record a row is: the required ones written freely (a name, an address, an item),
    dates, and those naming another table's row (a point's station). Not choices, yes/no, numbers, amounts or
    codes: an update changes those (a point paused, an amount corrected), as it does the optional ones (a phone)."""
    key = schema.get("primaryKey") or []
    foreign = {n for fk in schema.get("foreignKeys", []) for n in fk["fields"]}
    return [f for f in schema["fields"] if f["name"] not in key and f.get("constraints", {}).get("required")
            and (f["name"] in foreign or (f["type"] in ("string", "list", "date")
                                          and not {"enum", "pattern"} & set(f.get("constraints", {}))))]


def reused_ids(result: ImportResult, existing: list[Record], target: Path) -> list[Problem]:
    """The sheet's rows whose id the data file has, but which differ from that record in most of the fields that
    identify one: a new record numbered with an id already used, which an update would silently overwrite.

    Only a table keyed by an id the office makes up (a pattern, not a choice) can have one reused.
    """
    schema = table_schema(result.table)
    key = schema.get("primaryKey") or []
    if not any([f["name"]] == key and "pattern" in f.get("constraints", {}) for f in schema["fields"]):
        return []
    identifying = _identifying(schema)
    old = {r.values.get(key[0]): r for r in existing}
    used = {i for i in (*old, *(r.values.get(key[0]) for r in result.records)) if i}
    problems = []
    for record in result.records:
        before = old.get(record.values.get(key[0]))
        if before is None:
            continue
        compared = [f for f in identifying if before.values.get(f["name"]) and record.values.get(f["name"])]
        differ = [f for f in compared if before.values[f["name"]] != record.values[f["name"]]]
        if not differ or len(differ) * 2 <= len(compared):
            continue
        free = _next_free(record.values[key[0]], used)
        used.add(free or "")
        differs = "、".join(f"{f['title']}「{before.values[f['name']]}」→「{record.values[f['name']]}」" for f in differ)
        problems.append(problem(
            "import-id-reused", record.file, record.line_of(key[0]), found=record.values[key[0]],
            target=str(target), existing_line=before.line,
            differs=f"{differs}都与那条不同" if len(differ) > 1 else f"{differs}与那条不同",
            suggestion=f"，如 {free}" if free else ""))
    return problems


def _next_free(taken: str, used: set[str]) -> str | None:
    """The next id numbered as `taken` is (E2018-0900: E2018- and four digits) that none of `used` is, numbered as
    intake numbers a new record; None when `taken` does not end in a number."""
    match = re.fullmatch(r"(.*?)([0-9]+)", taken)
    return next_id(match.group(1), len(match.group(2)), used) if match else None
