"""Private values typed into the network's shown text, found by `check` at the record's line: a phone a feature keeps
(a resident's callback number, a would-be leader's) and a leader's private phone anywhere in data/hubs.yaml.

The leak scan of the built site takes every text of the network for published, so it cannot find these there.
"""

from __future__ import annotations

from generator.build import check
from generator.leaks import private_values
from generator.rules import read_network

CALLBACK = "13700005555"  # T6's raised_by_phone in the fixture's data/topics.yaml
APPLICANT = "13900008888"  # A2021-001's leader_phone in the fixture's data/applications.csv


def found(project, *codes: str) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.file, p.line) for p in check(project).report.problems if p.code in codes]


def test_a_callback_phone_in_a_points_hours_is_an_error_at_its_row_naming_the_column(fixture_project, edit):
    line = edit.replace("points.csv", "每周四 14:00-16:00,", "每周四 14:00-16:00，其他时间打 137 ００００ 5555,")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("resident-phone-in-public", "data/points.csv", line)]
    assert report.warnings == []  # that the hours hold a phone number, the error says better
    assert report.errors[0].format() == (
        f"data/points.csv:{line}: [resident-phone-in-public] 友邻点 P02 的“开放时间”（opening_hours）中写有议题 T6 的"
        "提出人不公开的电话（137****5555） — 网站会照原样公开这一栏：请把它删掉；这是议题 T6 的提出人留给社工联系的号码，"
        "只记在那条记录里，不在网站上公开")


def test_the_leak_scan_would_not_have_found_it(fixture_project, edit):
    # Why `check` must: written into the network, the number is one of the texts the site publishes anyway.
    edit.replace("points.csv", "每周四 14:00-16:00,", f"每周四 14:00-16:00 回电 {CALLBACK},")
    network, _ = read_network(fixture_project.data_dir)
    assert not [s for s in private_values(network, {CALLBACK: "议题 T6 的提出人"}) if s.needle == CALLBACK]


def test_a_callback_phone_anywhere_in_hubs_yaml_is_an_error_at_the_records_line(fixture_project, edit):
    station = edit.replace("hubs.yaml", "    opening_hours: 周一至周五 8:30-17:00\n    subsidy_yuan: 2000\n",
                           "    opening_hours: 周一至周五 8:30-17:00（王阿姨 137-0000-5555）\n    subsidy_yuan: 2000\n")
    note = edit.replace("hubs.yaml", "    text: 这是测试数据。\n", "    text: 回访电话 13700005555。\n")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [
        ("resident-phone-in-public", "data/hubs.yaml", station - 7),  # S2's `- id:` line
        ("resident-phone-in-public", "data/hubs.yaml", note - 2)]  # the plan note's
    assert [p.message for p in report.errors] == [
        "友邻站 S2 的“开放时间”（opening_hours）中写有议题 T6 的提出人不公开的电话（137****5555）",
        "规划说明 sample 的“说明”（text）中写有议题 T6 的提出人不公开的电话（137****5555）"]


def test_an_applicants_phone_is_kept_too(fixture_project, edit):
    line = edit.replace("points.csv", "P03,西苑新村友邻点,S2,党员先锋站,西苑新村党员先锋站,",
                        "P03,西苑新村友邻点,S2,党员先锋站,西苑新村党员先锋站（13900008888）,")
    report = check(fixture_project).report
    assert [(p.code, p.line) for p in report.errors] == [("resident-phone-in-public", line)]
    assert report.errors[0].message == ("友邻点 P03 的“地址”（address）中写有友邻点设立申请 A2021-001 的拟任负责人"
                                        "不公开的电话（139****8888）")


def test_a_callback_number_that_is_a_stations_office_line_is_public(fixture_project, edit):
    # A resident who left the station's line to be called back on: written anywhere, it is the station's line.
    edit.replace("topics.yaml", f'raised_by_phone: "{CALLBACK}"', 'raised_by_phone: "0571-80000011"')
    edit.replace("points.csv", "每周二 9:00-11:00,", "每周二 9:00-11:00，其他时间请打友邻站 0571-80000011,")
    assert check(fixture_project).report.problems == []


def test_a_leaders_private_phone_left_as_a_callback_number_is_reported_once_as_the_leaders(fixture_project, edit):
    edit.replace("topics.yaml", f'raised_by_phone: "{CALLBACK}"', 'raised_by_phone: "13900003333"')  # P03's leader's
    line = edit.replace("points.csv", "每周六 9:00-11:00,", "每周六 9:00-11:00 13900003333,")
    assert found(fixture_project, "private-in-public", "resident-phone-in-public") == [
        ("private-in-public", "data/points.csv", line)]


def test_a_leaders_private_phone_in_the_plan_is_an_error(fixture_project, edit):
    # The plan's sections are shown on the plan page as a point's hours are on its own.
    note = edit.replace("hubs.yaml", "    text: 这是测试数据。\n", "    text: 联系钱老师 139-0000-3333。\n")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("private-in-public", "data/hubs.yaml", note - 2)]
    assert report.warnings == []  # that the note holds a phone number, the error says better
    assert report.errors[0].message == "规划说明 sample 的“说明”中写有友邻点 P03 负责人不公开的电话（139****3333）"


def test_a_leaders_private_phone_that_is_a_stations_office_line_may_be_written_anywhere(fixture_project, edit):
    # The leader uses the station's public line (test_rules): another hub's hours may give that line too.
    edit.replace("points.csv", "钱不公开,否,13900003333,", "钱不公开,否,0571-80000011,")
    edit.replace("points.csv", "每周二 9:00-11:00,", "每周二 9:00-11:00，其他时间请打友邻站 0571-80000011,")
    assert check(fixture_project).report.problems == []


def test_a_phone_the_errors_name_is_still_a_warning_in_another_file(fixture_project, edit):
    # An error is about its own file: the same number written elsewhere is told where it is.
    edit.replace("points.csv", "每周四 14:00-16:00,", f"每周四 14:00-16:00 回电 {CALLBACK},")
    line = edit.replace("projects.csv", "X01,晨光苑停车自治,居民自治类,P01,",
                        f"X01,晨光苑停车自治（联系 {CALLBACK}）,居民自治类,P01,")
    report = check(fixture_project).report
    assert [(p.code, p.file) for p in report.errors] == [("resident-phone-in-public", "data/points.csv")]
    assert [(p.code, p.file, p.line) for p in report.warnings] == [("phone-in-text", "data/projects.csv", line)]
