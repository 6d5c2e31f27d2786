"""Hub pages, the home page, the communities directory, the centre, draft agendas, a meeting's agenda, a topic's 民评,
the covenants, the plan and its progress, the ledgers and the forms on a phone, in 大字模式 and in normal type: every
table fits the screen (as cards, each headed by its row's title), and a time range or a date is never cut in two. In
大字模式 the tables are cards on every screen, a phone held sideways, a tablet, a computer, and switch at the button's
press; printed, they are tables.
Blank sheets for handwriting (a meeting's sign-in sheet, a covenant's sign sheet) stay tables: they are printed.
The progress charts' text is the page's own size, and the community maps' numbers about that, on every screen."""

from __future__ import annotations

import pytest

from browser import SiteServer, chromium
from conftest import FIXTURE, copy_project
from generator.cli import main
from generator.render import hours

pytestmark = pytest.mark.build

SMALL_PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def served(fixture_site_served, fixture_site_built):
    """(the site's address, the paths of its community, station and point pages, the lists of communities and
    stations, the centre and the home page)."""
    site = fixture_site_built[1]
    hubs = sorted(f"{page.parent.relative_to(site).as_posix()}/"
                  for folder in ("communities", "stations", "points") for page in (site / folder).glob("*/index.html"))
    return fixture_site_served[1], hubs + ["stations/", "communities/", "centre/", ""]


# A second covenant, still being discussed: with it, the fixture's covenants are listed on pages of their own.
_SECOND_COVENANT = """---
title: 西苑社区文明养犬公约
kind: topic
topic: 养犬
scope: [S2]
version: 1
status: discussion
stages:
  - stage: discussion
    date: "2021-03-01"
---

### 第一条

出门遛狗要牵绳。
"""


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """The fixture network with a second covenant, built with one row to a page of a list, on a local server: the
    address of its lists on pages of their own (all covenants, a plan's annex, the stations' ledgers)."""
    from generator import paging

    project = copy_project(FIXTURE, tmp_path_factory.mktemp("large-type-pages") / "network")
    (project.root / "content" / "covenants" / "xiyuan.md").write_text(_SECOND_COVENANT, encoding="utf-8")
    site = project.root / "site-out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "ROWS_PER_PAGE", 1)
        assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser(served):
    with chromium() as browser:
        yield browser


def _phone(browser, large: bool):
    """The reviewer's phone: 390px wide, three device pixels to a CSS pixel, in 大字模式 if `large`."""
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=3, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    return context


# How wide the page is, and each of the article's tables wider than its frame or the frame scrolling sideways;
# what a row says behind a label that is not on the screen.
_FITS = """() => {
  const tables = [...document.querySelectorAll('article table')];
  return {page: document.documentElement.scrollWidth, screen: window.innerWidth, tables: tables.length,
          wide: tables.map(table => {
            const frame = table.closest('.md-typeset__scrollwrap') || table.parentElement;
            return {head: table.tHead ? table.tHead.textContent.trim().split(/\\s+/).join('|') : '',
                    table: table.getBoundingClientRect().width, frame: frame.clientWidth, scroll: frame.scrollWidth};
          }).filter(t => t.table > t.frame || t.scroll > t.frame),
          hidden: tables.flatMap(table => [...table.querySelectorAll('.yl-stack__label')])
            .filter(label => !label.getClientRects().length).map(label => label.parentElement.textContent)};
}"""


def _on_phone(browser, large: bool, url: str, paths, script: str = _FITS, arg=None) -> dict:
    """What `script` (given `arg`) finds on each page of `paths`, by path, on the reviewer's phone (in 大字模式 if
    `large`)."""
    context = _phone(browser, large)
    page = context.new_page()
    seen = {}
    for path in paths:
        page.goto(url + path)
        assert page.evaluate("document.documentElement.classList.contains('yl-large')") is large
        seen[path] = page.evaluate(script, arg)
    context.close()
    return seen


@pytest.mark.parametrize("large", [True, False], ids=["large-type", "normal"])
def test_on_a_phone_the_hub_pages_tables_fit_the_screen(browser, served, large):
    # In 大字模式 the points' table of every community and station was wider than a 390px phone: the opening hours
    # were behind a sideways swipe that older residents do not know to make.
    # So were the home page's overview, the directory of communities and, in 大字模式, the centre's tiers.
    url, paths = served
    seen = _on_phone(browser, large, url, paths)
    assert {path for path in paths if seen[path]["tables"]} >= {"stations/S1/", "communities/dongfang/", "stations/",
                                                                 "communities/", "centre/", ""}
    for path, fit in seen.items():
        assert fit["page"] <= fit["screen"] and fit["wide"] == [], (path, fit)
        assert fit["hidden"] == [], (path, fit)  # nothing a row says is lost


@pytest.mark.parametrize("large", [True, False], ids=["large-type", "normal"])
def test_on_a_phone_the_consultation_pages_topics_and_meetings_fit_the_screen(browser, served, large):
    # Where a topic is now, how a decision is going, what residents said of it, and where and when a meeting is,
    # were behind a sideways swipe, in normal type too.
    seen = _on_phone(browser, large, served[0], ("consultation/", "consultation/S1/", "consultation/C1/",
                                                 "consultation/P02/", "consultation/topics/", "consultation/meetings/",
                                                 "consultation/tracker/"))
    assert all(seen[path]["tables"] for path in seen)
    for path, fit in seen.items():
        wide = [table["head"] for table in fit["wide"] if table["head"].startswith(("议题|", "会议|"))]
        assert fit["page"] <= fit["screen"] and wide == [] and fit["hidden"] == [], (path, fit)


@pytest.mark.parametrize("large", [True, False], ids=["large-type", "normal"])
def test_on_a_phone_a_draft_agenda_fits_the_screen_and_keeps_its_dates_whole(browser, served, large):
    # A draft's dates stay on one line printed; on a phone its rows are cards, where they must neither be cut
    # in two nor push a card wider than the screen.
    dates = """() => [...document.querySelectorAll('article .yl-date')]
          .map(date => [date.textContent, date.getClientRects().length])"""
    seen = _on_phone(browser, large, served[0], ("agendas/S1/", "agendas/C1/", "agendas/shili/"),
                     f"() => [({_FITS})(), ({dates})()]")
    for path, (fit, dates) in seen.items():
        assert fit["tables"] and fit["page"] <= fit["screen"] and fit["wide"] == [] and fit["hidden"] == [], (path, fit)
        assert dates and all(lines == 1 for _, lines in dates), (path, dates)


# The column heading each card: a row's title (the table of a covenant's vote has none: its heading says it).
_TITLES = ("公约", "层级", "名称", "项目", "社区（村）", "年份", "友邻站", "单位", "会议", "议题", "事项", "表格",
           "议题或事项")

# Each card of the article's tables as cards: its title column's head and whether the title heads the card (no shown
# cell wholly above it); the cells shown with nothing to say ("" or "—" behind their label, if any).
_CARDS_READ = """titles => [...document.querySelectorAll('article .yl-stack table')].flatMap(table => {
  const heads = [...table.tHead.rows[0].cells].map(th => th.textContent.trim());
  const column = heads.findIndex(head => titles.includes(head));
  const says = cell => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('.yl-stack__label').forEach(label => label.remove());
    return copy.textContent.trim();
  };
  return [...table.tBodies[0].rows].map(row => {
    const shown = [...row.cells].filter(cell => cell.getClientRects().length);
    const title = row.cells[column];
    const first = column >= 0 && shown.includes(title) && !!says(title) && shown.every(cell =>
      cell === title || cell.getBoundingClientRect().bottom > title.getBoundingClientRect().top);
    return {title: column >= 0 ? heads[column] : null, heads: first,
            bare: shown.filter(cell => ['', '—'].includes(says(cell))).map(cell => cell.textContent.trim())};
  });
})"""

# The pages a resident or a social worker reads on a phone whose tables are cards there: the covenants and a
# covenant's vote, the plan and its progress, the street's ledger and a station's, the forms, a meeting's agenda (held,
# an item without an outcome, and to come) and a topic's 民评. In the paged build: the list of all covenants, a page of
# a plan's annex and of the stations' ledgers.
CARD_PAGES = ("covenants/", "covenants/chenguang/", "plan/", "progress/", "ledger/", "ledger/S1/2020/",
              "ledger/S1/2021/", "ledger/S2/2021/", "ledger/S3/2021/", "forms/", "meetings/M1/", "meetings/M2/",
              "meetings/M3/", "meetings/M5/", "topics/T2/")
PAGED_CARD_PAGES = ("covenants/all/", "plan/annex-1/", "plan/annex-1/page-2/", "ledger/stations/",
                    "ledger/stations/page-3/")


@pytest.mark.parametrize("large", [True, False], ids=["large-type", "normal"])
def test_on_a_phone_the_covenants_plan_ledgers_and_forms_are_cards_headed_by_their_titles(browser, served, paged,
                                                                                           large):
    # Residents and social workers read these on phones: the covenants, a covenant's vote, the plan's targets and
    # annexes, the progress, the ledgers' amounts, meetings, topics and items, and the forms were behind a sideways
    # swipe, in normal type too; a meeting's agenda and a topic's 民评 counts in 大字模式. Each row is a card headed by
    # its title; a cell with nothing to say ("—": a year without a ledger, a form no hub fills; an agenda item without
    # an outcome) is left out rather than shown behind a bare label.
    script = f"titles => [({_FITS})(), ({_CARDS_READ})(titles)]"
    seen = _on_phone(browser, large, served[0], CARD_PAGES, script, _TITLES)
    seen |= _on_phone(browser, large, paged, PAGED_CARD_PAGES, script, _TITLES)
    for path, (fit, cards) in seen.items():
        assert fit["tables"] and cards, path
        assert fit["page"] <= fit["screen"] and fit["wide"] == [] and fit["hidden"] == [], (path, fit)
        assert [card for card in cards if card["title"] and not card["heads"]] == [], (path, cards)
        assert [card["bare"] for card in cards if card["bare"]] == [], (path, cards)
    # Every table as cards has its title, but the vote's and the 民评's (their headings say what they are).
    assert {path for path, (_, cards) in seen.items() if any(card["title"] is None for card in cards)} == {
        "covenants/chenguang/", "topics/T2/"}
    assert {card["title"] for path in ("meetings/M1/", "meetings/M5/") for card in seen[path][1]} == {"议题或事项"}
    # The ledgers' lists are headed by their second column (the date first on paper).
    assert {card["title"] for card in seen["ledger/S1/2021/"][1]} == {"单位", "会议", "议题", "事项"}


# Between a phone held upright and a screen with the navigation beside the page: a phone held sideways, a small
# tablet.
BETWEEN = (480, 600, 768, 959)

# A tablet held sideways, laptops and a desktop: the navigation and the contents are beside the page, in rem, so in
# 大字模式 its column is 599 to 881px wide, and no wider on any screen (61rem of Material's grid).
COMPUTERS = (1024, 1280, 1366, 1920)

# Pages with a table as cards on a phone: hub pages, their lists, the home page, the centre, the consultation pages, a
# draft agenda, and the pages of CARD_PAGES.
BETWEEN_PAGES = ("", "stations/S1/", "communities/dongfang/", "stations/", "communities/", "centre/", "consultation/",
                 "consultation/S1/", "consultation/topics/", "consultation/tracker/", "agendas/S1/") + CARD_PAGES

# How many of the article's tables as cards (.yl-stack) are shown as cards, and as tables (a row a table row).
_STACKS = """() => [...document.querySelectorAll('article .yl-stack table')].reduce((seen, table) => {
  seen[getComputedStyle(table.tBodies[0].rows[0]).display === 'table-row' ? 'tables' : 'cards'] += 1;
  return seen;
}, {cards: 0, tables: 0})"""


def _at_width(browser, width: int, large: bool, javascript: bool = True):
    """A browser window `width` px wide, in 大字模式 if `large`, without JavaScript if not `javascript`."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN",
                                  java_script_enabled=javascript)
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    return context


@pytest.mark.parametrize("width", BETWEEN + COMPUTERS)
def test_in_large_type_wider_than_a_phone_held_upright_the_tables_are_cards(browser, served, width):
    # A media query cannot see 大字模式: from 480px its tables were tables again, and wider than the screen (at 768px
    # on 20 of the fixture's pages), behind a sideways swipe; from 960px, beside the navigation, wider than their
    # frame (at 1280px on 22 of 27 pages; at 1920px the plan's, a draft agenda's and the tracker's). In normal type
    # they stay tables there, as they were.
    script = f"() => [({_FITS})(), ({_STACKS})()]"
    seen = {}
    for large in (True, False):
        context = _at_width(browser, width, large)
        page = context.new_page()
        for path in BETWEEN_PAGES:
            page.goto(served[0] + path)
            assert page.evaluate("document.documentElement.classList.contains('yl-large')") is large
            seen[large, path] = page.evaluate(script)
        context.close()
    assert {path: seen[True, path][0]["wide"] for path in BETWEEN_PAGES if seen[True, path][0]["wide"]} == {}
    for path in BETWEEN_PAGES:
        fit, stacks = seen[True, path]
        assert fit["page"] <= fit["screen"] and fit["hidden"] == [], (path, fit)
        assert stacks["cards"] and stacks["tables"] == 0, (path, stacks)
        fit, stacks = seen[False, path]
        assert stacks["tables"] and stacks["cards"] == 0, (path, stacks)


def test_large_type_switches_the_cards_on_and_off_without_reloading(browser, served):
    # The button sets the cards' media at once, as the stored choice does on opening a page.
    context = _at_width(browser, 600, False)
    page = context.new_page()
    page.goto(served[0] + "ledger/")
    before = page.evaluate(_STACKS)
    page.locator(".yl-large-toggle").click()
    large = page.evaluate(f"() => [({_FITS})(), ({_STACKS})()]")
    page.locator(".yl-large-toggle").click()
    after = page.evaluate(_STACKS)
    page.locator(".yl-large-toggle").click()
    page.goto(served[0] + "plan/")  # the choice is remembered
    next_page = page.evaluate(_STACKS)
    context.close()
    assert before["tables"] and before["cards"] == 0, before
    fit, stacks = large
    assert stacks["cards"] == before["tables"] and stacks["tables"] == 0, stacks
    assert fit["page"] <= fit["screen"] and fit["wide"] == [] and fit["hidden"] == [], fit
    assert after == before, after
    assert next_page["cards"] and next_page["tables"] == 0, next_page


def test_without_javascript_a_phone_held_upright_has_the_cards(browser, served):
    # The cards' media is the phone's as written in the page; a script only widens it for 大字模式.
    context = _at_width(browser, 390, False, javascript=False)
    page = context.new_page()
    seen = {}
    for path in ("stations/S1/", "ledger/", "agendas/S1/"):
        page.goto(served[0] + path)
        seen[path] = page.evaluate(_STACKS)
    page.set_viewport_size({"width": 480, "height": 844})
    wider = page.evaluate(_STACKS)
    context.close()
    assert all(stacks["cards"] and stacks["tables"] == 0 for stacks in seen.values()), seen
    assert wider["tables"] and wider["cards"] == 0, wider


# The lines each time range of the points' opening hours is on, its text put in a box as narrow as
# "开放时间：每周二 9:00-", where a phone broke "9:00-" from "11:00".
_RANGE_LINES = r"""() => {
  const cells = [...document.querySelectorAll('article .yl-points td:last-child')];
  return cells.flatMap(cell => {
    const box = document.createElement('div');
    box.style.width = '12em';
    box.append(...cell.childNodes);
    cell.append(box);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), lines = [];
    for (let node; (node = walker.nextNode());) {
      for (const found of node.data.matchAll(/\d{1,2}:\d{2}-\d{1,2}:\d{2}/g)) {
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        lines.push([found[0], new Set([...range.getClientRects()].map(box => Math.round(box.top))).size]);
      }
    }
    return lines;
  });
}"""


@pytest.mark.parametrize("path", ["stations/S1/", "communities/dongfang/"])
def test_in_large_type_a_time_range_stays_on_one_line(browser, served, path):
    context = _phone(browser, True)
    page = context.new_page()
    page.goto(served[0] + path)
    lines = page.evaluate(_RANGE_LINES)
    context.close()
    assert [time for time, _ in lines] == ["9:00-11:00", "14:00-16:00"], lines
    assert all(count == 1 for _, count in lines), lines


def _find_chenguang(page, served) -> None:
    """我的友邻点 as a resident of 晨光苑 uses it: the community, then the compound, until the cards are shown."""
    page.goto(served[0] + "find/")
    page.select_option("#yl-find-community", label="东方社区（城市社区）")
    page.wait_for_function("!document.querySelector('#yl-find-compound').disabled")
    page.locator("#yl-find-compound").select_option(label="晨光苑")
    page.locator(".yl-find__card").first.wait_for()


def test_find_my_point_keeps_a_time_range_on_one_line(browser, served):
    context = _phone(browser, True)
    page = context.new_page()
    _find_chenguang(page, served)
    times = page.evaluate("""() => [...document.querySelectorAll('.yl-find__card .yl-time')]
      .map(time => [time.textContent, getComputedStyle(time).whiteSpace])""")
    context.close()
    assert times == [["9:00-11:00", "nowrap"]], times


@pytest.mark.parametrize("media, viewport, large", [
    ("print", SMALL_PHONE, False), ("print", {"width": 768, "height": 900}, True), ("screen", DESKTOP, False),
    ("print", DESKTOP, True)], ids=["printed", "printed-large-type", "desktop", "printed-on-a-computer-large-type"])
@pytest.mark.parametrize("path, head", [
    ("stations/S1/", "开放时间"), ("stations/", "开放时间"), ("", "已设立"), ("communities/", "常住人口"), ("centre/", "已设立"),
    ("covenants/", "适用范围"), ("covenants/chenguang/", "参加表决"), ("plan/", "与目标相比"), ("plan/", "设想建设友邻点数"),
    ("progress/", "按期完成"), ("progress/", "设想建设"), ("ledger/", "未使用的单位"), ("ledger/", "2021 年"),
    ("ledger/S1/2021/", "标记"), ("ledger/S1/2021/", "参会人数"), ("ledger/S1/2021/", "票据号"), ("forms/", "交回以后"),
    ("meetings/M2/", "结果"), ("meetings/M5/", "汇报"), ("topics/T2/", "满意和基本满意")])
def test_printed_or_on_a_computer_the_cards_stay_tables(browser, served, path, head, media, viewport, large):
    # Every column, its head over it: a ledger on paper is the grid a paper ledger is (the stations by the years, each
    # list of items dated first), and so are the plan's targets and annexes, a meeting's printed agenda and a topic's
    # 民评; no card's label is shown. Printed in 大字模式 too, from a screen that shows the cards.
    context = _at_width(browser, viewport["width"], large)
    page = context.new_page()
    page.goto(served[0] + path)
    page.emulate_media(media=media)
    shown = page.evaluate("""head => {
      const table = [...document.querySelectorAll('article .yl-stack table')]
        .find(table => [...table.tHead.rows[0].cells].some(th => th.textContent.trim() === head));
      const shown = e => e.getClientRects().length > 0;
      return {row: getComputedStyle(table.tBodies[0].rows[0]).display,
              heads: [...table.tHead.rows[0].cells].filter(shown).map(th => th.textContent.trim()),
              columns: table.tHead.rows[0].cells.length,
              labels: [...table.querySelectorAll('.yl-stack__label')].filter(shown).length};
    }""", head)
    context.close()
    assert shown["row"] == "table-row" and head in shown["heads"] and len(shown["heads"]) == shown["columns"], shown
    assert shown["columns"] >= 3 and shown["labels"] == 0, shown  # the column heads say it


# Each card of the first table in the article: its shown cells' text (a label's text before its value) in the
# order a resident reads them, line by line from the top, left to right.
_CARDS = """() => [...document.querySelector('article table').tBodies[0].rows].map(row => [...row.cells]
  .filter(cell => cell.getClientRects().length)
  .map(cell => [Math.round(cell.getBoundingClientRect().top), cell.getBoundingClientRect().left,
                cell.textContent.trim()])
  .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(cell => cell[2]))"""


@pytest.mark.parametrize("large", [True, False], ids=["large-type", "normal"])
def test_on_a_phone_the_home_overview_cards_start_with_the_tier_and_its_count(browser, served, large):
    # The overview's six columns were wider than a 390px phone; as cards, a resident still reads which tier and
    # how many are set up first, the plan's target last. A sum's "—" target says nothing and is left out.
    context = _phone(browser, large)
    page = context.new_page()
    page.goto(served[0])
    cards = page.evaluate(_CARDS)
    lines = page.evaluate("""() => [...document.querySelector('article table').tBodies[0].rows].map(row =>
      [...row.cells].slice(0, 4).map(cell => Math.round(cell.getBoundingClientRect().top)))""")
    context.close()
    # The tier beside its scope, how many are set up beside how many run: a card no longer than it must be.
    assert all(tops[0] == tops[1] < tops[2] == tops[3] for tops in lines), lines
    assert cards[0] == ["友邻中心", "城乡合计", "已设立1", "其中运行中1", "筹建中0", "规划目标1"], cards
    assert cards[3] == ["友邻站", "城乡合计", "已设立3", "其中运行中3", "筹建中0"], cards
    assert cards[5] == ["友邻点", "农村", "已设立0", "其中运行中0", "筹建中1", "规划目标1"], cards


def test_on_a_phone_a_community_card_says_its_station_then_its_counts(browser, served):
    context = _phone(browser, True)
    page = context.new_page()
    page.goto(served[0] + "communities/")
    cards = page.evaluate(_CARDS)
    page.goto(served[0] + "centre/")
    tiers = page.evaluate(_CARDS)
    context.close()
    assert cards == [["东方社区", "友邻站东方社区友邻站", "小区个数2", "常住人口3,000", "已设立友邻点2"],
                     ["西苑社区", "友邻站西苑社区友邻站", "小区个数1", "常住人口2,000", "已设立友邻点1"]], cards
    assert tiers[1] == ["友邻站", "城市社区", "已设立2", "运行中2"], tiers


def test_a_points_opening_hours_keep_each_time_range_whole(fixture_site_built):
    # The point's own page said its hours without render.hours: a phone broke "每周二 9:00-" from "11:00".
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fixture_site_built[1] / "points" / "P01" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    terms = {dt.get_text(strip=True): dd for dt, dd in zip(page.select("article dt"), page.select("article dd"))}
    assert [span.get_text() for span in terms["开放时间"].select(".yl-time")] == ["9:00-11:00"], terms["开放时间"]
    assert terms["开放时间"].get_text().strip() == "每周二 9:00-11:00"


def test_opening_hours_are_escaped_and_each_time_range_kept_whole():
    assert hours("每周三 19:00-20:30；周六 9:00 至 11:00") == (
        '每周三 <span class="yl-time">19:00-20:30</span>；周六 <span class="yl-time">9:00 至 11:00</span>')
    assert hours("<b>8：30-9：00</b>|*") == '&lt;b&gt;<span class="yl-time">8：30-9：00</span>&lt;/b&gt;\\|\\*'
    assert hours("尚未开放") == "尚未开放"


def test_find_my_point_brings_its_cards_into_view_with_phone_links_large_enough_to_tap(browser, served):
    # On a phone in large type the cards began at the screen's bottom edge, and a phone number in a card's
    # contact line was a 26px target (44px on the point's own page).
    context = _phone(browser, True)
    page = context.new_page()
    _find_chenguang(page, served)
    shown = page.evaluate("""() => {
      const card = document.querySelector('.yl-find__card').getBoundingClientRect();
      return {top: card.top, bottom: innerHeight,
              phones: [...document.querySelectorAll('.yl-find__card a[href^="tel:"]')]
                .map(link => link.getBoundingClientRect().height)};
    }""")
    context.close()
    assert 0 <= shown["top"] < shown["bottom"] / 2, shown
    assert shown["phones"] and min(shown["phones"]) >= 44, shown


# The text of the article's charts and maps as drawn: each chart's text [font size in px on the screen, the text,
# whether it is inside its chart, whether it overlaps another text of its chart], and each map's numbers [px, whether
# the number is inside its marker]. An SVG's font size is in its own units: the screen's is that times its scale.
_DRAWN_TEXT = """() => {
  const px = text => parseFloat(getComputedStyle(text).fontSize) * text.closest('svg').getScreenCTM().a;
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1
    && a.bottom <= b.bottom + 1;
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const body = parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize);
  const charts = [...document.querySelectorAll('article svg.yl-chart')].map(chart => {
    const box = chart.getBoundingClientRect(), texts = [...chart.querySelectorAll('text')];
    const boxes = texts.map(text => text.getBoundingClientRect());
    return texts.map((text, i) => [px(text), text.textContent, inside(boxes[i], box),
                                   boxes.some((other, j) => j !== i && meet(boxes[i], other))]);
  });
  const maps = [...document.querySelectorAll('article svg.yl-map g')].map(marker => {
    const number = marker.querySelector('text');
    return [px(number), inside(number.getBoundingClientRect(), marker.querySelector('circle').getBoundingClientRect())];
  });
  return {body, charts, maps, page: document.documentElement.scrollWidth, screen: innerWidth};
}"""


@pytest.mark.parametrize("where", ["phone-large-type", "phone", "computer", "computer-large-type", "printed"])
def test_the_charts_and_maps_text_is_as_large_as_the_pages(browser, served, where):
    # The progress charts' and community maps' text was in the SVG's own units, and the SVG scaled to the column: on a
    # 390px phone the charts' labels and values were 8px, in 大字模式 too, where the text around them is 23px; the
    # maps' numbers 13px on every screen. Now a chart's text is the page's, on every screen and printed, and fits
    # it, no label over another; a map's numbers are at least 20px, each inside its marker.
    if where.startswith("phone"):
        context = _phone(browser, where.endswith("large-type"))
    else:
        context = _at_width(browser, 1366, where.endswith("large-type"))
    page = context.new_page()
    seen = {}
    for path in ("progress/", "communities/dongfang/"):
        page.goto(served[0] + path)
        if where == "printed":
            page.emulate_media(media="print")
        seen[path] = page.evaluate(_DRAWN_TEXT)
    context.close()
    charts, maps = seen["progress/"]["charts"], seen["communities/dongfang/"]["maps"]
    assert len(charts) == 3 and all(charts) and maps, seen
    body = seen["progress/"]["body"]
    assert body >= (23 if "large" in where else 18) - 0.5, body
    small = [(round(size, 1), text) for chart in charts for size, text, *_ in chart if size < body - 0.5]
    assert small == [], (where, body, small)
    assert [text for chart in charts for _, text, inside, _ in chart if not inside] == [], where  # nothing cut off
    assert [text for chart in charts for _, text, _, meets in chart if meets] == [], where
    assert [round(size, 1) for size, _ in maps if size < 20] == [] and all(inside for _, inside in maps), maps
    assert all(shown["page"] <= shown["screen"] for shown in seen.values()), seen
