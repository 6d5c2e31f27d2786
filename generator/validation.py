"""Schema stage: every table checked against its frictionless Table Schema.

The network's tables (see tables.py) form one frictionless Data Package, and so do
each feature's; types, constraints, primary keys and foreign keys are frictionless's
job; wording.py turns its errors into the project's problems, with the office's file
and line. This module checks what frictionless cannot see (nested values, list items,
YAML's readings of unquoted values) and hands on typed rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corrections import Corrections
from .wording import from_foreign_keys, from_frictionless, from_spreadsheet, known_keys, spreadsheet_cell
from .hygiene import check_table as check_text_hygiene
from .loading import Record, missing_file_problem
from .problems import Problem, problem
from .tables import TABLES, TableSpec, read_csv_records, shape_name, table_schema
from .yamlfiles import yaml_kind_name

if TYPE_CHECKING:
    from frictionless import Field, Resource, Schema



@dataclass
class TypedRow:
    record: Record
    values: dict[str, Any]


@dataclass
class Tables:
    """Typed rows of every table, each row still knowing its file and line."""

    rows: dict[str, list[TypedRow]]

    def one(self, name: str) -> TypedRow:
        return self.rows[name][0]

    def all(self, name: str) -> list[TypedRow]:
        return self.rows[name]


def read_optional_csvs(data_dir: Path, specs: dict[str, TableSpec]) -> tuple[Tables | None, list[Problem]]:
    """A feature's own CSV tables, each schema-checked; None when none of the files exists.

    A file that is missing is an empty table: a feature's tables are optional. But a workbook saved
    beside it instead (spending.xlsx) is a problem: the office meant to keep that table.
    """
    paths = {name: data_dir / Path(spec.file).name for name, spec in specs.items()}
    problems: list[Problem] = [found for name, path in paths.items() if not path.exists()
                               and (found := missing_file_problem(path, specs[name].file)).code != "file-missing"]
    if not any(path.exists() for path in paths.values()):
        return None, problems
    records: dict[str, list[Record]] = {}
    for name, spec in specs.items():
        if not paths[name].exists():
            records[name] = []
            continue
        rows, found = read_csv_records(paths[name], spec)
        problems += found
        if rows is not None:
            records[name] = rows
    tables, found = validate_tables(records, specs)
    return tables, problems + found


# ---------------------------------------------------------------- the schema stage


def validate_tables(records: dict[str, list[Record]],
                    specs: dict[str, TableSpec] | None = None) -> tuple[Tables, list[Problem]]:
    """Check every table with frictionless; return typed rows and every problem found.

    `specs` are the tables to check (by default the hub network's); foreign keys
    may only point to tables among them.
    """
    specs = TABLES if specs is None else specs
    problems: list[Problem] = []
    schemas = []
    present = [spec for spec in specs.values() if spec.name in records]
    for spec in present:
        problems += _keys_into_nothing(spec, records, specs)
        fields = table_schema(spec.name)["fields"]
        problems += _check_record_shapes(spec, fields, records[spec.name])
        problems += _check_list_items(spec, fields, records[spec.name])
        rows = records[spec.name]
        problems += check_text_hygiene(fields, rows, lambda values, index, rows=rows, spec=spec:
                                       spec.subject_of(rows[index], index))
        schemas.append(_frictionless_schema(spec, records))
    typed = _read_valid_tables(present, schemas, records)
    if typed is not None:
        return Tables(rows=typed), problems
    from frictionless import Package

    package = Package(resources=[_resource(spec, schema, records[spec.name]) for spec, schema in zip(present, schemas)])
    fixes = Corrections(present, schemas, records)
    typed: dict[str, list[TypedRow]] = {}
    dangling = []  # foreign-key errors, told together once all are known (see from_foreign_keys)
    resaved = []  # cells in error as a spreadsheet writes them (see from_spreadsheet)
    for spec in present:
        resource = package.get_resource(spec.name)
        table_records = records[spec.name]
        typed[spec.name] = []
        with resource:
            for row in resource.row_stream:
                index = row.row_number - 2  # frictionless counts the header as row 1
                record = table_records[index]
                for error in row.errors:
                    if error.type == "foreign-key":
                        dangling.append((spec, error, record, index))
                    elif found := from_frictionless(spec, error, record, index, records, specs, fixes):
                        problems.append(found)
                        if cell := spreadsheet_cell(spec, error, record):
                            resaved.append((spec, *cell, record, found))
                typed[spec.name].append(TypedRow(record=record, values=row.to_dict()))
    problems += from_foreign_keys(dangling, records, specs, fixes)
    if resaved:
        from .importing import IMPORTABLE  # imports this module: asked only when a spreadsheet saved a table

        problems = from_spreadsheet(problems, resaved, set(IMPORTABLE))
    return Tables(rows=typed), problems


def _keys_into_nothing(spec: TableSpec, records: dict[str, list[Record]],
                       specs: dict[str, TableSpec]) -> list[Problem]:
    """One problem for all the rows whose key points into a table with no rows at all (hubs.yaml without stations).

    Row by row, each would be told its station does not exist: dozens of messages before the one cause.
    """
    problems = []
    for fk in table_schema(spec.name).get("foreignKeys", []):
        reference = fk["reference"]["resource"]
        if records.get(reference, True) or reference not in specs:
            continue
        name = fk["fields"][0]
        rows = [r for r in records[spec.name] if any(r.values.get(f) not in (None, "") for f in fk["fields"])]
        if rows:
            field = next(f for f in table_schema(spec.name)["fields"] if f["name"] == name)
            problems.append(problem("foreign-key-none", rows[0].file, rows[0].line_of(name), subject=spec.title,
                                    field=field["title"], count=len(rows), referred=specs[reference].title,
                                    where=known_keys(specs[reference], fk["reference"]["fields"][0], [])))
    return problems


def _frictionless_schema(spec: TableSpec, records: dict[str, list[Record]]) -> Schema:
    """A table's schema as frictionless reads it, without keys into tables that could not be read or have no rows
    (reported already, or by `_keys_into_nothing`)."""
    # Imported here: frictionless takes a quarter of a second to import, and a check whose
    # tables were all kept from the last run (see cache.py) never needs it.
    from frictionless import Schema

    descriptor = {k: v for k, v in table_schema(spec.name).items() if k != "title"}
    if any(not records.get(fk["reference"]["resource"]) for fk in descriptor.get("foreignKeys", [])):
        descriptor.pop("foreignKeys")
    return Schema.from_descriptor(descriptor)


def _resource(spec: TableSpec, schema: Schema, records: list[Record]) -> Resource:
    """One table as a frictionless resource, its cells in schema order."""
    from frictionless import Resource

    header = schema.field_names
    rows = [[_cell(record.values.get(name)) for name in header] for record in records]
    return Resource(name=spec.name, data=[header, *rows], schema=schema)


def _read_valid_tables(specs: list[TableSpec], schemas: list[Schema],
                       records: dict[str, list[Record]]) -> dict[str, list[TypedRow]] | None:
    """Typed rows read with frictionless's own cell readers, or None at the first doubt.

    frictionless's row machinery costs seconds on a city's 25,000 points; its field
    cell readers (missing values, type, constraints) are the cheap part. Valid data,
    the usual case, is read here with those same readers plus the same blank-row,
    primary-key and foreign-key rules; any problem at all, and the caller runs the
    full frictionless package, which alone words the problems (tests compare both).
    Tables are read a column at a time: a column's distinct cells are far fewer than its
    cells, and the rules are set operations on whole columns.
    """
    typed: dict[str, list[TypedRow]] = {}
    columns_of: dict[str, dict[str, list[Any]]] = {}
    for spec, schema in zip(specs, schemas):
        table_records = records[spec.name]
        cells = [record.values for record in table_records]
        columns = columns_of[spec.name] = {}
        for field in schema.fields:
            column = _read_column(field, [values.get(field.name) for values in cells])
            if column is None:
                return None
            columns[field.name] = column
        names = schema.field_names
        rows = list(zip(*columns.values()))
        if any(row.count(None) == len(names) for row in rows):
            return None  # frictionless: blank-row
        if schema.primary_key:
            keys = list(zip(*(columns[name] for name in schema.primary_key)))
            unique = set(keys)
            if len(unique) < len(keys) or (None,) * len(schema.primary_key) in unique:
                return None
        for fk in schema.foreign_keys:
            refers_to = set(zip(*(columns[name] for name in fk["fields"])))
            refers_to.discard((None,) * len(fk["fields"]))
            reference = fk["reference"]
            referred = columns_of.get(reference["resource"])
            known = set(zip(*(referred[name] for name in reference["fields"]))) if referred else set()
            if not refers_to <= known:
                return None
        typed[spec.name] = [TypedRow(record=record, values=dict(zip(names, row)))
                            for record, row in zip(table_records, rows)]
    return typed


# Types frictionless reads into values that cannot change, so equal cells may share one.
_IMMUTABLE_TYPES = {"string", "integer", "number", "boolean", "date", "time", "datetime", "year", "yearmonth"}
# Cells that are equal only when they are the same cell (unlike 0.0 and -0.0, or 1 and True).
_SHAREABLE_CELLS = {str, int, bool}


def _read_column(field: Field, column: list[Any]) -> list[Any] | None:
    """One column's values as frictionless's cell reader gives them, or None if it has a note on any cell."""
    reader = field.create_cell_reader()
    kinds = set(map(type, column)) - {type(None)}
    if field.type in _IMMUTABLE_TYPES and len(kinds) <= 1 and kinds <= _SHAREABLE_CELLS:
        # A city's tables repeat their dates, amounts, statuses and hub ids thousands of times;
        # the reader is a pure function of the cell, so each distinct cell is read once, and one
        # object per value also pickles smaller (frictionless's slow date parse runs once per date).
        distinct = dict.fromkeys(column)
        for cell in distinct:
            value, notes = reader(cell)
            if notes:
                return None
            distinct[cell] = value
        return list(map(distinct.__getitem__, column))
    values = []
    for cell in column:
        value, notes = reader(_cell(cell))
        if notes:
            return None
        values.append(value)
    return values


def _cell(value: Any) -> Any:
    # Lists are only meaningful in array fields; anything else nested was reported.
    if isinstance(value, dict):
        return None
    return value


def _quoting_would_not_do(definition: dict, value: Any) -> bool:
    """Whether a text field's value, read by YAML as a yes/no or a number, is not one of its choices or not of its
    pattern even quoted (a phone without its area code): quotes are not the fix, and that error says what is."""
    if definition["type"] != "string":
        return False
    constraints = definition.get("constraints", {})
    choices, pattern = constraints.get("enum"), constraints.get("pattern")
    # Table Schema's pattern matches the whole value (frictionless uses fullmatch too).
    return bool(choices) and str(value) not in choices or bool(pattern) and not re.fullmatch(pattern, str(value))


def _check_record_shapes(spec: TableSpec, fields: list[dict], records: list[Record]) -> list[Problem]:
    """What frictionless cannot see: unknown keys, unquoted YAML values, nested values."""
    problems = []
    by_name = {f["name"]: f for f in fields}
    names = "、".join([*by_name, *spec.nested])
    integers = [f["name"] for f in fields if f["type"] == "integer"]
    # A CSV cell is always one string under a checked header: only leading zeros can be wrong.
    from_yaml = not spec.file.endswith(".csv")
    for index, record in enumerate(records):
        values = record.values
        subject = lambda: spec.subject_of(record, index)  # noqa: E731 — only worded when there is a problem
        for key in [k for k in values if k not in by_name] if from_yaml else ():
            problems.append(problem("unknown-field", record.file, record.line_of(key), subject=subject(),
                                    found=key, expected=names))
        for key, kind in record.implicit.items():
            definition = by_name.get(key)
            if definition and _quoting_would_not_do(definition, values[key]):
                continue  # quoted, it would be wrong all the same: that error says what to write
            if definition and definition["type"] in ("string", "list"):
                problems.append(
                    problem("yaml-unquoted", record.file, record.line_of(key), subject=subject(),
                            field=definition["title"], found=values[key], yaml_kind=yaml_kind_name(kind))
                )
        for key in integers:
            value = values.get(key)
            if isinstance(value, str) and _LEADING_ZERO.match(value):
                problems.append(
                    problem("leading-zero", record.file, record.line_of(key), subject=subject(),
                            field=by_name[key]["title"], found=value, expected=str(int(value)))
                )
        for key, value in values.items() if from_yaml else ():
            definition = by_name.get(key)
            if definition is None or not isinstance(value, (dict, list)):
                continue
            nested_ok = definition["type"] == "array"
            if isinstance(value, dict) or not nested_ok or not all(isinstance(v, str) for v in value):
                problems.append(
                    problem("yaml-shape", record.file, record.line_of(key), subject=f"{subject()}的{definition['title']}",
                            expected="列表（每项一行文字）" if nested_ok else "一个值", found=shape_name(value))
                )
    return problems


# How a list's delimiter is named in messages.
_DELIMITER_NAMES = {"、": "顿号「、」", ",": "逗号「,」"}


def _check_list_items(spec: TableSpec, fields: list[dict], records: list[Record]) -> list[Problem]:
    """Empty items in a list typed as one text (河西一组、河西二组、): frictionless reads them as "" and
    the network's rules would look for a compound named ""."""
    problems = []
    for definition in (f for f in fields if f["type"] == "list"):
        name, delimiter = definition["name"], definition.get("delimiter", ",")
        # One scan of the whole column, a cell a line, tells whether any cell could hold an empty item.
        column = "\n".join(cell for record in records if (cell := record.values.get(name)).__class__ is str)
        if not _empty_item(delimiter).search(column):
            continue
        mark = _DELIMITER_NAMES.get(delimiter, f"「{delimiter}」")
        for index, record in enumerate(records):
            value = record.values.get(name)
            if not isinstance(value, str) or all(items := [item.strip() for item in value.split(delimiter)]):
                continue
            subject, line, kept = spec.subject_of(record, index), record.line_of(name), [i for i in items if i]
            if not kept:
                problems.append(problem("list-no-items", record.file, line, subject=subject,
                                        field=definition["title"], found=value, mark=mark))
                continue
            first, last = items.index(kept[0]), len(items) - 1 - items[::-1].index(kept[-1])
            places = [place for place, empty in (("开头", first > 0), ("中间", not all(items[first:last])),
                                                 ("末尾", last < len(items) - 1)) if empty]
            problems.append(problem("list-empty-item", record.file, line, subject=subject, field=definition["title"],
                                    found=value, expected=delimiter.join(kept), place="和".join(places), mark=mark,
                                    count="一个" if len(items) - len(kept) == 1 else ""))
    return problems


@cache
def _empty_item(delimiter: str) -> re.Pattern:
    """A delimiter that begins or ends a line, or two with only spaces between."""
    d = re.escape(delimiter)
    return re.compile(rf"(?m)^[^\S\n]*{d}|{d}[^\S\n]*(?:{d}|$)")


_LEADING_ZERO = re.compile(r"^[+-]?0[0-9]+$")
