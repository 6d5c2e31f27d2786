"""One meaning of how many hubs there are, on the home, plan and progress pages.

已设立 is a hub that is running or paused; 筹建中 (planned) is listed in the data but not set up yet, so it meets no
target and gets no subsidy; a closed hub is counted nowhere. The fixture network gets one hub of each status.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from generator.build import check, generate


def tables(markdown: str, heading: str) -> list[list[dict[str, str]]]:
    """The pipe tables of a page's section, each as rows of {header: cell} (Markdown's escapes removed)."""
    section = markdown.split(f"\n{heading}\n", 1)[1]
    level = heading.split(" ")[0]
    section = re.split(rf"\n{level} ", section)[0]
    found, lines = [], section.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|") and index + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[index + 1]):
            if index and lines[index - 1].startswith("|"):
                continue
            header = _cells(line)
            rows = []
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                cells = _cells(row)
                assert len(cells) == len(header), row
                rows.append(dict(zip(header, cells)))
            found.append(rows)
    return found


def gap(words: str) -> int:
    """A gap the pages say in words (已达到, 还差 3 个, 超出 2 个) as set up minus planned."""
    if words == "已达到":
        return 0
    found = re.fullmatch(r"(还差|超出) (\d+) 个", words)
    assert found, words
    return int(found[2]) * (-1 if found[1] == "还差" else 1)


def _cells(line: str) -> list[str]:
    line = re.sub(r'<span class="yl-stack__label">[^<]*</span>', "", line)  # what a phone's card says before a value
    return [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in line.strip().strip("|").split("|")]


def page(project, name: str) -> str:
    return (project.build_dir / "docs" / name).read_text(encoding="utf-8")


@pytest.fixture
def every_status(fixture_project, edit):
    """P01 running, P02 closed, P03 paused (all urban), P04 planned (rural); generated."""
    edit.replace("points.csv", ",500,,active,2020-03-12", ",500,,closed,2020-03-12")  # P02
    edit.replace("points.csv", ",500,,active,2020-04-10", ",500,,paused,2020-04-10")  # P03
    report = generate(fixture_project).report
    assert report.ok, [p.format() for p in report.errors]
    return fixture_project


def listed_not_closed(project, tier: str) -> int:
    network = check(project).network
    hubs = network.points.values() if tier == "友邻点" else network.stations.values()
    return sum(1 for hub in hubs if hub.status != "closed")


def subsidy_counts(home: str) -> dict[str, int]:
    sentence = next(line for line in home.splitlines() if line.startswith("每年补助合计"))
    found = re.search(r"已设立的 (\d+) 个友邻站共 [\d,]+ 元，(\d+) 个友邻点共 ([\d,]+) 元", sentence)
    return {"友邻站": int(found[1]), "友邻点": int(found[2]), "点补助": int(found[3].replace(",", ""))}


def test_the_home_tables_set_up_hubs_are_the_subsidy_sentences(every_status):
    home = page(every_status, "index.md")
    [overview] = tables(home, "## 网络概况")
    assert list(overview[0]) == ["层级", "范围", "已设立", "其中运行中", "筹建中", "规划目标"]
    rows = {(row["层级"], row["范围"]): row for row in overview}
    assert {key: (row["已设立"], row["其中运行中"], row["筹建中"]) for key, row in rows.items()
            if key[0] == "友邻点"} == {
        ("友邻点", "城市社区"): ("2", "1", "0"),  # P01 running, P03 paused
        ("友邻点", "农村"): ("0", "0", "1"),  # P04 planned
        ("友邻点", "城乡合计"): ("2", "1", "1"),
    }
    subsidy = subsidy_counts(home)
    for tier in ("友邻站", "友邻点"):
        total = rows[(tier, "城乡合计")]
        assert int(total["已设立"]) == subsidy[tier]
        # The closed point is in neither column; the planned one is, in 筹建中.
        assert int(total["已设立"]) + int(total["筹建中"]) == listed_not_closed(every_status, tier)
    assert subsidy["点补助"] == 2 * 500


def test_a_planned_point_with_a_date_is_not_set_up_nor_subsidised(every_status, edit):
    # The 设立日期 of a point still 筹建中 (the date it is meant to open) does not set it up.
    edit.replace("points.csv", "planned,,,", "planned,2021-05-01,,")
    assert generate(every_status).report.ok
    home = page(every_status, "index.md")
    total = {(row["层级"], row["范围"]): row for row in tables(home, "## 网络概况")[0]}[("友邻点", "城乡合计")]
    assert (total["已设立"], total["筹建中"]) == ("2", "1")
    assert subsidy_counts(home)["友邻点"] == 2
    progress = {row["项目"]: row for row in tables(page(every_status, "progress.md"), "## 友邻中心、友邻站和友邻点")[0]}
    assert (progress["农村友邻点"]["按期"], progress["农村友邻点"]["已设立"]) == ("0", "0")


def test_the_plans_gap_is_set_up_minus_target(every_status):
    [goals] = tables(page(every_status, "plan.md"), "## 目标与进展")
    assert list(goals[0]) == ["层级", "范围", "规划目标", "完成期限", "已设立", "运行中", "筹建中", "与目标相比"]
    for row in goals:
        assert gap(row["与目标相比"]) == int(row["已设立"]) - int(row["规划目标"]), row
    gaps = {(row["层级"], row["范围"]): (row["已设立"], row["筹建中"], row["与目标相比"]) for row in goals}
    assert gaps[("友邻点", "农村")] == ("0", "1", "还差 1 个")  # the planned point meets no target
    assert gaps[("友邻点", "城市社区")] == ("2", "0", "还差 1 个")  # 3 planned in the plan; the paused one counts


def test_the_annexes_and_the_progress_page_count_set_up_points(every_status):
    annexes = tables(page(every_status, "plan.md"), "## 附件：各社区（村）友邻点建设方案")
    for table in annexes:
        *rows, total = table
        assert total["名称"] == "合计"
        assert int(total["已设立友邻点"]) == sum(int(row["已设立友邻点"]) for row in rows)
        assert gap(total["与设想相比"]) == int(total["已设立友邻点"]) - int(total["设想建设友邻点数"])
    annex = {row["名称"]: row for table in annexes for row in table}
    progress = {row["社区（村）"]: row for row in tables(page(every_status, "progress.md"), "## 各社区（村）的友邻点")[0]}
    assert {name: (row["已设立"], row["与设想相比"]) for name, row in progress.items()} == {
        "东方社区": ("1", "还差 1 个"), "西苑社区": ("1", "已达到"), "河西村": ("0", "还差 1 个")}
    for name, row in progress.items():
        planned = next(r for key, r in annex.items() if f"[{name}]" in key)
        assert (planned["已设立友邻点"], planned["与设想相比"]) == (row["已设立"], row["与设想相比"])
    goals = {row["项目"]: row for row in tables(page(every_status, "progress.md"), "## 友邻中心、友邻站和友邻点")[0]}
    home = {f"{row['范围']}{row['层级']}": row for row in tables(page(every_status, "index.md"), "## 网络概况")[0]}
    for name, goal in goals.items():
        assert goal["已设立"] == home[name if name in home else f"城乡合计{name}"]["已设立"]


def test_the_progress_charts_say_set_up(every_status):
    progress = page(every_status, "progress.md")
    legends = [text.get_text() for text in BeautifulSoup(progress, "html.parser").select("g.yl-chart__legend text")]
    assert legends == ["已设立", "规划目标", "现有", "规划目标", "已设立友邻点", "设想建设"]


def test_no_planned_hub_no_planned_column(fixture_project, edit):
    edit.replace("points.csv", "planned,,,", "closed,,,")
    assert generate(fixture_project).report.ok
    [overview] = tables(page(fixture_project, "index.md"), "## 网络概况")
    [goals] = tables(page(fixture_project, "plan.md"), "## 目标与进展")
    assert "筹建中" not in overview[0] and "筹建中" not in goals[0]
    assert "筹建中" not in page(fixture_project, "plan.md").split("## 目标与进展")[1].split("##")[0]


def test_the_directory_counts_set_up_points_and_shows_planned_ones_apart(every_status):
    directory = page(every_status, "communities/index.md")
    [urban] = tables(directory, "## 城市社区")
    [rural] = tables(directory, "## 农村")
    # No community of the urban annex has a planned point: no 筹建中 column there; the closed P02 is nowhere.
    assert list(urban[0]) == ["名称", "友邻站", "小区个数", "常住人口", "已设立友邻点"]
    assert list(rural[0]) == ["名称", "友邻站", "村民小组个数", "常住人口", "已设立友邻点", "筹建中"]
    counts = {re.match(r"\[([^]]+)\]", row["名称"])[1]: (row["已设立友邻点"], row.get("筹建中")) for row in urban + rural}
    assert counts == {"东方社区": ("1", None), "西苑社区": ("1", None), "河西村": ("0", "1")}
    # As the plan's annex and each community's own page count them.
    annex = {re.match(r"\[([^]]+)\]", row["名称"])[1]: row["已设立友邻点"]
             for table in tables(page(every_status, "plan.md"), "## 附件：各社区（村）友邻点建设方案") for row in table[:-1]}
    assert {name: count[0] for name, count in counts.items()} == annex
    assert "已设立 0 个，筹建中 1 个" in page(every_status, "communities/hexi.md")


def test_the_stations_list_counts_set_up_points_and_shows_planned_ones_apart(every_status):
    [stations] = tables(page(every_status, "stations/index.md"), "# 友邻站")
    counts = {re.match(r"\[([^]]+)\]", row["友邻站"])[1]: (row["已设立友邻点"], row["筹建中"]) for row in stations}
    # S1 has P01 running and P02 closed; S2 has P03 paused; S3 has P04 planned.
    assert counts == {"东方社区友邻站": ("1", ""), "西苑社区友邻站": ("1", ""), "河西村友邻站": ("0", "1")}
