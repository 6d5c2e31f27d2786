"""Reading files: encodings and CSV structure."""

from __future__ import annotations

import pytest

from conftest import codes, write
from generator.loading import read_csv, read_text


# ---------------------------------------------------------------- encodings


def test_gbk_csv_is_refused_with_the_line_and_how_to_convert(tmp_path):
    text = "id,name\nP1,晨光苑\n"
    path = write(tmp_path, "points.csv", text.encode("gb18030"))
    table, problems = read_csv(path, "data/points.csv")
    assert table is None
    assert codes(problems) == [("encoding-gbk", 2)]
    assert problems[0].format() == (
        "data/points.csv:2: [encoding-gbk] 文件不是 UTF-8 编码（看起来是 GBK/GB18030，中文版 Excel/WPS 的默认编码）"
        " — 请运行 python -m generator import data/points.csv --output data/points.csv（转换编码，并整理 Excel 改坏的格式），"
        "或在 Excel/WPS 中“另存为 → CSV UTF-8（逗号分隔）”"
    )


def test_a_gbk_yaml_file_gets_advice_for_a_text_file(tmp_path):
    path = write(tmp_path, "meetings.yaml", "会议: 一\n".encode("gb18030"))
    _, problems = read_text(path, "data/meetings.yaml")
    assert [p.hint for p in problems] == ["请用文本编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"]


def test_utf16_and_nul_bytes_are_refused(tmp_path):
    utf16 = write(tmp_path, "a.csv", "id\nP1\n".encode("utf-16"))
    assert codes(read_csv(utf16, "a.csv")[1]) == [("encoding-utf16", 1)]
    nul = write(tmp_path, "b.csv", b"id\nP1\n\x00\n")
    assert codes(read_csv(nul, "b.csv")[1]) == [("nul-byte", 3)]


def test_bom_and_windows_line_ends_are_accepted(tmp_path):
    path = write(tmp_path, "a.csv", b"\xef\xbb\xbfid,name\r\nP1,\xe6\x99\xa8\r\n")
    table, problems = read_csv(path, "a.csv")
    assert problems == []
    assert table.header == ["id", "name"]
    assert table.records[0].values == {"id": "P1", "name": "晨"}


def test_missing_file(tmp_path):
    assert codes(read_csv(tmp_path / "nope.csv", "data/nope.csv")[1]) == [("file-missing", None)]


# ---------------------------------------------------------------- CSV structure


def test_csv_records_know_their_starting_line_across_quoted_newlines_and_blank_lines(tmp_path):
    path = write(tmp_path, "a.csv", 'id,note\nP1,"two\nlines"\n\nP2, x \n')
    table, problems = read_csv(path, "a.csv")
    assert problems == []
    assert [(r.line, r.values["id"]) for r in table.records] == [(2, "P1"), (5, "P2")]
    assert table.records[1].values["note"] == "x"  # stray spaces trimmed
    assert table.records[0].file == "a.csv"


def test_wrong_cell_count_is_reported_per_row(tmp_path):
    path = write(tmp_path, "a.csv", "id,name\nP1\nP2,b,c\nP3,c\n")
    table, problems = read_csv(path, "a.csv")
    assert codes(problems) == [("cell-count", 2), ("cell-count", 3)]
    assert [r.values["id"] for r in table.records] == ["P3"]


def test_unclosed_quote(tmp_path):
    path = write(tmp_path, "a.csv", 'id,name\nP1,"open\nP2,b\n')
    table, problems = read_csv(path, "a.csv")
    assert table is None
    assert [p.code for p in problems] == ["csv-syntax"]


@pytest.mark.parametrize(
    ("header", "code"),
    [("id,,name", "header-blank"), ("id,name,id", "header-duplicate"), ("id，name，station", "header-separator"),
     ("id;name;station", "header-separator"), ("id\tname\tstation", "header-separator")],
)
def test_bad_headers(tmp_path, header, code):
    path = write(tmp_path, "a.csv", header + "\nP1,a,b\n")
    table, problems = read_csv(path, "a.csv")
    assert table is None
    assert codes(problems) == [(code, 1)]


def test_a_separator_that_import_converts_is_named_with_the_way_to_convert_it(tmp_path):
    (found,) = read_csv(write(tmp_path, "a.csv", "id;name;station\nP1;a;b\n"), "a.csv")[1]
    assert found.format() == ("a.csv:1: [header-separator] 表头看起来用了分号“;”分隔 — "
                              "CSV 必须用英文逗号“,”分隔各列：运行 python -m generator import 这个文件，可以转换")


def test_a_first_row_of_data_is_not_taken_for_a_header_with_blank_names(tmp_path):
    path = write(tmp_path, "a.csv", "P1,,晨光苑,,,,\nP2,b,c,,,,\n")
    table, problems = read_csv(path, "a.csv", ["id", "name", "compound"])
    assert table is None and codes(problems) == [("header-not-found", 1)]
    assert problems[0].message == "第一行不是表头：没有一个认得的列名（这一行是「P1、晨光苑……」）"
    # Without the expected names (a form's upload), the blank name is what can be said.
    assert {code for code, _ in codes(read_csv(path, "a.csv")[1])} == {"header-blank"}


# ---------------------------------------------------------------- a workbook where a CSV should be

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and WPS's .et


def xlsx(tmp_path, name: str):
    """A real workbook, as Excel or WPS saves it, under `name`."""
    import openpyxl  # only these tests need it

    book = openpyxl.Workbook()
    book.active.append(["id", "name"])
    book.active.append(["P1", "晨光苑"])
    book.save(tmp_path / name)
    return tmp_path / name


def test_an_xlsx_workbook_saved_as_csv_is_named_not_called_damaged(tmp_path):
    table, problems = read_csv(xlsx(tmp_path, "points.csv"), "data/points.csv")
    assert table is None and codes(problems) == [("file-is-workbook", None)]
    assert problems[0].format() == (
        "data/points.csv: [file-is-workbook] data/points.csv 其实是 Excel 工作簿（.xlsx），不是 CSV — "
        "请用 python -m generator import data/points.csv --output data/points.csv 转换成 CSV，"
        "或在 WPS/Excel 中打开它，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 points.csv"
    )


def test_an_old_xls_or_wps_et_saved_as_csv_is_not_sent_to_import_which_cannot_read_it(tmp_path):
    path = write(tmp_path, "compounds.csv", OLE2 + b"\x00" * 504 + "工作簿".encode("utf-16-le"))
    (found,) = read_csv(path, "data/compounds.csv")[1]
    assert (found.code, found.line) == ("file-is-workbook", None)
    assert found.message == "data/compounds.csv 其实是 Excel/WPS 旧版工作簿（.xls 或 .et），不是 CSV"
    assert found.hint == ("请在 WPS/Excel 中打开 data/compounds.csv，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 compounds.csv"
                          "（python -m generator import 读不了旧版工作簿）")


def test_a_zip_that_is_no_workbook_is_still_just_not_text(tmp_path):
    path = write(tmp_path, "a.csv", b"PK\x03\x04\x14\x00\x00\x00word/document.xml")
    assert codes(read_csv(path, "a.csv")[1]) == [("nul-byte", 1)]


@pytest.mark.parametrize(
    ("name", "advice"),
    [("points.xlsx", "请用 python -m generator import data/points.xlsx --output data/points.csv 转换成 CSV"),
     ("POINTS.XLSX", "请用 python -m generator import data/POINTS.XLSX --output data/points.csv 转换成 CSV"),
     ("points.et", "请在 WPS/Excel 中打开 data/points.et，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 points.csv"),
     ("points.xls", "请在 WPS/Excel 中打开 data/points.xls，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 points.csv")],
    ids=["xlsx", "xlsx-upper-case", "et", "xls"],
)
def test_a_missing_csv_names_the_workbook_saved_in_its_place(tmp_path, name, advice):
    write(tmp_path, name, OLE2 if name.endswith(("et", "xls")) else b"PK\x03\x04")
    (found,) = read_csv(tmp_path / "points.csv", "data/points.csv")[1]
    assert (found.code, found.file, found.line) == ("file-missing-workbook", "data/points.csv", None)
    assert found.message == f"找不到文件 data/points.csv，但同一文件夹里有同名的工作簿 data/{name}"
    assert found.hint.startswith(advice)


def test_a_workbook_of_another_name_or_beside_a_yaml_file_is_not_mentioned(tmp_path):
    write(tmp_path, "points-2024.xlsx", b"PK\x03\x04")
    write(tmp_path, "hubs.xlsx", b"PK\x03\x04")
    assert codes(read_csv(tmp_path / "points.csv", "data/points.csv")[1]) == [("file-missing", None)]
    assert codes(read_text(tmp_path / "hubs.yaml", "data/hubs.yaml")[1]) == [("file-missing", None)]


# ---------------------------------------------------------------- a header in Chinese

TITLES = {"id": "编号", "name": "名称", "station": "所属友邻站", "subsidy_yuan": "年度补助（元）"}


def test_a_header_of_chinese_titles_is_named_with_the_field_names_to_write(tmp_path):
    path = write(tmp_path, "points.csv", "\n编号,名称,所属友邻站,年度补助(元),备注\nP1,a,S1,500,\n")
    table, problems = read_csv(path, "data/points.csv", list(TITLES), TITLES)
    assert table is None and codes(problems) == [("header-chinese", 2)]  # the line after the blank one
    assert problems[0].format() == (
        "data/points.csv:2: [header-chinese] 表头写成了中文：第一行要写字段名（这一行是「编号、名称、所属友邻站、年度补助(元)……」） — "
        "请把第一行改为 id,name,station,subsidy_yuan,备注，或用 python -m generator import data/points.csv"
        " --output data/points.csv 改好（各字段的字段名和中文名见 python -m generator fields points）"
    )


def test_a_header_with_a_chinese_name_or_two_is_left_to_the_column_checks(tmp_path):
    path = write(tmp_path, "points.csv", "id,名称,station,subsidy_yuan\nP1,a,S1,500\n")
    table, problems = read_csv(path, "data/points.csv", list(TITLES), TITLES)
    assert problems == [] and table.header == ["id", "名称", "station", "subsidy_yuan"]


# ---------------------------------------------------------------- a title above the header


@pytest.mark.parametrize("title", ["示例街道友邻点台账（2021年）,,,", "示例街道友邻点台账（2021年）", "台账,2021年,,"])
def test_a_title_above_the_header_is_said_once(tmp_path, title):
    path = write(tmp_path, "points.csv", f"{title}\n\n编号,name,station,subsidy_yuan\nP1,a,S1,500\n")
    table, problems = read_csv(path, "data/points.csv", list(TITLES), TITLES)
    assert table is None and codes(problems) == [("header-title", 1)]
    assert problems[0].message.startswith("第 1 行像是标题（「") and problems[0].message.endswith("」），表头在第 3 行")
    assert problems[0].hint == "删除第 1 行：第一行必须是表头"


def test_one_filled_cell_over_a_row_of_data_is_not_taken_for_a_title_when_the_header_is_known(tmp_path):
    path = write(tmp_path, "points.csv", "P1,,,\nP2,b,S1,500\n")
    assert codes(read_csv(path, "data/points.csv", list(TITLES), TITLES)[1]) == [("header-not-found", 1)]


def test_a_number_split_by_its_thousands_separator_is_named_with_its_column(tmp_path):
    # A clerk typing an amount as the ledger shows it (¥1,200.00) in the web editor: a cell too many, and the
    # message used to name neither the column nor the number, leaving the clerk to count commas.
    path = write(tmp_path, "spending.csv", "id,hub,amount_yuan,note\nE1,S1,¥1,200.00,\nE2,S1,12,345,678,\nE3,S1,1,2,x\n")
    _, problems = read_csv(path, "spending.csv", titles={"amount_yuan": "金额（元）"})
    assert codes(problems) == [("cell-count", 2), ("cell-count", 3), ("cell-count", 4)]
    assert problems[0].hint == ("检查是否多了或少了逗号；含逗号的内容要用英文双引号括起来；第 3 列（金额（元））的「¥1,200.00」"
                                "像是写了千位分隔符的数，其中的逗号把它分成了几格：写成 1200.00")
    assert "「12,345,678」" in problems[1].hint and "写成 12345678" in problems[1].hint
    assert "千位分隔符" not in problems[2].hint  # 1 and 2 are not a number's parts
