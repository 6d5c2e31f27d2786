"""The subsidy ledger: exact money, allocations, cross-checks with lines, pages and CSV of the fixture network."""

from __future__ import annotations

import csv
import json
import io
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from browser import SiteServer, chromium, pdf_text, printed_margins
from conftest import FIXTURE, cell_text, copy_project
from generator.build import check
from generator.cli import main
from generator.ledger import LedgerFeature, load_ledger, read_spending
from generator.ledger.export import ledger_csv
from generator.ledger.model import HubYear, Spending, totals
from generator.ledger.money import parse_fen, plain_yuan
from generator.ledger.pages import StationYearContext
from generator.model import Source
from generator.render import yuan

HEADER = "id,hub,date,item,category,amount_yuan,receipt,detail_public,note\n"


# ---------------------------------------------------------------- money


@pytest.mark.parametrize("text, fen", [
    ("0", 0), ("0.01", 1), ("0.1", 10), ("0.10", 10), ("128.5", 12850), ("1999.99", 199999),
    ("9999999.99", 999999999), ("1000000", 100000000),
])
def test_amounts_are_read_as_whole_fen(text, fen):
    assert parse_fen(text) == fen


@pytest.mark.parametrize("text", ["1.001", "-1", "1e3", "01", "1,000", "", "¥5"])
def test_amounts_outside_the_schema_form_are_refused(text):
    with pytest.raises(ValueError):
        parse_fen(text)


def test_sums_are_exact_where_floats_are_not():
    assert 0.1 + 0.2 != 0.3  # the reason for fen
    assert parse_fen("0.1") + parse_fen("0.2") == parse_fen("0.3")
    # ten thousand one-fen items add up to exactly 100 yuan
    assert sum(parse_fen("0.01") for _ in range(10000)) == parse_fen("100")
    # large amounts keep their last fen
    assert parse_fen("9999999.99") + parse_fen("0.01") == 1_000_000_000


@pytest.mark.parametrize("fen, shown, plain", [
    (0, "¥0.00", "0.00"), (1, "¥0.01", "0.01"), (10, "¥0.10", "0.10"), (123450, "¥1,234.50", "1234.50"),
    (-1, "-¥0.01", "-0.01"), (-14275, "-¥142.75", "-142.75"), (1_000_000_000, "¥10,000,000.00", "10000000.00"),
])
def test_amounts_are_shown_to_the_fen(fen, shown, plain):
    assert yuan(fen, fen=True) == shown
    assert plain_yuan(fen) == plain


def test_whole_yuan_display_is_unchanged():
    assert yuan(2000) == "2,000 元" and yuan(3_000_000) == "300 万元"


def _item(amount: str, public: bool = True, item_id: str = "E1") -> Spending:
    return Spending(item_id, "P01", date(2020, 1, 1), "x", "其他", parse_fen(amount), "R", public, None,
                    Source("data/spending.csv", 2))


def test_a_hub_year_adds_up_and_flags_overspending():
    row = HubYear("P01", 2020, 50000, (_item("0.1"), _item("0.2"), _item("499.71", public=False)))
    assert (row.spent, row.remaining, row.overspent, row.unused) == (50001, -1, True, False)
    assert len(row.public_items) == 2 and len(row.private_items) == 1
    exact = HubYear("P01", 2020, 50000, (_item("499.99"), _item("0.01")))
    assert (exact.remaining, exact.overspent) == (0, False)
    assert HubYear("P01", 2020, 50000, ()).unused
    assert not HubYear("C1", 2020, None, ()).unused and HubYear("C1", 2020, None, (_item("5"),)).remaining is None


# ---------------------------------------------------------------- the fixture network, by hand


@pytest.fixture(scope="module")
def fixture_ledger():
    project = copy_project(FIXTURE, Path(__import__("tempfile").mkdtemp()) / "network")
    checked = check(project)
    feature, problems = load_ledger(project, checked.network, checked.settings)
    assert not problems
    return feature.ledger


def test_allocations_follow_the_policy_and_the_first_year_row(fixture_ledger):
    ledger = fixture_ledger
    assert ledger.years == (2020, 2021)
    assert ledger.allocation("S1", 2020) == 200000 and ledger.allocation("P01", 2021) == 50000
    assert ledger.allocation("S3", 2020) == 0  # established 2021
    assert ledger.allocation("P04", 2021) == 0  # planned: no established date
    assert ledger.allocation("C1", 2021) is None  # the centre has no standard


def test_a_ledger_works_out_its_years_only_when_asked(fixture_project):
    # `check` makes a city's ledger for `generate` and never asks: going through every hub for them was wasted.
    checked = check(fixture_project)
    feature, _ = load_ledger(fixture_project, checked.network, checked.settings)
    assert "years" not in vars(feature.ledger)
    assert feature.ledger.years == (2020, 2021)


def test_fixture_totals_match_hand_computed_sums(fixture_ledger):
    ledger = fixture_ledger
    # 2020: S1 2000 + P01 500 + P02 500 + S2 2000 + P03 500 = 5500 yuan;
    # spent 120.50 + 79.5 + 0.10 + 0.20 + 300.00 + 1999.99 = 2500.29
    t2020 = ledger.street_totals(2020)
    assert (t2020.allocated, t2020.spent, t2020.remaining) == (550000, 250029, 299971)
    # 2021: S3 joins (2000): 7500 yuan; spent 600 + 0.01 + 480 = 1080.01; the centre's 12345.67 is apart
    t2021 = ledger.street_totals(2021)
    assert (t2021.allocated, t2021.spent, t2021.remaining) == (750000, 108001, 641999)
    assert ledger.centre_year(2021).spent == 1234567
    p01 = ledger.hub_year("P01", 2021)
    assert p01.overspent and p01.remaining == -10000
    assert ledger.hub_year("P02", 2021).unused
    assert (t2020.overspent, t2020.unused, t2021.overspent, t2021.unused) == (0, 2, 1, 3)
    assert totals(ledger.station_hubs("S1", 2020)).spent == 250029


# ---------------------------------------------------------------- cross-checks


def _check(fixture_project, rows: str):
    network = check(fixture_project).network  # before the spending file goes bad, which would stop the check
    (fixture_project.data_dir / "spending.csv").write_text(HEADER + rows, encoding="utf-8")
    return read_spending(fixture_project, network, date(2022, 1, 10))  # the fixture's pinned day


def test_a_network_without_spending_still_builds(fixture_project):
    (fixture_project.data_dir / "spending.csv").unlink()
    result = check(fixture_project)
    assert result.report.ok and not any(isinstance(f, LedgerFeature) for f in result.features)
    assert main(["--project", str(fixture_project.root), "build", "--site-dir",
                 str(fixture_project.root / "site-out")]) == 0
    # a navigation that links to the ledger gets an empty one, so the link stays valid
    config = fixture_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - 规划进展: progress.md\n",
                                                        "  - 规划进展: progress.md\n  - 补助台账: ledger/index.md\n"),
                      encoding="utf-8")
    result = check(fixture_project)
    (feature,) = [f for f in result.features if isinstance(f, LedgerFeature)]
    assert result.report.ok and feature.ledger.years == ()
    assert main(["--project", str(fixture_project.root), "build", "--site-dir",
                 str(fixture_project.root / "site-out")]) == 0


@pytest.mark.parametrize("row, code", [
    ("E9,P99,2021-01-01,x,其他,1.00,R1,是,\n", "spending-hub-unknown"),
    ("E9,P04,2021-01-01,x,其他,1.00,R1,是,\n", "spending-hub-not-established"),
    ("E9,P01,2020-03-09,x,其他,1.00,R1,是,\n", "spending-before-established"),
    ("E9,P01,2022-01-11,x,其他,1.00,R1,是,\n", "date-future"),  # the day after the fixture's pinned day
    ("E9,P01,2021-01-01,x,其他,1.001,R1,是,\n", "pattern"),
    ("E9,P01,2021-01-01,x,买菜,1.00,R1,是,\n", "enum"),
    ("E9,P01,2021-13-01,x,其他,1.00,R1,是,\n", "type-error"),
])
def test_bad_records_are_problems_with_code_and_line(fixture_project, row, code):
    _, problems = _check(fixture_project, "E1,P01,2021-01-01,x,其他,1.00,R0,是,\n" + row)
    assert [(p.code, p.file, p.line) for p in problems if p.is_error] == [(code, "data/spending.csv", 3)]


def test_spending_of_a_deleted_point_is_told_to_restore_and_close_it_not_to_delete_the_spending(fixture_project):
    points = fixture_project.data_dir / "points.csv"
    points.write_text("".join(line for line in points.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("P02,")), encoding="utf-8")
    unknown = [p for p in check(fixture_project).report.errors if p.code == "spending-hub-unknown"]
    assert unknown and all(p.hint == "友邻点的编号见 data/points.csv，友邻站和友邻中心的编号见 data/hubs.yaml；"
                                     "如果编号没写错，而是删掉了那个站点的一行：请恢复它，把 status 改为 closed——"
                                     "撤销的站点不删，它的记录仍然有效" for p in unknown)


@pytest.mark.parametrize("typed, lead", [("P001", "是不是 P01？"), ("S0l", "是不是 S1？"), ("P012", "")])
def test_a_hub_typed_close_to_one_is_asked_about_it_and_close_to_two_about_none(fixture_project, typed, lead):
    # P012 is P01 or P02 with one character too many: no guess.
    _, problems = _check(fixture_project, f"E1,{typed},2021-01-01,x,其他,1.00,R1,是,\n")
    assert [(p.code, p.file, p.line) for p in problems] == [("spending-hub-unknown", "data/spending.csv", 2)]
    assert problems[0].hint.startswith(f"{lead}友邻点的编号见 data/points.csv，")


def test_a_date_in_a_later_year_is_refused_where_it_was_typed(fixture_project):
    # 2037 for 2017 would otherwise give every hub an allocation for each year up to 2037.
    _, problems = _check(fixture_project, "E1,P01,2037-03-08,x,其他,1.00,R1,是,\n")
    assert [p.format() for p in problems] == [
        "data/spending.csv:2: [date-future] 支出记录 E1 的支出日期 2037-03-08 晚于今天（2022-01-10） — "
        "这里记录已经发生的事：请检查年份和月份"]


def test_a_receipt_is_used_once_within_a_hub(fixture_project):
    _, problems = _check(fixture_project, "E1,P01,2021-01-01,x,其他,1.00,R1,是,\n"
                                          "E2,P02,2021-01-01,x,其他,1.00,R1,是,\n"
                                          "E3,P01,2021-02-01,y,其他,2.00,R1,否,\n")
    (found,) = problems
    assert (found.code, found.line, found.found) == ("spending-receipt-duplicate", 4, "R1")


def test_duplicate_record_ids_are_refused(fixture_project):
    _, problems = _check(fixture_project, "E1,P01,2021-01-01,x,其他,1.00,R1,是,\nE1,P02,2021-01-01,x,其他,1.00,R2,是,\n")
    assert [(p.code, p.line) for p in problems] == [("duplicate-id", 3)]


# ---------------------------------------------------------------- CSV


def test_csv_is_excel_friendly_and_formula_safe():
    from generator.ledger.pages import HubDetail, ItemRow, MoneyRow
    from generator.links import Link
    money = MoneyRow("x", "P01", 50000, 50001, -1, "超支")
    detail = HubDetail("P01", "=cmd|' /C calc'!A0", Link("x", "x"),
                       (ItemRow(date(2021, 1, 1), "@SUM(1)", "其他", 50001, "+R1", "-note"),), 0, 0, money)
    context = StationYearContext(None, (), "S", Link("S", "s"), 2021, (money,), money, (detail,), False,
                                 (), (), (), (), Link("c", "c"), (), Link("s", "s"), Markup('"S"'))
    data = ledger_csv(context)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel and WPS read the file as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    risky = [c for c in cells if c and c[0] in "=+-@" and not c.lstrip("-").replace(".", "").isdigit()]
    assert risky == []
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells and "'+R1" in cells and "'-note" in cells
    assert ["结余", "P01", "'=cmd|' /C calc'!A0", "", "", "", "-0.01", "", "超支"] in rows  # amounts stay numbers


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def built(fixture_site_built):
    return fixture_site_built[1]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_station_year_page_lists_money_items_and_flags(built):
    page = _soup(built / "ledger" / "S1" / "2021" / "index.html")
    assert page.find(id="P01") is not None and page.find(id="P02") is not None
    rows = {cell_text(tr.find("td")): [cell_text(td) for td in tr.find_all("td")]
            for tr in page.find("table").find_all("tr")[1:]}
    assert rows["晨光苑友邻点（明细）"] == ["晨光苑友邻点（明细）", "¥500.00", "¥600.00", "-¥100.00", "超支"]
    assert rows["合计"][1:4] == ["¥3,000.00", "¥600.01", "¥2,399.99"]
    assert page.find("a", href="../2021.csv") is not None


@pytest.mark.build
def test_private_line_items_are_only_counted(built):
    page = _soup(built / "ledger" / "S1" / "2020" / "index.html")
    text = page.get_text()
    assert "困难家庭慰问品" not in text and "FP-0103" not in text
    assert "另有 1 笔不公开明细的支出，合计 ¥300.00" in text
    csv_text = (built / "ledger" / "S1" / "2020.csv").read_text(encoding="utf-8-sig")
    assert "困难家庭慰问品" not in csv_text and "FP-0103" not in csv_text and "300.00" in csv_text


@pytest.mark.build
def test_point_page_links_to_its_anchor_on_the_station_ledger(built):
    page = _soup(built / "points" / "P01" / "index.html")
    hrefs = {a["href"] for a in page.find_all("a")}
    assert {"../../ledger/S1/2020/#P01", "../../ledger/S1/2021/#P01"} <= hrefs


@pytest.mark.build
def test_street_ledger_totals(built):
    page = _soup(built / "ledger" / "index.html")
    first = page.find("table")
    cells = [[cell_text(td) for td in tr.find_all("td")] for tr in first.find_all("tr")[1:]]
    assert cells == [["2020 年", "¥5,500.00", "¥2,500.29", "¥2,999.71", "0", "2"],
                     ["2021 年", "¥7,500.00", "¥1,080.01", "¥6,419.99", "1", "3"]]


@pytest.mark.build
def test_electronic_ledger_lists_the_station_years_meetings_and_topics(built):
    page = _soup(built / "ledger" / "S1" / "2021" / "index.html")
    meetings = page.find("h2", string="会议").find_next("table")
    # M1 (at P01) and M2 (at S1) were held in 2021; M3 is the centre's, M4 is in 2022
    assert [a["href"] for a in meetings.find_all("a")] == ["../../../meetings/M1/", "../../../meetings/M2/"]
    assert "提出 5 个，上报 4 次，办结（完成民评）1 个" in page.get_text()
    closed = page.find("h3", string="办结的议题").find_next("table")
    assert [a.get_text() for a in closed.find_all("a")] == ["文明养犬"]


PRINT_HEADER = "示例街道友邻网络 · 东方社区友邻站2021年电子台账"


@pytest.mark.build
@pytest.mark.parametrize("path, header", [("ledger/S1/2021/", PRINT_HEADER), ("ledger/", "示例街道友邻网络 · 补助台账")])
def test_a_ledger_names_itself_on_every_printed_page(built, path, header):
    page = _soup(built / path / "index.html")
    (style,) = [tag.string for tag in page.find_all("style") if "@top-center" in tag.string]
    (quoted,) = re.findall(r'content: "([^"]*)"', style)
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), quoted) == header
    assert page.select_one("article .yl-print h1") is not None  # printed on the A4 page with the numbers below


# Print-media styles of a page's article: its headings' break-after, its table heads' display, its rows' break-inside.
_PRINTED_BREAKS = """() => {
  const article = document.querySelector('article'), css = e => getComputedStyle(e);
  return {
    headings: [...article.querySelectorAll('h1, h2, h3')].map(h => [h.textContent.trim(), css(h).breakAfter]),
    thead: [...article.querySelectorAll('thead')].map(e => css(e).display),
    rows: [...article.querySelectorAll('tr')].map(e => css(e).breakInside),
  };
}"""


@pytest.mark.build
@pytest.mark.parametrize("path", ["ledger/S1/2021/", "ledger/"])
def test_printed_ledgers_keep_headings_with_what_follows_and_rows_whole(built, path):
    with SiteServer(built) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + path)
        page.emulate_media(media="print")
        printed = page.evaluate(_PRINTED_BREAKS)
    assert [text for text, after in printed["headings"] if after != "avoid"] == []
    assert len(printed["headings"]) >= 3
    assert printed["thead"] and set(printed["thead"]) == {"table-header-group"}
    assert printed["rows"] and set(printed["rows"]) == {"avoid"}


@pytest.mark.build
def test_a_printed_station_ledger_carries_its_name_and_page_numbers(built):
    with SiteServer(built) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "ledger/S1/2021/")
        margins = printed_margins(page)
        pages = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    assert margins == {"top-center": f'"{PRINT_HEADER}"',
                       "bottom-center": '"第 " counter(page) " 页，共 " counter(pages) " 页"'}
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert (lines[0], lines[-1]) == (PRINT_HEADER, f"第 {number} 页，共 {len(pages)} 页")


@pytest.fixture(scope="module")
def listed_on_pages(tmp_path_factory):
    """The fixture network built with one station to a page of a list: the ledger lists its stations on pages."""
    from generator import paging

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "ROWS_PER_PAGE", 1)
        project = copy_project(FIXTURE, tmp_path_factory.mktemp("ledger-pages") / "network")
        site = project.root / "site-out"
        assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    return site


@pytest.mark.build
def test_the_pages_of_the_stations_ledgers_say_on_paper_which_stations_they_hold(listed_on_pages):
    # Printed alone, a page of the list was one more sheet of amounts with nothing on top to say what it was.
    headers = {path: f"示例街道友邻网络 · 各友邻站的补助台账（第 {number} 个友邻站，共 3 个）"
               for number, path in enumerate(("ledger/stations/", "ledger/stations/page-2/",
                                              "ledger/stations/page-3/"), start=1)}
    for path, header in headers.items():
        page = _soup(listed_on_pages / path / "index.html")
        (style,) = [tag.string for tag in page.find_all("style") if "@top-center" in tag.string]
        (quoted,) = re.findall(r'content: "([^"]*)"', style)
        assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), quoted) == header, path
        assert page.select_one("article .yl-print h1") is not None  # printed on the A4 page with the numbers below
    with SiteServer(listed_on_pages) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "ledger/stations/page-2/")
        margins = printed_margins(page)
        (text,) = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    header = headers["ledger/stations/page-2/"]
    assert margins == {"top-center": f'"{header}"',
                       "bottom-center": '"第 " counter(page) " 页，共 " counter(pages) " 页"'}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert (lines[0], lines[-1]) == (header, "第 1 页，共 1 页")
    assert any(line.startswith("西苑社区友邻站") for line in lines)


@pytest.mark.build
def test_a_printed_heading_is_never_the_last_line_of_a_page(built):
    # A spacer before a heading pushes it down the first page, a little more each print: wherever it lands, it goes
    # over to the next page with the table it heads rather than staying alone at the foot.
    headings = ("会议", "议题", "提出的议题", "上报的议题", "办结的议题", "支出明细")
    alone = []
    with SiteServer(built) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "ledger/S1/2021/")
        page.evaluate("""() => { const spacer = document.createElement('div'); spacer.id = 'spacer';
          [...document.querySelectorAll('h3')].find(h => h.textContent.trim() === '上报的议题').before(spacer); }""")
        for px in range(0, 400, 16):
            page.evaluate("px => { document.getElementById('spacer').style.height = px + 'px'; }", px)
            for text in pdf_text(page.pdf(format="A4", prefer_css_page_size=True)):
                lines = [line for line in map(str.strip, text.splitlines()) if line]
                body = [line for line in lines if line != PRINT_HEADER and not re.fullmatch(r"第 \d+ 页，共 \d+ 页", line)]
                if body and body[-1] in headings:
                    alone.append((px, body[-1]))
    assert alone == []


def test_a_closed_hub_is_allocated_through_its_last_year_of_spending(fixture_project):
    path = fixture_project.data_dir / "points.csv"
    path.write_text(path.read_text("utf-8").replace(",500,,active,2020-03-12,", ",500,,closed,2020-03-12,"),
                    encoding="utf-8")  # P02 closed; its last spending is in 2020
    checked = check(fixture_project)
    feature, _ = load_ledger(fixture_project, checked.network, checked.settings)
    assert feature.ledger.allocation("P02", 2020) == 50000 and feature.ledger.allocation("P02", 2021) == 0
    assert feature.ledger.allocation("P01", 2021) == 50000


def test_a_closed_hub_is_allocated_through_the_year_of_its_closing_date(fixture_project, edit):
    edit.replace("points.csv", ",500,,active,2020-03-12,", ",500,,closed,2020-03-12,")
    edit.add_column("points.csv", "closed_on", {"P02": "2021-06-30"})  # its last spending is in 2020
    checked = check(fixture_project)
    assert checked.report.ok
    feature, _ = load_ledger(fixture_project, checked.network, checked.settings)
    assert feature.ledger.allocation("P02", 2021) == 50000


def test_spending_after_a_hub_closed_is_a_warning_at_its_line(fixture_project, edit):
    edit.replace("points.csv", ",500,,active,2020-03-12,", ",500,,closed,2020-03-12,")
    edit.add_column("points.csv", "closed_on", {"P02": "2020-06-30"})
    _, problems = _check(fixture_project, "E1,P02,2020-06-30,x,其他,1.00,R1,是,\n"
                                          "E2,P02,2020-07-01,y,其他,1.00,R2,是,\n")
    assert [p.format() for p in problems] == [
        "data/spending.csv:3: 警告 [spending-after-closed] 支出记录 E2 的支出日期 2020-07-01 晚于使用单位 P02 的关闭日期 "
        "2020-06-30 — 关闭后结清的账可以这样记；如果是记错了日期或使用单位，请改正。关闭那年以后的支出没有当年的补助额度，台账会显示超支"]


@pytest.mark.build
def test_search_finds_the_street_ledger_but_not_its_tables(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert "ledger/" in locations
    # Station-year pages are tables of amounts, reached from the station's and points' pages.
    assert not [loc for loc in locations if loc.startswith("ledger/S")]
    # The table of every station grows with the network: one search entry would too.
    station_table = _soup(built / "ledger" / "index.html").find("h2", string="各友邻站（含所属友邻点）")
    assert not [loc for loc in locations if loc == f"ledger/#{station_table['id']}"]
    assert [loc for loc in locations if loc.startswith("ledger/#")]  # the other sections are found
