"""The schema stage: frictionless errors become problems at the office's file and line."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO
from generator import validation, wording
from generator.corrections import Corrections, meant_id
from generator.build import check
from generator.tables import TABLES, read_tables


def found(project) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.file, p.line) for p in check(project).report.errors]


def test_the_fixture_network_is_valid(fixture_project):
    report = check(fixture_project).report
    assert report.problems == []


def test_every_schema_with_its_own_markers_is_a_valid_table_schema():
    # "published": false (hygiene.py) is the generator's own property: frictionless must keep accepting it.
    from frictionless import Schema

    from generator.tables import SCHEMA_DIR, table_schema

    for path in sorted(SCHEMA_DIR.glob("*.json")):
        descriptor = {k: v for k, v in table_schema(path.stem).items() if k != "title"}
        assert Schema.validate_descriptor(descriptor).valid, path.name
        assert Schema.from_descriptor(descriptor).field_names == [f["name"] for f in descriptor["fields"]]


def test_unknown_station_points_at_the_row_and_names_where_to_look(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S31,")
    errors = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in errors] == [("foreign-key", "data/points.csv", line)]
    assert errors[0].format() == (
        f"data/points.csv:{line}: [foreign-key] 友邻点 P03 的所属友邻站 S31 不存在 — 可选值见 data/hubs.yaml → stations → id：S1、S2、S3"
    )
    assert (errors[0].found, errors[0].expected) == ("S31", None)


def test_an_unknown_community_of_many_names_the_place_of_the_ids_and_the_one_meant(fixture_project, edit, monkeypatch):
    monkeypatch.setattr(wording, "_LISTED_KEYS", 1)  # a city's communities are too many to list
    line = edit.replace("hubs.yaml", "community: dongfang", "community: dongfnag")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("foreign-key", "data/hubs.yaml", line)
    assert error.hint == "是不是 dongfang？可选值见 data/hubs.yaml → annexes → rows → id"  # two letters swapped
    edit.replace("hubs.yaml", "community: dongfnag", "community: nowhere")
    (error,) = check(fixture_project).report.errors
    assert error.hint == "可选值见 data/hubs.yaml → annexes → rows → id"


@pytest.mark.parametrize("typed, meant", [("SI", "S1"), ("S02", "S2"), ("S003", "S3")])
def test_a_station_typed_close_to_one_leads_the_hint_with_it(fixture_project, edit, typed, meant):
    # A letter for a digit (I for 1, O for 0), a number padded with zeros: told as the question it is, then the list.
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", f"P03,西苑新村友邻点,{typed},")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("foreign-key", "data/points.csv", line)
    assert error.hint == f"是不是 {meant}？可选值见 data/hubs.yaml → stations → id：S1、S2、S3"


STATIONS = [f"S{n:02}" for n in range(1, 13)]


@pytest.mark.parametrize("typed, meant", [
    ("SO1", "S01"), ("s01", "S01"), ("Ｓ０１", "S01"), ("S 01", "S01"), ("Sl2", "S12"),  # look-alikes
    ("S1", "S01"), ("S001", "S01"), ("S012", "S12"),  # zeros that pad the number (before S01 with a 2 too many)
    ("S21", None),  # S12 swapped, S11 or S01 with one replaced
    ("S13", None),  # S03, S11, S12, S10 with one replaced
    ("S10X", "S10"), ("S1O0", "S10"), ("T2018-0001", None),
])
def test_an_id_close_to_exactly_one_is_the_one_meant(typed, meant):
    assert meant_id(typed, STATIONS) == meant


def test_the_first_way_an_id_is_close_decides_and_a_tie_there_is_no_guess():
    # SO1 is S01 with O for 0, and S11 with one replaced: the look-alike is what was meant.
    assert meant_id("SO1", STATIONS) == "S01"
    # T2018-0001: the 1st topic padded; T2018-1000 is also one character away, but padding comes first.
    assert meant_id("T2018-0001", ["T2018-001", "T2018-1000"]) == "T2018-001"
    # Two ids the same but for look-alikes: neither.
    assert meant_id("pO1", ["P01", "PO1"]) is None
    assert meant_id("锦华园", ["锦华苑", "锦绣园"]) is None and meant_id("锦华园", ["锦华苑", "清翠湾"]) == "锦华苑"
    assert meant_id("东园", ["东苑"]) is None  # two characters: one replaced is half of it


def test_full_width_characters_are_pointed_at_with_the_half_width_value(fixture_project, edit):
    station = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,Ｓ２,")
    amount = edit.replace("spending.csv", ",120.50,", ",１２０.５０,")
    errors = {p.code: p for p in check(fixture_project).report.errors}
    assert [(p.code, p.file, p.line) for p in errors.values()] == [("foreign-key", "data/points.csv", station)]
    assert errors["foreign-key"].hint == "可选值见 data/hubs.yaml → stations → id：S1、S2、S3（「Ｓ２」里有全角字符，改成半角是「S2」）"
    edit.replace("points.csv", "P03,西苑新村友邻点,Ｓ２,", "P03,西苑新村友邻点,S2,")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("pattern", "data/spending.csv", amount)
    assert error.hint.endswith("（「１２０.５０」里有全角字符，改成半角是「120.50」）")


def test_a_name_pasted_with_more_than_the_name_is_too_long_and_its_commas_are_no_full_width_mistake(fixture_project,
                                                                                                      edit):
    pasted = "西苑新村友邻点，在西苑新村三号楼架空层，每周二、周四下午都开放"  # 31 characters
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", f"P03,{pasted},S2,")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("length", "data/points.csv", line)
    assert error.format() == (
        f"data/points.csv:{line}: [length] 友邻点 P03 的名称「{pasted}」长度不对"
        " — 应最多 30 个字：只填名称本身，是不是把别的内容也填进了这一格？"
    )
    edit.replace("points.csv", f"P03,{pasted},S2,", f"P03,{pasted[:30]},S2,")
    assert check(fixture_project).report.ok


def test_station_in_unknown_community_points_at_the_yaml_field(fixture_project, edit):
    line = edit.replace("hubs.yaml", "    community: xiyuan\n", "    community: nowhere\n")
    assert found(fixture_project) == [("foreign-key", "data/hubs.yaml", line)]


def test_duplicate_point_id_names_the_first_line(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点", "P01,西苑新村友邻点")
    errors = check(fixture_project).report.errors
    assert [(p.code, p.line) for p in errors] == [("duplicate-id", line)]
    assert "第一次在第 2 行" in errors[0].message


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (",500,,active,2020-04-10", ",五百,,active,2020-04-10", "type-error"),
        (",500,,active,2020-04-10", ",500,,active,2020-13-10", "type-error"),
        (",500,,active,2020-04-10", ",-5,,active,2020-04-10", "out-of-range"),
        (",500,,active,2020-04-10", ",500,,open,2020-04-10", "enum"),
        (",500,,active,2020-04-10", ",,,active,2020-04-10", "required"),
        ("钱不公开,否,13900003333,", "钱不公开,否,1390000333,", "pattern"),
        ("钱不公开,否,13900003333,", "钱不公开,不,13900003333,", "type-error"),
    ],
)
def test_cell_errors_point_at_the_row(fixture_project, edit, old, new, code):
    line = edit.replace("points.csv", old, new)
    assert found(fixture_project) == [(code, "data/points.csv", line)]


def test_enum_message_lists_the_choices(fixture_project, edit):
    edit.replace("points.csv", ",500,,active,2020-04-10", ",500,,open,2020-04-10")
    (error,) = check(fixture_project).report.errors
    assert error.message == "友邻点 P03 的状态「open」不是可选的值"
    assert error.hint.startswith("可选值：planned（筹建中）")


def test_yaml_field_errors_point_at_the_field_line(fixture_project, edit):
    line = edit.replace("hubs.yaml", "  area_m2: 800\n", "  area_m2: 八百\n")
    assert found(fixture_project) == [("type-error", "data/hubs.yaml", line)]


def test_unquoted_phone_in_yaml_is_an_error_that_says_how_to_quote(fixture_project, edit):
    line = edit.replace("hubs.yaml", '  phone: "0571-80000001"\n', "  phone: 13900001234\n")
    errors = check(fixture_project).report.errors
    codes = [(p.code, p.line) for p in errors]
    assert ("yaml-unquoted", line) in codes
    unquoted = next(p for p in errors if p.code == "yaml-unquoted")
    assert unquoted.message == "友邻中心的联系电话「13900001234」没有加引号，YAML 会把它读成数字"
    assert unquoted.hint == '请加上英文引号写成 "13900001234"'


def test_an_unquoted_yes_that_is_no_choice_gets_the_choices_not_advice_to_quote_it(fixture_project, edit):
    # Quoted, "yes" would still be refused: the clerk is told the choices once, not to quote first.
    line = edit.replace("hubs.yaml", '"0571-80000011"\n    subsidy_yuan: 2000\n    status: active\n',
                        '"0571-80000011"\n    subsidy_yuan: 2000\n    status: yes\n') + 2
    assert found(fixture_project) == [("enum", "data/hubs.yaml", line)]
    edit.replace("hubs.yaml", "    status: yes\n", "    status: 1\n")  # a number is told the same
    assert found(fixture_project) == [("enum", "data/hubs.yaml", line)]


def test_an_unquoted_phone_of_the_wrong_form_is_told_its_form_not_to_quote_it(fixture_project, edit):
    # 85020001 lacks its area code: quoted as the hint said, it was refused all the same, so the clerk fixed it twice.
    line = edit.replace("hubs.yaml", '  phone: "0571-80000001"\n', "  phone: 85020001\n")
    assert found(fixture_project) == [("pattern", "data/hubs.yaml", line)]


def test_unknown_yaml_key_and_unknown_top_level_key(fixture_project, edit):
    line = edit.replace("hubs.yaml", "  area_m2: 800\n", "  area_m2: 800\n  colour: red\n")
    top = edit.append("hubs.yaml", "extras: 1\n")
    assert sorted(found(fixture_project)) == [("unknown-field", "data/hubs.yaml", line + 1),
                                              ("unknown-field", "data/hubs.yaml", top)]


def test_every_problem_is_reported_in_one_run(fixture_project, edit):
    fk = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S31,")
    subsidy = edit.replace("points.csv", "每周三 9:00-11:00,0,", "每周三 9:00-11:00,x,")
    area = edit.replace("hubs.yaml", "  area_m2: 800\n", "  area_m2: 八百\n")
    assert sorted(found(fixture_project)) == [
        ("foreign-key", "data/points.csv", fk),
        ("type-error", "data/hubs.yaml", area),
        ("type-error", "data/points.csv", subsidy),
    ]


# ---------------------------------------------------------------- hints that offer a corrected value

# A hint may offer a value only if that value would pass the field's checks itself.
AMOUNT_HINT = "应为以元为单位，最多两位小数，如 128.50"
PHONE_HINT = "应为11 位手机号（如 13800001234）或带区号的座机（如 010-12345678）"
LOST_DIGITS = "Excel 把号码变成了科学计数法，后面的数字已经丢了：请把这一列设为“文本”后重新输入号码"


def _one_error(project):
    (error,) = check(project).report.errors
    return error


@pytest.mark.parametrize(("typed", "plain"), [("￥120.50", "120.50"), ("¥120.50", "120.50"), ("120.50元", "120.50"),
                                              ("120.50 圆", "120.50"), ("RMB 120.50", "120.50"),
                                              ('"12,345.67"', "12345.67"), ("１２０.５０元", "120.50")])
def test_an_amount_written_as_on_a_receipt_is_told_the_plain_amount(fixture_project, edit, typed, plain):
    line = edit.replace("spending.csv", ",120.50,", f",{typed},")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("pattern", "data/spending.csv", line)
    assert error.hint == f"{AMOUNT_HINT}（金额只写数字：写成 {plain}）"


@pytest.mark.parametrize("typed", ["￥120.505", '"120,50"', "一百二十元", "￥１２０.５０５"])
def test_no_amount_is_offered_that_would_be_refused_too(fixture_project, edit, typed):
    # 120,50 may be 120.50 with a decimal comma: 12050 is not offered. ￥ folded is ¥, still no amount.
    line = edit.replace("spending.csv", ",120.50,", f",{typed},")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line, error.hint) == ("pattern", "data/spending.csv", line, AMOUNT_HINT)


def test_a_whole_yuan_amount_is_offered_only_as_a_whole_number(fixture_project, edit):
    line = edit.replace("points.csv", ",500,,active,2020-04-10", ",500元,,active,2020-04-10")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "data/points.csv", line)
    assert error.hint == "整数，单位元（金额只写数字：写成 500）"
    edit.replace("points.csv", ",500元,,active", ",500.50元,,active")
    assert _one_error(fixture_project).hint == "整数，单位元"  # 500.50 is no whole number of yuan


def test_full_width_is_pointed_at_only_when_the_half_width_value_would_do(fixture_project, edit):
    station = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,Ｓ３１,")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("foreign-key", "data/points.csv", station)
    assert error.hint == "可选值见 data/hubs.yaml → stations → id：S1、S2、S3"  # S31 is no station either
    edit.replace("points.csv", "P03,西苑新村友邻点,Ｓ３１,", "P03,西苑新村友邻点,S2,")
    point = edit.replace("points.csv", "P03,西苑新村友邻点,", "Ｐ０１,西苑新村友邻点,")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("pattern", "data/points.csv", point)
    assert error.hint == "应为只用英文字母、数字、- 或 _，如 P0001"  # P01 is another point's id
    edit.replace("points.csv", "Ｐ０１,西苑新村友邻点,", "Ｐ０５,西苑新村友邻点,")
    assert _one_error(fixture_project).hint == "应为只用英文字母、数字、- 或 _，如 P0001（「Ｐ０５」里有全角字符，改成半角是「P05」）"


def test_chinese_quotes_in_yaml_are_told_to_be_english_ones(fixture_project, edit):
    phone = edit.replace("hubs.yaml", '    phone: "0571-80000011"\n    subsidy_yuan: 2000\n',
                         "    phone: “0571-80000011”\n    subsidy_yuan: 2000\n")
    day = edit.replace("hubs.yaml", '    established: "2020-03-01"\n  - id: S2',
                       "    established: “2020-03-01”\n  - id: S2")
    errors = sorted(check(fixture_project).report.errors, key=lambda p: p.line)
    assert [(p.code, p.file, p.line) for p in errors] == [("pattern", "data/hubs.yaml", phone),
                                                          ("type-error", "data/hubs.yaml", day)]
    assert errors[0].format() == (
        f"data/hubs.yaml:{phone}: [pattern] 友邻站 S1 的联系电话「“0571-80000011”」格式不对"
        f" — {PHONE_HINT}（引号用了中文引号“”：改成英文引号 \"0571-80000011\"）")
    assert errors[1].hint == "日期，如 2017-06-30（引号用了中文引号“”：改成英文引号 \"2020-03-01\"）"


@pytest.mark.parametrize(("old", "new", "code", "fix"), [
    ("钱不公开,否,13900003333,", "钱不公开,否,“13900003333”,", "pattern", "引号用了中文引号“”：删掉引号，写成 13900003333"),
    (",500,,active,2020-04-10", ",500,,「active」,2020-04-10", "enum", "引号用了中文引号「」：删掉引号，写成 active"),
    (",500,,active,2020-04-10", ",‘500’,,active,2020-04-10", "type-error", "引号用了中文引号‘’：删掉引号，写成 500"),
])
def test_chinese_quotes_in_a_csv_cell_are_told_to_be_deleted(fixture_project, edit, old, new, code, fix):
    line = edit.replace("points.csv", old, new)
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == (code, "data/points.csv", line)
    assert error.hint.endswith(f"（{fix}）")


@pytest.mark.parametrize(("typed", "fix"), [
    ("1.39E+10", LOST_DIGITS),
    ("1.39e10", LOST_DIGITS),
    ("1.3900003333E+10", "Excel 把号码变成了科学计数法：写成 13900003333，并把这一列设为“文本”，免得再被改掉"),
])
def test_a_phone_excel_wrote_in_scientific_notation_is_told_so(fixture_project, edit, typed, fix):
    line = edit.replace("points.csv", "钱不公开,否,13900003333,", f"钱不公开,否,{typed},")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("pattern", "data/points.csv", line)
    assert error.hint == f"{PHONE_HINT}（{fix}）"


@pytest.mark.parametrize(("old", "new", "code", "fix"), [
    ("钱不公开,否,13900003333,", "钱不公开,否,139 0000 3333,", "pattern", "写成 13900003333"),
    ("钱不公开,否,13900003333,", "钱不公开,否,+86 139-0000-3333,", "pattern", "写成 13900003333"),
    (",500,,active,2020-04-10", ",500,,运行中,2020-04-10", "enum", "写成 active"),
])
def test_a_value_import_would_have_repaired_is_told_what_to_write(fixture_project, edit, old, new, code, fix):
    line = edit.replace("points.csv", old, new)
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == (code, "data/points.csv", line)
    assert error.hint.endswith(f"（{fix}）")


def test_an_id_excel_wrote_in_scientific_notation_is_told_so(fixture_project, edit):
    line = edit.replace("compounds.csv", "K1,晨光苑", "1.23457E+11,晨光苑")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("pattern", "data/compounds.csv", line)
    assert error.hint.endswith(f"（{LOST_DIGITS}）")


def _replace_in(path, old: str, new: str) -> int:
    """Replace the one occurrence of `old` in a file; return its line."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("typed", "hint"), [("90户", "只写数字：90"), ("９０ 户", "只写数字：90"),
                                             ("“90”", "引号用了中文引号“”：删掉引号，写成 90"),
                                             ("90.5户", ""), ("九十户", "")])
def test_a_count_written_with_its_unit_is_told_the_number(fixture_project, typed, hint):
    covenant = fixture_project.content_dir / "covenants" / "chenguang.md"
    line = _replace_in(covenant, "  for: 90\n", f"  for: {typed}\n")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "content/covenants/chenguang.md", line)
    assert error.format() == (f"content/covenants/chenguang.md:{line}: [type-error] 公约表决 chenguang 的同意户数「{typed}」"
                              f"不是有效的整数" + (f" — {hint}" if hint else ""))


@pytest.mark.parametrize("typed", ["800平方米", "800㎡", "800 m2", "800个"])
def test_an_area_written_with_its_unit_is_told_the_number(fixture_project, edit, typed):
    line = edit.replace("hubs.yaml", "  area_m2: 800\n", f"  area_m2: {typed}\n")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line, error.hint) == ("type-error", "data/hubs.yaml", line, "只写数字：800")


@pytest.mark.parametrize("typed", ["2020/3/10", "2020年3月10日", "2020.03.10", "20200310", "２０２０/３/１０"])
def test_a_date_written_otherwise_is_told_the_date_to_write(fixture_project, edit, typed):
    line = edit.replace("points.csv", ",active,2020-03-10,", f",active,{typed},")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "data/points.csv", line)
    assert error.hint == "日期，如 2017-06-30（写成 2020-03-10）"


def test_a_date_error_gives_one_example_and_the_date_to_write(fixture_project, edit):
    line = edit.replace("points.csv", ",active,2020-03-10,", ",active,2020/3/10,")
    assert _one_error(fixture_project).format() == (
        f"data/points.csv:{line}: [type-error] 友邻点 P01 的设立日期「2020/3/10」不是有效的日期（年-月-日）"
        " — 日期，如 2017-06-30（写成 2020-03-10）")


def test_an_excel_day_count_in_a_date_column_is_told_as_such(fixture_project, edit):
    line = edit.replace("points.csv", ",active,2020-03-10,", ",active,43900,")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "data/points.csv", line)
    assert error.hint == "日期，如 2017-06-30（像是 Excel 的日期序号，即 2020-03-10：写成 2020-03-10）"
    edit.replace("points.csv", ",active,43900,", ",active,439,")  # no day of a network's years
    assert _one_error(fixture_project).hint == "日期，如 2017-06-30"


@pytest.mark.parametrize(("typed", "hint"), [("2020-02-30", "2020 年 2 月没有 30 日"),
                                             ("2020/2/30", "2020 年 2 月没有 30 日"),
                                             ("2020-13-10", "一年只有 12 个月，没有 13 月")])
def test_a_day_that_does_not_exist_is_said_so_not_its_format(fixture_project, edit, typed, hint):
    line = edit.replace("points.csv", ",active,2020-03-10,", f",active,{typed},")
    assert _one_error(fixture_project).format() == (
        f"data/points.csv:{line}: [type-error] 友邻点 P01 的设立日期「{typed}」不是有效的日期 — {hint}")


def test_a_date_in_yaml_is_told_the_date_to_write_too(fixture_project, edit):
    # Every YAML scalar is kept as the text typed (yamlfiles.py): quoted or not, a date goes the same way.
    line = edit.replace("hubs.yaml", '    established: "2020-03-01"\n  - id: S2',
                        "    established: 2020/3/1\n  - id: S2")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "data/hubs.yaml", line)
    assert error.hint == "日期，如 2017-06-30（写成 2020-03-01）"
    edit.replace("hubs.yaml", "    established: 2020/3/1\n", '    established: "2020-02-30"\n')
    assert _one_error(fixture_project).hint == "2020 年 2 月没有 30 日"


def test_a_date_field_without_an_example_of_its_own_keeps_the_types(fixture_project, edit):
    # projects.ended's description (还在运作的空着) gives no example date: the type's is then the one.
    line = edit.replace("projects.csv", ",2020-05-01,,", ",2020-05-01,2021/6/1,")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("type-error", "data/projects.csv", line)
    assert error.message.endswith("不是有效的日期（年-月-日，如 2017-05-18）")
    assert error.hint == "还在运作的空着（写成 2021-06-01）"


def test_hints_are_worked_out_only_for_cells_in_error(fixture_project, edit, monkeypatch):
    asked, hint = [], Corrections.hint

    def spied(self, spec, name, record):
        asked.append(name)
        return hint(self, spec, name, record)

    monkeypatch.setattr(Corrections, "hint", spied)
    assert check(fixture_project).report.ok and asked == []
    edit.replace("spending.csv", ",120.50,", ",120.50元,")
    assert not check(fixture_project).report.ok and asked == ["amount_yuan"]


# ---------------------------------------------------------------- empty items of a list

LIST_HINT = "顿号「、」只用在两项之间：写成「河西一组、河西二组」"


@pytest.mark.parametrize(("typed", "where"), [("河西一组、河西二组、", "末尾多了一个"), ("河西一组、、河西二组", "中间多了一个"),
                                              ("河西一组、 、河西二组", "中间多了一个"), ("、河西一组、河西二组", "开头多了一个"),
                                              ("、河西一组、河西二组、、", "开头和末尾多了")])
def test_an_empty_item_in_a_list_is_told_once_at_its_row_not_as_an_unknown_compound(fixture_project, edit, typed,
                                                                                       where):
    line = edit.replace("points.csv", ",河西一组、河西二组,", f",{typed},")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.problems] == [("list-empty-item", "data/points.csv", line)]
    assert report.problems[0].format() == (f"data/points.csv:{line}: [list-empty-item] 友邻点 P04 的服务小区「{typed}」"
                                           f"{where}顿号「、」 — {LIST_HINT}")


def test_an_empty_item_is_told_in_any_list(fixture_project, edit):
    services = edit.replace("points.csv", ",,协商议事,每周三", ",,协商议事、,每周三")
    compounds = edit.replace("points.csv", ",星河湾,秦私密", ",、,秦私密")
    report = check(fixture_project).report
    assert sorted((p.file, p.line, p.code) for p in report.problems) == [
        ("data/points.csv", compounds, "list-no-items"), ("data/points.csv", services, "list-empty-item")]
    assert {p.code: p.format() for p in report.problems}["list-no-items"] == (
        f"data/points.csv:{compounds}: [list-no-items] 友邻点 P02 的服务小区「、」只有顿号「、」，没有内容"
        " — 请填写服务小区，多项之间用顿号「、」隔开")


# ---------------------------------------------------------------- the fast reader of valid tables


def _both_ways(records, monkeypatch):
    """validate_tables as shipped, and with only the full frictionless package."""
    fast = validation.validate_tables(records)
    with monkeypatch.context() as patch:
        patch.setattr(validation, "_read_valid_tables", lambda *args: None)
        full = validation.validate_tables(records)
    return fast, full


def _values(tables):
    return {name: [row.values for row in rows] for name, rows in tables.rows.items()}


@pytest.mark.parametrize("root", [FIXTURE, REPO], ids=["fixture", "shipped"])
def test_the_fast_reader_gives_what_frictionless_gives_on_valid_data(root, monkeypatch):
    records, problems = read_tables(root / "data")
    assert problems == []
    assert validation._read_valid_tables is not None
    (fast, fast_problems), (full, full_problems) = _both_ways(records, monkeypatch)
    assert fast_problems == full_problems == []
    assert _values(fast) == _values(full)


_FRICTIONLESS_CODES = {"type-error", "foreign-key", "duplicate-id", "blank-row", *wording._CONSTRAINT_CODES.values()}
# Values frictionless may refuse: each field type's edge cases, blanks, duplicates, unknown references.
_CELLS = st.sampled_from(["", " ", "0", "01", "-1", "+3", "1.5", "1e3", "５００", "500", "是", "否", "true",
                          "2018-02-30", "2018-2-3", "2018-03-01", "S1", "S99", "P01", "P02", "a、b", "、",
                          "active", "closed", "物业用房", "其他", "90.5", "-91", "x" * 70])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.integers(min_value=0, max_value=19), row=st.integers(min_value=0, max_value=3), cell=_CELLS)
def test_the_fast_reader_never_accepts_what_frictionless_refuses(column, row, cell, monkeypatch):
    records, _ = read_tables(FIXTURE / "data")
    record = records["points"][row]
    name = list(record.values)[column]
    record.values[name] = cell
    typed = validation._read_valid_tables(*_resources(records))
    (fast, fast_problems), (full, full_problems) = _both_ways(records, monkeypatch)
    assert fast_problems == full_problems
    if typed is not None:
        assert not [p for p in full_problems if p.code in _FRICTIONLESS_CODES]
        assert _values(fast) == _values(full)


def _resources(records):
    specs = [spec for spec in TABLES.values() if spec.name in records]
    return specs, [validation._frictionless_schema(spec, records) for spec in specs], records


def test_equal_cells_share_one_value_unless_it_could_change():
    from frictionless import fields

    first, second = validation._read_column(fields.DateField(name="date"), ["2018-03-01", "2018-03-01"])
    assert first is second  # one object, pickled once
    first, second = validation._read_column(fields.ListField(name="services", delimiter="、"), ["理发、修伞"] * 2)
    assert first == second == ["理发", "修伞"] and first is not second  # a list may be changed in place


def test_equal_cells_of_different_kinds_are_each_read():
    from frictionless import fields

    # 1 == True, yet frictionless refuses a YAML true in an integer field.
    assert validation._read_column(fields.IntegerField(name="n"), [1, True]) is None
    assert validation._read_column(fields.IntegerField(name="n"), [1, 1]) == [1, 1]


def test_a_required_key_left_out_of_a_yaml_item_names_the_line_to_add(fixture_project, edit):
    line = edit.replace("hubs.yaml", "  - id: S2\n    name: 西苑社区友邻站\n    community: xiyuan\n    area: urban\n"
                                     "    venue: 西苑社区服务中心\n",
                        "  - id: S2\n    name: 西苑社区友邻站\n    community: xiyuan\n    area: urban\n")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("field-missing", "data/hubs.yaml", line)
    assert error.format() == (f"data/hubs.yaml:{line}: [field-missing] 友邻站 S2 缺少依托场所（venue:）这一行"
                              " — 在这一项里，与其他字段对齐，加一行 venue: 后面写依托场所")


def test_a_required_key_left_out_of_a_covenants_front_matter_names_the_line_and_its_choices(fixture_project):
    page = fixture_project.content_dir / "covenants" / "chenguang.md"
    page.write_text(page.read_text(encoding="utf-8").replace("kind: compound\n", ""), encoding="utf-8")
    error = _one_error(fixture_project)
    assert (error.code, error.file, error.line) == ("field-missing", "content/covenants/chenguang.md", 1)
    assert error.hint == ("在开头两行 --- 之间加一行 kind: 后面写类型（community（社区居民公约）、"
                          "compound（小区/楼道居民自治公约）或 topic（专项自治公约，如停车、养犬））")


def test_an_empty_csv_cell_is_still_to_be_filled_in(fixture_project, edit):
    line = edit.replace("points.csv", "P01,晨光苑友邻点,S1,物业用房,晨光苑物业用房,", "P01,晨光苑友邻点,S1,物业用房,,")
    error = _one_error(fixture_project)
    assert (error.code, error.line, error.message) == ("required", line, "友邻点 P01 的地址不能为空")


# ---------------------------------------------------------------- a row without its key


@pytest.mark.parametrize(("name", "old", "new", "subject"), [
    ("points.csv", "P03,西苑新村友邻点", ",西苑新村友邻点", "第 4 行的友邻点的编号"),
    ("spending.csv", "E2020-01,P01,", ",P01,", "第 2 行的补贴使用记录的记录编号"),
    ("meetings.yaml", "  - id: M1\n", "  - id:\n", None),  # a meeting is named by reading.py
    ("meetings.yaml", "  - id: M1\n", '  - id: ""\n', None),
])
def test_an_empty_key_is_only_to_be_filled_in_not_a_duplicate(fixture_project, edit, name, old, new, subject):
    # frictionless also reports the row's key as a primary-key error ("all None"): no id is told to fill it in,
    # not that it repeats an id None first written on line None. A CSV row is named by its line, the one shown.
    line = edit.replace(name, old, new)
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("required", f"data/{name}", line)
    assert subject is None or error.message == f"{subject}不能为空"


def test_an_empty_station_id_is_to_be_filled_in_and_its_points_told_once(fixture_project, edit):
    line = edit.replace("hubs.yaml", "  - id: S1\n", "  - id:\n")
    assert found(fixture_project) == [("required", "data/hubs.yaml", line),
                                      ("foreign-key-gone", "data/points.csv", 2)]


# ---------------------------------------------------------------- many rows naming one key that is not there


def _drop_station(edit, station: str) -> None:
    path = edit.path("hubs.yaml")
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {station}\n")
    path.write_text(text[:start] + text[text.index("  - id: ", start + 1):], encoding="utf-8")


def test_the_points_of_a_deleted_station_are_one_problem_that_says_to_restore_it(fixture_project, edit):
    _drop_station(edit, "S1")
    (error,) = check(fixture_project).report.errors
    assert error.format() == (
        "data/points.csv:2: [foreign-key-gone] 友邻站 S1 不存在，但有 2 个友邻点的所属友邻站写的是它："
        "P01（第 2 行）、P02（第 3 行） — 可能是删掉了它的一项，或改了它的编号（data/hubs.yaml → stations → id：S2、S3）："
        "请恢复它（已经撤销的，把 status 改为 closed——撤销的不删，它的记录仍然有效）；"
        "或者把这 2 个友邻点的所属友邻站改成现有的友邻站")
    assert (error.found, error.expected) == ("S1", None)


def test_a_key_many_rows_name_lists_a_few_of_them(fixture_project, edit):
    path = edit.path("points.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",S1,", ",S9,").replace(",S2,", ",S9,").replace(",S3,", ",S9,"), encoding="utf-8")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("foreign-key-gone", "data/points.csv", 2)
    assert error.message == ("友邻站 S9 不存在，但有 4 个友邻点的所属友邻站写的是它："
                             "P01（第 2 行）、P02（第 3 行）、P03（第 4 行）等")


def test_a_community_deleted_under_its_stations_is_told_once_without_a_status_to_close(fixture_project, edit):
    edit.replace("hubs.yaml", "    community: xiyuan\n", "    community: dongfang\n")  # two stations of one
    path = edit.path("hubs.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("community: dongfang\n", "community: nanyuan\n"),
                    encoding="utf-8")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file) == ("foreign-key-gone", "data/hubs.yaml")
    assert error.hint.startswith("可能是删掉了它的一项，或改了它的编号（data/hubs.yaml → annexes → rows → id")
    assert "status" not in error.hint


def test_rows_with_a_typo_of_a_key_keep_their_own_problems_beside_rows_of_a_key_gone(fixture_project, edit):
    # Rows whose value has a correction that is a key are typos: each is told what to write (Ｓ１ is S1). One row
    # alone is a typo too (test_unknown_station_points_at_the_row_and_names_where_to_look).
    first = edit.replace("points.csv", "P01,晨光苑友邻点,S1,", "P01,晨光苑友邻点,Ｓ１,")
    second = edit.replace("points.csv", ",S1,高楼架空层,", ",Ｓ１,高楼架空层,")
    gone = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S9,")
    edit.replace("points.csv", "P04,河西友邻点,S3,", "P04,河西友邻点,S9,")
    assert found(fixture_project) == [("foreign-key", "data/points.csv", first),
                                      ("foreign-key", "data/points.csv", second),
                                      ("foreign-key-gone", "data/points.csv", gone)]


# ---------------------------------------------------------------- a CSV saved again by a spreadsheet


def _as_excel_saves(edit, name: str = "points.csv") -> list[int]:
    """Dates as Excel writes them in a CSV (2020/3/10); the lines of the rows with one."""
    path = edit.path(name)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [re.sub(r"(?<=,)(20[0-9]{2})-0?([0-9]+)-0?([0-9]+)(?=[,\r\n])", r"\1/\2/\3", line) for line in lines]
    path.write_text("".join(changed), encoding="utf-8")
    return [n for n, (old, new) in enumerate(zip(lines, changed), 1) if old != new]


def test_a_csv_a_spreadsheet_saved_is_told_once_with_the_command_that_repairs_it(fixture_project, edit):
    edit.replace("points.csv", ",active,2020-03-10,", ",active,2020/3/10,")
    edit.replace("points.csv", ",active,2020-04-10,", ",active,2020/4/10,")
    assert {p.code for p in check(fixture_project).report.errors} == {"type-error"}  # two are as likely typed so
    rows = _as_excel_saves(edit)
    errors = check(fixture_project).report.sorted()
    # The cause first (no line: before the file's rows), then each cell as before: a few are no burden.
    assert [(p.code, p.file, p.line) for p in errors] == [
        ("spreadsheet-resaved", "data/points.csv", None),
        *(("type-error", "data/points.csv", n) for n in (2, 2, 3, 3, 4))]
    assert rows == [2, 3]
    assert errors[0].format() == (
        "data/points.csv: [spreadsheet-resaved] data/points.csv 像是用 Excel/WPS 打开后又保存的：有 5 格是表格软件改过的写法，"
        "如日期「2020/3/5」 — 运行 python -m generator import data/points.csv --output data/points.csv，"
        "把这些格改回规范的写法（日期写成 年-月-日，号码还原），再检查一次")


def test_numbers_whose_digits_excel_dropped_are_told_to_be_restored_before_the_import(fixture_project, edit):
    _as_excel_saves(edit)
    edit.replace("points.csv", ",13900001111,", ",1.39E+10,")
    edit.replace("points.csv", ",13900002222,", ",13900002222E+0,")  # all its digits kept: import restores it
    error = check(fixture_project).report.sorted()[0]
    assert (error.code, error.line) == ("spreadsheet-resaved", None)
    assert error.message.endswith("有 7 格是表格软件改过的写法，如号码「1.39E+10」、日期「2020/3/5」")
    assert error.hint.startswith("有 1 个号码被改成科学计数法时丢了后面的数字，无法还原：请先从上一个版本把它们复制回来")
    assert "再运行 python -m generator import data/points.csv --output data/points.csv，把其余的改回" in error.hint


def test_a_csv_import_does_not_read_is_not_told_to_be_imported(fixture_project, edit, monkeypatch):
    monkeypatch.setattr("generator.importing.IMPORTABLE", ["spending"])  # as a form's own table, not projects
    _as_excel_saves(edit, "projects.csv")
    _as_excel_saves(edit, "spending.csv")
    told = [(p.file, p.line) for p in check(fixture_project).report.errors if p.code == "spreadsheet-resaved"]
    assert told == [("data/spending.csv", None)]


def test_a_column_of_many_such_cells_is_told_once_in_place_of_its_cells(fixture_project, edit, monkeypatch):
    monkeypatch.setattr(wording, "FOLDED_OVER", 3)  # a real sheet's column has hundreds
    _as_excel_saves(edit)
    edit.append("points.csv", "P05,新点,S3,居民自有房屋,河西一组 9 号,河西一组,,,,,,,协商议事,每周三 9:00-11:00,0,筹建中，设立后拨付,"
                              "planned,2021/5/6,,\n")
    errors = check(fixture_project).report.sorted()
    assert [(p.code, p.line) for p in errors] == [("spreadsheet-resaved", None), ("spreadsheet-column", 2),
                                                  ("type-error", 2), ("type-error", 3)]
    assert errors[1].format() == (
        "data/points.csv:2: [spreadsheet-column] 友邻点的设立日期有 4 格是表格软件改过的写法：第 2、3、4 行等，如「2020/3/10」"
        " — 日期要写成 年-月-日（「2020/3/10」写成 2020-03-10）：运行 python -m generator import data/points.csv "
        "--output data/points.csv 会把这些一起改好")
