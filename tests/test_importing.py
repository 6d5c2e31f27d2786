"""Importing spreadsheet exports: what is repaired, what is refused, and that nothing is written on refusal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

import generator.cli as cli
from conftest import FIXTURE
from generator.build import check
from generator.importing import import_table, main, run_import
from generator.spreadsheet import choice_names
from generator.tables import table_schema


FIXTURE_POINTS = (FIXTURE / "data" / "points.csv").read_text(encoding="utf-8")


def _canonical_points() -> str:
    """The fixture's points.csv as an import writes it: every column of the schema, in its order. The fixture
    leaves out the optional closed_on (after established), as data kept before that column was added does."""
    rows = [line.split(",") for line in FIXTURE_POINTS.splitlines()]  # no fixture cell holds a comma
    at = rows[0].index("established") + 1
    return "".join(",".join([*row[:at], "" if n else "closed_on", *row[at:]]) + "\n" for n, row in enumerate(rows))


POINTS = _canonical_points()
COMPOUNDS = (FIXTURE / "data" / "compounds.csv").read_text(encoding="utf-8")


def export(tmp_path: Path, data: bytes | str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def changed(result) -> list[tuple[int | None, str | None, str, str]]:
    return [(c.line, c.column, c.before, c.after) for c in result.changes if c.column]


def file_changes(result) -> list[str]:
    return [c.reason for c in result.changes if c.column is None]


def codes(result) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in result.problems]


# ---------------------------------------------------------------- canonical files pass through unchanged


@pytest.mark.parametrize(("text", "table"), [
    (POINTS, "points"), (COMPOUNDS, "compounds"),
    *(((FIXTURE / "data" / f"{name}.csv").read_text(encoding="utf-8"), name) for name in ("spending", "projects")),
])
def test_a_canonical_file_is_imported_unchanged(tmp_path, text, table):
    result = import_table(export(tmp_path, text))
    assert (result.table, result.text, result.changes, result.problems) == (table, text, [], [])


# ---------------------------------------------------------------- encodings and structure


@pytest.mark.parametrize(
    ("data", "reasons"),
    [
        (POINTS.encode("gb18030"), ["编码 GBK/GB18030 → UTF-8"]),
        (POINTS.replace("\n", "\r\n").encode("gb18030"), ["编码 GBK/GB18030 → UTF-8", "Windows 换行（CRLF）→ LF"]),
        (b"\xef\xbb\xbf" + POINTS.encode(), ["去掉 UTF-8 的 BOM 标记"]),
        (POINTS.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"),  # Excel's "Unicode text"
         ["编码 UTF-16 → UTF-8", "Windows 换行（CRLF）→ LF", "分隔符 Tab → 英文逗号"]),
        (POINTS.encode("utf-16-le"), ["编码 UTF-16 → UTF-8"]),
        (POINTS.encode("utf-16-be"), ["编码 UTF-16 → UTF-8"]),
        (POINTS.replace(",", ";").encode(), ["分隔符 ; → 英文逗号"]),
    ],
    ids=["gbk", "gbk-crlf", "bom", "utf16-tabs", "utf16le-no-bom", "utf16be-no-bom", "semicolons"],
)
def test_encodings_and_separators_become_utf8_csv(tmp_path, data, reasons):
    result = import_table(export(tmp_path, data))
    assert result.problems == []
    assert result.text == POINTS
    assert file_changes(result) == reasons


def test_blank_rows_and_empty_trailing_columns_are_dropped(tmp_path):
    lines = POINTS.split("\n")
    text = "\n".join(line + ",," if line else line for line in lines[:3]) + "\n,,,\n\n" + "\n".join(lines[3:])
    result = import_table(export(tmp_path, text))
    assert result.problems == []
    assert result.text == POINTS
    assert file_changes(result) == ["删除空行", "删除空行", "删除右侧多余的空列（2 列）"]


def test_columns_are_put_in_schema_order(tmp_path):
    result = import_table(export(tmp_path, "name,community,id\n晨光苑,dongfang,K1\n"))
    assert result.text == "id,name,community\nK1,晨光苑,dongfang\n"
    assert file_changes(result) == ["各列按表结构的顺序排列，补齐缺少的可选列"]


def test_header_cells_are_tidied(tmp_path):
    result = import_table(export(tmp_path, "ＩＤ ,Name,\u3000community\nK1,晨光苑,dongfang\n"))
    assert result.problems == []
    assert result.text == "id,name,community\nK1,晨光苑,dongfang\n"


# ---------------------------------------------------------------- cells


def with_p03(**cells: str) -> str:
    """points.csv with some of P03's cells replaced."""
    header = POINTS.split("\n")[0].split(",")
    lines = POINTS.split("\n")
    row = lines[3].split(",")
    for name, value in cells.items():
        row[header.index(name)] = value
    lines[3] = ",".join(row)
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"leader_phone": "１３９００００３３３３"}, "13900003333"),
        ({"leader_phone": "139 0000 3333"}, "13900003333"),
        ({"leader_phone": "139-0000-3333"}, "13900003333"),
        ({"leader_phone": "+86 139 0000 3333"}, "13900003333"),
        ({"leader_phone": "0086-13900003333"}, "13900003333"),
        ({"leader_phone": "13900003333.0"}, "13900003333"),
        ({"leader_phone": "1.3900003333E+10"}, "13900003333"),
        ({"leader_phone": "(0573)85012345"}, "0573-85012345"),
        ({"leader_phone": "0573 85012345"}, "0573-85012345"),
        ({"leader_phone": "+86 573 85012345"}, "0573-85012345"),
        ({"leader_phone": "\u00a013900003333\u3000"}, "13900003333"),
        ({"id": "Ｐ０３"}, "P03"),
        ({"station": "Ｓ２ "}, "S2"),
        ({"leader_phone_publication": "ｎｏｎｅ"}, "none"),
        ({"subsidy_yuan": "500.0"}, "500"),
        ({"subsidy_yuan": "５００"}, "500"),
        ({"established": "2020/4/10"}, "2020-04-10"),
        ({"established": "2020年4月10日"}, "2020-04-10"),
        ({"established": "2020.4.10"}, "2020-04-10"),
        ({"established": "2020-04-10 00:00:00"}, "2020-04-10"),
        ({"established": "20200410"}, "2020-04-10"),
        ({"established": "43931"}, "2020-04-10"),  # Excel's count of days, from a date cell formatted as a number
    ],
)
def test_ids_phones_numbers_and_dates_are_repaired(tmp_path, cells, expected):
    result = import_table(export(tmp_path, with_p03(**cells)))
    assert result.problems == []
    (name,) = cells
    assert changed(result) == [(4, name, cells[name], expected)]
    assert result.text.split("\n")[3] == with_p03(**{name: expected}).split("\n")[3]


def test_an_excel_day_count_is_said_to_be_one(tmp_path):
    result = import_table(export(tmp_path, with_p03(established="43931")))
    assert [c.reason for c in result.changes if c.column] == ["Excel 的日期序号改为 年-月-日"]


@pytest.mark.parametrize("typed", ["2020/2/30", "20201340", "439", "2020-04-10"])
def test_a_date_that_is_no_day_is_left_for_the_check_to_report(tmp_path, typed):
    # 2020/2/30 would become 2020-02-30 and still be wrong: check says that February has no 30th.
    result = import_table(export(tmp_path, with_p03(established=typed)))
    assert result.problems == [] and changed(result) == []


@pytest.mark.parametrize("cells", [{"subsidy_yuan": "5E+999"}, {"leader_phone": "1E+99999"}])
def test_a_number_excel_did_not_write_is_left_for_the_check_to_report(tmp_path, cells):
    # Found by test_fuzz: 1E+99999 took seconds to expand and then failed to print as a string.
    result = import_table(export(tmp_path, with_p03(**cells)))
    assert result.problems == [] and changed(result) == []


def test_names_keep_their_full_width_characters_but_lose_stray_spaces(tmp_path):
    text = with_p03(name="\u3000西苑新村（Ａ区）\u00a0友邻点 ", address="西苑新村　党员先锋站")
    result = import_table(export(tmp_path, text))
    assert result.problems == []
    assert changed(result) == [
        (4, "name", "\u3000西苑新村（Ａ区）\u00a0友邻点 ", "西苑新村（Ａ区） 友邻点"),
        (4, "address", "西苑新村　党员先锋站", "西苑新村 党员先锋站"),
    ]
    assert "西苑新村（Ａ区） 友邻点" in result.text  # NFKC would have made it (A区)


def test_the_repaired_file_passes_the_check(fixture_project, tmp_path):
    text = with_p03(leader_phone="+86 139 0000 3333", id="Ｐ０３", established="2020/4/10").replace("\n", "\r\n")
    assert run_import(export(tmp_path, text.encode("gb18030")), None, None, fixture_project.data_dir) == 0
    assert (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8") == POINTS
    assert check(fixture_project).report.problems == []


# ---------------------------------------------------------------- refusals: nothing is written


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (with_p03(leader_phone="1.39E+10"), [("import-mangled-number", 4)]),
        (with_p03(leader_phone="1.38001E+10"), [("import-mangled-number", 4)]),
        (with_p03(instructor='"=HYPERLINK(""https://x.example"",""点"")"'), [("formula-cell", 4)]),
        (with_p03(name="<script>alert(1)</script>"), [("unsafe-html", 4)]),
        (POINTS.replace("P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,"), [("cell-count", 4)]),
        (POINTS.replace(",", "，"), [("header-separator", 1)]),
        (POINTS.replace("P02,", 'P02,"'), [("csv-syntax", 3)]),
        (POINTS.replace(",instructor,", ",,"), [("header-blank", 1)]),
        ("a,b\n1,2\n", [("import-table-unknown", 1)]),
        ("", [("file-empty", 1)]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, [("import-xls", None)]),
        (b"id,name\n\x80\x80\xff\n", [("encoding-invalid", 2)]),
        (b"id,name\nK1,a\x00b\n", [("nul-byte", 2)]),
    ],
    ids=["scientific", "issue-example", "formula", "script", "cell-count", "fullwidth-comma", "unclosed-quote",
         "blank-header", "unknown-table", "empty", "xls", "invalid-bytes", "nul"],
)
def test_what_cannot_be_repaired_is_refused_and_nothing_is_written(tmp_path, capsys, data, expected):
    result = import_table(export(tmp_path, data))
    assert result.text is None
    assert codes(result) == expected
    output = tmp_path / "out.csv"
    assert run_import(export(tmp_path, data), None, output, tmp_path) == 1
    assert not output.exists()
    assert "没有写入任何文件" in capsys.readouterr().err


def test_a_refused_import_leaves_the_data_file_as_it_was(fixture_project, tmp_path):
    before = (fixture_project.data_dir / "points.csv").read_bytes()
    assert run_import(export(tmp_path, with_p03(leader_phone="1.39E+10")), None, None, fixture_project.data_dir) == 1
    assert (fixture_project.data_dir / "points.csv").read_bytes() == before


def test_the_table_can_be_named_and_must_then_match(tmp_path):
    assert import_table(export(tmp_path, COMPOUNDS), "compounds").table == "compounds"
    assert codes(import_table(export(tmp_path, COMPOUNDS), "points")) == [("header-unknown", 1), ("header-missing", 1)]


def test_a_too_large_file_is_refused(tmp_path, monkeypatch):
    import generator.importing

    monkeypatch.setattr(generator.importing, "MAX_TABLE_BYTES", 1000)  # not 64 MB of test data
    path = export(tmp_path, b"id,name,community\n" + b"K1,x,y\n" * 200)
    assert codes(import_table(path)) == [("file-too-large", None)]


# ---------------------------------------------------------------- workbooks


def workbook(tmp_path: Path, rows: list[list], sheets: int = 1) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "友邻点"
    for row in rows:
        sheet.append(row)
    for i in range(1, sheets):
        book.create_sheet(f"备注{i}")
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_an_xlsx_workbook_is_read_with_typed_cells(tmp_path):
    header = POINTS.split("\n")[0].split(",")
    row = ["P01", "晨光苑友邻点", "S1", "物业用房", "晨光苑物业用房", "晨光苑", "林晓光", True, 13900001111, "full",
           datetime(2020, 3, 5), "赵指导", "协商议事、生活帮助", "每周二 9:00-11:00", 500.0, None, "active",
           datetime(2020, 3, 10), None, 30.1, 120.1]
    result = import_table(workbook(tmp_path, [header, row], sheets=2))
    assert result.problems == []
    assert result.text == "\n".join(POINTS.split("\n")[:2]) + "\n"
    assert file_changes(result) == ["只读取第一个工作表「友邻点」"]


def test_a_workbook_saved_under_a_csv_name_is_read_as_the_workbook_it_is(tmp_path):
    header = POINTS.split("\n")[0].split(",")
    row = POINTS.split("\n")[1].split(",")
    path = workbook(tmp_path, [header, row]).rename(tmp_path / "points.csv")
    result = import_table(path)
    assert result.problems == [] and result.text == "\n".join(POINTS.split("\n")[:2]) + "\n"


def test_a_header_typed_in_the_fields_chinese_titles_is_named_by_the_fields(tmp_path):
    titles = {"id": "编号", "name": "名称", "community": "所属社区(村)"}  # the schema's brackets are full-width
    source = export(tmp_path, ("编号,名称,所属社区(村)\nK1,晨光苑,dongfang\n").encode("utf-8"))
    result = import_table(source)
    assert result.problems == [] and result.table == "compounds"
    assert result.text == f"{','.join(titles)}\nK1,晨光苑,dongfang\n"
    assert "表头的中文名改为字段名" in file_changes(result)


def test_a_warning_is_told_and_the_table_still_written(tmp_path):
    result = import_table(export(tmp_path, with_p03(services="协商议事，有事打 13912345678").encode("utf-8")))
    assert [(p.code, p.line) for p in result.problems] == [("phone-in-text", 4)]
    assert result.text is not None and "有事打 13912345678" in result.text


def test_a_formula_in_a_workbook_is_refused(tmp_path):
    rows = [["id", "name", "community"], ["K1", '=HYPERLINK("https://x.example","晨光苑")', "dongfang"]]
    result = import_table(workbook(tmp_path, rows))
    assert codes(result) == [("import-formula", 2)]
    assert result.problems[0].message == 'B 列是公式「=HYPERLINK("https://x.example","晨光苑")」'


def test_a_damaged_workbook_is_reported(tmp_path):
    path = export(tmp_path, b"PK\x03\x04 not really a workbook", "broken.xlsx")
    assert codes(import_table(path)) == [("import-unreadable", None)]


# ---------------------------------------------------------------- the command


def test_the_command_prints_each_change_and_writes_the_table(fixture_project, tmp_path, capsys):
    source = export(tmp_path, with_p03(leader_phone="139 0000 3333").encode("gb18030"))
    assert main([str(source), "--project", str(fixture_project.root)]) == 0
    out = capsys.readouterr().out
    assert "整个文件：编码 GBK/GB18030 → UTF-8" in out
    assert "第 4 行 leader_phone：「139 0000 3333」→「13900003333」（去掉电话中的空格和分隔符）" in out
    assert (f"已写入 {fixture_project.data_dir / 'points.csv'}：新增 0 行，更新 0 行，4 行与现有记录相同，"
            "保留 0 行未出现在表格中的记录；共 4 行，整理格式 3 处") in out
    assert (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8") == POINTS


def test_a_dry_run_writes_nothing(fixture_project, tmp_path, capsys):
    target = fixture_project.data_dir / "compounds.csv"
    target.unlink()
    assert main([str(export(tmp_path, COMPOUNDS)), "--project", str(fixture_project.root), "--dry-run"]) == 0
    assert not target.exists()
    assert "（试运行）" in capsys.readouterr().out


def test_a_features_table_is_written_to_its_own_file(fixture_project, tmp_path, capsys):
    # The check tells a clerk with a GBK spending export to import it: it must know the table.
    target = fixture_project.data_dir / "spending.csv"
    text = target.read_text(encoding="utf-8")
    target.unlink()
    assert main([str(export(tmp_path, text.encode("gb18030"))), "--project", str(fixture_project.root)]) == 0
    assert target.read_text(encoding="utf-8") == text
    assert check(fixture_project).report.ok


def test_python_m_generator_import(fixture_project, tmp_path):
    source = export(tmp_path, with_p03(id="Ｐ０３").encode("gb18030"))
    output = tmp_path / "points.csv"
    assert cli.main(["--project", str(fixture_project.root), "import", str(source), "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == POINTS


# ---------------------------------------------------------------- choices written by their Chinese names


def test_a_choice_written_as_its_chinese_name_becomes_the_choice(tmp_path):
    result = import_table(export(tmp_path, with_p03(status="暂停", leader_phone_publication="\u3000不公开")))
    assert result.problems == []
    assert changed(result) == [(4, "leader_phone_publication", "\u3000不公开", "none"), (4, "status", "暂停", "paused")]
    assert [c.reason for c in result.changes if c.column == "status"] == ["中文名改为可选值"]
    assert result.text.split("\n")[3] == with_p03(status="paused").split("\n")[3]


def test_the_chinese_names_of_choices_are_read_from_the_schema():
    fields = {f["name"]: f for f in table_schema("points")["fields"]}
    assert choice_names(fields["status"]) == {"筹建中": "planned", "运行中": "active", "暂停": "paused", "已关闭": "closed"}
    # The comment after the comma is not part of the name.
    assert choice_names(fields["leader_phone_publication"]) == {"不公开": "none", "部分隐藏": "masked", "完整公开": "full"}
    assert choice_names(fields["venue_type"]) == {}  # its choices are Chinese already
    twice = {"description": "a（同）或 b（同）、c（丙）", "constraints": {"enum": ["a", "b", "c"]}}
    assert choice_names(twice) == {"丙": "c"}  # a name two choices share translates to neither


def test_a_name_that_is_not_a_choices_whole_name_is_left_for_the_check(tmp_path):
    result = import_table(export(tmp_path, with_p03(status="筹建")))
    assert result.problems == [] and changed(result) == []


# ---------------------------------------------------------------- merging into the data file: no row is lost


def titled(*rows: str) -> bytes:
    """A GBK export headed by the fields' Chinese titles, as a clerk's Excel writes it."""
    titles = [f["title"] for f in table_schema("points")["fields"]]
    return "\r\n".join([",".join(titles), *rows, ""]).encode("gb18030")


NEW_POINTS = (
    "P05,东湖友邻点,S1,物业用房,东湖物业用房,晨光苑,吴东湖,是,13900005555,不公开,2021/5/1,赵指导,协商议事,"
    "每周一 9:00-11:00,500,,运行中,2021/5/6,,,",
    "P06,南岸友邻点,S2,党员先锋站,南岸党员先锋站,西苑新村,郑南岸,否,13900006666,完整公开,2021/5/2,孙指导,"
    "协商议事,每周五 9:00-11:00,500,,运行中,2021/5/8,,,",
)


def test_a_sheet_of_new_rows_is_added_and_the_existing_rows_are_kept(fixture_project, tmp_path, capsys):
    # The reported loss: a clerk exported only the new points, and points.csv went from 12 rows to 2.
    target = fixture_project.data_dir / "points.csv"
    assert main([str(export(tmp_path, titled(*NEW_POINTS))), "--project", str(fixture_project.root)]) == 0
    lines = target.read_text(encoding="utf-8").split("\n")
    assert "\n".join(lines[:5]) + "\n" == POINTS  # the four rows kept, as they were
    assert [line.split(",")[0] for line in lines[5:-1]] == ["P05", "P06"]
    assert ",none,2021-05-01," in lines[5] and ",active,2021-05-06," in lines[5] and ",full," in lines[6]
    out = capsys.readouterr().out
    assert (f"已写入 {target}：新增 2 行（P05、P06），更新 0 行，保留 4 行未出现在表格中的记录；共 6 行，"
            "整理格式 14 处") in out
    assert [p.code for p in check(fixture_project).report.problems if p.is_error] == []  # warned: more than planned


def test_the_dry_run_tells_the_same_counts_and_writes_nothing(fixture_project, tmp_path, capsys):
    target = fixture_project.data_dir / "points.csv"
    target.write_text(POINTS, encoding="utf-8")  # canonical: the only tidying told is the sheet's
    update = POINTS.split("\n")[1].replace("每周二 9:00-11:00", "每周二 9:00-12:00")
    source = export(tmp_path, POINTS.split("\n")[0] + "\n" + update + "\n" + NEW_POINTS[0].replace("运行中", "active")
                    .replace("不公开", "none").replace("2021/5/1", "2021-05-01").replace("2021/5/6", "2021-05-06") + "\n")
    assert main([str(source), "--project", str(fixture_project.root), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == POINTS
    assert main([str(source), "--project", str(fixture_project.root)]) == 0
    real = capsys.readouterr().out
    counts = "新增 1 行（P05），更新 1 行（P01），保留 3 行未出现在表格中的记录；共 5 行"
    assert f"（试运行）导入到 {target}：{counts}；没有写入文件。" in dry
    assert f"已写入 {target}：{counts}。" in real
    assert dry.split("\n")[:-2] == real.split("\n")[:-2]  # and the same lines before it


def test_an_update_replaces_the_row_in_place_and_keeps_the_columns_the_sheet_lacks(fixture_project, tmp_path, capsys):
    # A sheet of three columns, to change a point's opening hours and status: its phone stays.
    target = fixture_project.data_dir / "points.csv"
    header = "编号,名称,所属友邻站,场地类型,地址,服务小区,开放时间,年度补助（元）,状态\n"
    source = export(tmp_path, header + "P03,西苑新村友邻点,S2,党员先锋站,西苑新村党员先锋站,西苑新村,每周六 9:00-12:00,500,暂停\n"
                    "P01,晨光苑友邻点,S1,物业用房,晨光苑物业用房,晨光苑,每周二 9:00-11:00,500,active\n")
    assert run_import(source, None, None, fixture_project.data_dir) == 0
    expected = with_p03(opening_hours="每周六 9:00-12:00", status="paused")
    assert target.read_text(encoding="utf-8") == expected  # P03 where it was; its leader and phone kept
    out = capsys.readouterr().out
    assert "第 2 行 opening_hours：「每周六 9:00-11:00」→「每周六 9:00-12:00」（更新现有记录 P03）" in out
    assert "第 2 行 status：「active」→「paused」（更新现有记录 P03）" in out
    assert "新增 0 行，更新 1 行（P03），1 行与现有记录相同，保留 2 行未出现在表格中的记录；共 4 行" in out


def test_replace_makes_the_file_the_sheet_and_names_each_row_it_drops(fixture_project, tmp_path, capsys):
    target = fixture_project.data_dir / "points.csv"
    source = export(tmp_path, titled(*NEW_POINTS[:1], POINTS.split("\n")[3]))
    assert main([str(source), "--project", str(fixture_project.root), "--replace"]) == 0
    assert [line.split(",")[0] for line in target.read_text(encoding="utf-8").split("\n")[1:-1]] == ["P05", "P03"]
    out = capsys.readouterr().out
    assert [line for line in out.split("\n") if "删除（" in line] == [
        f"{target} 第 {n} 行 P0{n - 1}：删除（表格中没有这条记录）" for n in (2, 3, 5)]
    assert "新增 1 行（P05），更新 0 行，1 行与现有记录相同，删除 3 行表格中没有的原有记录（P01、P02、P04）；共 2 行" in out


@pytest.mark.parametrize(("rows", "expected"), [
    ((NEW_POINTS[0], NEW_POINTS[0].replace("东湖友邻点", "东湖二号友邻点")), [("duplicate-id", 3)]),
    ((NEW_POINTS[0], "," + NEW_POINTS[1].split(",", 1)[1]), [("required", 3)]),
], ids=["duplicate", "blank"])
def test_a_row_that_cannot_be_matched_by_its_key_is_refused(fixture_project, tmp_path, rows, expected):
    target = fixture_project.data_dir / "points.csv"
    source = export(tmp_path, titled(*rows))
    assert codes(import_table(source)) == expected
    for replace in (False, True):
        assert run_import(source, None, None, fixture_project.data_dir, replace=replace) == 1
        assert target.read_text(encoding="utf-8") == FIXTURE_POINTS  # as it was


def test_a_row_without_an_id_is_named_by_its_line_in_the_sheet(tmp_path):
    # As check names a CSV row without an id: its place among the rows (第 2 项) read as a mistake beside line 3.
    source = export(tmp_path, titled(NEW_POINTS[0], "," + NEW_POINTS[1].split(",", 1)[1]))
    (blank,) = import_table(source).problems
    assert (blank.code, blank.line) == ("required", 3)
    assert blank.message.startswith("第 3 行的友邻点")


def test_a_data_file_that_cannot_be_read_is_not_merged_into_but_can_be_replaced(fixture_project, tmp_path, capsys):
    target = fixture_project.data_dir / "points.csv"
    broken = POINTS.replace("P02,", 'P02,"')
    target.write_text(broken, encoding="utf-8")
    source = export(tmp_path, titled(*NEW_POINTS))
    assert run_import(source, None, None, fixture_project.data_dir) == 1
    assert target.read_text(encoding="utf-8") == broken
    err = capsys.readouterr().err
    assert f"{target}:3: [csv-syntax]" in err and f"{target}: [import-target-invalid]" in err
    assert run_import(source, None, None, fixture_project.data_dir, replace=True) == 0
    assert "新增 2 行（P05、P06），更新 0 行，原文件无法读取，整个被替换；共 2 行" in capsys.readouterr().out


def test_an_empty_or_missing_data_file_simply_receives_the_rows(fixture_project, tmp_path):
    target = fixture_project.data_dir / "points.csv"
    for before in ("", POINTS.split("\n")[0] + "\n"):
        target.write_text(before, encoding="utf-8")
        assert run_import(export(tmp_path, POINTS), None, None, fixture_project.data_dir) == 0
        assert target.read_text(encoding="utf-8") == POINTS


def test_the_kept_rows_of_a_gbk_data_file_are_tidied_and_told(fixture_project, tmp_path, capsys):
    target = fixture_project.data_dir / "points.csv"
    target.write_bytes(with_p03(leader_phone="139 0000 3333").encode("gb18030"))
    assert run_import(export(tmp_path, titled(NEW_POINTS[0])), None, None, fixture_project.data_dir) == 0
    assert target.read_text(encoding="utf-8").split("\n")[:5] == POINTS.split("\n")[:5]
    out = capsys.readouterr().out
    assert f"{target} 中保留的记录也做了整理：\n整个文件：编码 GBK/GB18030 → UTF-8\n" in out
    assert "第 4 行 leader_phone：「139 0000 3333」→「13900003333」（去掉电话中的空格和分隔符）" in out


def test_a_table_without_a_key_is_only_imported_over_existing_rows_with_replace(fixture_project, tmp_path,
                                                                                monkeypatch, capsys):
    import generator.importing

    def keyless(name):
        schema = dict(table_schema(name))
        schema.pop("primaryKey", None)
        return schema

    monkeypatch.setattr(generator.importing, "table_schema", keyless)
    target = fixture_project.data_dir / "compounds.csv"
    source = export(tmp_path, "id,name,community\nK9,新小区,dongfang\n")
    assert run_import(source, None, None, fixture_project.data_dir) == 1
    assert target.read_text(encoding="utf-8") == COMPOUNDS
    assert f"{target}: [import-needs-replace]" in capsys.readouterr().err
    assert run_import(source, None, None, fixture_project.data_dir, replace=True) == 0
    assert target.read_text(encoding="utf-8") == "id,name,community\nK9,新小区,dongfang\n"


def test_an_import_into_another_folder_says_how_to_check_it(fixture_project, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(fixture_project.root.parent)
    source = export(tmp_path, "\n".join(POINTS.split("\n")[:2]) + "\n")
    assert cli.main(["--project", "network", "import", str(source)]) == 0
    assert capsys.readouterr().out.endswith("请运行 python -m generator --project network check 检查数据。\n")


def test_python_m_generator_import_replace(fixture_project, tmp_path):
    source = export(tmp_path, "\n".join(POINTS.split("\n")[:2]) + "\n")
    assert cli.main(["--project", str(fixture_project.root), "import", str(source)]) == 0
    assert (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8") == POINTS
    assert cli.main(["--project", str(fixture_project.root), "import", str(source), "--replace"]) == 0
    assert (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8") == "\n".join(POINTS.split("\n")[:2]) + "\n"


# ---------------------------------------------------------------- what check would refuse is not written


TITLES_ROW = [f["title"] for f in table_schema("points")["fields"]]


def clerks_row(point: str, **cells) -> list:
    """A new point of station S1 as a clerk types it, under the schema's Chinese titles."""
    row = dict(zip(TITLES_ROW, [point, f"新点{point}", "S1", "物业用房", "晨光苑某处", "晨光苑，星河湾", "张三", "否",
                                "'13900007777", "none", None, None, "协商议事", "每周二", 500, None, "active", 44260,
                                None, None]))
    return list({**row, **cells}.values())


def test_a_clerks_sheet_is_repaired_until_the_check_passes(fixture_project, tmp_path, capsys):
    path = workbook(tmp_path, [TITLES_ROW, *(clerks_row(f"P0{n}") for n in range(5, 9))])
    assert run_import(path, None, None, fixture_project.data_dir) == 0
    out = capsys.readouterr().out
    assert "第 2 行 leader_phone：「'13900007777」→「13900007777」（去掉 Excel 文本格式的前导单引号）" in out
    assert "第 2 行 compounds：「晨光苑，星河湾」→「晨光苑、星河湾」（各项之间改用顿号「、」分隔）" in out
    assert "第 2 行 established：「44260」→「2021-03-05」（Excel 的日期序号改为 年-月-日）" in out
    written = (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8")
    assert "P05,新点P05,S1,物业用房,晨光苑某处,晨光苑、星河湾,张三,否,13900007777,none," in written
    assert check(fixture_project).report.ok  # new points are only more than planned: warnings


@pytest.mark.parametrize(("typed", "expected"), [
    ("晨光苑,星河湾，", "晨光苑、星河湾"), ("晨光苑；星河湾", "晨光苑、星河湾"), ("晨光苑、星河湾;西苑新村", "晨光苑、星河湾、西苑新村"),
    ("星河湾 3 幢，晨光苑", "星河湾 3 幢，晨光苑"),  # a space may be a name's: left for check, which knows the compounds
])
def test_a_list_separated_by_commas_or_semicolons_is_separated_by_the_enumeration_comma(tmp_path, typed, expected):
    result = import_table(export(tmp_path, with_p03(compounds=f'"{typed}"')))
    assert result.records[2].values["compounds"] == expected


def test_rows_check_would_refuse_are_told_by_their_sheet_line_and_nothing_is_written(fixture_project, tmp_path,
                                                                                      capsys):
    before = (fixture_project.data_dir / "points.csv").read_bytes()
    path = workbook(tmp_path, [TITLES_ROW, clerks_row("P05"), clerks_row("P06", **{"负责人电话": "1390000777"}),
                               clerks_row("P07", **{"设立日期": "2021-02-30"})])
    assert run_import(path, None, None, fixture_project.data_dir) == 1
    err = capsys.readouterr().err
    assert f"{path}:3: [pattern] 友邻点 P06 的负责人电话「1390000777」格式不对" in err
    assert f"{path}:4: [type-error] 友邻点 P07 的设立日期「2021-02-30」不是有效的日期" in err
    assert "导入失败：发现 2 个无法自动修正的问题，没有写入任何文件。" in err
    assert (fixture_project.data_dir / "points.csv").read_bytes() == before


def test_a_station_or_community_the_network_does_not_have_is_refused_at_its_sheet_line(fixture_project, tmp_path,
                                                                                        capsys):
    before = (fixture_project.data_dir / "points.csv").read_bytes()
    path = workbook(tmp_path, [TITLES_ROW, clerks_row("P05"), clerks_row("P06", **{"所属友邻站": "S9"})])
    assert run_import(path, None, None, fixture_project.data_dir) == 1
    err = capsys.readouterr().err
    assert f"{path}:3: [foreign-key] 友邻点 P06 的所属友邻站 S9 不存在" in err
    assert "导入失败：发现 1 个无法自动修正的问题，没有写入任何文件。" in err
    assert (fixture_project.data_dir / "points.csv").read_bytes() == before


def test_the_station_is_not_checked_while_hubs_yaml_has_errors_of_its_own(fixture_project, tmp_path, capsys):
    (fixture_project.data_dir / "hubs.yaml").write_text("street: [\n", encoding="utf-8")
    path = workbook(tmp_path, [TITLES_ROW, clerks_row("P05"), clerks_row("P06", **{"所属友邻站": "S9"})])
    assert run_import(path, None, None, fixture_project.data_dir) == 0
    assert "foreign-key" not in capsys.readouterr().err


# ---------------------------------------------------------------- a title above the header, a header of two rows


def test_a_title_row_above_the_header_is_dropped_and_said(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["示例街道友邻点台账（2021年）"])
    sheet.merge_cells("A1:T1")
    for line in POINTS.split("\n")[:2]:
        sheet.append(line.split(","))
    book.save(tmp_path / "ledger.xlsx")
    result = import_table(tmp_path / "ledger.xlsx")
    assert result.problems == [] and result.text == "\n".join(POINTS.split("\n")[:2]) + "\n"
    assert [c.format() for c in result.changes if c.line == 1] == [
        "第 1 行：像是标题「示例街道友邻点台账（2021年）」，表头在第 2 行：删除这一行"]


def test_a_title_line_above_a_csv_header_is_dropped(tmp_path):
    result = import_table(export(tmp_path, "示例街道友邻点台账（2021年）" + "," * 19 + "\n" + POINTS))
    assert (result.problems, result.text) == ([], POINTS)


def test_a_header_of_two_rows_with_merged_cells_is_one_problem_naming_them(tmp_path):
    header = POINTS.split("\n")[0].split(",")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*header[:6], "负责人", None, None, None, None, *header[11:]])
    sheet.append([None] * 6 + ["姓名", "是否公开姓名", "电话", "电话公开方式", "同意公开日期"] + [None] * 9)
    sheet.append(POINTS.split("\n")[1].split(","))
    sheet.merge_cells("G1:K1")
    book.save(tmp_path / "two-rows.xlsx")
    result = import_table(tmp_path / "two-rows.xlsx")
    assert codes(result) == [("import-header-merged", 1)]
    assert result.problems[0].message == "表头有合并单元格 G1:K1（负责人）：表头只能是一行"


# ---------------------------------------------------------------- a sheet of no known table


def test_a_sheet_of_no_table_names_the_columns_not_known_and_the_nearest_names(tmp_path):
    header = POINTS.split("\n")[0].replace("station", "statoin").replace("compounds", "服务的小区")
    result = import_table(export(tmp_path, header + "\n" + "\n".join(POINTS.split("\n")[1:])))
    assert codes(result) == [("import-table-unknown", 1)]
    assert result.problems[0].message == "看不出这是哪张表：表头中不认得的列是 statoin、服务的小区"
    assert result.problems[0].hint.startswith("「statoin」可能是「station」、「服务的小区」可能是「服务小区」；")


def test_a_sheet_whose_columns_are_all_known_names_the_required_ones_it_lacks(tmp_path):
    result = import_table(export(tmp_path, "id,name,station,venue_type,address\nP9,a,S1,其他,x\n"))
    assert codes(result) == [("import-table-unknown", 1)]
    assert "缺少必需的列 服务小区、开放时间、年度补助（元）、状态" in result.problems[0].hint


# ---------------------------------------------------------------- a new row numbered with an id already used


SPENDING = (FIXTURE / "data" / "spending.csv").read_text(encoding="utf-8")
SPENDING_HEADER = SPENDING.split("\n")[0]


def test_new_expenses_numbered_with_used_ids_are_refused_with_the_next_free_ids(fixture_project, tmp_path, capsys):
    # A station's month sheet of new expenses, numbered E2021-01.. as if the year had none yet.
    target = fixture_project.data_dir / "spending.csv"
    source = export(tmp_path, "\n".join([SPENDING_HEADER, "E2021-01,S2,2021-09-03,议事会茶叶,日常活动,85.00,FP-0202,是,",
                                         "E2021-02,S2,2021-09-05,宣传栏制作,氛围营造,120.00,FP-0203,是,",
                                         "E2021-09,S2,2021-09-09,文体活动器材,日常活动,60.00,FP-0204,是,", ""]))
    assert run_import(source, None, None, fixture_project.data_dir) == 1
    assert target.read_text(encoding="utf-8") == SPENDING
    err = capsys.readouterr().err
    assert [line.split(" [")[0] for line in err.split("\n") if "[import-id-reused]" in line] == [
        f"{source}:2:", f"{source}:3:"]  # E2021-09 is new
    assert (f"{source}:2: [import-id-reused] 编号 E2021-01 已被 {target} 第 8 行的记录使用，这一行的支出日期「2021-03-06」→"
            "「2021-09-03」、支出事项「重阳敬老活动」→「议事会茶叶」、票据号「FP-0003」→「FP-0202」都与那条不同，看起来不是同一条"
            "记录，而是用错了编号的新记录 — 这一行若是新记录，请改用没用过的编号，如 E2021-10；若确实要用这一行替换原来那条记录，"
            "导入时加 --replace-records\n") in err
    assert "请改用没用过的编号，如 E2021-11；" in err  # the second row's: each its own, after the sheet's E2021-09 too
    assert "导入失败：发现 2 个无法自动修正的问题，没有写入任何文件。" in err


def test_a_new_point_numbered_with_a_used_id_is_refused_and_replace_records_overrides_it(fixture_project, tmp_path,
                                                                                          capsys):
    target = fixture_project.data_dir / "points.csv"
    other = NEW_POINTS[0].replace("P05,", "P03,", 1)  # 东湖友邻点 in S1, where 西苑新村友邻点 of S2 is
    source = export(tmp_path, titled(other))
    for dry_run in (True, False):
        assert run_import(source, None, None, fixture_project.data_dir, dry_run=dry_run) == 1
        err = capsys.readouterr().err
        assert (f"{source}:2: [import-id-reused] 编号 P03 已被 {target} 第 4 行的记录使用，这一行的名称「西苑新村友邻点」→"
                "「东湖友邻点」、所属友邻站「S2」→「S1」、地址「西苑新村党员先锋站」→「东湖物业用房」、服务小区「西苑新村」→「晨光苑」、"
                "开放时间「每周六 9:00-11:00」→「每周一 9:00-11:00」都与那条不同") in err
        assert "请改用没用过的编号，如 P05；" in err
        assert target.read_text(encoding="utf-8") == FIXTURE_POINTS
    assert cli.main(["--project", str(fixture_project.root), "import", str(source), "--replace-records"]) == 0
    assert "第 2 行 name：「西苑新村友邻点」→「东湖友邻点」（更新现有记录 P03）" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8").split("\n")[3].startswith("P03,东湖友邻点,S1,")


@pytest.mark.parametrize(("table", "row"), [
    ("spending", "E2021-01,P01,2021-03-06,重阳敬老活动,日常活动,660.00,FP-0003,是,超出部分经友邻站同意"),  # amount corrected
    ("spending", "E2021-01,P01,2021-03-08,重阳敬老活动,日常活动,600,FP-0003,是,超出部分经友邻站同意"),  # date corrected
    ("points", with_p03(leader_phone="13900009999", opening_hours="每周日 9:00-11:00").split("\n")[3]),
    ("points", with_p03(name="西苑友邻点").split("\n")[3]),  # renamed
    ("points", with_p03(station="S1", address="西苑新村物业用房").split("\n")[3]),  # moved: two of five
], ids=["amount", "date", "phone-and-hours", "renamed", "moved"])
def test_a_genuine_update_of_a_record_is_written_as_before(fixture_project, tmp_path, capsys, table, row):
    header = SPENDING_HEADER if table == "spending" else POINTS.split("\n")[0]
    assert run_import(export(tmp_path, f"{header}\n{row}\n"), None, None, fixture_project.data_dir) == 0
    assert "更新 1 行" in capsys.readouterr().out
    assert row in (fixture_project.data_dir / f"{table}.csv").read_text(encoding="utf-8")


def test_replace_makes_the_file_the_sheet_whatever_its_ids_were(fixture_project, tmp_path):
    source = export(tmp_path, titled(NEW_POINTS[0].replace("P05,", "P03,", 1)))
    assert run_import(source, None, None, fixture_project.data_dir, replace=True) == 0


# ---------------------------------------------------------------- amounts in a ledger's currency format


def test_amounts_in_currency_format_are_written_as_numbers(fixture_project, tmp_path, capsys):
    source = export(tmp_path, "\n".join([SPENDING_HEADER, 'E2021-05,S2,2021-09-03,议事会茶叶,日常活动,"￥1,200.00",FP-0202,是,',
                                         "E2021-06,S2,2021-09-05,宣传栏制作,氛围营造,85元,FP-0203,是,", ""]))
    assert run_import(source, None, None, fixture_project.data_dir) == 0
    out = capsys.readouterr().out
    assert "第 2 行 amount_yuan：「￥1,200.00」→「1200.00」（去掉货币符号「￥」；去掉千位分隔符）\n" in out
    assert "第 3 行 amount_yuan：「85元」→「85」（去掉单位「元」）\n" in out
    written = (fixture_project.data_dir / "spending.csv").read_text(encoding="utf-8")
    assert ",日常活动,1200.00,FP-0202," in written and ",氛围营造,85,FP-0203," in written


@pytest.mark.parametrize("typed", ["1.200,00", "100元/200元", "12,50"])
def test_an_amount_that_could_be_read_two_ways_is_left_for_the_check(fixture_project, tmp_path, capsys, typed):
    source = export(tmp_path, f'{SPENDING_HEADER}\nE2021-05,S2,2021-09-03,议事会茶叶,日常活动,"{typed}",FP-0202,是,\n')
    assert changed(import_table(source)) == []
    assert run_import(source, None, None, fixture_project.data_dir) == 1
    assert f"{source}:2: [pattern] 补贴使用记录 E2021-05 的金额（元）「{typed}」格式不对" in capsys.readouterr().err


# ---------------------------------------------------------------- a refused import tells its problems


def test_a_refused_import_tells_its_problems_by_record_and_title_and_only_counts_the_repairs(tmp_path, capsys):
    # A GBK sheet with every date written 2020/4/10: repairs that would bury the one problem above them.
    data = with_p03(leader_phone="1.53773E+10", established="2020/4/10").replace("2020-03-", "2020/3/")
    source = export(tmp_path, data.encode("gb18030"))
    assert run_import(source, None, tmp_path / "out.csv", tmp_path) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.split("\n") == [
        f"{source}:4: [import-mangled-number] 友邻点 P03 的负责人电话 列的「1.53773E+10」被表格软件改成了科学计数法，"
        "部分数字已经丢失 — 无法自动恢复：请在 Excel/WPS 中把这一列设为“文本”格式，重新输入号码后再导出",
        "（表格中另有 6 处格式可以自动整理，这次没有整理；改正上面的问题后再导入，会逐条列出。）",
        "导入失败：发现 1 个无法自动修正的问题，没有写入任何文件。", ""]
