"""frictionless's errors as the office's problems.

Each error becomes a problem with a stable code, the office's file and the line of
the cell, the value found, what was expected and a hint, in Chinese; the words a
clerk reads for a type (TYPE_NAMES) are shared with the field reference (fieldref.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import get_close_matches
from typing import Any

from .corrections import Corrections
from .loading import Record
from .problems import Problem, problem
from .spreadsheet import written_date
from .tables import TableSpec, spaced, table_schema

TYPE_NAMES = {
    "integer": "整数",
    "number": "数字",
    "date": "日期（年-月-日，如 2017-05-18）",
    "boolean": "是/否",
    "array": "列表",
    "list": "列表",
    "string": "文字",
}

_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"')
_FK_FIELD = re.compile(r'for "([^"]+)"')
_PK_FIRST = re.compile(r"position (\d+)")
_CONSTRAINT_CODES = {
    "required": "required",
    "pattern": "pattern",
    "enum": "enum",
    "minimum": "out-of-range",
    "maximum": "out-of-range",
    "minLength": "length",
    "maxLength": "length",
    "unique": "duplicate-id",
}
# The problems a mistyped value can cause, and so a corrected value can end (see corrections.py): a Chinese text's
# own full-width commas are no reason for a length problem.
_FIXABLE = {"type-error", "pattern", "enum", "out-of-range", "foreign-key", "duplicate-id"}


def from_frictionless(spec: TableSpec, error, record: Record, index: int, records: dict[str, list[Record]],
                       specs: dict[str, TableSpec], fixes: Corrections) -> Problem:
    found = _worded(spec, error, record, index, records, specs)
    name = _field_in_error(spec, error)
    if found.code in _FIXABLE and name and (fix := fixes.hint(spec, name, record)):
        return replace(found, hint=f"{found.hint}（{fix}）" if found.hint else fix)
    return found


def _field_in_error(spec: TableSpec, error) -> str | None:
    """The field of the cell an error is about; None for a key of several fields."""
    if error.type == "foreign-key":
        match = _FK_FIELD.search(error.note)
        return match.group(1) if match else getattr(error, "field_name", None)
    if error.type == "primary-key":
        key = table_schema(spec.name)["primaryKey"]
        return key[0] if len(key) == 1 else None
    return getattr(error, "field_name", None)


def _worded(spec: TableSpec, error, record: Record, index: int, records: dict[str, list[Record]],
            specs: dict[str, TableSpec]) -> Problem:
    schema = table_schema(spec.name)
    fields = {f["name"]: f for f in schema["fields"]}
    subject = spec.subject(record.values, index)
    name = _field_in_error(spec, error)
    if error.type == "foreign-key":
        fk = next(fk for fk in schema["foreignKeys"] if name in fk["fields"])
        reference = fk["reference"]["resource"]
        where = known_keys(specs[reference], fk["reference"]["fields"][fk["fields"].index(name)],
                            records.get(reference, []), record.values.get(name))
        return problem("foreign-key", record.file, record.line_of(name), subject=subject,
                       field=fields[name]["title"], found=record.values.get(name), where=where)
    if error.type == "primary-key":
        match = _PK_FIRST.search(error.note)
        first = records[spec.name][int(match.group(1)) - 2].line if match else None
        key = "/".join(str(record.values.get(k)) for k in schema["primaryKey"])
        return problem("duplicate-id", record.file, record.line_of(schema["primaryKey"][0]),
                       subject=spaced(spec.title), found=key, first_line=first)
    definition = fields.get(name, {"title": name or "", "type": "string"})
    found = record.values.get(name) if name else None
    line = record.line_of(name)
    if error.type == "type-error":
        expected, hint = TYPE_NAMES.get(definition["type"], definition["type"]), definition.get("description", "")
        if definition["type"] == "date":
            expected, hint = _date_wording(found, hint)
        return problem("type-error", record.file, line, subject=subject, field=definition["title"], found=found,
                       expected=expected, hint=hint)
    match = _CONSTRAINT.search(getattr(error, "note", ""))
    constraint, limit = (match.group(1), match.group(2)) if match else ("", "")
    code = _CONSTRAINT_CODES.get(constraint, "type-error")
    if code == "required" and name and name not in record.values and not record.file.endswith(".csv"):
        return _missing(record, subject, name, definition)
    expected: Any = definition.get("description") or limit
    if code == "enum":
        expected = definition.get("description") or "、".join(definition["constraints"]["enum"])
    elif code == "out-of-range":
        expected = f"{'不小于' if constraint == 'minimum' else '不大于'} {limit}"
    advice = ""
    if code == "length":
        expected = f"{'至少' if constraint == 'minLength' else '最多'} {limit} 个字"
        if constraint == "maxLength":  # most often a cell pasted with more than its value
            advice = f"：只填{definition['title']}本身，是不是把别的内容也填进了这一格？"
    return problem(code, record.file, line, subject=subject, field=definition["title"], found=found,
                   expected=expected, hint=definition.get("description", ""), advice=advice, first_line="?")


def _missing(record: Record, subject: str, name: str, definition: dict) -> Problem:
    """A required key left out of a YAML item or a page's front matter: the line to add, not "fill it in"."""
    where = "在开头两行 --- 之间" if record.file.endswith(".md") else "在这一项里，与其他字段对齐，"
    description = definition.get("description", "")
    return problem("field-missing", record.file, record.line_of(name), subject=subject, field=definition["title"],
                   key=name, where=where, described=f"（{description}）" if description else "")


# A field's description that gives an example date already (日期，如 2017-06-30): the type then gives none.
_DATE_EXAMPLE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_wording(found: Any, description: str) -> tuple[str, str]:
    """What a date in error was expected to be, and the hint: one example, and a day that does not exist said so."""
    written = written_date(str(found)) if found is not None else None
    if written and not written.iso:  # the format is not what is wrong, or not all that is
        if not 1 <= written.month <= 12:
            return "日期", f"一年只有 12 个月，没有 {written.month} 月"
        return "日期", f"{written.year} 年 {written.month} 月没有 {written.day} 日"
    if _DATE_EXAMPLE.search(description):
        return "日期（年-月-日）", description
    return TYPE_NAMES["date"], description


# A referenced table this small is listed whole in the hint (a street's stations, a community's annex).
_LISTED_KEYS = 10


def known_keys(spec: TableSpec, field: str, referenced: list[Record], found: Any) -> str:
    """Where the values a foreign key may take are written, and which they are when few, or the one meant."""
    from .fieldref import place_of  # the reference imports this module

    place = place_of(spec)
    where = " → ".join((spec.file, *place.path, field)) if place.path else f"{spec.file} 的 {field} 列"
    keys = [str(value) for value in dict.fromkeys(r.values.get(field) for r in referenced) if value not in (None, "")]
    if 0 < len(keys) <= _LISTED_KEYS:
        return f"{where}：{'、'.join(keys)}"
    meant = get_close_matches(str(found), keys, n=1, cutoff=0.8)
    return f"{where}（是不是「{meant[0]}」？）" if meant else where
