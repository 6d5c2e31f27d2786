"""A hub field of a record written as a hub's name, or as its id in other case, is told which id was meant.

The same hint in every feature that has such fields (consultation/hubrefs.py): a topic's raised_at, a meeting's
hub, a spending row's, a project's and a training's. A name is refused by the schema's pattern; an id in other
case passes it and is the feature's unknown-hub error.
"""

from __future__ import annotations

import pytest

from generator.build import check
from generator.problems import CLOSED_HUB

NAME_HINT = "「晨光苑友邻点」是友邻点的名称，不是编号：它的编号是 P01"
CASE_HINT = "p01 与友邻点「晨光苑友邻点」的编号 P01 只差大小写，编号要一字不差"


def _only(project):
    (error,) = check(project).report.errors
    return error


@pytest.mark.parametrize("name, old, new", [
    ("topics.yaml", "    description: 晚上七点以后车位停满，车辆停到消防通道上。\n    raised_at: P01\n",
     "    description: 晚上七点以后车位停满，车辆停到消防通道上。\n    raised_at: {}\n"),
    ("meetings.yaml", "    hub: P01\n", "    hub: {}\n"),
    ("spending.csv", "E2020-01,P01,", "E2020-01,{},"),
    ("projects.csv", "X01,晨光苑停车自治,居民自治类,P01,", "X01,晨光苑停车自治,居民自治类,{},"),
    ("trainings.csv", "T01,友邻点负责人培训,2020-09-01,C1,", "T01,友邻点负责人培训,2020-09-01,{},"),
])
def test_a_hubs_name_is_told_its_id(fixture_project, edit, name, old, new):
    line = edit.replace(name, old, new.format("晨光苑友邻点")) + max(old.count("\n") - 1, 0)  # the hub's line
    error = _only(fixture_project)
    assert (error.code, error.file, error.line) == ("pattern", f"data/{name}", line)
    assert (error.hint, error.expected) == (NAME_HINT, "P01")


@pytest.mark.parametrize("name, old, new, code", [
    ("meetings.yaml", "    hub: P01\n", "    hub: {}\n", "meeting-hub-unknown"),
    ("spending.csv", "E2020-01,P01,", "E2020-01,{},", "spending-hub-unknown"),
    ("projects.csv", "X01,晨光苑停车自治,居民自治类,P01,", "X01,晨光苑停车自治,居民自治类,{},", "activity-hub-unknown"),
])
def test_an_id_in_other_case_is_told_the_id(fixture_project, edit, name, old, new, code):
    line = edit.replace(name, old, new.format("p01"))
    error = _only(fixture_project)
    assert (error.code, error.file, error.line, error.hint) == (code, f"data/{name}", line, CASE_HINT)


def test_the_streets_name_where_only_a_record_tier_goes_keeps_the_schemas_hint(fixture_project, edit):
    # A training is held at the centre, a station or a point: the street's id would be no better.
    line = edit.replace("trainings.csv", "2020-09-01,C1,", "2020-09-01,示例街道,")
    error = _only(fixture_project)
    assert (error.code, error.line, error.hint) == ("pattern", line, "应为友邻中心、友邻站或友邻点的编号")


def test_an_unknown_id_keeps_the_closed_hub_hint(fixture_project, edit):
    edit.replace("projects.csv", "X01,晨光苑停车自治,居民自治类,P01,", "X01,晨光苑停车自治,居民自治类,P99,")
    error = _only(fixture_project)
    assert error.code == "activity-hub-unknown" and error.hint.endswith(CLOSED_HUB)


def test_a_street_meeting_at_another_streets_id_is_told_this_streets(fixture_project, edit):
    # A copied sample's street meeting (hub: danghu): its type says the meeting is the street's, whose id is known.
    line = edit.replace("meetings.yaml", "    hub: P01\n    type: 居民议事会\n", "    hub: danghu\n    type: 协商共治会议\n")
    errors = check(fixture_project).report.errors
    assert [(p.code, p.line) for p in errors] == [("meeting-hub-unknown", line)]
    assert errors[0].hint == "「协商共治会议」是街道一级的会议，召开单位写街道的编号：hub: shili"
