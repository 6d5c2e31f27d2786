"""Reading a spreadsheet export as rows of text, whatever Excel or WPS made of it.

CSV in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 (with or without BOM,
as Excel's "Unicode text"), with CRLF line ends and comma, tab or semicolon
separators; or the first sheet of an `.xlsx` workbook, read with openpyxl. Then
each cell is repaired where that needs no guess (`repair_cell`, the list is in
importing.py). Every conversion is recorded as a `Change` so the import can show
what it did.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .loading import csv_reason, separator_problem, title_row
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


def xlsx_rows(raw: bytes, rel: str, changes: list[Change],
              merged: list[str] | None = None) -> tuple[Rows, list[Problem]]:
    """The first sheet's rows; a formula cell is a problem (its value depends on Excel).

    Read from its bytes: openpyxl refuses a path that does not end in .xlsx, and a workbook saved
    as points.csv is one the office most needs converted. `merged` receives the sheet's merged
    ranges (A1:T1): a title or a header of two rows is told by them.
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
            if merged is not None:
                merged += _merged_ranges(raw, sheet.title)
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - a damaged workbook fails in many ways (zip, XML, indexes)
        return [], [problem("import-unreadable", rel, None, reason=type(exc).__name__)]
    return rows, problems


# The parts of an .xlsx (ECMA-376): the content types name the workbook's part, its relationships its sheets'.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKBOOK_TYPES = {f"application/vnd.{kind}.main+xml" for kind in (
    "openxmlformats-officedocument.spreadsheetml.sheet", "ms-excel.sheet.macroEnabled",
    "openxmlformats-officedocument.spreadsheetml.template", "ms-excel.template.macroEnabled")}


def _merged_ranges(raw: bytes, title: str) -> list[str]:
    """The merged ranges of the sheet named `title`, which openpyxl does not keep when read-only.

    Read from the sheet's XML, found as openpyxl finds it (its way to the part is not public), with defusedxml,
    which refuses XML bombs as it does for openpyxl.
    """
    import posixpath
    import zipfile

    from defusedxml.ElementTree import fromstring, iterparse

    ranges = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        types = fromstring(archive.read("[Content_Types].xml"))
        book = next((o.get("PartName", "").lstrip("/") for o in types.iter(f"{_TYPES}Override")
                     if o.get("ContentType") in _WORKBOOK_TYPES), "xl/workbook.xml")
        # Sheet names are unique in a workbook: the name finds the sheet openpyxl read.
        sheet_id = next(s.get(_REL_ID) for s in fromstring(archive.read(book)).iter(f"{_MAIN}sheet")
                        if s.get("name") == title)
        folder, name = posixpath.split(book)
        rels = fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
        target = next(r.get("Target") for r in rels.iter(_RELATIONSHIP) if r.get("Id") == sheet_id)
        # A target is relative to the workbook's folder, or to the package's root when it starts with /.
        sheet = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        with archive.open(sheet) as source:
            for _, element in iterparse(source):
                if element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                    ranges.append(element.get("ref"))
                element.clear()  # a city's sheet is large: keep none of it
    return ranges


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


# ---------------------------------------------------------------- the header


def without_title(rows: Rows, known: set[str], changes: list[Change]) -> Rows:
    """The rows that are not blank, without a title above the header (see loading.title_row)."""
    if len(rows) < 2 or not title_row(rows[0][1], rows[1][1], known):
        return rows
    (line, cells), rows = rows[0], rows[1:]
    title = " ".join(clean(c) for c in cells if clean(c))
    changes.append(Change(line, None, "", "", f"像是标题「{title}」，表头在第 {rows[0][0]} 行：删除这一行"))
    return rows


def merged_header(merged: list[str], rows: Rows) -> list[str]:
    """The merged ranges (a workbook's) over the header row, the first of `rows`, each with its text: G1:K1（负责人）."""
    if not merged:
        return []
    from openpyxl.utils.cell import range_boundaries  # merged ranges come only from a workbook

    line = rows[0][0]
    spans = []
    for ref in merged:
        first_column, first_row, _, last_row = range_boundaries(ref)
        if first_row <= line <= last_row:
            top = next((cells for at, cells in rows if at == first_row), [])
            text = clean(top[first_column - 1]) if first_column <= len(top) else ""
            spans.append(f"{ref}（{text}）" if text else ref)
    return spans


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


class Unfixable(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def is_code_like(definition: dict, foreign: set[str]) -> bool:
    """Ids, choices, phones, numbers and dates: NFKC is safe there, and only there."""
    constraints = definition.get("constraints", {})
    return (definition["type"] in ("integer", "number", "date") or "pattern" in constraints
            or definition["name"] in foreign or definition["name"] == "id"
            or all(str(v).isascii() for v in constraints.get("enum", ["汉"])))


def repair_cell(value: str, definition: dict, code_like: bool) -> tuple[str, list[str]]:
    """The repaired cell and the reasons; raises Unfixable when digits were lost."""
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
    if text.startswith("'") and len(text) > 1:
        # Excel's mark for "keep this as text" ('13900007777), left in the cell by some exports and by typing.
        text = text[1:].lstrip()
        reasons.append("去掉 Excel 文本格式的前导单引号")
    if not code_like or not text:
        return text, reasons
    choice = choice_names(definition).get(text)
    if choice is not None:
        return choice, [*reasons, "中文名改为可选值"]
    folded = unicodedata.normalize("NFKC", text)
    amount = money_amount(text) if is_money(definition) else None
    # ￥ is the sign a Chinese keyboard types: told with the sign dropped, not as a full-width character.
    if folded != text and not (amount and text.replace("￥", "¥") == folded):
        reasons.append("全角字符改为半角")
    text = folded
    kind = definition["type"]
    if amount:
        text, dropped = amount
        reasons += dropped
    if "phone" in definition["name"]:
        text = _repair_number(text, reasons, phone=True)
        text = _repair_phone(text, reasons)
    elif kind in ("integer", "number"):
        text = _repair_number(text, reasons, phone=False)
    elif kind == "date":
        written = written_date(text)
        if written and written.iso and written.iso != text:  # a day that does not exist is left for check to tell
            reasons.append("Excel 的日期序号改为 年-月-日" if written.serial else "日期改为 年-月-日")
            text = written.iso
    return text, reasons


# A date as a clerk types it (2020/3/10, 2020.3.10, 2020年3月10日, 2020-3-10), with the midnight Excel may add.
_DATE = re.compile(r"^([0-9]{4})\s*[/.年-]\s*([0-9]{1,2})\s*[/.月-]\s*([0-9]{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$")
_DATE_DIGITS = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")  # 20200310
# Excel keeps a date as its count of days from 1899-12-30, and a date cell formatted as a number shows it (43900 is
# 2020-03-10). Only a count that falls from 1990 to 2100 is taken for a date: a network has no other.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range((date(1990, 1, 1) - _EXCEL_EPOCH).days, (date(2101, 1, 1) - _EXCEL_EPOCH).days)


@dataclass(frozen=True)
class WrittenDate:
    """The year, month and day a date cell was written with: a day that may not exist (2020-02-30)."""

    year: int
    month: int
    day: int
    serial: bool = False  # written as Excel's count of days

    @property
    def iso(self) -> str | None:
        """年-月-日, as a data file has it; None when there is no such day."""
        try:
            return date(self.year, self.month, self.day).isoformat()
        except ValueError:
            return None


def written_date(text: str) -> WrittenDate | None:
    """The date a date cell's text stands for, full-width digits too; None when it is written as no date.

    The one reading of a clerk's date: import repairs with it, and check offers the value it would write.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.match(text)
    if match:
        return WrittenDate(*(int(g) for g in match.groups()))
    match = _DATE_DIGITS.match(text)
    if match:
        written = WrittenDate(*(int(g) for g in match.groups()))
        return written if written.iso else None  # eight digits that are no day are no date either
    if text.isascii() and text.isdigit() and int(text) in _EXCEL_SERIALS:
        day = _EXCEL_EPOCH + timedelta(days=int(text))
        return WrittenDate(day.year, day.month, day.day, serial=True)
    return None


def choice_names(definition: dict) -> dict[str, str]:
    """A choice's Chinese name → the choice, as the description names them: `planned（筹建中）、active（运行中）`."""
    choices = tuple(str(v) for v in definition.get("constraints", {}).get("enum", ()))
    return _choice_names(definition.get("description", ""), choices)


@lru_cache(maxsize=None)
def _choice_names(description: str, choices: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for choice in choices:
        # The name ends at the bracket or at a comment after a comma: none（不公开，默认）.
        match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(choice)}（([^，、）]+)", description)
        if match:
            found.setdefault(match.group(1).strip(), []).append(choice)
    return {name: names[0] for name, names in found.items() if len(names) == 1}  # an ambiguous name is no name


def is_money(definition: dict) -> bool:
    """The schemas name every amount of money *_yuan (amount_yuan, subsidy_yuan), as check's hint knows it."""
    return definition["name"].endswith("_yuan")


# An amount as a ledger's currency format shows it: ¥1,234.56, 85元, RMB 120.5. Thousands separated only in
# groups of three before the point, so 1.200,00 or 12,50 (a decimal comma?) is no amount and is left to check.
_AMOUNT = re.compile(r"^(?P<sign>¥|RMB)?\s*(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
                     r"\s*(?P<unit>元|圆|RMB)?$", re.IGNORECASE)


def money_amount(text: str) -> tuple[str, list[str]] | None:
    """The number of an amount written in currency format, full-width too, and what was dropped from it (the sign
    as typed); None when `text` is a plain number already, or not one amount."""
    match = _AMOUNT.match(unicodedata.normalize("NFKC", text).strip())
    if not match or not (match.group("sign") or match.group("unit") or "," in match.group("number")):
        return None
    sign = "￥" if "￥" in text else match.group("sign")
    dropped = [f"去掉货币符号「{sign}」"] if sign else []
    if match.group("unit"):
        dropped.append(f"去掉单位「{match.group('unit')}」")
    if "," in match.group("number"):
        dropped.append("去掉千位分隔符")
    return match.group("number").replace(",", ""), dropped


def _repair_number(text: str, reasons: list[str], phone: bool) -> str:
    if _SCIENTIFIC.match(text):
        mantissa = text.lower().split("e")[0].lstrip("+-")
        digits = len(mantissa.replace(".", "").lstrip("0"))
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number != number.to_integral_value() or (phone and digits < len(str(int(number)))):
            raise Unfixable("import-mangled-number", found=text)
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


def clean(cell: str) -> str:
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", cell)).strip()
