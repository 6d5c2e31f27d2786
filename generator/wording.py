"""frictionless's errors as the office's problems.

Each error becomes a problem with a stable code, the office's file and the line of
the cell, the value found, what was expected and a hint, in Chinese; the words a
clerk reads for a type (TYPE_NAMES) are shared with the field reference (fieldref.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .corrections import Corrections, spreadsheet_kind, spreadsheet_value
from .loading import Record
from .messages import GONE_CLOSED, RESAVED_EXAMPLES, RESAVED_LOST, SPREADSHEET_COLUMN
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
                       specs: dict[str, TableSpec], fixes: Corrections) -> Problem | None:
    """The problem of one frictionless error; None for one that another error of the row tells."""
    found = _worded(spec, error, record, index, records, specs)
    if found is None:
        return None
    name = _field_in_error(spec, error)
    if found.code in _FIXABLE and name and (fix := fixes.hint(spec, name, record)):
        return replace(found, hint=f"{found.hint}（{fix}）" if found.hint else fix)
    if found.code == "foreign-key" and (meant := fixes.did_you_mean(spec.name, name, record.values.get(name))):
        return replace(found, hint=meant + found.hint)  # no value that passes is known: the key it is close to
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


# How many of the rows a problem about many names, by key and line.
_SHOWN_ROWS = 3


def from_foreign_keys(errors: list[tuple[TableSpec, Any, Record, int]], records: dict[str, list[Record]],
                      specs: dict[str, TableSpec], fixes: Corrections) -> list[Problem]:
    """The problems of frictionless's foreign-key errors: one for all the rows that refer to the same missing key.

    Many rows naming one station that is not there (a point's station) are one mistake, made in the table they
    refer to: a row deleted (a closed station's) or an id renamed. Row by row, each would be told its value does
    not exist, none of them where the mistake is. One row alone, or rows whose value is a typo of a key that is
    there (see corrections.py), keep their own problem.
    """
    groups: dict[tuple[str, str | None, str], list[tuple[TableSpec, Any, Record, int]]] = {}
    for spec, error, record, index in errors:
        name = _field_in_error(spec, error)
        groups.setdefault((spec.name, name, str(record.values.get(name))), []).append((spec, error, record, index))
    problems = []
    for (_, name, _), rows in groups.items():
        spec, _, first, _ = rows[0]
        if len(rows) == 1 or name is None or fixes.hint(spec, name, first):
            problems += [found for row in rows if (found := from_frictionless(*row, records, specs, fixes))]
            continue
        gone = _gone(spec, name, [(record, index) for _, _, record, index in rows], records, specs)
        problems.append(replace(gone, hint=fixes.did_you_mean(spec.name, name, first.values.get(name)) + gone.hint))
    return problems


def _gone(spec: TableSpec, name: str, rows: list[tuple[Record, int]], records: dict[str, list[Record]],
          specs: dict[str, TableSpec]) -> Problem:
    schema = table_schema(spec.name)
    fk = next(fk for fk in schema["foreignKeys"] if name in fk["fields"])
    referred = specs[fk["reference"]["resource"]]
    first = rows[0][0]
    found = first.values.get(name)
    where = known_keys(referred, fk["reference"]["fields"][fk["fields"].index(name)], records.get(referred.name, []))
    shown = "、".join(f"{key}（第 {record.line_of(name)} 行）" if (key := spec.key(record.values)) not in (None, "")
                     else f"第 {record.line_of(name)} 行" for record, _ in rows[:_SHOWN_ROWS])
    status = next((f for f in table_schema(referred.name)["fields"] if f["name"] == "status"), {})
    closed = GONE_CLOSED if "closed" in status.get("constraints", {}).get("enum", ()) else ""
    field = next(f for f in schema["fields"] if f["name"] == name)
    return problem("foreign-key-gone", first.file, first.line_of(name), subject=spec.title, field=field["title"],
                   found=found, count=len(rows), referred=referred.title, where=where, closed=closed,
                   rows=shown + ("等" if len(rows) > _SHOWN_ROWS else ""))


# A CSV is told as saved by a spreadsheet from this many cells of a spreadsheet's writing (2017/4/2, 1.35668E+10):
# one or two are as likely typed so.
RESAVED_CELLS = 3
# A column with more such cells than this is told once, not a cell a line: a sheet of 250 rows has 250 dates.
FOLDED_OVER = 10


def spreadsheet_cell(spec: TableSpec, error, record: Record) -> tuple[str, str] | None:
    """(field, what a spreadsheet did to it) of the cell of a CSV record that an error is about, if it did anything."""
    name = getattr(error, "field_name", None)
    if not record.file.endswith(".csv") or error.type not in ("type-error", "constraint-error") or not name:
        return None
    definition = next((f for f in table_schema(spec.name)["fields"] if f["name"] == name), None)
    kind = spreadsheet_kind(record.values.get(name), definition) if definition else ""
    return (name, kind) if kind else None


def from_spreadsheet(problems: list[Problem], cells: list[tuple[TableSpec, str, str, Record, Problem]],
                     importable: set[str]) -> list[Problem]:
    """`problems`, and for each CSV that a spreadsheet saved (RESAVED_CELLS of its `cells` in error are in its
    writing) one problem that says so and gives the command that writes them back; a column of more than
    FOLDED_OVER such cells told once, in place of its cells' problems. Only for a table `import` reads.

    The file's problem has no line: the report shows it first of the file's, before the cells it explains.
    """
    by_file: dict[str, list[tuple[TableSpec, str, str, Record, Problem]]] = {}
    for cell in cells:
        if cell[0].name in importable:
            by_file.setdefault(cell[3].file, []).append(cell)
    added, folded = [], set()
    for file, found in by_file.items():
        if len(found) < RESAVED_CELLS:
            continue
        examples = {}
        for _, name, kind, record, _ in found:
            examples.setdefault(RESAVED_EXAMPLES[kind], record.values[name].strip())
        lost = sum(kind == "exponent-lost" for _, _, kind, _, _ in found)
        added.append(problem("spreadsheet-resaved", file, None, count=len(found),
                             examples="、".join(example.format(found=value) for example, value in examples.items()),
                             lost=RESAVED_LOST.format(count=lost) if lost else "", rest="其余的" if lost else "这些格"))
        columns: dict[tuple[str, str], list[tuple[TableSpec, str, str, Record, Problem]]] = {}
        for cell in found:
            columns.setdefault((cell[1], cell[2]), []).append(cell)
        for (name, kind), column in columns.items():
            if len(column) <= FOLDED_OVER:
                continue
            spec, _, _, first, _ = column[0]
            value = first.values[name].strip()
            field = next(f for f in table_schema(spec.name)["fields"] if f["name"] == name)
            fixed = "" if kind == "exponent-lost" else spreadsheet_value(value, kind)
            added.append(problem(
                "spreadsheet-column", file, first.line_of(name), subject=spec.title, field=field["title"],
                found=value, count=len(column),
                lines="、".join(str(record.line_of(name)) for _, _, _, record, _ in column[:_SHOWN_ROWS]),
                more="等" if len(column) > _SHOWN_ROWS else "",
                advice=SPREADSHEET_COLUMN[kind].format(found=value, fixed=fixed, file=file)))
            folded.update(id(told) for *_, told in column)
    return [p for p in problems if id(p) not in folded] + added


def _worded(spec: TableSpec, error, record: Record, index: int, records: dict[str, list[Record]],
            specs: dict[str, TableSpec]) -> Problem | None:
    schema = table_schema(spec.name)
    fields = {f["name"]: f for f in schema["fields"]}
    subject = spec.subject_of(record, index)
    name = _field_in_error(spec, error)
    if error.type == "foreign-key":
        fk = next(fk for fk in schema["foreignKeys"] if name in fk["fields"])
        reference = fk["reference"]["resource"]
        where = known_keys(specs[reference], fk["reference"]["fields"][fk["fields"].index(name)],
                           records.get(reference, []))
        return problem("foreign-key", record.file, record.line_of(name), subject=subject,
                       field=fields[name]["title"], found=record.values.get(name), where=where)
    if error.type == "primary-key":
        match = _PK_FIRST.search(error.note)
        if match is None:  # no key at all (frictionless: "all None"): the key's `required` says to fill it in
            return None
        first = records[spec.name][int(match.group(1)) - 2].line
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


def known_keys(spec: TableSpec, field: str, referenced: list[Record]) -> str:
    """Where the values a foreign key may take are written, and which they are when few (the one a value in error is
    close to leads the hint: see `Corrections.did_you_mean`)."""
    from .fieldref import place_of  # the reference imports this module

    place = place_of(spec)
    where = " → ".join((spec.file, *place.path, field)) if place.path else f"{spec.file} 的 {field} 列"
    keys = [str(value) for value in dict.fromkeys(r.values.get(field) for r in referenced) if value not in (None, "")]
    return f"{where}：{'、'.join(keys)}" if 0 < len(keys) <= _LISTED_KEYS else where
