"""Merging an imported sheet into its data file, by the table's primary key (see importing.py).

A clerk often exports only the rows that are new or changed: a row whose key is in
the file replaces it (columns the sheet lacks keep their values), a new key is
appended, and the file's other rows are kept. With `replace` the file becomes the
sheet. Either way every changed cell and every dropped row is told.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .loading import Record
from .spreadsheet import Change
from .tables import TableSpec, table_schema

if TYPE_CHECKING:
    from .importing import ImportResult


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
