"""Reading the network's tables: hubs.yaml's lists and the CSV files, as records that know their lines."""

from __future__ import annotations

import pytest

from conftest import FIXTURE
from generator.build import check
from generator.tables import read_tables, table_schema


def positions(problems) -> list[tuple[str, str, int | None]]:
    return sorted((p.code, p.file, p.line) for p in problems)


def test_every_record_knows_its_file_and_line():
    records, problems = read_tables(FIXTURE / "data")
    assert problems == []
    point = records["points"][2]
    assert (point.file, point.line, point.values["id"]) == ("data/points.csv", 4, "P03")
    station = records["stations"][0]
    assert (station.file, station.line, station.line_of("name")) == ("data/hubs.yaml", 148, 149)


def test_the_annexes_rows_are_the_communities_and_each_names_its_annex():
    records, _ = read_tables(FIXTURE / "data")
    assert [(c.values["id"], c.values["annex"], c.line) for c in records["communities"]] == [
        ("dongfang", "annex-1", 120), ("xiyuan", "annex-1", 126), ("hexi", "annex-2", 140)]
    assert all("rows" not in annex.values for annex in records["annexes"])


def test_unknown_and_missing_csv_columns_leave_the_rows_unread(fixture_project, edit):
    edit.replace("points.csv", "id,name,station,", "id,name,station_id,")
    records, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("header-missing", "data/points.csv", 1), ("header-unknown", "data/points.csv", 1)]
    assert "points" not in records  # otherwise every row would repeat the header's problem


def test_a_missing_column_is_named_with_its_title_and_the_hint_lists_only_the_required_columns(fixture_project, edit):
    # closed_on, latitude and the other optional columns are not asked for; the missing one is named as the form titles it.
    edit.replace("points.csv", ",opening_hours,", ",hours,")
    _, problems = read_tables(fixture_project.data_dir)
    (missing,) = [p for p in problems if p.code == "header-missing"]
    assert (missing.code, missing.file, missing.line) == ("header-missing", "data/points.csv", 1)
    assert missing.format() == (
        "data/points.csv:1: [header-missing] 表头缺少必需的列 opening_hours（开放时间） — "
        "表头应包含：id、name、station、venue_type、address、compounds、opening_hours、subsidy_yuan、status")


def test_a_wrong_shape_in_yaml_is_reported_not_raised(fixture_project, edit):
    line = edit.replace("hubs.yaml", "stations:\n  - id: S1", "stations: S1\nold_stations:\n  - id: S1")
    records, problems = read_tables(fixture_project.data_dir)
    assert ("yaml-shape", "data/hubs.yaml", line) in positions(problems)
    assert records["stations"] == []


def test_an_unknown_top_level_key_names_the_tables_there_are(fixture_project, edit):
    line = edit.append("hubs.yaml", "extras: 1\n")
    _, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("unknown-field", "data/hubs.yaml", line)]
    assert problems[0].found == "extras" and problems[0].expected.startswith("street、centre、policy")


def test_a_points_header_in_chinese_is_given_back_in_field_names(fixture_project, edit):
    # Twelve of the twenty columns translated, the rest left as they were: most of the header is in Chinese.
    names = "id,name,station,venue_type,address,compounds,leader_name,leader_name_public,leader_phone,"
    edit.replace("points.csv", names + "leader_phone_publication,leader_consent_date,instructor,",
                 "编号,名称,所属友邻站,场地类型,地址,服务小区,负责人姓名,是否公开负责人姓名,负责人电话,电话公开方式,同意公开日期,"
                 "指导员（社区派驻干部）,")
    records, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("header-chinese", "data/points.csv", 1)]
    assert "points" not in records and records["compounds"]
    header = (FIXTURE / "data" / "points.csv").read_text(encoding="utf-8").split("\n")[0]
    assert problems[0].hint == (f"请把第一行改为 {header}，或用 python -m generator import data/points.csv --output"
                                " data/points.csv 改好（各字段的字段名和中文名见 python -m generator fields points）")


def test_a_workbook_saved_instead_of_a_csv_is_named_with_the_import_command(fixture_project):
    data = fixture_project.data_dir
    (data / "compounds.csv").rename(data / "compounds.xlsx")  # what import reads is the content, not the name
    records, problems = read_tables(data)
    assert positions(problems) == [("file-missing-workbook", "data/compounds.csv", None)]
    assert problems[0].format() == (
        "data/compounds.csv: [file-missing-workbook] 找不到文件 data/compounds.csv，但同一文件夹里有同名的工作簿 "
        "data/compounds.xlsx — 请用 python -m generator import data/compounds.xlsx --output data/compounds.csv 转换成 CSV，"
        "或在 WPS/Excel 中打开它，“另存为 → CSV UTF-8（逗号分隔）”，文件名为 compounds.csv"
    )
    assert "compounds" not in records and records["points"]



def test_a_plan_without_targets_dates_or_notes_may_leave_them_out(fixture_project, edit):
    for key in ("targets", "milestones", "plan_notes"):
        edit.drop_section("hubs.yaml", key)
    records, problems = read_tables(fixture_project.data_dir)
    assert problems == []
    assert records["targets"] == records["milestones"] == records["plan_notes"] == []


def test_a_missing_section_is_named_as_missing_not_as_empty(fixture_project, edit):
    edit.drop_section("hubs.yaml", "escalation")
    records, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("hubs-section-missing", "data/hubs.yaml", 2)]
    assert problems[0].message == "缺少「议题上报路径」一段（escalation）"
    assert problems[0].hint == ("请在文件顶层写上“escalation:”这一段（列表，每项以 - 开头）；"
                                "它的字段可以用 python -m generator fields escalation 查看")
    assert records["escalation"] == []


@pytest.mark.parametrize("text", ["", "# 当湖街道友邻网络\n"])
def test_an_empty_hubs_file_is_one_problem_not_one_per_section(fixture_project, text):
    (fixture_project.data_dir / "hubs.yaml").write_text(text, encoding="utf-8")
    records, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("hubs-empty", "data/hubs.yaml", 1)]
    assert problems[0].message == "data/hubs.yaml 是空的（或只有注释）：街道、友邻中心和友邻站都写在这个文件里"
    assert records["stations"] == records["street"] == []


def test_rows_that_all_point_into_a_table_with_no_rows_are_one_problem(fixture_project, edit):
    # Each point's station "does not exist" because there is no station at all: said once, at the first point.
    edit.drop_section("hubs.yaml", "stations")
    edit.append("hubs.yaml", "stations: []\n")
    found = [p for p in check(fixture_project).report.problems if p.file == "data/points.csv"]
    assert positions(found) == [("foreign-key-none", "data/points.csv", 2)]
    assert found[0].message == "4 个友邻点的所属友邻站都找不到：还没有一个友邻站"
    assert found[0].hint == "先写好友邻站（data/hubs.yaml → stations → id），再检查一次"


def test_the_schemas_name_statuses_areas_and_tiers_as_the_site_does():
    # `import` reads a choice typed by its Chinese name from the schema's description (spreadsheet.choice_names),
    # the pages show STATUS_NAMES and AREA_NAMES: one word for each, or a sheet's 筹建中 would not become planned.
    from generator.model import AREA_NAMES, STATUS_NAMES, TIER_NAMES
    from generator.spreadsheet import choice_names
    from generator.tables import SCHEMA_DIR

    named = {}
    for path in SCHEMA_DIR.glob("*.json"):
        for field in table_schema(path.stem)["fields"]:
            words = {"status": STATUS_NAMES, "area": AREA_NAMES, "tier": TIER_NAMES}.get(field["name"], {})
            if words and set(field.get("constraints", {}).get("enum", ["?"])) <= set(words):  # a hub's, not a topic's
                named[(path.stem, field["name"])] = {choice: name for name, choice in choice_names(field).items()}
    assert {key for key, names in named.items() if key[1] == "status"} >= {("points", "status"), ("stations", "status")}
    for (table, name), names in named.items():
        words = {"status": STATUS_NAMES, "area": AREA_NAMES, "tier": TIER_NAMES}[name]
        assert names and all(words[choice] == word for choice, word in names.items()), (table, names)
