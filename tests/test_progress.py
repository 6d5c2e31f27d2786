"""Plan progress: figures against the seed's annex totals and targets, charts that are accessible, activity checks."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from conftest import REPO
from generator.build import check, generate
from generator.progress import load_progress
from generator.progress.charts import Bar, bar_chart
from generator.progress.model import activity_goals, community_figures, tier_goals
from generator.project import Project


def shipped():
    project = Project(REPO)
    checked = check(project)
    network = checked.network
    feature, problems = load_progress(project, network, checked.settings)
    assert not problems
    return network, feature


@pytest.mark.shipped_sample
def test_community_figures_add_up_to_the_seed_annex_totals():
    network, _ = shipped()
    figures = [f for annex in network.annexes for f in community_figures(network, annex)]
    urban = [f for f in figures if f.area_name == "城市社区"]
    rural = [f for f in figures if f.area_name == "农村"]
    # 当街办〔2017〕19号: annex 1 plans 200 points in 18 communities, annex 2 plans 50 in 8 villages
    assert (len(urban), sum(f.planned for f in urban)) == (18, 200)
    assert (len(rural), sum(f.planned for f in rural)) == (8, 50)
    assert sum(f.set_up for f in figures) == 247  # three rural points are still planned


@pytest.mark.shipped_sample
def test_tier_goals_follow_the_seed_targets_and_due_dates():
    network, _ = shipped()
    goals = {g.name: g for g in tier_goals(network)}
    assert (goals["城市社区友邻站"].target, goals["城市社区友邻站"].due.isoformat()) == (19, "2017-12-31")
    assert goals["城市社区友邻点"].by_due == 200 and goals["城市社区友邻点"].met_on_time
    # three rural points are still planned (no established date): 47 of 50 by the end of 2018
    assert (goals["农村友邻点"].target, goals["农村友邻点"].by_due, goals["农村友邻点"].now) == (50, 47, 47)
    assert not goals["农村友邻点"].met_on_time


@pytest.mark.shipped_sample
def test_projects_and_trainings_against_the_plan():
    _, feature = shipped()
    goals = {g.name: g for g in activity_goals(feature.activities)}
    assert goals["运作项目"].target == 60 and goals["运作项目"].by_due >= 60
    assert goals["专题培训"].target == 10 and goals["专题培训"].due.isoformat() == "2018-06-30"
    assert goals["专题培训"].by_due >= 10


def test_a_project_at_an_unknown_hub_is_a_problem_with_its_line(fixture_project):
    path = fixture_project.data_dir / "projects.csv"
    path.write_text(path.read_text(encoding="utf-8") + "X09,某项目,居民自治类,P99,2021-01-01,,运作中\n",
                    encoding="utf-8")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("activity-hub-unknown", "data/projects.csv", 5)]


def test_a_bad_project_kind_is_a_schema_problem(fixture_project):
    path = fixture_project.data_dir / "projects.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("文体康乐类", "体育类"), encoding="utf-8")
    report = check(fixture_project).report
    assert [(p.code, p.line) for p in report.errors] == [("enum", 4)]


def test_chart_is_an_accessible_image_with_escaped_labels():
    chart = bar_chart("图<1>", ("现有", "目标"), [Bar("<b>甲</b>", (3, 10)), Bar("乙", (0, 5))])
    assert isinstance(chart, Markup)
    svg = BeautifulSoup(str(chart), "html.parser").find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text() == "图<1>"
    assert svg.find("b") is None and "&lt;b&gt;甲" in str(chart)
    widths = [int(r["width"]) for r in svg.find_all("rect") if int(r["y"]) > 20]  # bars, not the legend
    assert widths[1] == max(widths) and widths[2] == 0  # 10 is the longest bar, 0 draws nothing
    assert re.findall(r">(\d+)</text>", str(chart)) == ["3", "10", "0", "5"]


def test_empty_chart_does_not_divide_by_zero():
    assert "<svg" in bar_chart("空", ("现有",), [Bar("甲", (0,))])


def test_a_plan_without_tiers_targets_or_milestones_has_no_bare_headings(fixture_project):
    # Another street's plan may set no numbers: its pages say so instead of a heading over nothing.
    path = fixture_project.data_dir / "hubs.yaml"
    kept, skipping = [], False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line in ("tiers:", "targets:", "milestones:"):
            kept.append(line + " []")
            skipping = True
        elif not (skipping and (not line or line.startswith(" "))):
            skipping = False
            kept.append(line)
    path.write_text("\n".join(kept), encoding="utf-8")
    assert generate(fixture_project).report.ok
    for name in ("plan.md", "progress.md"):
        text = (fixture_project.build_dir / "docs" / name).read_text(encoding="utf-8")
        # A heading with nothing under it: the next heading is of its level or above, or the page ends.
        bare = [(first, second) for first, second in re.findall(r"^(#+) .*\n+(?=(#+ |\Z))", text, flags=re.MULTILINE)
                if not second or len(second.strip()) <= len(first)]
        assert bare == [], name
        assert "方案没有规定各层级的数量目标。" in text
        assert "## 三级网络" not in text and "## 年度安排" not in text
