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
