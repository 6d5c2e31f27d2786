"""Reading a workbook's first sheet (its merged ranges come from that sheet's part, however the package lays it out),
and repairing its cells."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from generator.spreadsheet import repair_cell, xlsx_rows
from generator.tables import table_schema


def _two_sheets() -> dict[str, bytes]:
    """The parts of a workbook whose first sheet 台账 and second sheet 备注 have merged ranges of their own."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "台账"
    first.append(["负责人", None, "地址"])
    first.merge_cells("A1:B1")
    second = book.create_sheet("备注")
    second.append(["说明"])
    second.merge_cells("A1:D3")
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _swapped(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The first sheet kept in sheet2.xml, as moved tabs leave it; the other named by a target relative to the
    workbook's folder, as Excel writes it (openpyxl writes absolute ones, from the package's root)."""
    parts = dict(parts)
    one, two = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
    parts[one], parts[two] = parts[two], parts[one]
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("/xl/worksheets/sheet1.xml", "@1").replace("/xl/worksheets/sheet2.xml", "@2")
    rels = rels.replace("worksheets/sheet1.xml", "@1").replace("worksheets/sheet2.xml", "@2")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("@1", "/" + two).replace("@2", "worksheets/sheet1.xml").encode()
    return parts


def _moved_workbook(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The workbook's part not at xl/workbook.xml: its content type says where it is."""
    parts = dict(parts)
    parts["xl/book.xml"] = parts.pop("xl/workbook.xml")
    parts["xl/_rels/book.xml.rels"] = parts.pop("xl/_rels/workbook.xml.rels")
    for name in ("[Content_Types].xml", "_rels/.rels"):
        parts[name] = parts[name].replace(b"xl/workbook.xml", b"xl/book.xml")
    return parts


@pytest.mark.parametrize("layout", [dict, _swapped, _moved_workbook, lambda parts: _moved_workbook(_swapped(parts))])
def test_the_merged_ranges_are_the_first_sheets_wherever_its_part_is(layout):
    merged: list[str] = []
    changes: list = []
    rows, problems = xlsx_rows(_package(layout(_two_sheets())), "ledger.xlsx", changes, merged)
    assert problems == []
    assert rows == [(1, ["负责人", "", "地址"])]
    assert merged == ["A1:B1"]
    assert [c.reason for c in changes] == ["只读取第一个工作表「台账」"]


AMOUNT = next(f for f in table_schema("spending")["fields"] if f["name"] == "amount_yuan")  # text of a pattern
SUBSIDY = next(f for f in table_schema("points")["fields"] if f["name"] == "subsidy_yuan")  # an integer


@pytest.mark.parametrize(("typed", "expected", "reasons"), [
    ("￥1,200.00", "1200.00", ["去掉货币符号「￥」", "去掉千位分隔符"]),
    ("¥ 85", "85", ["去掉货币符号「¥」"]),
    ("85元", "85", ["去掉单位「元」"]),
    ("RMB 120.5", "120.5", ["去掉货币符号「RMB」"]),
    (" 1,234.56 ", "1234.56", ["去掉首尾空格", "去掉千位分隔符"]),
    ("１２０．５元", "120.5", ["全角字符改为半角", "去掉单位「元」"]),  # the digits too: told as full-width
    ("128.50", "128.50", []),
])
def test_an_amount_in_currency_format_is_written_as_its_number(typed, expected, reasons):
    assert repair_cell(typed, AMOUNT, code_like=True) == (expected, reasons)


def test_an_integer_amount_loses_the_cents_its_currency_format_showed():
    assert repair_cell("￥3,000.00", SUBSIDY, code_like=True) == (
        "3000", ["去掉货币符号「￥」", "去掉千位分隔符", "去掉 Excel 加上的 .0"])


@pytest.mark.parametrize("typed", ["1.200,00", "12,50", "1,2345.00", "100元/200元", "约100元", "-¥85"])
def test_an_amount_that_could_be_read_two_ways_is_left_as_typed(typed):
    assert repair_cell(typed, AMOUNT, code_like=True) == (typed, [])


def test_only_an_amount_loses_its_yuan():
    receipt = next(f for f in table_schema("spending")["fields"] if f["name"] == "receipt")
    assert repair_cell("85元", receipt, code_like=True) == ("85元", [])
