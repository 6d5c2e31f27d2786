"""A town (镇) runs the same network: its pages say 镇 where a street's say 街道, and the way up is its plan's.

The fixture network made a town: every 街道 in its data and configuration becomes 镇 (示例镇). Its plan's
escalation stops at the centre (the fixture's step up to the street is dropped, and T1 stays at the centre);
the tests of a plan that reaches the town keep that step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE, Edit, copy_project
from generator.build import check, generate
from generator.project import Project

# The fixture's plan step up to the street, and T1's step up to it, once the street is a town.
TOP_STEP = ("  - step: 3\n    from: 友邻中心\n    to: 镇\n"
            "    what: 社区层面解决不了的，由友邻中心梳理后报镇党委研究。\n")
T1_TO_TOWN = ("      - from: C1\n        to: shili\n        date: \"2021-06-10\"\n"
              "        reason: 需要镇统筹辖区单位错峰停车\n        to_body: 镇党委协调议事机构\n")
T1_AT_CENTRE = "        reason: 涉及辖区单位停车场夜间开放，社区层面协调不成\n"


def make_town(project: Project, reaching_town: bool = False) -> Project:
    """The project's street made a town: 示例街道 becomes 示例镇, 街道党委 镇党委, and so on.

    Unless `reaching_town`, its plan stops at the centre, and no topic goes beyond the plan: T1 stays at the centre.
    """
    for path in (*project.data_dir.glob("*.yaml"), project.root / "mkdocs.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("街道", "镇"), encoding="utf-8")
    if not reaching_town:
        edit = Edit(project)
        edit.replace("hubs.yaml", TOP_STEP, "")
        edit.replace("topics.yaml", T1_TO_TOWN, "")
    return Project(project.root)


def generated(project: Project) -> Path:
    result = generate(project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    return project.root / "build" / "docs"


def lines(docs: Path, page: str) -> list[str]:
    return (docs / page).read_text(encoding="utf-8").splitlines()


def line_starting(docs: Path, page: str, start: str) -> str:
    (found,) = [line for line in lines(docs, page) if line.startswith(start)]
    return found


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    """The generated Markdown of the town."""
    return generated(make_town(copy_project(FIXTURE, tmp_path_factory.mktemp("town") / "network")))


@pytest.fixture
def town_project(fixture_project) -> Project:
    return make_town(fixture_project)


def test_a_towns_pages_never_say_street(town):
    # Except the field reference (data/fields/), which documents the files' format, the same for a town: the section
    # of hubs.yaml is the key `street`, its title in the schema 街道.
    said = [(path.relative_to(town).as_posix(), number, line)
            for path in sorted(town.rglob("*")) if path.is_file() and not path.relative_to(town).as_posix().startswith(
                "data/fields/")
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            if "街道" in line]
    assert said == []


def test_what_a_towns_pages_show_is_named_without_street_for_the_leak_report(tmp_path):
    project = make_town(copy_project(FIXTURE, tmp_path / "network"), reaching_town=True)
    result = generate(project)
    assert result.report.ok
    sources = {source.text for source in result.sources.values() if source is not None}
    assert "示例镇 shili 的会议和议程上的议题（data/meetings.yaml、data/topics.yaml）" in sources
    assert [text for text in sources if "街道" in text] == []


def test_the_home_page_says_the_town_sets_up_the_centre(town):
    assert line_starting(town, "index.md", "某省某市某区示例镇的") == (
        "某省某市某区示例镇的“友邻”三级网络：镇设友邻中心，社区（村）设友邻站，小区和村民小组设友邻点。"
        "有事可以就近到友邻点找人帮忙、提出想协商的事。")


def test_a_topic_page_gives_the_way_up_where_the_plan_stops(town):
    # The plan's way up ends at the centre, and the page says the plan's.
    assert line_starting(town, "topics/T1.md", "议题只能") == (
        "议题只能一级一级往上报：友邻点 → 所属友邻站 → 友邻中心。"
        "全部议定事项的办理情况见[决定事项跟踪表](../consultation/tracker.md)。")


def test_the_towns_agenda_says_what_reaches_it_without_the_streets_plan(town):
    assert line_starting(town, "agendas/shili.md", "[示例镇]") == (
        "[示例镇](../consultation/shili.md)：友邻中心报到这里、截至2022年1月10日尚未议定的议题，按提出先后排列。"
        "由网站根据议题数据自动生成。")


def test_the_consultation_pages_call_the_top_level_a_town(town):
    index = lines(town, "consultation/index.md")
    assert "| 镇 | 0 |" in index  # topics now at each tier: none goes beyond the town's plan
    (row,) = [line for line in index if line.startswith("| [示例镇](shili.md) |")]
    assert row.split(" | ")[1] == "镇"
    assert "- [全镇（示例镇）](../calendars/index.ics)" in index
    assert line_starting(town, "consultation/shili.md", "这里是").startswith("这里是[示例镇](../index.md)（镇）的协商议事")


def test_the_ledger_is_the_whole_towns(town):
    assert "- [全镇补助台账（逐年拨付、使用、结余）](ledger/index.md)" in lines(town, "centre.md")
    assert "- [全镇补助台账](../index.md)" in lines(town, "ledger/S1/2021.md")


def test_a_plan_that_reaches_the_town_gives_the_way_and_its_own_words(fixture_project):
    docs = generated(make_town(fixture_project, reaching_town=True))
    assert line_starting(docs, "topics/T1.md", "议题只能").startswith(
        "议题只能一级一级往上报：友邻点 → 所属友邻站 → 友邻中心 → 镇。")
    assert line_starting(docs, "agendas/shili.md", "[示例镇]") == (
        "[示例镇](../consultation/shili.md)：社区层面解决不了的，由友邻中心梳理后报镇党委研究。"
        "下面是截至2022年1月10日报到这里、尚未议定的议题，按提出先后排列，由网站根据议题数据自动生成。")


def only_error(project: Project):
    (error,) = check(project).report.errors
    return error


def test_a_hint_gives_the_plans_way_up(town_project):
    edit = Edit(town_project)
    line = edit.replace("topics.yaml", "      - from: P01\n        to: S1\n        date: \"2021-10-26\"\n",
                        "      - from: P01\n        to: C1\n        date: \"2021-10-26\"\n") + 1
    error = only_error(town_project)
    assert (error.code, error.line) == ("escalation-skips-tier", line)
    assert error.hint == "议题只能逐级上报：友邻点 → 所属友邻站 → 友邻中心；这一步应报到 S1"


def test_a_topic_goes_no_further_up_than_the_towns_plan(town_project):
    line = Edit(town_project).replace("topics.yaml", T1_AT_CENTRE, T1_AT_CENTRE + T1_TO_TOWN) + 2
    error = only_error(town_project)
    assert (error.code, error.line) == ("escalation-beyond-plan", line)
    assert error.message == "议题 T1 的第 3 次上报从友邻中心 C1 报到了镇 shili，但建设方案的上报路线到友邻中心为止"
    assert error.hint == ("议题只能逐级上报：友邻点 → 所属友邻站 → 友邻中心；请在友邻中心协商解决这个议题，"
                          "或在 data/hubs.yaml 的 escalation 中加上 友邻中心 → 镇 这一步")


def test_nothing_goes_above_the_town(fixture_project):
    town_project = make_town(fixture_project, reaching_town=True)
    edit = Edit(town_project)
    last = "        to_body: 镇党委协调议事机构\n"
    line = edit.replace("topics.yaml", last, last + "      - from: shili\n        to: C1\n        date: \"2021-07-01\"\n"
                                             "        reason: 退回\n") + 2
    error = only_error(town_project)
    assert (error.code, error.line) == ("escalation-beyond-street", line)
    assert error.message == "议题 T1 的第 4 次上报从镇 shili 再往上报到 C1"
    assert error.hint == "镇是最高一级：议题报到镇为止，不再往上报"


def test_an_unknown_meeting_hub_names_the_town(town_project):
    Edit(town_project).replace("meetings.yaml", "  - id: M3\n    hub: C1\n", "  - id: M3\n    hub: C9\n")
    error = only_error(town_project)
    assert error.code == "meeting-hub-unknown"
    assert "友邻中心或镇的编号" in error.message and "友邻中心和镇的编号见 data/hubs.yaml" in error.hint


def test_the_towns_name_for_its_id_is_told_the_towns_id(fixture_project):
    # What the walkthrough of another town typed: the town's name where its id goes, refused by the schema.
    town_project = make_town(fixture_project, reaching_town=True)
    line = Edit(town_project).replace("topics.yaml", "        to: shili\n", "        to: 示例镇\n")
    error = only_error(town_project)
    assert (error.code, error.file, error.line) == ("pattern", "data/topics.yaml", line)
    assert error.hint == "「示例镇」是镇的名称，不是编号：它的编号是 shili；这一步从友邻中心 C1 报到镇，写成 to: shili"


def test_a_step_above_where_the_towns_plan_stops_is_told_there_is_none(town_project):
    line = Edit(town_project).replace("topics.yaml", T1_AT_CENTRE,
                                      T1_AT_CENTRE + T1_TO_TOWN.replace("to: shili", "to: Shili")) + 2
    error = only_error(town_project)
    assert (error.code, error.line) == ("topic-hub-unknown", line)
    assert error.hint == ("Shili 与镇「示例镇」的编号 shili 只差大小写，编号要一字不差；"
                          "议题在友邻中心 C1 已到上报路线的最高一级（友邻中心），不再往上报")
