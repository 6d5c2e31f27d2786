"""Read the office's text and CSV files into records that remember where each value came from.

CSV must be UTF-8 (a BOM is accepted, as Excel writes one); a GBK/GB18030 or
UTF-16 file gets a problem saying so and how to convert it, and so does an Excel/WPS
workbook saved under the CSV's name or lying beside a missing CSV. A file larger than
its limit (`MAX_FILE_BYTES` for hand-edited YAML, `MAX_TABLE_BYTES` for tables and
YAML lists of records that grow with the network, such as meetings) is refused
before it is read, so a runaway export (or a YAML bomb written out in full)
cannot exhaust memory. YAML is read by `yamlfiles.py`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Mapping, Sequence

from .problems import Problem, problem


@dataclass
class Record:
    """One row of a table: its values as typed by the office, and their lines."""

    file: str
    line: int
    values: dict[str, Any]
    field_lines: dict[str, int] = field(default_factory=dict)
    # field -> what YAML 1.1 would have made of an unquoted value ("int", "bool", ...)
    implicit: dict[str, str] = field(default_factory=dict)

    def line_of(self, name: str | None) -> int:
        return self.field_lines.get(name, self.line) if name else self.line


@dataclass
class CsvTable:
    header: list[str]
    records: list[Record]


# ---------------------------------------------------------------- text and encodings

UTF8_BOM = b"\xef\xbb\xbf"
# A whole street's data is well under 1 MB (250 points are 75 kB); 5 MB leaves room
# for any real street and stops runaway files before they are parsed.
# YAML is hand-edited and nested: 5 MB is far beyond any street's hubs.yaml. Tables grow
# with the network (about 300 bytes a point): 64 MB leaves room for a city's 200,000 points;
# so do YAML lists of records (a city of 25,000 points holds 10 MB of meetings a year).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TABLE_BYTES = 64 * 1024 * 1024


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def _how_to_convert(rel: str) -> str:
    if rel.lower().endswith(".csv"):
        return (f"请运行 python -m generator import {rel} --output {rel}（转换编码，并整理 Excel 改坏的格式），"
                "或在 Excel/WPS 中“另存为 → CSV UTF-8（逗号分隔）”")
    return "请用文本编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"


# Workbooks, told by their first bytes: .xlsx is a ZIP holding xl/workbook.xml; .xls and WPS's .et are OLE2 files.
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX, OLD_WORKBOOK = "Excel 工作簿（.xlsx）", "Excel/WPS 旧版工作簿（.xls 或 .et）"
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".et")  # the preferred first: import reads .xlsx only


def workbook_kind(raw: bytes) -> str | None:
    """What workbook `raw` is, or None; any other ZIP (a Word file) is left to the text checks."""
    if raw.startswith(_OLE2):
        return OLD_WORKBOOK
    # The entry's name is stored uncompressed in the ZIP's headers, so a byte search finds it without unzipping.
    if raw.startswith(_ZIP) and b"xl/workbook" in raw:
        return XLSX
    return None


def _workbook_advice(rel: str, workbook: str, kind: str) -> str:
    """How to make the CSV `rel` from the workbook `workbook` (which may be `rel` itself)."""
    name = PurePosixPath(rel).name
    if kind != XLSX:
        return (f"请在 WPS/Excel 中打开 {workbook}，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 {name}"
                "（python -m generator import 读不了旧版工作簿）")
    return (f"请用 python -m generator import {workbook} --output {rel} 转换成 CSV，"
            f"或在 WPS/Excel 中打开它，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 {name}")


def missing_file_problem(path: Path, rel: str) -> Problem:
    """A missing file; for a CSV, the workbook with its name that the office saved instead, if there is one."""
    workbook = workbook_beside(path) if rel.lower().endswith(".csv") else None
    if workbook is None:
        return problem("file-missing", rel, None)
    shown = str(PurePosixPath(rel).with_name(workbook.name))
    kind = XLSX if workbook.suffix.lower() == ".xlsx" else OLD_WORKBOOK
    return problem("file-missing-workbook", rel, None, workbook=shown,
                   convert=_workbook_advice(rel, shown, kind))


def workbook_beside(path: Path) -> Path | None:
    """A workbook with the name of the CSV at `path`, in its folder: saved there instead of it."""
    try:
        # Case-folded: a workbook saved on Windows may be POINTS.XLSX.
        siblings = {p.name.casefold(): p for p in path.parent.iterdir() if p.is_file()}
    except OSError:
        return None
    for suffix in WORKBOOK_SUFFIXES:
        if (path.stem + suffix).casefold() in siblings:
            return siblings[(path.stem + suffix).casefold()]
    return None


def is_system_file(name: str) -> bool:
    """A hidden file or folder (.DS_Store, .gitkeep, .git) or the lock file Excel, Word and WPS keep beside an
    open document (~$…): the system's or an editor's, not the office's."""
    return name.startswith((".", "~$"))


def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Decode a data file as UTF-8, or say precisely why it is not."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [problem("file-too-large", rel, None, found=size_text(size), expected=size_text(limit))]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [missing_file_problem(path, rel)]
    except OSError as exc:
        return None, [problem("file-unreadable", rel, None, reason=exc.strerror)]
    kind = workbook_kind(raw) if rel.lower().endswith(".csv") else None
    if kind is not None:  # otherwise its NUL bytes would say "damaged", which it is not
        return None, [problem("file-is-workbook", rel, None, kind=kind,
                              convert=_workbook_advice(rel, rel, kind))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("encoding-utf16", rel, 1, convert=_how_to_convert(rel))]
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    if b"\x00" in raw:
        return None, [problem("nul-byte", rel, raw[: raw.index(b"\x00")].count(b"\n") + 1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if _is_gb18030(raw):
            return None, [problem("encoding-gbk", rel, line, convert=_how_to_convert(rel))]
        return None, [problem("encoding-invalid", rel, line)]
    # Windows line ends are normal in exported files; parsers see plain newlines.
    return text.replace("\r\n", "\n"), []


def _is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- CSV


def read_csv(path: Path, rel: str, columns: Sequence[str] = (),
             titles: Mapping[str, str] | None = None) -> tuple[CsvTable | None, list[Problem]]:
    """Read a CSV file; each record's line is where the record starts.

    `columns` are the names the header may hold: a first line with none of them is not taken for a header.
    `titles` are their Chinese titles (name → title): a header written in them is named as such.
    """
    text, problems = read_text(path, rel, MAX_TABLE_BYTES)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    first: tuple[int, list[str]] | None = None  # the first row that is not blank, until the next tells what it is
    records: list[Record] = []
    known = known_names([*columns, *(titles or {}).values()])

    def header_at(row: tuple[int, list[str]]) -> tuple[list[str], list[Problem]]:
        header = [cell.strip() for cell in row[1]]
        return header, _check_header(header, rel, row[0], columns, titles or {})

    consumed = 0
    try:
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are harmless; spreadsheets leave them
            if first is None:
                first = (line, cells)
                continue
            if header is None:
                if title_row(first[1], cells, known):
                    return None, [title_problem(rel, first[0], first[1], line)]
                header, header_problems = header_at(first)
                if header_problems:
                    return None, header_problems
            if len(cells) != len(header):
                problems.append(cell_count_problem(rel, line, cells, len(header), header, titles or {}))
                continue
            values = {name: (cell.strip() or None) for name, cell in zip(header, cells)}
            records.append(Record(file=rel, line=line, values=values))
    except csv.Error as exc:
        problems.append(problem("csv-syntax", rel, consumed + 1, reason=csv_reason(exc)))
        return None, problems
    if first is None:
        problems.append(problem("file-empty", rel, 1))
        return None, problems
    if header is None:  # a header and no rows
        header, header_problems = header_at(first)
        if header_problems:
            return None, header_problems
    return CsvTable(header=header, records=records), problems


def known_names(names: Sequence[str]) -> set[str]:
    """Column names and titles as a header cell is compared with them (NFKC, lower case)."""
    return {unicodedata.normalize("NFKC", name).strip().lower() for name in names if name}


def title_row(first: Sequence[str], second: Sequence[str], known: set[str]) -> bool:
    """Whether `first`, the first row that is not blank, is a title above the header `second`, as a ledger
    printed from Excel has (示例街道友邻点台账（2021年）, merged across the sheet's width).

    The header is the row that holds a known column name (`known`, see `known_names`) when the first holds
    none; or, without names to know it by, a row of several cells under a row whose one cell is filled. With
    names, one filled cell over a row of none is a row of data under a deleted header: P1,,, then P2,b,S1.
    """
    def names(row: Sequence[str]) -> set[str]:
        return known_names([cell for cell in row if cell.strip()])

    if sum(1 for cell in second if cell.strip()) < 2 or names(first) & known:
        return False
    if known:
        return bool(names(second) & known)
    return sum(1 for cell in first if cell.strip()) == 1 and len(first) > 1


def title_problem(rel: str, line: int, cells: Sequence[str], header_line: int) -> Problem:
    title = " ".join(cell.strip() for cell in cells if cell.strip())
    return problem("header-title", rel, line, found=title, line_no=line, header_line=header_line)


def cell_count_problem(rel: str, line: int, cells: list[str], expected: int, header: Sequence[str] = (),
                       titles: Mapping[str, str] | None = None) -> Problem:
    """A row whose cells are not one a column; where a number's thousands separators split it, which one."""
    advice = ""
    if len(cells) < expected and any("，" in cell for cell in cells):
        advice = "；这一行用了中文逗号“，”分隔，应改为英文逗号“,”"
    elif len(cells) > expected and (split := _split_number(cells, len(cells) - expected)) is not None:
        start, written = split
        name = header[start] if start < len(header) else ""
        column = f"第 {start + 1} 列{f'（{(titles or {}).get(name) or name}）' if name else ''}"
        advice = (f"；{column}的「{written}」像是写了千位分隔符的数，其中的逗号把它分成了几格："
                  f"写成 {_THOUSANDS_MARKS.sub('', written)}")
    return problem("cell-count", rel, line, found=len(cells), expected=expected, advice=advice)


# A number a spreadsheet wrote with thousands separators (¥1,200.00), split at each comma: its first cell, the
# cells of three digits after it, the last of which may have decimals and a unit.
_NUMBER_START = re.compile(r"\s*[-+]?[¥￥]?\d{1,3}\s*")
_THOUSANDS = re.compile(r"\d{3}")
_THOUSANDS_END = re.compile(r"\d{3}(\.\d+)?\s*元?\s*")
_THOUSANDS_MARKS = re.compile(r"[\s,¥￥元]")


def _split_number(cells: list[str], extra: int) -> tuple[int, str] | None:
    """(the first cell's place, the number as typed) of the one number that `extra` commas split, if it is one."""
    found = None
    for start in range(len(cells) - extra):
        parts = cells[start:start + extra + 1]
        if (_NUMBER_START.fullmatch(parts[0]) and all(_THOUSANDS.fullmatch(p) for p in parts[1:-1])
                and _THOUSANDS_END.fullmatch(parts[-1])):
            if found is not None:
                return None  # two places it could be: the hint would guess
            found = (start, ",".join(part.strip() for part in parts))
    return found


# What a spreadsheet may separate columns with instead of a comma, as the office would name it, and
# whether `import` converts it (a full-width comma is also typed inside cells: it cannot tell them apart).
_OTHER_SEPARATORS = {"，": ("中文逗号“，”", False), ";": ("分号“;”", True), "；": ("中文分号“；”", False),
                     "\t": ("Tab", True)}


def separator_problem(rel: str, line: int, mark: str) -> Problem:
    """A header that is one cell because its columns are separated by `mark`, not by a comma."""
    name, converted = _OTHER_SEPARATORS[mark]
    advice = "：运行 python -m generator import 这个文件，可以转换" if converted else ""
    return problem("header-separator", rel, line, separator=name, advice=advice)


def _check_header(header: list[str], rel: str, line: int, columns: Sequence[str],
                  titles: Mapping[str, str]) -> list[Problem]:
    if len(header) == 1:
        for mark in _OTHER_SEPARATORS:
            if mark in header[0]:
                return [separator_problem(rel, line, mark)]
    chinese = _chinese_header(header, titles)
    if chinese is not None:
        return [problem("header-chinese", rel, line, found=_shown(header), expected=",".join(chinese),
                        table=PurePosixPath(rel).stem)]
    if columns and len(header) > 1 and not set(header) & set(columns):
        # A deleted header row: the first row of data would be read as one, with its empty cells as blank names.
        return [problem("header-not-found", rel, line, found=_shown(header), expected="、".join(columns))]
    return header_problems(header, rel, line)


def _shown(header: list[str]) -> str:
    return "、".join(cell for cell in header[:4] if cell) + ("……" if len(header) > 4 else "")


def _chinese_header(header: list[str], titles: Mapping[str, str]) -> list[str] | None:
    """The header in field names, when most of its cells are the fields' Chinese titles (编号,名称…)."""
    named = named_by_titles(header, titles)
    if 2 * sum(name != cell for name, cell in zip(named, header)) <= sum(1 for cell in header if cell):
        return None
    return named


def named_by_titles(header: list[str], titles: Mapping[str, str]) -> list[str]:
    """The header with each cell that is a field's Chinese title (name → title in `titles`) replaced by the
    field's name; other cells as typed. NFKC: a title typed with half-width brackets, 年度补助(元), is still the title."""
    by_title = {unicodedata.normalize("NFKC", title): name for name, title in titles.items() if title}
    return [by_title.get(unicodedata.normalize("NFKC", cell), cell) for cell in header]


def header_problems(header: list[str], rel: str, line: int) -> list[Problem]:
    """Blank and repeated column names."""
    problems = []
    seen: set[str] = set()
    for column, name in enumerate(header, start=1):
        if not name:
            problems.append(problem("header-blank", rel, line, column=column))
        elif name in seen:
            problems.append(problem("header-duplicate", rel, line, found=name))
        seen.add(name)
    return problems


def csv_reason(exc: csv.Error) -> str:
    """Python's csv complaint, as the office would understand it."""
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return "引号没有闭合（文件在引号内结束）"
    if "expected after" in text:
        return "引号后面还有文字：含引号的内容要整格用英文双引号括起来，里面的引号写两次（\"\"）"
    return f"无法解析（{text}）"
