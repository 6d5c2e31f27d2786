"""Import what the office really has: a spreadsheet export becomes the canonical CSV.

`python -m generator import FILE` reads a CSV in whatever encoding Excel or WPS
wrote (UTF-8 with or without BOM, GBK/GB18030, UTF-16 "Unicode text" with tabs),
or an `.xlsx` workbook (its first sheet, via openpyxl), and writes UTF-8 CSV with
LF line ends and the columns in the schema's order. It repairs what can be
repaired without guessing, and lists every change:

- encodings, BOM, CRLF, tab or semicolon separators, blank rows, empty trailing columns;
- ideographic, no-break and zero-width spaces; spaces around a cell;
- full-width digits and letters (NFKC) — only in ids, codes, phones, numbers and
  dates, never in names, addresses or other text, where NFKC would change what
  the office wrote;
- phones: spaces, dashes and dots in a mobile number, a +86 / 0086 prefix, a
  trailing `.0`, scientific notation when every digit is still there;
- amounts (the *_yuan columns) in a ledger's currency format: ¥1,200.00, 85元; not 1.200,00, which could be
  read two ways;
- numbers: a trailing `.0`, thousands separators; dates written 2020/3/5,
  2020年3月5日 or 20200305, or as Excel's count of days (43895; see `written_date`);
- a choice written as its Chinese name (`筹建中` for `planned`), as the schema's
  description names it: `planned（筹建中）、active（运行中）`;
- the apostrophe Excel leaves before a text cell (`'13900007777`);
- commas and semicolons between a list's items (`晨光苑，星河湾` → `晨光苑、星河湾`), as check's hint says;
- a title row above the header (示例街道友邻点台账（2021年）), which is dropped.

A header of two rows with merged cells (负责人 over 姓名、电话) is a problem: it must be one row.

A cell that cannot be repaired — scientific notation that lost digits
(`1.38001E+10`), a formula, or anything the text-hygiene checks refuse — is a
problem, and then nothing is written. So are the rows the file would have once the
sheet is merged into it, checked as `check` checks the table (its schema stage,
validation.py): a file is written only if it passes, and every row that does not is
told by its line in the sheet. The cross-checks between tables are still `check`'s.

The sheet is merged into the data file by the table's primary key, because a clerk
often exports only the rows that are new or changed: a row whose key is in the file
replaces it (columns the sheet lacks keep their values), a new key is appended, and
the file's other rows are kept. `--replace` makes the file exactly the sheet, and
names every row that drops. Both print the same counts, dry run or not. A row whose
id is in the file but which differs from that record in most of the fields that say
which record it is (a point's name and station, an expense's date, item and receipt)
is a new record numbered with a used id: it is refused, with the next free id, unless
`--replace-records` says it replaces the record.

A refused import tells its problems, not the repairs it did not make (only their count).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .hygiene import check_table
from .loading import (MAX_TABLE_BYTES, Record, cell_count_problem, header_problems, known_names, named_by_titles,
                      size_text)
from .merging import Merge, key_of, merge, reused_ids
from .problems import Problem, problem
from .rules import OTHER_SEPARATOR, separated_items
from .spreadsheet import (Change, Rows, Unfixable, clean, csv_rows, decode, is_code_like, merged_header, repair_cell,
                          without_title, xlsx_rows)
from .ledger import SPENDING
from .progress import SPECS as PROGRESS_SPECS
from .tables import CSV_TABLES, TABLES, column_problems, read_tables, spaced, table_schema
from .validation import validate_tables

# Every table the office keeps in a CSV file of its own: the network's and the features'.
IMPORTABLE_SPECS = {spec.name: spec for spec in (*CSV_TABLES, SPENDING, *PROGRESS_SPECS.values())}
IMPORTABLE = list(IMPORTABLE_SPECS)



@dataclass
class ImportResult:
    table: str | None
    text: str | None  # the canonical CSV, or None when something cannot be fixed
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)  # the rows of `text`, repaired
    columns: list[str] = field(default_factory=list)  # the fields the sheet has a column for


# ---------------------------------------------------------------- the import


def import_table(path: Path, table: str | None = None) -> ImportResult:
    """Read a spreadsheet export; return the canonical CSV text, or the problems that prevent it."""
    rel = str(path)
    changes: list[Change] = []
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            return ImportResult(table, None, [], [problem("file-too-large", rel, None, found=size_text(size),
                                                          expected=size_text(MAX_TABLE_BYTES))])
        raw = path.read_bytes()
    except FileNotFoundError:
        return ImportResult(table, None, [], [problem("file-missing", rel, None)])
    except OSError as exc:
        return ImportResult(table, None, [], [problem("file-unreadable", rel, None, reason=exc.strerror)])
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return ImportResult(table, None, [], [problem("import-xls", rel, None)])
    merged: list[str] = []
    if raw.startswith(b"PK\x03\x04"):
        rows, problems = xlsx_rows(raw, rel, changes, merged)
    else:
        text, problems = decode(raw, rel, changes)
        rows, more = csv_rows(text, rel, changes) if text is not None else ([], [])
        problems += more
    if problems:
        return ImportResult(table, None, changes, problems)
    return _canonical(rows, rel, table, changes, merged)


def _canonical(rows: Rows, rel: str, table: str | None,
               changes: list[Change], merged: list[str]) -> ImportResult:
    blank = [line for line, cells in rows if not any(clean(c) for c in cells)]
    rows = [(line, cells) for line, cells in rows if any(clean(c) for c in cells)]
    changes += [Change(line, None, "", "", "删除空行") for line in blank if rows and line > rows[0][0]]
    if not rows:
        return ImportResult(table, None, changes, [problem("file-empty", rel, 1)])
    known = known_names([n for name in ([table] if table else IMPORTABLE)
                         for f in table_schema(name)["fields"] for n in (f["name"], f["title"])])
    rows = without_title(rows, known, changes)
    header_line, header_cells = rows[0]
    spans = merged_header(merged, rows)
    if spans:
        return ImportResult(table, None, changes, [problem("import-header-merged", rel, header_line, found=spans)])
    header = [unicodedata.normalize("NFKC", clean(c)).lower() for c in header_cells]
    for before, after in zip(header_cells, header):
        if before != after:
            changes.append(Change(header_line, after, before, after, "整理表头"))
    data = rows[1:]
    # Excel leaves empty columns at the right; drop them when no row uses them.
    width = len(header)
    while header and not header[-1] and all(len(c) < len(header) or not clean(c[len(header) - 1]) for _, c in data):
        header.pop()
    if len(header) < width:
        changes.append(Change(None, None, "", "", f"删除右侧多余的空列（{width - len(header)} 列）"))
    problems = header_problems(header, rel, header_line)
    if not problems:
        # A header typed in the fields' Chinese titles (编号,名称…), as a clerk reads them in `fields`.
        for name in [table] if table else IMPORTABLE:
            named = _from_titles(header, name)
            if named != header and (table or _fits(named, name)):
                changes.append(Change(header_line, None, "", "", "表头的中文名改为字段名"))
                header, table = named, name
                break
    table = table or (None if problems else _infer_table(header))
    if table is None and not problems:
        problems.append(_unknown_table(header, rel, header_line))
    if problems:
        return ImportResult(table, None, changes, problems)
    fields = table_schema(table)["fields"]
    names = [f["name"] for f in fields]
    problems += column_problems(fields, header, rel, header_line)
    if problems:
        return ImportResult(table, None, changes, problems)
    records = _repair_rows(table, fields, header, data, rel, changes, problems)
    spec = IMPORTABLE_SPECS[table]
    problems += check_table(fields, records, spec.subject)
    problems += _key_problems(table, records)
    if any(p.is_error for p in problems):  # a warning (a mobile number in a text) is told, and the table written
        return ImportResult(table, None, changes, problems)
    if header != [n for n in names if n in header] or len(header) != len(names):
        changes.append(Change(None, None, "", "", "各列按表结构的顺序排列，补齐缺少的可选列"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([record.values.get(n) or "" for n in names])
    return ImportResult(table, out.getvalue(), changes, problems, records, header)


def _infer_table(header: list[str]) -> str | None:
    return next((name for name in IMPORTABLE if _fits(header, name)), None)


def _fits(header: list[str], table: str) -> bool:
    """Whether the header names only the table's fields, and all it requires."""
    fields = table_schema(table)["fields"]
    required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
    return set(header) <= {f["name"] for f in fields} and required <= set(header)


def _unknown_table(header: list[str], rel: str, line: int) -> Problem:
    """No table has these columns: the ones no table knows, each with the nearest name a table has; or, when
    every column is known, the table most like it and the columns it requires that are missing."""
    titles = {f["title"] for name in IMPORTABLE for f in table_schema(name)["fields"]}
    names = {f["name"] for name in IMPORTABLE for f in table_schema(name)["fields"]}
    known = known_names([*names, *titles])
    unknown = [cell for cell in header if cell and cell not in known]
    if unknown:
        closest = [(cell, near[0]) for cell in unknown
                   if (near := difflib.get_close_matches(cell, [*names, *titles], n=1, cutoff=0.6))]
        words = "、".join(f"「{cell}」可能是「{near}」" for cell, near in closest)
        return problem("import-table-unknown", rel, line, what=f"表头中不认得的列是 {'、'.join(unknown)}",
                       found=unknown, closest=f"{words}；" if words else "", expected=IMPORTABLE)
    best = max(IMPORTABLE, key=lambda name: len(set(_from_titles(header, name))
                                                & {f["name"] for f in table_schema(name)["fields"]}))
    lacking = [f["title"] for f in table_schema(best)["fields"]
               if f.get("constraints", {}).get("required") and f["name"] not in _from_titles(header, best)]
    spec = IMPORTABLE_SPECS[best]
    closest = f"最像{spaced(spec.title)}（{spec.file}），但缺少必需的列 {'、'.join(lacking)}；" if lacking else ""
    return problem("import-table-unknown", rel, line, what="没有一张表正好有这些列", found=header,
                   closest=closest, expected=IMPORTABLE)


def _from_titles(header: list[str], table: str) -> list[str]:
    """The header with each of the table's Chinese titles replaced by its field's name."""
    return named_by_titles(header, {f["name"]: f["title"] for f in table_schema(table)["fields"]})


def _key_problems(table: str, records: list[Record]) -> list[Problem]:
    """Rows are matched to the data file by their key: each row needs one, and no two the same."""
    schema, spec = table_schema(table), IMPORTABLE_SPECS[table]
    key = schema.get("primaryKey") or []
    titles = {f["name"]: f["title"] for f in schema["fields"]}
    first: dict[tuple, int] = {}
    problems = []
    for index, record in enumerate(records):
        if not key or any(k not in record.values for k in key):  # a refused key cell is reported already
            continue
        blank = [k for k in key if not record.values[k]]
        if blank:
            problems.append(problem("required", record.file, record.line_of(blank[0]),
                                    subject=spec.subject_of(record, index), field=titles[blank[0]]))
        elif key_of(record, key) in first:
            problems.append(problem("duplicate-id", record.file, record.line_of(key[0]), subject=spaced(spec.title),
                                    found="/".join(key_of(record, key)), first_line=first[key_of(record, key)]))
        else:
            first[key_of(record, key)] = record.line
    return problems


def _repair_rows(table: str, fields: list[dict], header: list[str], data, rel: str,
                 changes: list[Change], problems: list[Problem]) -> list[Record]:
    by_name = {f["name"]: f for f in fields}
    foreign = {n for fk in table_schema(table).get("foreignKeys", []) for n in fk["fields"]}
    code_like = {n: is_code_like(by_name[n], foreign) for n in header}
    records = []
    for line, cells in data:
        if len(cells) > len(header) and not any(clean(c) for c in cells[len(header):]):
            cells = cells[: len(header)]
        if len(cells) != len(header):
            problems.append(cell_count_problem(rel, line, cells, len(header)))
            continue
        values, unfixable = {}, []
        for name, cell in zip(header, cells):
            try:
                after, reasons = repair_cell(cell, by_name[name], code_like[name])
            except Unfixable as exc:
                unfixable.append((name, exc))
                continue
            after = _list_items(after, by_name[name], reasons)
            if reasons:
                changes.append(Change(line, name, cell, after, "；".join(reasons)))
            values[name] = after or None
        record = Record(file=rel, line=line, values=values)
        # Told as check tells a cell, once the row's id is known: the record, and the column as the sheet titles it.
        subject = IMPORTABLE_SPECS[table].subject_of(record, len(records))
        problems += [problem(exc.code, rel, line, field=f"{subject}的{by_name[name]['title']}", **exc.params)
                     for name, exc in unfixable]
        records.append(record)
    return records


def _list_items(text: str, definition: dict, reasons: list[str]) -> str:
    """A list separated by commas or semicolons (晨光苑，星河湾) as check's hint writes it: 晨光苑、星河湾.

    Only when those are all its separators: a space or a slash may be part of a name (星河湾 3 幢), and import
    cannot see which compounds exist, as check can.
    """
    if definition["type"] != "list" or definition.get("delimiter") != "、":
        return text
    marks = {mark.strip() for mark in OTHER_SEPARATOR.findall(text.strip())}
    if not marks or not marks <= set(",，;；"):
        return text
    items = "、".join(separated_items(text))
    if items != text:
        reasons.append("各项之间改用顿号「、」分隔")
    return items


def _existing(target: Path, table: str, replace: bool) -> tuple[list[Record] | None, list[Change], list[Problem]]:
    """The data file's rows, read as an import of its own; None when --replace overwrites a file that is not."""
    if not target.exists():
        return [], [], []
    current = import_table(target, table)
    if current.text is not None:
        return current.records, current.changes, []
    if [p.code for p in current.problems] == ["file-empty"]:
        return [], [], []
    if replace:
        return None, [], []
    return None, [], [*current.problems, problem("import-target-invalid", str(target), None)]


# ---------------------------------------------------------------- the command


def run_import(source: Path, table: str | None, output: Path | None, data_dir: Path,
               dry_run: bool = False, replace: bool = False, command: str = "python -m generator",
               replace_records: bool = False) -> int:
    """Import `source` into its data file, print what changed; 0 when written (or could be), 1 when not.

    `replace` makes the file the sheet. Otherwise a row whose id the file has updates that record, unless it looks
    like another record (`merging.reused_ids`), which only `replace_records` lets it replace. `command` runs the generator
    on the project whose `data_dir` this is (with its --project), for the last hint. A refused import tells its
    problems only, and how many repairs wait for them.
    """
    result = import_table(source, table)
    if result.text is None:
        return _refused(result.problems, len(result.changes))
    target = output if output is not None else data_dir / Path(IMPORTABLE_SPECS[result.table].file).name
    existing, tidied, problems = _existing(target, result.table, replace)
    if existing and not replace and not table_schema(result.table).get("primaryKey"):
        problems.append(problem("import-needs-replace", str(target), None, found=len(existing)))
    if problems:
        return _refused([*result.problems, *problems], len(result.changes))
    reused = reused_ids(result, existing, target) if existing and not (replace or replace_records) else []
    outcome = merge(result, existing, replace, IMPORTABLE_SPECS[result.table])
    problems = [*reused, *_written_problems(result, outcome, data_dir)]
    if any(p.is_error for p in problems):
        return _refused([*result.problems, *problems], len(result.changes))
    for change in result.changes:
        print(change.format())
    for item in [*result.problems, *problems]:
        print(item.format(), file=sys.stderr)
    tidied = [c for c in tidied if c.line in outcome.kept or c.column is None] if not replace else []
    if tidied:
        print(f"{target} 中保留的记录也做了整理：")
    for change in [*tidied, *outcome.overwritten]:
        print(change.format())
    for line, key in outcome.dropped:
        print(f"{target} 第 {line} 行 {key}：删除（表格中没有这条记录）")
    repaired = len(result.changes) + len(tidied)
    done = f"{outcome.summary(replace)}；共 {outcome.rows} 行" + (f"，整理格式 {repaired} 处" if repaired else "")
    if dry_run:
        print(f"（试运行）导入到 {target}：{done}；没有写入文件。")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.importing")
    staging.write_text(outcome.text, encoding="utf-8", newline="")
    os.replace(staging, target)
    print(f"已写入 {target}：{done}。请运行 {command} check 检查数据。")
    return 0


def _written_problems(result: ImportResult, outcome: Merge, data_dir: Path) -> list[Problem]:
    """What `check` would say of the table as it would be written (its schema stage): the sheet's rows at their
    lines in the sheet, the data file's kept rows at theirs. Those the sheet's own checks told are not told twice.

    A table whose rows name hubs.yaml's (a point's station, a compound's community) is checked with the
    network's other tables, so a station that does not exist is refused here, not found by the next `check`;
    unless the network's files have errors of their own, which `check` reports where they are.
    """
    spec = IMPORTABLE_SPECS[result.table]
    records, specs = {spec.name: outcome.records}, {spec.name: spec}
    if spec.name in TABLES and table_schema(spec.name).get("foreignKeys"):
        network, found = read_tables(data_dir)
        if not any(p.is_error for p in found):
            records, specs = {**network, spec.name: outcome.records}, TABLES
    _, found = validate_tables(records, specs)
    files = {record.file for record in outcome.records}
    told = {(p.code, p.file, p.line, p.message) for p in result.problems}
    return [p for p in found if p.file in files and (p.code, p.file, p.line, p.message) not in told]


def _refused(problems: list[Problem], repairs: int) -> int:
    """Tell only the problems: the repairs are not made, and listed before them they hid them (a sheet can have
    hundreds); their count says the rest will be done once the problems are fixed."""
    for item in problems:
        print(item.format(), file=sys.stderr)
    if repairs:
        print(f"（表格中另有 {repairs} 处格式可以自动整理，这次没有整理；改正上面的问题后再导入，会逐条列出。）", file=sys.stderr)
    count = sum(p.is_error for p in problems)
    print(f"导入失败：发现 {count} 个无法自动修正的问题，没有写入任何文件。", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.importing",
                                     description="把 Excel/WPS 导出的表格转换为规范的 UTF-8 CSV")
    add_arguments(parser)
    parser.add_argument("--project", type=Path, default=Path("."), help="项目文件夹，默认当前文件夹")
    args = parser.parse_args(argv)
    return run_import(args.file, args.table, args.output, args.project.resolve() / "data", args.dry_run, args.replace,
                      replace_records=args.replace_records)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The import command's arguments, shared with `python -m generator import`."""
    parser.add_argument("file", type=Path, help="要导入的 CSV 或 .xlsx 文件")
    parser.add_argument("--table", choices=IMPORTABLE, default=None, help="导入哪张表；默认按表头判断")
    parser.add_argument("--output", type=Path, default=None, help="输出文件，默认 data/<表名>.csv")
    parser.add_argument("--dry-run", action="store_true", help="只显示会做的改动，不写文件")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true",
                     help="用表格替换整个数据文件（表格中没有的记录会被删除）；默认按编号合并：更新已有的，新增没有的，其余保留")
    how.add_argument("--replace-records", action="store_true",
                     help="编号已有、但内容像另一条记录的行，也用它替换原来的记录；默认拒绝导入，以免误用的编号覆盖别的记录")


if __name__ == "__main__":
    sys.exit(main())
