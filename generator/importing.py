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
- numbers: a trailing `.0`, thousands separators; dates written 2020/3/5 or
  2020年3月5日.

A cell that cannot be repaired — scientific notation that lost digits
(`1.38001E+10`), a formula, or anything the text-hygiene checks refuse — is a
problem, and then nothing is written. The result still goes through
`python -m generator check` like any other data.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .hygiene import check_table
from .loading import MAX_TABLE_BYTES, Record, cell_count_problem, header_problems, named_by_titles, size_text
from .problems import Problem, problem
from .spreadsheet import Change, Rows, csv_rows, decode, xlsx_rows
from .ledger import SPENDING
from .progress import SPECS as PROGRESS_SPECS
from .tables import CSV_TABLES, table_schema

# Every table the office keeps in a CSV file of its own: the network's and the features'.
IMPORTABLE_SPECS = {spec.name: spec for spec in (*CSV_TABLES, SPENDING, *PROGRESS_SPECS.values())}
IMPORTABLE = list(IMPORTABLE_SPECS)


@dataclass
class ImportResult:
    table: str | None
    text: str | None  # the canonical CSV, or None when something cannot be fixed
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- repairing cells

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# Excel's exponents are one or two digits for any number a network holds (a phone number is E+10); a longer
# one is not Excel's doing, and 1E+99999 would take seconds to expand, or fail to print.
_SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]{1,2}$")
_TRAILING_ZERO = re.compile(r"^([+-]?[0-9]+)\.0+$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}([,，][0-9]{3})+$")
_MOBILE = re.compile(r"^(?:\+?0{0,2}86)?(1[3-9][0-9]{9})$")
_LANDLINE_86 = re.compile(r"^(?:\+|00)86[-\s]*\(?([1-9][0-9]{1,2})\)?[-\s]*([0-9]{7,8})$")
_LANDLINE = re.compile(r"^\(?(0[0-9]{2,3})\)?[-\s.]*([0-9]{7,8})$")
_DATE = re.compile(r"^([0-9]{4})\s*[/.年-]\s*([0-9]{1,2})\s*[/.月-]\s*([0-9]{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$")


class _Unfixable(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _is_code_like(definition: dict, foreign: set[str]) -> bool:
    """Ids, choices, phones, numbers and dates: NFKC is safe there, and only there."""
    constraints = definition.get("constraints", {})
    return (definition["type"] in ("integer", "number", "date") or "pattern" in constraints
            or definition["name"] in foreign or definition["name"] == "id"
            or all(str(v).isascii() for v in constraints.get("enum", ["汉"])))


def repair_cell(value: str, definition: dict, code_like: bool) -> tuple[str, list[str]]:
    """The repaired cell and the reasons; raises _Unfixable when digits were lost."""
    reasons = []
    cleaned = _ZERO_WIDTH.sub("", value)
    if cleaned != value:
        reasons.append("去掉零宽字符")
    spaced = _SPACES.sub(" ", cleaned)
    if spaced != cleaned:
        reasons.append("全角空格、不换行空格改为普通空格")
    text = spaced.strip()
    if text != spaced:
        reasons.append("去掉首尾空格")
    if not code_like or not text:
        return text, reasons
    folded = unicodedata.normalize("NFKC", text)
    if folded != text:
        reasons.append("全角字符改为半角")
    text = folded
    kind = definition["type"]
    if "phone" in definition["name"]:
        text = _repair_number(text, reasons, phone=True)
        text = _repair_phone(text, reasons)
    elif kind in ("integer", "number"):
        text = _repair_number(text, reasons, phone=False)
    elif kind == "date":
        match = _DATE.match(text)
        if match and not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
            year, month, day = (int(g) for g in match.groups())
            text = f"{year:04d}-{month:02d}-{day:02d}"
            reasons.append("日期改为 年-月-日")
    return text, reasons


def _repair_number(text: str, reasons: list[str], phone: bool) -> str:
    if _SCIENTIFIC.match(text):
        mantissa = text.lower().split("e")[0].lstrip("+-")
        digits = len(mantissa.replace(".", "").lstrip("0"))
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number != number.to_integral_value() or (phone and digits < len(str(int(number)))):
            raise _Unfixable("import-mangled-number", found=text)
        reasons.append("Excel 科学计数法还原为整数")
        return str(int(number))
    match = _TRAILING_ZERO.match(text)
    if match:
        reasons.append("去掉 Excel 加上的 .0")
        return match.group(1)
    if not phone and _THOUSANDS.match(text):
        reasons.append("去掉千位分隔符")
        return re.sub("[,，]", "", text)
    return text


def _repair_phone(text: str, reasons: list[str]) -> str:
    compact = re.sub(r"[\s\-.()]", "", text)
    mobile = _MOBILE.match(compact)
    if mobile:
        if mobile.group(1) != text:
            reasons.append("去掉国家代码" if len(compact) > 11 else "去掉电话中的空格和分隔符")
        return mobile.group(1)
    match = _LANDLINE_86.match(text)
    if match:
        reasons.append("去掉国家代码，区号前加 0")
        return f"0{match.group(1)}-{match.group(2)}"
    match = _LANDLINE.match(text)
    if match and not re.match(r"^0[0-9]{2,3}-?[0-9]{7,8}$", text):
        reasons.append("整理区号和号码")
        return f"{match.group(1)}-{match.group(2)}"
    return text


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
    if raw.startswith(b"PK\x03\x04"):
        rows, problems = xlsx_rows(raw, rel, changes)
    else:
        text, problems = decode(raw, rel, changes)
        rows, more = csv_rows(text, rel, changes) if text is not None else ([], [])
        problems += more
    if problems:
        return ImportResult(table, None, changes, problems)
    return _canonical(rows, rel, table, changes)


def _canonical(rows: Rows, rel: str, table: str | None,
               changes: list[Change]) -> ImportResult:
    blank = [line for line, cells in rows if not any(_clean(c) for c in cells)]
    rows = [(line, cells) for line, cells in rows if any(_clean(c) for c in cells)]
    changes += [Change(line, None, "", "", "删除空行") for line in blank if rows and line > rows[0][0]]
    if not rows:
        return ImportResult(table, None, changes, [problem("file-empty", rel, 1)])
    header_line, header_cells = rows[0]
    header = [unicodedata.normalize("NFKC", _clean(c)).lower() for c in header_cells]
    for before, after in zip(header_cells, header):
        if before != after:
            changes.append(Change(header_line, after, before, after, "整理表头"))
    data = rows[1:]
    # Excel leaves empty columns at the right; drop them when no row uses them.
    width = len(header)
    while header and not header[-1] and all(len(c) < len(header) or not _clean(c[len(header) - 1]) for _, c in data):
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
        problems.append(problem("import-table-unknown", rel, header_line, found=header, expected=IMPORTABLE))
    if problems:
        return ImportResult(table, None, changes, problems)
    fields = table_schema(table)["fields"]
    names = [f["name"] for f in fields]
    unknown = [c for c in header if c not in names]
    missing = [f["name"] for f in fields if f.get("constraints", {}).get("required") and f["name"] not in header]
    if unknown:
        problems.append(problem("header-unknown", rel, header_line, found=unknown, expected=names))
    if missing:
        problems.append(problem("header-missing", rel, header_line, found=missing, expected=names))
    if problems:
        return ImportResult(table, None, changes, problems)
    records = _repair_rows(table, fields, header, data, rel, changes, problems)
    spec = IMPORTABLE_SPECS[table]
    problems += check_table(fields, records, spec.subject)
    if any(p.is_error for p in problems):  # a warning (a mobile number in a text) is told, and the table written
        return ImportResult(table, None, changes, problems)
    if header != [n for n in names if n in header] or len(header) != len(names):
        changes.append(Change(None, None, "", "", "各列按表结构的顺序排列，补齐缺少的可选列"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([record.values.get(n) or "" for n in names])
    return ImportResult(table, out.getvalue(), changes, problems)


def _clean(cell: str) -> str:
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", cell)).strip()


def _infer_table(header: list[str]) -> str | None:
    return next((name for name in IMPORTABLE if _fits(header, name)), None)


def _fits(header: list[str], table: str) -> bool:
    """Whether the header names only the table's fields, and all it requires."""
    fields = table_schema(table)["fields"]
    required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
    return set(header) <= {f["name"] for f in fields} and required <= set(header)


def _from_titles(header: list[str], table: str) -> list[str]:
    """The header with each of the table's Chinese titles replaced by its field's name."""
    return named_by_titles(header, {f["name"]: f["title"] for f in table_schema(table)["fields"]})


def _repair_rows(table: str, fields: list[dict], header: list[str], data, rel: str,
                 changes: list[Change], problems: list[Problem]) -> list[Record]:
    by_name = {f["name"]: f for f in fields}
    foreign = {n for fk in table_schema(table).get("foreignKeys", []) for n in fk["fields"]}
    code_like = {n: _is_code_like(by_name[n], foreign) for n in header}
    records = []
    for line, cells in data:
        if len(cells) > len(header) and not any(_clean(c) for c in cells[len(header):]):
            cells = cells[: len(header)]
        if len(cells) != len(header):
            problems.append(cell_count_problem(rel, line, cells, len(header)))
            continue
        values = {}
        for name, cell in zip(header, cells):
            try:
                after, reasons = repair_cell(cell, by_name[name], code_like[name])
            except _Unfixable as exc:
                problems.append(problem(exc.code, rel, line, field=name, **exc.params))
                continue
            if reasons:
                changes.append(Change(line, name, cell, after, "；".join(reasons)))
            values[name] = after or None
        records.append(Record(file=rel, line=line, values=values))
    return records


# ---------------------------------------------------------------- the command


def run_import(source: Path, table: str | None, output: Path | None, data_dir: Path,
               dry_run: bool = False) -> int:
    """Import `source`, print what changed, write the CSV; 0 when written, 1 when not."""
    result = import_table(source, table)
    for change in result.changes:
        print(change.format())
    for item in result.problems:
        print(item.format(), file=sys.stderr)
    if result.text is None:
        print(f"导入失败：发现 {len(result.problems)} 个无法自动修正的问题，没有写入任何文件。", file=sys.stderr)
        return 1
    target = output if output is not None else data_dir / Path(IMPORTABLE_SPECS[result.table].file).name
    rows = result.text.count("\n") - 1
    if dry_run:
        print(f"（试运行）可以导入 {rows} 行到 {target}，改动 {len(result.changes)} 处；没有写入文件。")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.importing")
    staging.write_text(result.text, encoding="utf-8", newline="")
    os.replace(staging, target)
    print(f"已写入 {target}：{rows} 行，改动 {len(result.changes)} 处。请运行 python -m generator check 检查数据。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.importing",
                                     description="把 Excel/WPS 导出的表格转换为规范的 UTF-8 CSV")
    add_arguments(parser)
    parser.add_argument("--project", type=Path, default=Path("."), help="项目文件夹，默认当前文件夹")
    args = parser.parse_args(argv)
    return run_import(args.file, args.table, args.output, args.project.resolve() / "data", args.dry_run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The import command's arguments, shared with `python -m generator import`."""
    parser.add_argument("file", type=Path, help="要导入的 CSV 或 .xlsx 文件")
    parser.add_argument("--table", choices=IMPORTABLE, default=None, help="导入哪张表；默认按表头判断")
    parser.add_argument("--output", type=Path, default=None, help="输出文件，默认 data/<表名>.csv")
    parser.add_argument("--dry-run", action="store_true", help="只显示会做的改动，不写文件")


if __name__ == "__main__":
    sys.exit(main())
