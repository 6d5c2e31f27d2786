"""Cross-checks on the typed network: errors at their lines, plan gaps as warnings."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.problems import Severity


def problems(project, severity=None):
    return [(p.code, p.file, p.line) for p in check(project).report.problems
            if severity is None or p.severity is severity]


def test_subsidy_must_follow_policy_unless_a_reason_is_given(fixture_project, edit):
    line = edit.replace("points.csv", "每周二 9:00-11:00,500,,", "每周二 9:00-11:00,400,,")
    assert problems(fixture_project) == [("subsidy-mismatch", "data/points.csv", line)]
    edit.replace("points.csv", "每周二 9:00-11:00,400,,", "每周二 9:00-11:00,400,年中设立，按比例拨付,")
    assert problems(fixture_project) == []


def test_station_subsidy_is_checked_too(fixture_project, edit):
    line = edit.replace("hubs.yaml", "    phone: \"0571-80000011\"\n    subsidy_yuan: 2000\n",
                        "    phone: \"0571-80000011\"\n    subsidy_yuan: 1800\n")
    assert problems(fixture_project) == [("subsidy-mismatch", "data/hubs.yaml", line - 8)]


def test_a_point_may_not_take_a_stations_id(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "S1,西苑新村友邻点,S2,")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("hub-id-shared", "data/points.csv", line)]
    assert report.errors[0].format() == (
        f"data/points.csv:{line}: [hub-id-shared] 友邻点 S1 的编号与友邻站 S1（data/hubs.yaml 第 148 行）的编号相同 — "
        "街道、友邻中心、友邻站和友邻点的编号都不能相同（不分大小写），否则议题、会议和支出不知道指的是哪一个："
        "请给其中一个换个编号")


def test_ids_that_differ_only_in_case_are_one_id(fixture_project, edit):
    # The centre after the street; a point after another point, as Windows and macOS disks see them.
    centre = edit.replace("hubs.yaml", "  id: C1\n", "  id: SHILI\n") - 1  # at the `centre:` key
    point = edit.replace("points.csv", "P03,西苑新村友邻点,", "p01,西苑新村友邻点,")
    problems_found = [(p.code, p.file, p.line, p.message) for p in check(fixture_project).report.errors
                      if p.code == "hub-id-shared"]
    assert problems_found == [
        ("hub-id-shared", "data/hubs.yaml", centre, "友邻中心 SHILI 的编号与街道 shili（data/hubs.yaml 第 2 行）的编号相同"),
        ("hub-id-shared", "data/points.csv", point, "友邻点 p01 的编号与友邻点 P01（data/points.csv 第 2 行）的编号相同"),
    ]


def test_station_area_must_match_its_community(fixture_project, edit):
    edit.replace("hubs.yaml", "    community: hexi\n    area: rural\n", "    community: hexi\n    area: urban\n")
    report = check(fixture_project).report
    codes = [(p.code, p.severity) for p in report.problems]
    assert ("area-mismatch", Severity.ERROR) in codes
    mismatch = next(p for p in report.problems if p.code == "area-mismatch")
    assert mismatch.message == "友邻站 S3 标为城市社区，但所属的河西村属于农村"


def test_annex_totals_must_add_up(fixture_project, edit):
    line = edit.replace("hubs.yaml", "    total_population: 5000\n", "    total_population: 5001\n")
    report = check(fixture_project).report
    assert [(p.code, p.line, p.found, p.expected) for p in report.errors] == [
        ("annex-total-mismatch", line - 5, "5000", "5001")
    ]


def test_served_compound_must_belong_to_the_points_community(fixture_project, edit):
    line = edit.replace("points.csv", ",西苑新村,钱不公开", ",晨光苑,钱不公开")
    report = check(fixture_project).report
    found = [(p.code, p.file, p.line) for p in report.problems]
    assert ("compound-elsewhere", "data/points.csv", line) in found
    assert next(p for p in report.problems if p.code == "compound-elsewhere").format() == (
        f"data/points.csv:{line}: [compound-elsewhere] 友邻点 P03 服务的小区「晨光苑」是东方社区的小区，"
        "但这个友邻点所属的友邻站 S2 在西苑社区 — 请检查这个友邻点的 station 是否填错；"
        "如果小区确实归西苑社区，在 data/compounds.csv 中改它的 community")
    # 西苑新村 is now served by nobody: a warning, at its own line in compounds.csv
    assert ("compound-unserved", "data/compounds.csv", 4) in found


def test_a_compound_that_is_nowhere_is_unknown(fixture_project, edit):
    line = edit.replace("points.csv", ",西苑新村,钱不公开", ",西苑新村二期,钱不公开")
    assert ("compound-unknown", "data/points.csv", line) in problems(fixture_project)


def test_a_compound_typed_close_to_one_is_asked_about_and_shown_first_of_a_long_list(fixture_project, edit):
    others = ["安康苑", "福春园", "盛银邸", "华兴园", "丽德坊", "翠瑞坊", "银天庭", "清翠湾"]
    edit.append("compounds.csv", "".join(f"K{n},{name},hexi\n" for n, name in enumerate([*others, "锦华苑"], 6)))
    line = edit.replace("points.csv", ",河西一组、河西二组,", ",河西一组、锦华园,")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("compound-unknown", "data/points.csv", line)
    # The one meant first, then those sharing characters with what was typed (华兴园, 福春园), then the file's order.
    assert error.hint == ("是不是 锦华苑？可选值见 data/compounds.csv"
                          "（河西村的小区：锦华苑、华兴园、福春园、河西一组、河西二组、安康苑、盛银邸、丽德坊 等 11 个）")


def test_a_compound_typed_close_to_two_is_offered_neither_but_both_are_shown(fixture_project, edit):
    line = edit.replace("points.csv", ",河西一组、河西二组,", ",河西一组、河西三组,")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("compound-unknown", line)
    assert error.hint == "可选值见 data/compounds.csv（河西村的小区：河西一组、河西二组）"
    edit.replace("points.csv", ",河西一组、河西三组,", ",河西一组、河四二组,")
    (error,) = check(fixture_project).report.errors
    assert error.hint == "是不是 河西二组？可选值见 data/compounds.csv（河西村的小区：河西二组、河西一组）"


def test_a_point_moved_to_another_communitys_station_is_one_error_and_its_compound_is_not_unserved(fixture_project,
                                                                                                    edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S1,")
    found = problems(fixture_project)
    assert [p for p in found if p[0] in ("compound-elsewhere", "compound-unknown", "compound-unserved")] == [
        ("compound-elsewhere", "data/points.csv", line)]


@pytest.mark.parametrize("typed", ['"晨光苑,星河湾"', "晨光苑，星河湾", "晨光苑 星河湾", "晨光苑；星河湾"])
def test_compounds_run_together_are_told_to_use_the_enumeration_comma(fixture_project, edit, typed):
    line = edit.replace("points.csv", ",晨光苑,林晓光", f",{typed},林晓光")
    report = check(fixture_project).report
    # One error at the row, and neither compound is reported as served by nobody.
    assert [(p.code, p.file, p.line) for p in report.problems] == [("compound-separator", "data/points.csv", line)]
    assert report.problems[0].message == f"友邻点 P01 的服务小区「{typed.strip(chr(34))}」是几个小区写在了一起"
    assert report.problems[0].hint == "小区之间用顿号「、」分隔：写成「晨光苑、星河湾」"


def test_a_point_far_from_the_rest_of_its_community_is_a_warning_at_its_row(fixture_project, edit):
    edit.replace("points.csv", ",2020-03-12,,\n", ",2020-03-12,30.11,120.09\n")
    line = edit.append("points.csv", "P05,晨光苑二号友邻点,S1,其他,晨光苑 2 幢,晨光苑,李某,否,,none,,赵指导,协商议事,"
                                     "每周一 9:00-10:00,500,,active,2020-03-10,30.12,120.11\n")
    assert problems(fixture_project, Severity.ERROR) == []
    assert [p for p in problems(fixture_project) if p[0] == "coordinates-far"] == []
    edit.replace("points.csv", "2020-03-10,30.12,120.11", "2020-03-10,30.92,120.11")  # 30.92 for 30.12: 90 km
    (far,) = [p for p in check(fixture_project).report.warnings if p.code == "coordinates-far"]
    assert (far.file, far.line) == ("data/points.csv", line)
    assert far.message == "友邻点 P05 的位置（纬度、经度 30.92, 120.11）离东方社区其他友邻点的中间约 90 公里"


def test_publishing_personal_data_needs_a_consent_date(fixture_project, edit):
    line = edit.replace("points.csv", "13900001111,full,2020-03-05,", "13900001111,full,,")
    report = check(fixture_project).report
    assert [(p.code, p.line) for p in report.errors] == [("consent-missing", line), ("consent-missing", line)]
    assert report.errors[0].message == "友邻点 P01 公开了负责人的电话，但没有填写同意公开的日期"
    assert report.errors[0].hint == ("公开个人信息须本人同意：请填写 leader_consent_date（同意公开日期），"
                                     "或把 leader_phone_publication（电话公开方式）改为 none（不公开）")


def test_a_public_name_without_a_consent_date_is_told_to_set_leader_name_public(fixture_project, edit):
    # The phone is not published: only the name is, and the hint names the name's column, not the phone's.
    line = edit.replace("points.csv", "13900001111,full,2020-03-05,", "13900001111,none,,")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("consent-missing", "data/points.csv", line)]
    assert report.errors[0].format() == (
        f"data/points.csv:{line}: [consent-missing] 友邻点 P01 公开了负责人的姓名，但没有填写同意公开的日期 — "
        "公开个人信息须本人同意：请填写 leader_consent_date（同意公开日期），或把 leader_name_public（是否公开负责人姓名）改为 否")


def test_a_publication_choice_without_a_phone_is_an_error(fixture_project, edit):
    line = edit.replace("points.csv", "周某某,,,,,", "周某某,,,masked,2021-01-01,")
    assert problems(fixture_project) == [("consent-unused", "data/points.csv", line)]


def test_a_private_phone_written_into_a_shown_field_is_an_error_there(fixture_project, edit):
    # P03's leader publishes no phone; full-width and split by spaces, it is still theirs.
    line = edit.replace("points.csv", "每周六 9:00-11:00,", "每周六 9:00-11:00，其他时间请打 139 ００００ 3333,")
    station = edit.replace("hubs.yaml", "    opening_hours: 周一至周五 8:30-17:00\n    phone: \"0571-80000011\"\n",
                           "    opening_hours: 周一至周五 8:30-17:00，急事 13900003333\n    phone: \"0571-80000011\"\n")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [
        ("private-in-public", "data/hubs.yaml", station - 7), ("private-in-public", "data/points.csv", line)]
    assert report.errors[1].format() == (
        f"data/points.csv:{line}: [private-in-public] 友邻点 P03 的“开放时间”中写有友邻点 P03 负责人不公开的电话"
        "（139****3333） — 网站会照原样公开这一栏：请把它删掉；如果本人同意公开，请在 data/points.csv 的 "
        "leader_phone_publication 中选择公开方式，并填写同意日期 leader_consent_date")
    assert report.errors[0].message.startswith("友邻站 S1 的“开放时间”中写有友邻点 P03 负责人")


def test_a_leader_may_use_a_stations_public_office_line(fixture_project, edit):
    edit.replace("points.csv", "钱不公开,否,13900003333,", "钱不公开,否,0571-80000011,")
    assert problems(fixture_project) == []


def test_a_private_name_in_its_own_points_name_is_an_error(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,", "P03,钱 不公开家友邻点,")
    report = check(fixture_project).report
    assert [(p.code, p.line, p.message) for p in report.errors] == [
        ("private-in-public", line, "友邻点 P03 的“名称”中写有负责人不公开的姓名（钱***）")]


def test_published_contacts_may_be_written_anywhere(fixture_project, edit):
    # P01's leader publishes both; P02's phone is masked, so its full number is private but its mask is not.
    edit.replace("points.csv", "每周二 9:00-11:00,", "每周二 9:00-11:00，找林晓光 13900001111,")
    edit.replace("points.csv", "每周四 14:00-16:00,", "每周四 14:00-16:00，电话 139****2222,")
    assert problems(fixture_project) == []


def test_gaps_against_the_plan_are_warnings_not_errors(fixture_project, edit):
    edit.replace("points.csv", "P04,河西友邻点,S3,", "P04,河西友邻点,S1,")
    edit.replace("points.csv", ",河西一组、河西二组,", ",晨光苑,")
    report = check(fixture_project).report
    assert report.ok
    warnings = {(p.code, p.file, p.line) for p in report.warnings}
    assert ("plan-gap-points", "data/hubs.yaml", 120) in warnings  # 东方社区 row: 3 points for 2 planned
    assert ("plan-gap-points", "data/hubs.yaml", 140) in warnings  # 河西村 row: 0 points for 1 planned
    assert ("station-empty", "data/hubs.yaml", 171) in warnings  # S3 has no point left
    tier_gaps = [p for p in report.warnings if p.code == "plan-gap-tier"]
    # The rule asks whether the data lists the plan's hubs: planned ones too, as the message says.
    assert {p.message for p in tier_gaps} == {"农村友邻点目标 1 个，数据中列出 0 个（含筹建中的）",
                                              "城市社区友邻点目标 3 个，数据中列出 4 个（含筹建中的）"}


@pytest.mark.parametrize(("typed", "code", "message", "hint"), [
    ('"晨光苑,星河湾,"', "compound-separator", "友邻点 P01 的服务小区「晨光苑,星河湾,」是几个小区写在了一起",
     "小区之间用顿号「、」分隔：写成「晨光苑、星河湾」"),
    ("晨光苑，，星河湾", "compound-separator", "友邻点 P01 的服务小区「晨光苑，，星河湾」是几个小区写在了一起",
     "小区之间用顿号「、」分隔：写成「晨光苑、星河湾」"),
    ("晨光苑；", "compound-extra-separator", "友邻点 P01 的服务小区「晨光苑；」多了分隔符",
     "只写小区的名称，多个小区之间用顿号「、」分隔：写成「晨光苑」"),
])
def test_a_trailing_or_doubled_other_separator_is_no_unknown_compound(fixture_project, edit, typed, code, message,
                                                                       hint):
    # The empty part after the last separator is no compound of its own; 晨光苑 is still served.
    line = edit.replace("points.csv", ",晨光苑,林晓光", f",{typed},林晓光")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.problems] == [(code, "data/points.csv", line)]
    assert (report.problems[0].message, report.problems[0].hint) == (message, hint)


def test_a_compound_listed_twice_in_its_community_is_an_error_and_not_unserved(fixture_project, edit):
    line = edit.append("compounds.csv", "K6,晨光苑,dongfang\n")
    found = check(fixture_project).report.problems
    assert [(p.code, p.file, p.line) for p in found if p.code.startswith("compound-")] == [
        ("compound-name-duplicate", "data/compounds.csv", line), ("compound-count", "data/hubs.yaml", 120)]
    (duplicate,) = [p for p in found if p.code == "compound-name-duplicate"]
    assert duplicate.message == "东方社区的小区「晨光苑」列了两次（第一次在第 2 行）"


@pytest.mark.parametrize(("typed", "found"), [("协商议事，生活帮助", "协商议事，生活帮助"),
                                             ('"协商议事,生活帮助"', "协商议事,生活帮助"),
                                             ("协商议事；生活帮助", "协商议事；生活帮助")])
def test_services_run_together_are_a_warning_with_the_enumeration_comma(fixture_project, edit, typed, found):
    line = edit.replace("points.csv", ",赵指导,协商议事、生活帮助,", f",赵指导,{typed},")
    report = check(fixture_project).report
    assert report.errors == []
    (warning,) = [p for p in report.problems if p.code == "services-separator"]
    assert (warning.file, warning.line, warning.is_error) == ("data/points.csv", line, False)
    assert warning.format() == (
        f"data/points.csv:{line}: 警告 [services-separator] 友邻点 P01 的服务内容「{found}」像是几项写在了一起"
        " — 多项之间用顿号「、」分隔：写成「协商议事、生活帮助」；不然网站和开放数据里它只算一项")


def test_a_point_alone_in_its_community_far_from_the_streets_points_is_a_warning_at_its_row(fixture_project, edit):
    # P01 and P02 in 东方社区; P03 is 西苑社区's only point with coordinates, so its community has no middle.
    edit.replace("points.csv", ",2020-03-12,,\n", ",2020-03-12,30.11,120.09\n")
    line = edit.replace("points.csv", ",2020-04-10,,\n", ",2020-04-10,30.12,120.11\n")
    assert problems(fixture_project) == []
    edit.replace("points.csv", ",2020-04-10,30.12,120.11\n", ",2020-04-10,30.92,120.11\n")  # 30.92 for 30.12
    report = check(fixture_project).report
    assert report.errors == []
    assert [(p.code, p.file, p.line) for p in report.warnings] == [("coordinates-far-street", "data/points.csv", line)]
    assert report.warnings[0].message == "友邻点 P03 的位置（纬度、经度 30.92, 120.11）离示例街道各友邻点的中间约 90 公里"


def test_a_whole_community_placed_far_from_the_street_is_a_warning_at_each_of_its_rows(fixture_project, edit):
    # 东方社区's three points, copied from a map of a town 90 km north: they agree with each other, not the street.
    first = edit.replace("points.csv", ",2020-03-10,30.1,120.1\n", ",2020-03-10,30.91,120.1\n")  # P01
    edit.replace("points.csv", ",2020-03-12,,\n", ",2020-03-12,30.92,120.11\n")  # P02
    edit.replace("points.csv", ",2020-04-10,,\n", ",2020-04-10,30.11,120.10\n")  # P03, 西苑社区
    edit.replace("points.csv", "planned,,,\n", "planned,,30.12,120.11\n")  # P04, 河西村
    row = ",物业用房,{0},{0},,否,,none,,,协商议事,每周三,500,,active,2021-03-01,{1}\n"
    last = edit.append("points.csv", "P05,东方二号友邻点,S1" + row.format("晨光苑", "30.93,120.12"))
    edit.append("points.csv", "P06,西苑二号友邻点,S2" + row.format("西苑新村", "30.13,120.12"))
    edit.append("points.csv", "P07,西苑三号友邻点,S2" + row.format("西苑新村", "30.1,120.09"))
    report = check(fixture_project).report
    assert report.errors == []
    assert [(p.code, p.line) for p in report.warnings if p.code.startswith("coordinates")] == [
        ("coordinates-far-street", line) for line in (first, first + 1, last)]


def test_two_points_far_apart_are_not_told_which_is_wrong(fixture_project, edit):
    # P01 and P03, in two communities: the street has no middle either.
    edit.replace("points.csv", ",2020-04-10,,\n", ",2020-04-10,30.92,120.11\n")
    assert problems(fixture_project) == []


def test_a_street_wider_than_far_km_is_no_slip(fixture_project, edit):
    # A town some 55 km across: three of its four points are more than FAR_KM from the middle, as far as each other.
    edit.replace("points.csv", ",2020-03-12,,\n", ",2020-03-12,30.35,120.1\n")
    edit.replace("points.csv", ",2020-04-10,,\n", ",2020-04-10,29.85,120.1\n")
    edit.replace("points.csv", "planned,,,\n", "planned,,30.1,120.42\n")
    assert problems(fixture_project) == []
