"""Full builds: the fixture network and the shipped data, checked as HTML."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import jieba
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, copy_project
from generator.build import check, generate
from generator.cli import main
from generator.features import LATER_CHECKS, feature_file_groups
from generator.project import Project

pytestmark = pytest.mark.build


def build_site(project: Project, site_dir: Path) -> int:
    return main(["--project", str(project.root), "build", "--site-dir", str(site_dir)])


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_text_files(site: Path):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".js", ".css"}:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def private_values(project: Project) -> set[str]:
    """Every leader name and phone the data does not allow to be published in full."""
    network = check(project).network
    values = set()
    for point in network.points.values():
        leader = point.leader
        if leader.name and not (leader.name_public and leader.consent_date):
            values.add(leader.name)
        if leader.phone and not (leader.phone_publication == "full" and leader.consent_date):
            values.add(leader.phone)
    return values


def assert_no_third_party_requests(site: Path) -> None:
    """Nothing a browser would fetch by itself points anywhere but the site."""
    fetched = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href", "video": "src"}
    for path in site.rglob("*.html"):
        page = soup(path)
        for tag, attr in fetched.items():
            for element in page.find_all(tag):
                url = element.get(attr)
                if url and not (tag == "link" and "stylesheet" not in element.get("rel", []) and
                                "icon" not in element.get("rel", []) and "preload" not in element.get("rel", [])):
                    assert not urlparse(url).netloc, f"{path}: <{tag} {attr}={url}>"
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", text), f"{path} loads a remote resource"


# ---------------------------------------------------------------- the fixture network


@pytest.fixture(scope="module")
def fixture_site(fixture_site_built):
    return fixture_site_built


def test_print_pages_name_their_icon_so_browsers_do_not_ask_for_a_missing_one(fixture_site):
    _, site = fixture_site
    for page in (site / "posters" / "S1.html", site / "forms" / "topic" / "S1.html"):
        icon = soup(page).select_one('link[rel="icon"]')["href"]
        assert (page.parent / icon).resolve().is_file(), (page, icon)


def test_posters_and_the_finder_give_a_number_one_can_dial_and_no_hours_for_a_point_being_set_up(fixture_site):
    _, site = fixture_site
    finder = {point["url"]: point for community in ("dongfang", "hexi")
              for compound in json.loads((site / "find-data" / f"{community}.json").read_text("utf-8"))["compounds"]
              for point in compound["points"]}
    masked, planned = finder["../points/P02/"], finder["../points/P04/"]  # P02's phone is masked; P04 is planned
    assert masked["phone"] is None and masked["tel"] is None and masked["station_phone"]
    assert planned["opening_hours"] == "尚未开放"
    posters = {sheet["id"]: sheet.get_text(" ", strip=True)
               for station in ("S1", "S3") for sheet in soup(site / "posters" / f"{station}.html").select(".yl-poster[id]")}
    assert "****" not in posters["P02"] and "有事请打友邻站电话" in posters["P02"]
    assert "尚未开放" in posters["P04"] and "每周三 9:00-11:00" not in posters["P04"]


def test_the_not_found_page_is_in_chinese_and_leads_to_the_finder(fixture_site):
    _, site = fixture_site
    article = soup(site / "404.html").select_one("article")
    assert article.h1.get_text(strip=True) == "找不到这个页面"
    # Served at any address, so its links are absolute: the site's own path, as site_url gives it.
    links = {a.get_text(strip=True).split("：")[0]: a["href"] for a in article.select("a")}
    assert links == {"我的友邻点": "/youlin/find/", "回到首页": "/youlin/"}
    assert (site / "find" / "index.html").is_file()


def test_point_page_shows_what_a_resident_needs(fixture_site):
    _, site = fixture_site
    page = soup(site / "points" / "P01" / "index.html")
    article = page.select_one("article")
    assert article.h1.get_text(strip=True) == "晨光苑友邻点"
    crumbs = [a.get_text() for a in page.select("nav.yl-crumbs a")]
    assert crumbs == ["示例街道友邻网络", "示例友邻中心", "东方社区友邻站"]
    terms = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
             zip(article.find_all("dt"), article.find_all("dd"))}
    assert terms["地址"] == "晨光苑物业用房"
    assert terms["开放时间"] == "每周二 9:00-11:00"
    assert terms["服务的小区"] == "晨光苑"
    assert terms["所属友邻站"] == "东方社区友邻站"
    assert [a["href"] for a in article.select('a[href^="tel:"]')] == ["tel:13900001111"]
    assert page.select_one(".yl-notice").get_text(strip=True) == "测试用虚构数据。"


def test_the_subsidy_ends_its_item_on_point_and_station_pages(fixture_site):
    _, site = fixture_site
    point = soup(site / "points" / "P01" / "index.html").select_one("article")
    subsidy = next(dt for dt in point.find_all("dt") if dt.get_text(strip=True) == "年度补助").find_next_sibling("dd")
    assert subsidy.get_text(" ", strip=True) == "每年 500 元"
    assert point.select_one("a.md-button").find_parent("dd") is None  # the poster's button stands on its own
    station = soup(site / "stations" / "S1" / "index.html").select_one("article")
    terms = {dt.get_text(strip=True): dd.get_text(" ", strip=True)
             for dt, dd in zip(station.find_all("dt"), station.find_all("dd"))}
    assert terms["年度补助"] == "每年 2,000 元" and terms["设立日期"] == "2020年3月1日"


def test_markup_in_data_stays_text_everywhere(fixture_site):
    _, site = fixture_site
    name = "星*光[1]|号 <b>友邻点</b>"
    page = soup(site / "points" / "P02" / "index.html")
    assert page.title.get_text().startswith(name)
    assert page.select_one("article h1").get_text(strip=True) == name
    assert not page.find_all("b")
    station = soup(site / "stations" / "S1" / "index.html")
    assert name in [a.get_text() for a in station.select("article table a")]


def test_masked_and_unpublished_phones(fixture_site):
    _, site = fixture_site
    # The only number to dial is the station's office line (S1 has one, S2 none), so a resident has someone to call.
    for point, shown, dialled in (("P02", "139****2222", ["tel:057180000011"]), ("P03", "电话不公开", [])):
        article = soup(site / "points" / point / "index.html").select_one("article")
        assert shown in article.get_text()
        assert [a["href"] for a in article.select('a[href^="tel:"]')] == dialled


def test_no_private_value_anywhere_in_the_fixture_site(fixture_site):
    project, site = fixture_site
    secrets = private_values(project)
    assert secrets == {"秦私密", "13900002222", "钱不公开", "13900003333", "周某某"}
    for path, text in all_text_files(site):
        for secret in secrets:
            assert secret not in text, f"{secret} leaked into {path}"


def test_the_overview_has_no_target_column_when_the_plan_sets_no_targets(fixture_project, edit):
    def overview_header() -> str:
        assert generate(fixture_project).report.ok
        home = (fixture_project.build_dir / "docs" / "index.md").read_text(encoding="utf-8")
        return next(line for line in home.split("## 网络概况")[1].splitlines() if line.startswith("| "))

    assert overview_header() == "| 层级 | 范围 | 已设立 | 其中运行中 | 筹建中 | 规划目标 |"
    edit.drop_section("hubs.yaml", "targets")
    assert overview_header() == "| 层级 | 范围 | 已设立 | 其中运行中 | 筹建中 |"


def test_a_closed_point_says_on_which_day_it_closed(fixture_project, edit):
    edit.replace("points.csv", ",500,,active,2020-03-12,", ",500,,closed,2020-03-12,")
    edit.add_column("points.csv", "closed_on", {"P02": "2021-06-30"})
    assert generate(fixture_project).report.ok
    page = (fixture_project.build_dir / "docs" / "points" / "P02.md").read_text(encoding="utf-8")
    assert "    这个友邻点已于2021年6月30日关闭，有事请先联系所属友邻站：" in page
    assert "\n关闭日期\n:   2021年6月30日\n" in page
    with (fixture_project.build_dir / "docs" / "data" / "points.csv").open(encoding="utf-8") as published:
        assert {r["id"]: r["closed_on"] for r in csv.DictReader(published)}["P02"] == "2021-06-30"


def test_a_station_whose_address_names_its_venue_does_not_repeat_it(fixture_project, edit):
    def address() -> str:
        assert generate(fixture_project).report.ok
        station = (fixture_project.build_dir / "docs" / "stations" / "S1.md").read_text(encoding="utf-8")
        return station.split("\n地址\n")[1].split("\n\n")[0]

    assert address() == ":   东方路 10 号（东方社区服务中心）"
    edit.replace("hubs.yaml", "address: 东方路 10 号", "address: 东方路 10 号东方社区服务中心")
    assert address() == ":   东方路 10 号东方社区服务中心"


def test_invalid_data_writes_nothing(fixture_project, tmp_path, capsys):
    site = tmp_path / "site"
    points = fixture_project.data_dir / "points.csv"
    points.write_text(points.read_text(encoding="utf-8").replace(",S2,", ",S31,"), encoding="utf-8")
    assert build_site(fixture_project, site) == 1
    assert not site.exists()
    assert not fixture_project.build_dir.exists()
    output = capsys.readouterr()
    assert "data/points.csv:4: [foreign-key] 友邻点 P03 的所属友邻站 S31 不存在" in output.err
    assert "网站未生成" in output.out


def test_a_check_that_stops_early_says_what_it_has_not_checked_yet(fixture_project, edit):
    # A clerk who fixes every error shown should not be surprised by a new batch from files never looked at.
    edit.replace("points.csv", "每周二 9:00-11:00,500,", "每周二 9:00-11:00,五百,")
    report = check(fixture_project).report
    assert [p.code for p in report.problems] == ["type-error"]
    assert report.summary() == (
        "发现 1 个错误、0 个警告。网站未生成：请先改正错误。因为这些错误，还没有检查："
        "友邻网络的交叉检查（补助标准、服务小区、未公开的个人信息等）；data/topics.yaml、data/meetings.yaml；"
        "data/spending.csv；data/projects.csv、data/trainings.csv、data/activity_targets.csv；content/covenants/；"
        "mkdocs.yml 的导航（nav）与各栏目的数据是否相符。改正后请再检查一次。")
    # Errors found by the network's own rules stop the features, not the network's checks.
    edit.replace("points.csv", "每周二 9:00-11:00,五百,", "每周二 9:00-11:00,400,")
    report = check(fixture_project).report
    assert [p.code for p in report.problems] == ["subsidy-mismatch"]
    assert report.unchecked[0] == "data/topics.yaml、data/meetings.yaml"


def test_a_check_that_stops_at_a_features_schema_says_what_that_feature_has_not_checked(fixture_project, edit):
    # A date typed 2021/3/2: the topics are not read, so nothing checks their categories, hubs or way up.
    line = edit.replace("topics.yaml", 'raised_on: "2021-03-02"', "raised_on: 2021/3/2")
    edit.replace("spending.csv", "E2020-01,P01,2020-04-02,", "E2020-01,P01,2020/4/2,")
    report = check(fixture_project).report
    assert sorted((p.code, p.file, p.line) for p in report.errors) == [
        ("type-error", "data/spending.csv", 2), ("type-error", "data/topics.yaml", line)]
    assert report.unchecked == [
        "data/topics.yaml、data/meetings.yaml 的交叉检查（议题的分类、提出地点、上报路径、五民环节和日期，"
        "会议的召开单位、类型和议程等）",
        "data/spending.csv 的交叉检查（支出单位、支出日期、票据号等）",
        "mkdocs.yml 的导航（nav）与各栏目的数据是否相符"]
    assert "因为这些错误，还没有检查：data/topics.yaml、data/meetings.yaml 的交叉检查（" in report.summary()
    # Errors of a feature's later checks stop only the nav's check: its own checks have all run.
    edit.replace("topics.yaml", "raised_on: 2021/3/2", 'raised_on: "2021-03-02"')
    edit.replace("spending.csv", "E2020-01,P01,2020/4/2,", "E2020-01,P01,2020-04-02,")
    edit.replace("topics.yaml", "    category: 停车\n    description: 晚上", "    category: 停 车\n    description: 晚上")
    report = check(fixture_project).report
    assert [p.code for p in report.errors] == ["topic-category-unknown"]
    assert report.unchecked == ["mkdocs.yml 的导航（nav）与各栏目的数据是否相符"]


def test_every_features_files_say_what_is_checked_after_their_schemas(fixture_project):
    assert {group.kind for group in feature_file_groups(fixture_project)} <= set(LATER_CHECKS)


def test_check_command_exit_status(fixture_project, capsys):
    assert main(["--project", str(fixture_project.root), "check"]) == 0
    assert "数据检查通过" in capsys.readouterr().out


# ---------------------------------------------------------------- the shipped data


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    project = copy_project(REPO, tmp_path_factory.mktemp("shipped") / "project")
    site = project.root / "site-out"
    assert build_site(project, site) == 0
    return project, site


@pytest.mark.shipped_sample
def test_shipped_data_is_valid_and_matches_the_plan(shipped_site):
    project, _ = shipped_site
    report = check(project).report
    # Not even a plan gap (every community has its planned points); only the placeholder site_url.
    assert [p.code for p in report.problems] == ["site-url-example"]


@pytest.mark.shipped_sample
def test_shipped_site_has_a_page_per_hub(shipped_site):
    _, site = shipped_site
    assert (site / "centre" / "index.html").is_file()
    assert len(list((site / "stations").glob("S*/index.html"))) == 30
    assert len(list((site / "points").glob("P*/index.html"))) == 250
    assert len([p for p in (site / "communities").iterdir() if p.is_dir()]) == 26
    home = soup(site / "index.html")
    # 层级, 范围, 已设立, 筹建中 and 规划目标 (the plan's target comes last: on a phone residents see the counts first)
    table = home.select_one("article table")
    for label in table.select(".yl-stack__label"):  # what a phone's card says before each value
        label.decompose()
    assert [th.get_text(strip=True) for th in table.select("th")] == ["层级", "范围", "已设立", "其中运行中", "筹建中",
                                                                     "规划目标"]
    cells = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.select("tr")]
    rows = {(row[0], row[1], row[2], row[4], row[5]) for row in cells if row}
    assert ("友邻中心", "城乡合计", "1", "0", "1") in rows
    assert ("友邻站", "城乡合计", "30", "0", "30") in rows
    assert ("友邻点", "城乡合计", "247", "3", "250") in rows  # three points are still planned


@pytest.mark.shipped_sample
def test_the_sidebar_does_not_grow_with_the_network(shipped_site):
    _, site = shipped_site
    page = soup(site / "points" / "P0100" / "index.html")
    sidebar_links = page.select("nav.md-nav--primary a.md-nav__link")
    assert 0 < len(sidebar_links) <= 12
    assert not [a for a in sidebar_links if "points/" in (a.get("href") or "")]


def test_search_for_a_compound_name_finds_its_point(shipped_site):
    project, site = shipped_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    network = check(project).network
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(project.jieba_dictionary))
    for point in list(network.points.values())[::25]:
        compound = point.compounds[0]
        words = set(tokenizer.cut(compound))  # one word; a village group two: 三北村, 一组
        hits = {doc["location"].split("#")[0] for doc in index["docs"]
                if words <= set(separator.split(doc["title"] + " " + doc["text"]))}
        assert f"points/{point.id}/" in hits, f"searching {compound} does not find {point.id}"


@pytest.mark.shipped_sample
def test_no_single_han_character_is_a_word_of_the_search_index(shipped_site):
    # Material's search cuts what a resident types at the longest indexed word it begins with: while 清 was a
    # word (from 全部清出), a search for 清翠湾 was one for every word beginning with 清.
    _, site = shipped_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words = {word for doc in index["docs"] for field in (doc["title"], doc["text"])
             for text in re.split(r"<[^>]+>", field) for word in separator.split(text)}
    assert {"清翠湾", "三北村", "友邻点", "全部"} <= words
    assert sorted(word for word in words if re.fullmatch(r"[\u4e00-\u9fff]", word)) == []


@pytest.mark.shipped_sample
def test_search_leaves_out_the_link_sections_every_hub_page_repeats(shipped_site):
    _, site = shipped_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    point_entries = [doc for doc in index["docs"] if doc["location"].startswith("points/P")]
    point_pages = {doc["location"].split("#")[0] for doc in point_entries}
    # The page itself and its first section (address, hours, compounds); not 表格, 协商议事, 补助使用.
    assert len(point_entries) == 2 * len(point_pages)
    page = BeautifulSoup((site / "points" / "P0001" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sections = [h2.get_text(strip=True) for h2 in page.select("article h2")]
    assert "表格" in sections  # still on the page


@pytest.mark.shipped_sample
def test_no_private_value_anywhere_in_the_shipped_site(shipped_site):
    project, site = shipped_site
    secrets = private_values(project)
    assert len(secrets) > 100
    for path, text in all_text_files(site):
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{leaked[:3]} leaked into {path}"


def test_no_request_to_a_third_party_host(shipped_site):
    assert_no_third_party_requests(shipped_site[1])
