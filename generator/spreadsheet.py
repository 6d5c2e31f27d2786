"""Reading a spreadsheet export as rows of text, whatever Excel or WPS made of it.

CSV in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 (with or without BOM,
as Excel's "Unicode text"), with CRLF line ends and comma, tab or semicolon
separators; or the first sheet of an `.xlsx` workbook, read with openpyxl. Every
conversion is recorded as a `Change` so the import can show what it did.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time

from .loading import csv_reason, separator_problem
from .problems import Problem, problem

Rows = list[tuple[int, list[str]]]  # (line or sheet row, cells)


@dataclass(frozen=True)
class Change:
    line: int | None  # the row's line in the source (its row number in a workbook)
    column: str | None  # None: the whole file
    before: str
    after: str
    reason: str

    def format(self) -> str:
        where = "整个文件" if self.line is None else f"第 {self.line} 行"
        if self.column:
            where += f" {self.column}"
        if self.column is None:
            return f"{where}：{self.reason}"
        return f"{where}：「{self.before}」→「{self.after}」（{self.reason}）"


def decode(raw: bytes, rel: str, changes: list[Change]) -> tuple[str | None, list[Problem]]:
    """Text from UTF-8 (with or without BOM), UTF-16 (with or without BOM) or GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        changes.append(Change(None, None, "", "", "去掉 UTF-8 的 BOM 标记"))
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be")
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            return None, [problem("encoding-invalid", rel, None)]
        changes.append(Change(None, None, "", "", "编码 UTF-16 → UTF-8"))
        return text, []
    if b"\x00" in raw:
        return None, [problem("nul-byte", rel, raw[: raw.index(b"\x00")].count(b"\n") + 1)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None, [problem("encoding-invalid", rel, raw[: utf8_error.start].count(b"\n") + 1)]
    changes.append(Change(None, None, "", "", "编码 GBK/GB18030 → UTF-8"))
    return text, []


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is a NUL."""
    return len(raw) % 2 == 0 and len(raw) >= 4 and max(raw[1::2].count(0), raw[0::2].count(0)) * 3 > len(raw)


def csv_rows(text: str, rel: str, changes: list[Change]) -> tuple[Rows, list[Problem]]:
    if "\r" in text:
        changes.append(Change(None, None, "", "", "Windows 换行（CRLF）→ LF"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = ","
    if "," not in first and "\t" in first:
        delimiter = "\t"
        changes.append(Change(None, None, "", "", "分隔符 Tab → 英文逗号"))
    elif "," not in first and first.count(";") >= 2:
        delimiter = ";"
        changes.append(Change(None, None, "", "", "分隔符 ; → 英文逗号"))
    elif "," not in first and "，" in first:
        return [], [separator_problem(rel, 1, "，")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, consumed = [], 0
    try:
        for cells in reader:
            rows.append((consumed + 1, cells))
            consumed = reader.line_num
    except csv.Error as exc:
        return [], [problem("csv-syntax", rel, consumed + 1, reason=csv_reason(exc))]
    return rows, []


def xlsx_rows(raw: bytes, rel: str, changes: list[Change]) -> tuple[Rows, list[Problem]]:
    """The first sheet's rows; a formula cell is a problem (its value depends on Excel).

    Read from its bytes: openpyxl refuses a path that does not end in .xlsx, and a workbook saved
    as points.csv is one the office most needs converted.
    """
    import openpyxl  # only needed for workbooks

    rows: Rows = []
    problems: list[Problem] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            if len(workbook.worksheets) > 1:
                changes.append(Change(None, None, "", "", f"只读取第一个工作表「{sheet.title}」"))
            for cells in sheet.iter_rows():
                line = next((c.row for c in cells if getattr(c, "row", None)), len(rows) + 1)
                for cell in cells:
                    if getattr(cell, "data_type", None) == "f":
                        problems.append(problem("import-formula", rel, line, found=str(cell.value)[:40],
                                                column=getattr(cell, "column_letter", "?")))
                rows.append((line, [_cell_text(cell.value) for cell in cells]))
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - a damaged workbook fails in many ways (zip, XML, indexes)
        return [], [problem("import-unreadable", rel, None, reason=type(exc).__name__)]
    return rows, problems


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
