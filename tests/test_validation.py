"""The schema stage: frictionless errors become problems at the office's file and line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO
from generator import validation
from generator.build import check
from generator.tables import TABLES, read_tables


def found(project) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.file, p.line) for p in check(project).report.errors]


def test_the_fixture_network_is_valid(fixture_project):
    report = check(fixture_project).report
    assert report.problems == []


def test_unknown_station_points_at_the_row_and_names_where_to_look(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S31,")
    errors = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in errors] == [("foreign-key", "data/points.csv", line)]
    assert errors[0].format() == (
        f"data/points.csv:{line}: [foreign-key] 友邻点 P03 的所属友邻站 S31 不存在 — 可选值见 data/hubs.yaml"
    )
    assert (errors[0].found, errors[0].expected) == ("S31", None)


def test_full_width_characters_are_pointed_at_with_the_half_width_value(fixture_project, edit):
    station = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,Ｓ２,")
    amount = edit.replace("spending.csv", ",120.50,", ",１２０.５０,")
    errors = {p.code: p for p in check(fixture_project).report.errors}
    assert [(p.code, p.file, p.line) for p in errors.values()] == [("foreign-key", "data/points.csv", station)]
    assert errors["foreign-key"].hint == "可选值见 data/hubs.yaml（「Ｓ２」里有全角字符，改成半角是「S2」）"
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


_FRICTIONLESS_CODES = {"type-error", "foreign-key", "duplicate-id", "blank-row", *validation._CONSTRAINT_CODES.values()}
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
