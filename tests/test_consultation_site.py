"""Full builds with consultation: the fixture network, a street without data yet, and the shipped sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar

from browser import SiteServer, chromium, pdf_text, printed_margins
from conftest import FIXTURE, REPO, copy_project
import generator.consultation.feature
import generator.forms
from generator.build import check, generate
from generator.cli import main
from generator.consultation import ConsultationFeature, load_consultation
from generator.consultation.pages import hub_rows
from generator.consultation.views import topic_page
from generator.public import index_public
from generator.rules import read_network

pytestmark = pytest.mark.build


def build(project, site: Path) -> None:
    assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 0


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> dict:
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def private_raisers(root: Path) -> set[str]:
    data = yaml.safe_load((root / "data" / "topics.yaml").read_text(encoding="utf-8"))
    return {t["raised_by"] for t in data["topics"] if t.get("raised_by")}


def site_texts(site: Path):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".ics", ".txt", ".js"}:
            yield path, path.read_text(encoding="utf-8", errors="replace")


# ---------------------------------------------------------------- the fixture network


@pytest.fixture(scope="module")
def fixture_site(fixture_site_built):
    return fixture_site_built


def test_meeting_page_carries_schema_org_event_data(fixture_site):
    _, site = fixture_site
    event = json_ld(soup(site / "meetings" / "M2" / "index.html"))
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == "东方社区友邻站跨区域协商会"
    assert (event["startDate"], event["endDate"]) == ("2021-03-30T14:00:00+08:00", "2021-03-30T15:30:00+08:00")
    assert event["location"]["name"] == "东方社区服务中心二楼"
    assert event["location"]["address"]["streetAddress"] == "东方路 10 号"
    assert event["url"] == "https://shili.youlin.test/youlin/meetings/M2/"
    assert event["organizer"]["name"] == "东方社区友邻站"


def test_meeting_page_shows_agenda_and_minutes(fixture_site):
    _, site = fixture_site
    article = soup(site / "meetings" / "M2" / "index.html").select_one("article")
    for label in article.select("table .yl-stack__label"):  # what a phone's card says before each value
        label.decompose()
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in article.select("table tr")[1:]]
    assert rows[0][:4] == ["1", "14:00–15:00", "晨光苑夜间停车位不够 （停车）", "60 分钟"]
    assert rows[0][-1] == "协调不成，报友邻中心"
    assert "友邻站四月底前把停车议题报友邻中心" in article.get_text()
    upcoming = soup(site / "meetings" / "M4" / "index.html").select_one("article").get_text()
    assert "会前公布的议程" in upcoming and "自动生成的议程草案" in upcoming


def test_a_meeting_page_title_carries_its_day(fixture_site):
    # A hub's meetings of one type share their name; tabs and search results tell them apart by the day.
    _, site = fixture_site
    assert soup(site / "meetings" / "M2" / "index.html").title.get_text() == \
        "东方社区友邻站跨区域协商会（2021年3月30日） - 示例街道友邻网络"


def test_markup_in_a_topic_title_stays_text(fixture_site):
    _, site = fixture_site
    page = soup(site / "topics" / "T5" / "index.html")
    assert page.select_one("article h1").get_text(strip=True) == "“口袋公园”*补种* [樱花] | 计划"
    assert not page.select("article em")


def test_hub_pages_link_to_their_consultation(fixture_site):
    _, site = fixture_site
    page = soup(site / "points" / "P01" / "index.html")
    heading = next(h for h in page.select("article h2") if h.get_text(strip=True) == "协商议事")
    links = {a.get_text(strip=True): a["href"] for a in heading.find_next("ul").select("a")}
    assert links["晨光苑友邻点的议题、决定和会议"] == "../../consultation/P01/"
    calendar = links["把会议加到手机日历"]
    assert (site / "points" / "P01" / calendar).resolve().is_file()
    centre = soup(site / "centre" / "index.html").get_text()
    assert "下次会议：2022年2月15日 14:00 示例友邻中心联席会议" in centre
    quiet = soup(site / "points" / "P03" / "index.html").select_one("article").get_text()
    assert "这里还没有协商记录" in quiet and "西苑社区友邻站的协商议事" in quiet


def test_a_point_without_a_meeting_of_its_own_offers_its_stations_next_one(fixture_site):
    _, site = fixture_site

    def consultation(path: Path) -> tuple[dict[str, str], str]:
        article = soup(path).select_one("article")
        section = section_after(article, "协商议事")
        links = {a.get_text(strip=True): a["href"] for e in section if e.name == "ul" for a in e.select("a")}
        return links, " ".join(e.get_text(strip=True) for e in section if e.name == "p")

    # P01 held M1 in 2021; its station S1 meets next on 2022-01-18 (M4), after the fixture's today.
    links, note = consultation(site / "points" / "P01" / "index.html")
    assert links["所属东方社区友邻站的下次会议：2022年1月18日 14:00 东方社区友邻站跨区域协商会"] == "../../meetings/M4/"
    assert "下次会议还没有安排" not in note
    # S2 has no meeting coming, and neither has P03 under it: the page says so instead of saying nothing.
    links, note = consultation(site / "points" / "P03" / "index.html")
    assert not [text for text in links if "下次会议" in text]
    assert note.endswith("下次会议还没有安排。")
    assert "下次会议还没有安排。" in consultation(site / "stations" / "S2" / "index.html")[1]
    # A hub with a meeting of its own names only that one.
    links, note = consultation(site / "centre" / "index.html")
    assert [text for text in links if text.startswith(("下次会议：", "所属"))] == [
        "下次会议：2022年2月15日 14:00 示例友邻中心联席会议"]


def test_a_hub_counts_the_topics_raised_there_wherever_they_are_now(fixture_site):
    _, site = fixture_site

    def standing(path: Path) -> str:
        article = soup(path).select_one("article")
        (note,) = [e for e in section_after(article, "协商议事") if e.name == "p"]
        return note.get_text(strip=True)

    # T3, raised at P02, was sent up to S1 and decided there; it is being carried out. T2 has a result.
    assert standing(site / "points" / "P02" / "index.html").startswith(
        "本点提出、还在商量的议题 0 个，已议定、正在落实的 1 个。")
    # T1 and T5, raised at P01, wait undecided above it: still its residents' topics.
    assert standing(site / "points" / "P01" / "index.html").startswith(
        "本点提出、还在商量的议题 2 个（其中 2 个已报上级），已议定、正在落实的 0 个。")
    # A station counts its own topics the same way (T4), and those sent up to it: waiting there (T5; T1 went on)
    # or decided there and being carried out (T3).
    assert standing(site / "stations" / "S1" / "index.html") == (
        "本站提出、还在商量的议题 1 个，已议定、正在落实的 0 个。"
        "下级报上来的议题，正在本站商量的 1 个，本站议定、正在落实的 1 个。")


def test_the_hubs_table_counts_what_is_being_carried_out_as_the_hub_pages_do(fixture_project, edit):
    # T3, decided at S1, carried out but not yet evaluated: no longer being carried out, on any page.
    edit.replace("topics.yaml", '    due: "2021-09-30"\n\n  - id: T4',
                 '    due: "2021-09-30"\n    done_on: "2021-09-20"\n\n  - id: T4')
    settings = fixture_project.read_settings()[0]
    feature, problems = load_consultation(fixture_project, check(fixture_project).network, settings)
    assert feature is not None, [p.format() for p in problems]
    data = feature.data
    (row,) = hub_rows(data, lambda text, path: text, [data.hubs.get("S1")], settings.today)
    assert row.in_progress == 0
    assert feature._standing_note(data.hubs.get("S1")).endswith("本站议定、正在落实的 0 个。")


def test_topic_timeline_and_decision(fixture_site):
    _, site = fixture_site
    article = soup(site / "topics" / "T1" / "index.html").select_one("article")
    steps = [li.strong.get_text(strip=True).split("·")[1].strip() for li in article.select(".yl-steps li")]
    assert steps == ["民提", "会议", "民议", "上报", "会议", "上报", "会议", "上报"]
    evaluated = soup(site / "topics" / "T2" / "index.html").select_one("article").get_text()
    assert "满意和基本满意" in evaluated and "90%" in evaluated
    overdue = soup(site / "topics" / "T3" / "index.html").select_one("article").get_text()
    assert "逾期未办结" in overdue


def test_tracker_puts_overdue_decisions_first(fixture_site):
    _, site = fixture_site
    rows = soup(site / "consultation" / "tracker" / "index.html").select("article table")[1].select("tr")[1:]
    assert [r.find("a").get_text() for r in rows] == ["星河湾垃圾房异味", "文明养犬"]
    assert "逾期" in rows[0].get_text()


def test_search_finds_topics_and_meetings_once_and_not_drafts(fixture_site):
    _, site = fixture_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"topics/T1/", "meetings/M1/", "consultation/"} <= locations
    # A hub's consultation page only lists topics and meetings: searching finds their own pages.
    assert (site / "consultation" / "P01" / "index.html").exists() and "consultation/P01/" not in locations
    assert not [loc for loc in locations if loc.startswith(("agendas/", "consultation/tracker/"))]
    # What every meeting page says about printing is not worth finding.
    meeting = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("meetings/M1/"))
    assert "召开" in meeting and "打印" not in meeting.replace("\u200b", "")


def test_who_raised_a_topic_is_never_published(fixture_site):
    project, site = fixture_site
    secrets = private_raisers(project.root)
    assert secrets == {"王阿姨"}
    for path, text in site_texts(site):
        assert "王阿姨" not in text, f"raised_by leaked into {path}"


def test_a_street_with_the_page_in_its_navigation_but_no_data_yet(tmp_path):
    project = copy_project(FIXTURE, tmp_path / "network")
    for name in ("topics.yaml", "meetings.yaml"):
        (project.data_dir / name).unlink()
    site = project.root / "site-out"
    build(project, site)
    text = soup(site / "consultation" / "index.html").select_one("article").get_text()
    assert "目前没有已排定的会议" in text
    assert Calendar.from_ical((site / "calendars" / "index.ics").read_bytes()).walk("VEVENT") == []


def test_meeting_page_prints_on_a4(fixture_site):
    _, site = fixture_site
    css = REPO / "theme" / "assets" / "stylesheets" / "consultation.css"
    with SiteServer(site) as server, chromium() as browser:
        page = browser.new_page()
        page.goto(server.url + "meetings/M2/")
        page.add_style_tag(content=css.read_text(encoding="utf-8"))  # until theme/main.html links it
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1, "the agenda and minutes fit on one page"
    width, height = (float(v) for v in boxes[0])
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points


def print_header(page: BeautifulSoup) -> str:
    """The running header the page's own <style> prints on top of each page, as text."""
    (style,) = [tag.string for tag in page.find_all("style") if "@top-center" in tag.string]
    (quoted,) = re.findall(r'content: "([^"]*)"', style)
    return re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), quoted)


def test_meeting_and_agenda_printouts_name_themselves_on_every_page(fixture_site):
    _, site = fixture_site
    assert (print_header(soup(site / "meetings" / "M2" / "index.html"))
            == "示例街道友邻网络 · 东方社区友邻站跨区域协商会（2021年3月30日）")
    # A draft changes as topics come in: the day tells two printouts apart.
    assert (print_header(soup(site / "agendas" / "S1" / "index.html"))
            == "示例街道友邻网络 · 东方社区友邻站下次会议议程草案（截至2022年1月10日）")
    assert print_header(soup(site / "agendas" / "shili" / "index.html")).endswith("报送示例街道的议题清单（截至2022年1月10日）")


PAGE_NUMBERS = '"第 " counter(page) " 页，共 " counter(pages) " 页"'

# Print-media styles of a meeting's or a draft's agenda: [header cells of the length column, its cells],
# headings' and terms' break-after, the table heads' display, rows' break-inside.
_AGENDA_PRINT = """length => {
  const table = document.querySelector('.yl-print table'), css = e => getComputedStyle(e);
  const column = [...table.querySelectorAll('tr')].map(tr => tr.children[length - 1]);
  return {
    length: column.map(cell => [cell.textContent.trim(), css(cell).whiteSpace, cell.getClientRects().length]),
    lines: column.slice(1).map(cell => {  // the lines the cell's text takes, by where their boxes sit
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.bottom))).size;
    }),
    breakAfter: [...document.querySelectorAll('.yl-print :is(h1, h2, h3, dt)')].map(e => css(e).breakAfter),
    thead: css(table.querySelector('thead')).display,
    rows: [...table.querySelectorAll('tr')].map(tr => css(tr).breakInside),
  };
}"""


@pytest.mark.parametrize("path, length, header", [
    ("meetings/M2/", 4, "示例街道友邻网络 · 东方社区友邻站跨区域协商会（2021年3月30日）"),
    ("agendas/S1/", 6, "示例街道友邻网络 · 东方社区友邻站下次会议议程草案（截至2022年1月10日）"),
])
def test_agendas_print_numbered_pages_and_keep_lengths_and_headings_whole(fixture_site, path, length, header):
    _, site = fixture_site
    with SiteServer(site) as server, chromium() as browser:
        # A4's width less the margins (180mm): the table as wide as on paper.
        page = browser.new_page(locale="zh-CN", viewport={"width": 680, "height": 1000})
        page.goto(server.url + path)
        margins = printed_margins(page)
        printed = page.evaluate(_AGENDA_PRINT, length)
    assert margins == {"top-center": f'"{header}"', "bottom-center": PAGE_NUMBERS}
    assert printed["length"][0][0] == "时长" and all(ws == "nowrap" for _, ws, _ in printed["length"])
    assert set(printed["lines"]) == {1}  # "15 分钟" on one line, not "15 分" over "钟"
    assert printed["breakAfter"] and set(printed["breakAfter"]) == {"avoid"}
    assert printed["thead"] == "table-header-group" and set(printed["rows"]) == {"avoid"}


# Printed (emulate print media first): each date's text and the lines it takes, by where its boxes sit.
_DATE_LINES = """() => [...document.querySelectorAll('.yl-print .yl-date')].map(date => {
  const range = document.createRange();
  range.selectNodeContents(date);
  return [date.textContent, new Set([...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.bottom))).size];
})"""


@pytest.mark.parametrize("path, dates", [
    ("agendas/S1/", ["2021年9月7日", "2021年10月12日", "2021年10月26日"]),
    ("agendas/shili/", ["2021年3月2日", "2021年6月10日"]),
])
def test_a_printed_draft_keeps_each_date_on_one_line(fixture_site, path, dates):
    _, site = fixture_site
    with SiteServer(site) as server, chromium() as browser:
        # A4's width less the margins (180mm), as in the test above.
        page = browser.new_page(locale="zh-CN", viewport={"width": 680, "height": 1000})
        page.goto(server.url + path)
        page.emulate_media(media="print")
        lines = page.evaluate(_DATE_LINES)
        pdf = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    # 提出 and the day a topic came up (报自): "2021年9月7日", not "2021年9月" over "7日".
    assert lines == [[date, 1] for date in dates]
    assert all(date in "".join(pdf) for date in dates)


def test_a_printed_agenda_says_what_it_is_and_which_page_on_paper(fixture_site):
    _, site = fixture_site
    with SiteServer(site) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "agendas/S1/")
        pages = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    assert len(pages) == 1
    lines = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert lines[0] == "示例街道友邻网络 · 东方社区友邻站下次会议议程草案（截至2022年1月10日）"
    assert lines[-1] == "第 1 页，共 1 页"
    # Every length whole on its line, "20 分钟": none broken into "20" and "分钟", or "20 分" and "钟".
    assert pages[0].count("钟") == len(re.findall(r"\d+ +分钟", pages[0])) > 4


# ---------------------------------------------------------------- the shipped sample data


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    project = copy_project(REPO, tmp_path_factory.mktemp("shipped-consultation") / "project")
    site = project.root / "site-out"
    build(project, site)
    return project, site


@pytest.mark.shipped_sample
def test_shipped_sample_builds_every_consultation_page(shipped_site):
    project, site = shipped_site
    topics = yaml.safe_load((project.data_dir / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    meetings = yaml.safe_load((project.data_dir / "meetings.yaml").read_text(encoding="utf-8"))["meetings"]
    assert 30 <= len(topics) <= 40 and len(meetings) >= 100
    for topic in topics:
        assert (site / "topics" / topic["id"] / "index.html").is_file()
    for meeting in meetings:
        assert (site / "meetings" / meeting["id"] / "index.html").is_file()
    network = check(project).network
    used = {t["raised_at"] for t in topics} | {m["hub"] for m in meetings}
    for hub in [network.centre.id, network.street.id, *network.stations, *(p for p in network.points if p in used)]:
        assert (site / "consultation" / hub / "index.html").is_file()
        assert (site / "calendars" / f"{hub}.ics").is_file()
    unused = [p for p in network.points if p not in used]
    assert unused and not (site / "consultation" / unused[0]).exists()
    for station in network.stations:
        assert (site / "agendas" / station / "index.html").is_file()


@pytest.mark.shipped_sample
def test_shipped_sample_covers_the_loop_and_the_tiers(shipped_site):
    project, _ = shipped_site
    topics = yaml.safe_load((project.data_dir / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    escalated = [len(t.get("escalations", [])) for t in topics]
    assert {1, 2, 3} <= set(escalated)
    stages = [t["loop"][-1]["stage"] if t.get("loop") else "民提" for t in topics]
    assert {"民提", "民议", "民决", "民办", "民评"} <= set(stages)
    assert sum(1 for s in stages if s == "民评") >= 10


@pytest.mark.shipped_sample
def test_shipped_feed_for_the_street_parses_and_has_every_meeting(shipped_site):
    project, site = shipped_site
    meetings = yaml.safe_load((project.data_dir / "meetings.yaml").read_text(encoding="utf-8"))["meetings"]
    calendar = Calendar.from_ical((site / "calendars" / "index.ics").read_bytes())
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert uids == {f"{m['id']}@danghu.youlin" for m in meetings}
    event = json_ld(soup(site / "meetings" / meetings[0]["id"] / "index.html"))
    assert event["@type"] == "Event" and event["startDate"].endswith("+08:00")


def test_shipped_site_publishes_no_raiser(shipped_site):
    project, site = shipped_site
    secrets = private_raisers(project.root)
    assert secrets
    for path, text in site_texts(site):
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{leaked} leaked into {path}"


# ---------------------------------------------------------------- what became of a topic, raising and evaluating

RESULTS_HERE = 12  # more than a hub's page lists (views.RECENT)


def closed_topic(number: int) -> str:
    """A topic raised at P01, decided at S1, carried out on 2021-07-<number> and evaluated.

    Neither waiting at P01, nor still in hand above it, nor decided there: nothing else keeps it on P01's pages.
    """
    return f"""
  - id: R{number:02d}
    title: 晨光苑第{number}件办结的事
    category: 环境卫生
    raised_at: P01
    raised_on: "2021-06-01"
    escalations:
      - from: P01
        to: S1
        date: "2021-06-10"
        reason: 要社区出面
    loop:
      - stage: 民议
        date: "2021-06-08"
      - stage: 民决
        date: "2021-06-15"
      - stage: 民办
        date: "2021-06-22"
      - stage: 民评
        date: "2021-08-20"
        satisfied: 9
        basically_satisfied: 1
        dissatisfied: 0
    decision: 第{number}件事的办法
    carried_out_by: 友邻点负责人
    due: "2021-07-31"
    done_on: "2021-07-{number:02d}"
    outcome: 办好了
"""


def carry_out_t3(root: Path) -> None:
    """T3 (raised at P02, decided at S1) done, not yet evaluated: 已办结，待评议."""
    path = root / "data" / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    marker = '    carried_out_by: 社区居委会\n    due: "2021-09-30"\n'
    assert marker in text
    path.write_text(text.replace(marker, marker + '    done_on: "2021-09-20"\n'), encoding="utf-8")


@pytest.fixture(scope="module")
def results_site(tmp_path_factory):
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("consultation-results") / "network")
    carry_out_t3(project.root)
    with (project.data_dir / "topics.yaml").open("a", encoding="utf-8") as topics:
        topics.write("".join(closed_topic(n) for n in range(1, RESULTS_HERE + 1)))
    site = project.root / "site-out"
    build(project, site)
    return site


def section_after(article, heading: str):
    """The elements between the h2 `heading` and the next h2."""
    h2 = next(h for h in article.select("h2") if h.get_text(strip=True) == heading)
    found = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


def tables_in(elements) -> list:
    """The tables among a section's elements, or inside them (a table of cards sits in its div)."""
    return [table for e in elements for table in ([e] if e.name == "table" else e.select("table"))]


def test_a_topic_stays_on_the_pages_of_the_point_that_raised_it_once_it_has_a_result(fixture_site):
    _, site = fixture_site
    # T2 was raised at P02, decided there and evaluated.
    hub = soup(site / "consultation" / "P02" / "index.html").select_one("article")
    (table,) = tables_in(section_after(hub, "在本点提出、已有结果的议题"))
    labels = [label.extract().get_text() for label in table.select(".yl-stack__label")]  # a phone's card shows them
    assert labels == ["办结", "民评", "决定"]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tr")[1:]]
    assert rows == [["文明养犬", "2021年5月20日", "满意和基本满意 90%（40 人评议）",
                     "出门牵绳，楼道内抱犬，设两处宠物便袋箱（ 星*光[1]|号 <b>友邻点</b> 议定）"]]
    assert table.find("a")["href"] == "../../topics/T2/"
    # The point's own page says so too, in a line a phone shows whole.
    point = soup(site / "points" / "P02" / "index.html").select_one("article")
    links = [a for e in section_after(point, "在本点提出、已有结果的议题") for a in e.select("a")]
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("文明养犬（2021年5月20日办结，满意和基本满意 90%）", "../../topics/T2/")]
    # A station says 本站; one whose topics have no result yet says so.
    station = soup(site / "consultation" / "S1" / "index.html").select_one("article")
    assert [e.get_text(strip=True) for e in section_after(station, "在本站提出、已有结果的议题")] == ["还没有。"]


def test_a_point_names_the_topics_raised_there_still_talked_over_and_where_they_are_now(fixture_site):
    # A count alone ("还在商量的议题 2 个") left a resident to look for theirs on another page.
    _, site = fixture_site
    point = soup(site / "points" / "P01" / "index.html").select_one("article")
    links = [(a.get_text(), a["href"]) for e in section_after(point, "在本点提出、还在商量的议题") for a in e.select("a")]
    assert links == [("“口袋公园”*补种* [樱花] | 计划（已报东方社区友邻站，正在那里商量）", "../../topics/T5/"),
                     ("晨光苑夜间停车位不够（已报示例街道，正在那里商量）", "../../topics/T1/")]
    station = soup(site / "stations" / "S1" / "index.html").select_one("article")
    assert [a.get_text() for e in section_after(station, "在本站提出、还在商量的议题") for a in e.select("a")] == [
        "老年食堂送餐（本站正在商量）"]


def test_a_hub_page_lists_the_latest_topics_still_talked_over_and_links_to_the_rest(fixture_project, monkeypatch):
    monkeypatch.setattr(generator.consultation.feature, "RECENT", 1)
    generate(fixture_project)
    page = (fixture_project.build_dir / "docs" / "points" / "P01.md").read_text(encoding="utf-8")
    section = page.split("## 在本点提出、还在商量的议题", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"^- \[(.*)\]\((.*)\)$", section, re.M)
    assert links == [("“口袋公园”\\*补种\\* \\[樱花\\] \\| 计划（已报东方社区友邻站，正在那里商量）", "../topics/T5.md"),
                     ("全部 2 个，见晨光苑友邻点的议题、决定和会议", "../consultation/P01.md")]


def test_a_hub_lists_its_latest_results_and_the_rest_on_their_own_page(results_site):
    hub = soup(results_site / "consultation" / "P01" / "index.html").select_one("article")
    # Decided at S1 and evaluated: no other list on P01's page has them.
    assert "晨光苑第1件办结的事" not in " ".join(
        e.get_text() for h in ("本级提出、正在协商的议题", "已上报、还在办理的议题", "在本级议定的事项")
        for e in section_after(hub, h))
    section = section_after(hub, "在本点提出、已有结果的议题")
    (table,) = tables_in(section)
    titles = [tr.find("a").get_text() for tr in table.select("tr")[1:]]
    assert titles == [f"晨光苑第{n}件办结的事" for n in range(RESULTS_HERE, RESULTS_HERE - 10, -1)]  # latest done first
    (more,) = [a for e in section for a in e.select("a") if a.get_text().startswith("全部")]
    assert more.get_text() == f"全部 {RESULTS_HERE} 个在本点提出、已有结果的议题"
    listed = soup(results_site / "consultation" / "P01" / more["href"] / "index.html").select_one("article")
    assert len(listed.select("table tr")) - 1 == RESULTS_HERE
    assert not listed.select(".yl-pager")  # one page holds them
    point = soup(results_site / "points" / "P01" / "index.html").select_one("article")
    links = [a.get_text() for e in section_after(point, "在本点提出、已有结果的议题") for a in e.select("a")]
    assert len(links) == 11 and links[0].startswith(f"晨光苑第{RESULTS_HERE}件办结的事（2021年7月{RESULTS_HERE}日办结")
    assert links[-1] == f"全部 {RESULTS_HERE} 个在本点提出、已有结果的议题"


def test_a_topic_carried_out_asks_residents_to_evaluate_it(fixture_site, results_site):
    page = soup(results_site / "topics" / "T3" / "index.html").select_one("article")
    (button,) = [a for a in page.select("a.md-button") if a.get_text() == "评一评这件事办得怎么样"]
    # The point that raised it evaluates it; forms.js fills in both codes from the link.
    assert button["href"] == "../../forms/evaluation/?hub=P02&topic=T3"
    assert "md-button--primary" in button["class"]
    _, site = fixture_site
    for evaluated_or_not_done in ("T2", "T1"):
        article = soup(site / "topics" / evaluated_or_not_done / "index.html").select_one("article")
        assert "评一评" not in article.get_text()


def test_topic_page_explains_the_five_stages(fixture_site):
    _, site = fixture_site
    key = soup(site / "topics" / "T1" / "index.html").select_one("article p.yl-loop__key").get_text()
    assert key.startswith("民提（居民提出） → 民议（居民协商） → 民决（议定办法） → 民办（组织落实） → 民评（居民评议）")


def test_raising_a_topic_is_a_button_on_the_home_page_and_the_overview(fixture_site):
    _, site = fixture_site
    for page, href in (("index.html", "forms/topic/"), ("consultation/index.html", "../forms/topic/")):
        buttons = {a.get_text(): a["href"] for a in soup(site / page).select("article a.md-button")}
        assert buttons["我要提议题"] == href, page
    assert (site / "forms" / "topic" / "index.html").is_file()


def test_hub_pages_say_plainly_what_the_agenda_and_the_calendar_are(fixture_site):
    _, site = fixture_site
    station = soup(site / "stations" / "S1" / "index.html").select_one("article")
    texts = {a.get_text() for a in station.select("a")}
    assert {"下次会议准备商量的议题（草稿）", "把会议加到手机日历"} <= texts
    assert not {"下次会议议程草案（自动生成）", "订阅会议日历（.ics）"} & texts


def test_a_point_being_set_up_shows_no_hours(fixture_site):
    _, site = fixture_site
    point = soup(site / "points" / "P04" / "index.html").select_one("article")
    terms = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
             zip(point.find_all("dt"), point.find_all("dd"))}
    assert terms["开放时间"] == "尚未开放"
    station = soup(site / "stations" / "S3" / "index.html").select_one("article table")
    for label in station.select(".yl-stack__label"):  # what a phone's card says before each value
        label.decompose()
    heads = [th.get_text() for th in station.select("th")]
    (row,) = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in station.select("tr")[1:]]
    assert row[heads.index("开放时间")] == "尚未开放" and "每周三 9:00-11:00" not in station.get_text()
    running = soup(site / "stations" / "S1" / "index.html").select_one("article table").get_text()
    assert "每周二 9:00-11:00" in running


def test_the_forms_feature_hands_consultation_the_forms_it_read(fixture_project, monkeypatch):
    """The form definitions are read once, by the forms feature: the topic pages link to what it checked."""
    read, reads = generator.forms.load_definitions, []
    monkeypatch.setattr(generator.forms, "load_definitions",
                        lambda *args, **kwargs: reads.append(args) or read(*args, **kwargs))
    result = generate(fixture_project)
    assert result.report.ok and len(reads) == 1
    (consultation,) = [f for f in check(fixture_project).features if isinstance(f, ConsultationFeature)]
    assert consultation.forms["topic"] == ("point", "station", "centre") and "signin" not in consultation.forms


def test_consultation_alone_links_no_forms(fixture_project):
    """Without the forms feature (a loader run on its own), the pages link to no form, as on a site without them."""
    carry_out_t3(fixture_project.root)  # done, not yet evaluated: its page would ask residents to evaluate it
    settings, _ = fixture_project.read_settings()
    network, _ = read_network(fixture_project.data_dir)
    consultation, problems = load_consultation(fixture_project, network, settings)
    assert not [p for p in problems if p.is_error] and consultation.forms == {}
    index = index_public(network)
    pages = {page.path: page for page in consultation.pages(index)}
    assert pages["consultation/index.md"].context.raise_topic is None
    assert pages[topic_page("T3")].context.evaluate is None
    # What the forms feature hands over is what the pages link to.
    consultation.use_forms({"topic": ("point",), "evaluation": ("point",)})
    pages = {page.path: page for page in consultation.pages(index)}
    assert pages["consultation/index.md"].context.raise_topic.text == "我要提议题"
    assert pages[topic_page("T3")].context.evaluate.href == "../forms/evaluation/index.md?hub=P02&topic=T3"


def test_without_the_forms_to_fill_in_nothing_links_to_them(tmp_path):
    """A street whose topic form no hub uses, and whose evaluations are taken at stations only."""
    project = copy_project(FIXTURE, tmp_path / "network")
    carry_out_t3(project.root)
    forms = project.data_dir / "forms"
    forms.mkdir()
    definitions = REPO / "generator" / "forms" / "definitions"
    topic = (definitions / "topic.yaml").read_text(encoding="utf-8")
    (forms / "topic.yaml").write_text(topic.replace("tiers: [point, station, centre]", "tiers: []"), encoding="utf-8")
    evaluation = (definitions / "evaluation.yaml").read_text(encoding="utf-8")
    (forms / "evaluation.yaml").write_text(evaluation.replace("tiers: [point, station, centre]", "tiers: [station]"),
                                           encoding="utf-8")
    evaluations = project.data_dir / "evaluations.csv"  # its record is from a point, which no longer takes them
    evaluations.write_text(evaluations.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    site = project.root / "site-out"
    build(project, site)
    assert not (site / "forms" / "topic" / "index.html").exists()
    for page in ("index.html", "consultation/index.html"):
        assert "我要提议题" not in soup(site / page).get_text(), page
    # Raised at P02, sent up to S1: the first hub on its way that takes evaluations.
    button = soup(site / "topics" / "T3" / "index.html").select_one("article a.md-button")
    assert button["href"] == "../../forms/evaluation/?hub=S1&topic=T3"
