"""A hub's status against its dates: set up with a date, closed on a day after that, no day still to come."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.problems import Severity

CLOSE_P03 = (",500,,active,2020-04-10,", ",500,,closed,2020-04-10,")  # P03, set up on 2020-04-10


def problems(project, severity=None):
    return [(p.code, p.file, p.line) for p in check(project).report.problems
            if severity is None or p.severity is severity]


def status_problems(project):
    """The problems but the plan's gaps, which a closed point opens in its community and the street's targets."""
    return [p for p in check(project).report.problems if not p.code.startswith("plan-gap")]


def test_a_point_open_under_a_closed_station_is_an_error_at_its_row(fixture_project, edit):
    edit.replace("hubs.yaml", "    subsidy_yuan: 2000\n    status: active\n    established: \"2020-04-01\"\n",
                 "    subsidy_yuan: 2000\n    status: closed\n    established: \"2020-04-01\"\n")
    report = check(fixture_project).report
    (found,) = report.errors
    assert (found.code, found.file, found.line) == ("point-station-closed", "data/points.csv", 4)
    assert found.format() == (
        "data/points.csv:4: [point-station-closed] 友邻点 P03 的状态是「运行中」，但它所属的西苑社区友邻站（S2）已关闭 — "
        "把它改到在运行的友邻站（station 列），或把它的 status 也改为 closed")
    edit.replace("points.csv", ",500,,active,2020-04-10", ",500,,closed,2020-04-10")
    assert [p.code for p in check(fixture_project).report.errors] == []


def test_a_point_open_under_a_station_still_planned_is_a_warning(fixture_project, edit):
    edit.replace("hubs.yaml", "    subsidy_yuan: 2000\n    status: active\n    established: \"2020-04-01\"\n",
                 "    subsidy_yuan: 2000\n    status: planned\n")
    assert ("point-station-planned", "data/points.csv", 4) in problems(fixture_project, Severity.WARNING)


@pytest.mark.parametrize("status", ["active", "paused"])
def test_a_set_up_point_without_its_established_date_is_an_error_at_its_row(fixture_project, edit, status):
    # Without the date the home page's yearly subsidy counts the point with 0 yuan, and the ledger pays it nothing.
    line = edit.replace("points.csv", ",500,,active,2020-04-10,", f",500,,{status},,")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("established-missing", "data/points.csv", line)]
    status_name = {"active": "运行中", "paused": "暂停"}[status]
    assert report.errors[0].format() == (
        f"data/points.csv:{line}: [established-missing] 友邻点 P03 的状态是「{status_name}」，但没有填写设立日期 — "
        "补助从设立那年开始拨付：没有设立日期，首页的每年补助合计把它算作 0 元，它的页面上没有每年的补助金额，"
        "补助台账也不给它拨付。请填写 established（年-月-日，如 2017-05-18；记不清哪一天时写那个月的 1 日）；"
        "还没有设立的，把 status 改为 planned")


def test_a_running_station_without_its_established_date_is_an_error_at_its_item(fixture_project, edit):
    edit.replace("hubs.yaml", '    status: active\n    established: "2020-04-01"\n', "    status: active\n")
    assert problems(fixture_project) == [("established-missing", "data/hubs.yaml", 160)]  # `- id: S2`


@pytest.mark.parametrize("status", ["planned", "closed"])
def test_a_hub_not_set_up_needs_no_established_date(fixture_project, edit, status):
    # A planned hub has not been set up; a closed one is paid nothing more: neither shows a yearly subsidy.
    edit.replace("points.csv", ",500,,active,2020-04-10,", f",500,,{status},,")
    assert [p for p in problems(fixture_project) if p[0] == "established-missing"] == []


def test_days_that_have_not_come_are_refused_where_they_were_typed(fixture_project, edit):
    # The fixture's day is 2022-01-10 (mkdocs.yml extra.youlin_today).
    station = edit.replace("hubs.yaml", '    established: "2020-03-01"\n  - id: S2', '    established: "2071-03-01"\n  - id: S2')
    point = edit.replace("points.csv", "13900001111,full,2020-03-05,", "13900001111,full,2022-01-11,")
    found = [(p.code, p.file, p.line, p.message) for p in check(fixture_project).report.errors]
    assert ("date-future", "data/points.csv", point, "友邻点 P01 的负责人同意公开的日期 2022-01-11 晚于今天（2022-01-10）") in found
    assert ("date-future", "data/hubs.yaml", station - 11, "友邻站 S1 的设立日期 2071-03-01 晚于今天（2022-01-10）") in found


def test_a_closed_point_with_its_closing_date_is_no_problem(fixture_project, edit):
    edit.replace("points.csv", *CLOSE_P03)
    edit.add_column("points.csv", "closed_on", {"P03": "2021-06-30"})
    assert status_problems(fixture_project) == []


def test_a_closed_point_without_its_closing_date_is_a_warning_at_its_row(fixture_project, edit):
    line = edit.replace("points.csv", *CLOSE_P03)
    (warning,) = status_problems(fixture_project)
    assert warning.format() == (
        f"data/points.csv:{line}: 警告 [closed-on-missing] 友邻点 P03 的状态是「已关闭」，但没有填写关闭日期 — "
        "请填写 closed_on（年-月-日，如 2021-06-30）：它的页面会写明哪天关闭，补助台账拨付到关闭那年为止；"
        "没有关闭日期时，台账拨付到它最后一笔支出的那一年")


def test_a_closing_date_on_a_running_point_is_an_error_at_its_row(fixture_project, edit):
    lines = edit.add_column("points.csv", "closed_on", {"P03": "2021-06-30"})
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("closed-on-not-closed", "data/points.csv", lines["P03"])
    assert error.message == "友邻点 P03 填写了关闭日期 2021-06-30，但状态是「运行中」"


def test_a_point_closed_before_it_was_set_up_is_an_error_at_its_row(fixture_project, edit):
    edit.replace("points.csv", *CLOSE_P03)
    lines = edit.add_column("points.csv", "closed_on", {"P03": "2020-04-09"})
    assert [(p.code, p.file, p.line) for p in status_problems(fixture_project)] == [
        ("closed-before-established", "data/points.csv", lines["P03"])]


def test_a_station_closed_in_hubs_yaml_is_checked_at_its_item(fixture_project, edit):
    # S2 and its one point P03 closed; S2's closing date written a year before it was set up.
    edit.replace("hubs.yaml", '    status: active\n    established: "2020-04-01"\n',
                 '    status: closed\n    established: "2020-04-01"\n    closed_on: "2019-12-31"\n')
    edit.replace("points.csv", *CLOSE_P03)
    edit.add_column("points.csv", "closed_on", {"P03": "2021-06-30"})
    assert [(p.code, p.file, p.line) for p in status_problems(fixture_project)] == [
        ("closed-before-established", "data/hubs.yaml", 160)]  # `- id: S2`


def test_a_closing_date_still_to_come_is_refused(fixture_project, edit):
    # The fixture's day is 2022-01-10 (mkdocs.yml extra.youlin_today).
    edit.replace("points.csv", *CLOSE_P03)
    lines = edit.add_column("points.csv", "closed_on", {"P03": "2022-01-11"})
    assert [(p.code, p.line, p.message) for p in check(fixture_project).report.errors] == [
        ("date-future", lines["P03"], "友邻点 P03 的关闭日期 2022-01-11 晚于今天（2022-01-10）")]
