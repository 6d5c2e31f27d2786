"""The progress and plan pages say in words how far each count is from the plan: residents read "-3" on a phone and
could not tell behind from ahead, nor what "附件设想" or a card's "城乡" label meant."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, Edit, cell_text, copy_project
from generator import paging
from generator.build import generate
from generator.cli import main

# What the fixture says, then what the edits below make of it: 东方社区 plans 1 point and has 2 (ahead),
# 西苑社区 1 of 1, 河西村 0 of 1 (behind); the urban points' target is 1, with 3 set up.
AHEAD = [("hubs.yaml", "planned_points: 2", "planned_points: 1"),
         ("hubs.yaml", "total_planned_points: 3", "total_planned_points: 2"),
         ("hubs.yaml", "area: urban\n    count: 3", "area: urban\n    count: 1")]
# A bare sign, Markdown's escaped one too: what the words replace.
SIGNED = re.compile(r"^\\?[+-]\d+$")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture network with a community and a tier ahead of the plan, built to HTML: its site folder."""
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("progress-wording") / "network")
    for name, old, new in AHEAD:
        Edit(project).replace(name, old, new)
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    return site


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def tables(page: BeautifulSoup, first_head: str) -> list:
    """The article's tables whose first column head is `first_head`."""
    return [table for table in page.select("article table")
            if table.find("th") and table.find("th").get_text(strip=True) == first_head]


def heads(table) -> list[str]:
    return [th.get_text(strip=True) for th in table.find("thead").find_all("th")]


def rows(table) -> list[list]:
    return [row.find_all("td") for row in table.find("tbody").find_all("tr")]


def labels(cells) -> list[str]:
    return [label.get_text(strip=True) for cell in cells for label in cell.select(".yl-stack__label")]


def test_progress_communities_say_the_gap_in_words_and_explain_the_plans_number(built):
    page = soup(built, "progress")
    [table] = tables(page, "社区（村）")
    assert heads(table) == ["社区（村）", "城市或农村", "设想建设", "已设立", "与设想相比"]
    seen = {cell_text(cells[0]): [cell_text(cell) for cell in cells[1:]] for cells in rows(table)}
    assert seen == {"东方社区": ["城市社区", "1", "2", "超出 1 个"], "西苑社区": ["城市社区", "1", "1", "已达到"],
                    "河西村": ["农村", "1", "0", "还差 1 个"]}
    for cells in rows(table):
        # A card says "城市社区" under the name, alone: "城乡：城市社区" read oddly; each number has its label.
        assert labels(cells) == ["设想建设", "已设立", "与设想相比"]
        assert not cells[1].select(".yl-stack__label")
    text = page.select_one("article").get_text()
    assert "“设想建设”" in text and "规划附件" in text  # the column is explained by the table
    assert "附件设想" not in text and "差距" not in text
    legend = [t.get_text() for t in page.select("article svg .yl-chart__legend text")]
    assert "设想建设" in legend


def test_plan_tables_say_the_gap_in_words(built):
    page = soup(built, "plan")
    [tiers] = tables(page, "层级")
    assert heads(tiers)[-1] == "与目标相比"
    gaps = {(cell_text(cells[0]), cell_text(cells[1])): cell_text(cells[-1]) for cells in rows(tiers)}
    assert gaps[("友邻点", "城市社区")] == "超出 2 个" and gaps[("友邻点", "农村")] == "还差 1 个"
    assert gaps[("友邻中心", "城乡合计")] == "已达到"
    annexes = tables(page, "序号")
    assert [heads(table)[-1] for table in annexes] == ["与设想相比", "与设想相比"]
    said = [[(cell_text(cells[1]), cell_text(cells[-1])) for cells in rows(table)] for table in annexes]
    assert said == [[("东方社区", "超出 1 个"), ("西苑社区", "已达到"), ("合计", "超出 1 个")],  # 3 set up of 2
                    [("河西村", "还差 1 个"), ("合计", "还差 1 个")]]
    for table in (tiers, *annexes):
        assert [cell_text(cells[-1]) for cells in rows(table) if SIGNED.match(cell_text(cells[-1]))] == []


def test_a_paged_annex_says_its_total_gap_in_words(tmp_path):
    # An annex too long for the plan's page is summed up in a sentence there: "相差 -3" was a bare sign too.
    project = copy_project(FIXTURE, tmp_path / "network")
    Edit(project).replace("hubs.yaml", "total_planned_points: 3", "total_planned_points: 4")
    Edit(project).replace("hubs.yaml", "population: 2000\n        planned_points: 1",
                          "population: 2000\n        planned_points: 2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "ROWS_PER_PAGE", 1)  # the urban annex's 2 communities go to pages of their own
        assert generate(project).report.ok
    annexes = (project.build_dir / "docs" / "plan.md").read_text(encoding="utf-8").split("## 附件", 1)[1]
    assert "设想建设 4 个友邻点，已设立 3 个，还差 1 个。" in annexes
    assert "相差" not in annexes
