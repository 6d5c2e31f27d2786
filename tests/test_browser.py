"""The shipped sample's site in a real browser: accessibility, privacy of requests, finding one's point, search.

Every test here goes to the sample's own pages (P0004, S01, 清翠湾) or counts on its size (its wide tables), so the
module is skipped on another street's data; the fixture network's site is tried in test_forms_browser.py and
test_search_browser.py."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from browser import PRINT_MIN_PX, SiteServer, chromium, require_chromium, search, small_printed_text
from conftest import REPO, copy_project
from generator.cli import main

pytestmark = [pytest.mark.build, pytest.mark.shipped_sample]

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
PHONE = {"width": 412, "height": 915}
SMALL_PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TAP_PX = 44  # the least an older finger hits reliably (WCAG 2.5.5, Apple's guidelines)
MAIN_PAGES = {
    "home": "",
    "find": "find/",
    "centre": "centre/",
    "station": "stations/S01/",
    "point": "points/P0004/",
    "community": "communities/songfeng/",
    "communities": "communities/",
    "plan": "plan/",
    "posters": "posters/S01.html",
    "covenants": "covenants/",
    "covenant": "covenants/meiyuan-community/",
    "signature-sheet": "covenants/meiyuan-community/sign-meiyuan/",
    "consultation": "consultation/",
    "consultation-centre": "consultation/C01/",
    "topic": "topics/T2018-001/",
    "meeting": "meetings/M2018-C01-0719/",
    "agenda": "agendas/C01/",
    "progress": "progress/",
    "ledger": "ledger/",
    "station-ledger": "ledger/S01/2018/",
    "open-data": "open-data/",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    require_chromium()
    project = copy_project(REPO, tmp_path_factory.mktemp("browser") / "project")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser(site_url):
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def _small_phone(browser, large: bool = False):
    """A browser context on a small phone held upright, in large type (大字模式, as its toggle leaves it) if `large`."""
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    return context


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_no_serious_accessibility_violations(page, site_url, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + MAIN_PAGES[name])
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(map(str, serious))


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_pages_request_nothing_but_the_site_and_are_saved_as_screenshots(page, site_url, name):
    page.goto(site_url + MAIN_PAGES[name])
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).netloc for url in page.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(site_url).netloc}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_browser_without_resize_observer_gets_it_from_the_site_and_search_still_works(page, site_url):
    # Material's bundle fetches a polyfill from unpkg.com when the browser has no ResizeObserver (iOS before 13.1).
    page.add_init_script("delete window.ResizeObserver")
    assert search(page, site_url, "清翠湾")
    hosts = {urlparse(url).netloc for url in page.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(site_url).netloc}
    assert any(url.endswith("/vendor/resize-observer-polyfill-1.5.1.js") for url in page.requested)


def test_find_my_point_by_compound(page, site_url):
    page.goto(site_url + "find/")
    page.select_option("#yl-find-community", label="松枫社区（城市社区）")
    compound = page.locator("#yl-find-compound")
    compound.wait_for(state="visible")
    page.wait_for_function("!document.querySelector('#yl-find-compound').disabled")
    compound.select_option(label="安银居")
    card = page.locator(".yl-find__card")
    card.first.wait_for()
    assert "每天 8:30-10:30" in card.first.inner_text()
    # The code the paper forms ask for, as the point's page and poster give it.
    terms = [t.strip() for t in card.first.locator("dt").all_inner_texts()]
    assert card.first.locator("dd").nth(terms.index("编号")).inner_text() == "P0004（填写表格时用）"
    assert page.evaluate("location.hash") == "#c=songfeng&k=" + page.evaluate("encodeURIComponent('安银居')")
    card.first.locator("h2 a").click()
    page.wait_for_url("**/points/P0004/")
    assert page.locator("article h1").inner_text().strip() == "安银居友邻点"
    # Back from the point, the choice is still there, as it is for a link to it someone sent.
    page.go_back()
    page.locator(".yl-find__card").first.wait_for()
    assert page.locator("#yl-find-compound option:checked").inner_text() == "安银居"
    assert "安银居友邻点" in page.locator("#yl-find-result").inner_text()


def test_find_page_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "find/")
    assert not page.locator(".yl-find").is_visible()  # the picker needs scripts; the links do not
    page.get_by_role("link", name="松枫社区").first.click()
    page.wait_for_url("**/communities/songfeng/")
    page.get_by_role("link", name="安银居友邻点").first.click()
    page.wait_for_url("**/points/P0004/")
    context.close()


def test_chinese_search_for_a_compound_finds_its_point(page, site_url):
    assert "points/P0004/" in search(page, site_url, "安银居")


def test_a_village_group_is_found_by_the_name_residents_say(page, site_url):
    # 十六组, not 虹霓村十六组: it found nothing while the group was indexed only with its village's name.
    # Two villages have a 十六组: their pages first (the group's row leads to its point), then the points serving it.
    results = search(page, site_url, "十六组")
    assert set(results[:2]) == {"communities/hongni/", "communities/tongjie/"}, results
    assert {"points/P0218/", "points/P0248/"} <= set(results), results


def _contrast_on_white(css_color: str) -> float:
    """WCAG's contrast ratio of an rgb()/rgba() colour laid over white."""
    red, green, blue, *alpha = (float(v) for v in re.findall(r"[0-9.]+", css_color))
    opacity = alpha[0] if alpha else 1.0
    channels = [(c * opacity + 255 * (1 - opacity)) / 255 for c in (red, green, blue)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("name", ["points/P0004/", "consultation/"])
def test_a_page_title_is_near_black_for_older_eyes(page, site_url, name):
    # Material greys its h1 (rgba(0,0,0,.54), about 4.5:1): readable, but faint for a resident of seventy.
    page.goto(site_url + name)
    color = page.evaluate("getComputedStyle(document.querySelector('.md-typeset h1')).color")
    assert _contrast_on_white(color) >= 7, color


def test_large_type_toggle_persists(page, site_url):
    page.goto(site_url + "points/P0004/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    toggle = page.locator(".yl-large-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(site_url + "stations/S01/")
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before * 1.2
    assert page.locator(".yl-large-toggle").get_attribute("aria-pressed") == "true"


def test_a_table_wider_than_a_phone_shows_that_it_scrolls(browser, site_url):
    # Held upright, a phone shows the wide tables as cards, and in 大字模式 every screen (theme/main.html); beside
    # the sidebars of a computer, tables of seven columns fit (youlin.css). On a tablet held upright, the plan's
    # targets are still wider than the screen, and the frame shows there is more beyond its edge.
    context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "plan/")
    wide = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
      .filter(wrap => wrap.scrollWidth > wrap.clientWidth).map(wrap => {
        const table = wrap.querySelector('table');
        return {head: table.tHead.rows[0].cells[0].textContent.trim(),
                background: getComputedStyle(wrap).backgroundImage,
                table: getComputedStyle(table).backgroundColor,
                cells: Math.min(...[...table.querySelectorAll('td')].map(td => td.getBoundingClientRect().width))};
      })""")
    context.close()
    assert [table["head"] for table in wide][:1] == ["层级"], wide
    # The edge shadows are the wrapper's scrolling backgrounds; the table must not paint over them.
    assert wide[0]["background"].count("radial-gradient") == 2 and wide[0]["table"] == "rgba(0, 0, 0, 0)", wide
    assert wide[0]["cells"] >= 60, wide  # no cell is squeezed to two characters a line


def test_point_page_weight_budget(browser, site_url):
    """A point page and everything it loads, as transferred (gzip), under 150 KB without the search index."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(site_url + "points/P0004/")
    page.wait_for_load_state("networkidle")
    sizes = {r.url: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in responses
             if "search_index.json" not in r.url}
    context.close()
    total = sum(sizes.values())
    assert total < 150 * 1024, sorted(sizes.items(), key=lambda item: -item[1])[:5]


def test_signature_sheet_prints_on_one_a4_page(browser, site_url):
    import re

    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "covenants/meiyuan-community/sign-meiyuan/")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    context.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1  # a print is one sheet, numbered by hand (第＿张); more households print more sheets


def _pdf_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_station_posters_print_one_a4_page_per_point_or_just_the_one_asked_for(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "posters/S01.html")
    posters = page.locator(".yl-poster").count()
    codes = page.locator(".yl-poster__qr svg").count()  # drawn by qr.js
    whole_station = _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    page.goto(site_url + "posters/S01.html#P0004")
    one_point = _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    context.close()
    assert posters > 1
    assert codes == posters
    assert whole_station == posters
    assert one_point == 1


@pytest.mark.parametrize("name", ["posters/S01.html", "forms/signin/S01.html", "ledger/S01/2018/", "ledger/"])
def test_printed_headings_keep_with_what_follows_and_table_rows_whole(page, site_url, name):
    page.goto(site_url + name)
    page.emulate_media(media="print")
    printed = page.evaluate("""() => {
      const shown = e => e.getClientRects().length, css = e => getComputedStyle(e);
      const all = selector => [...document.querySelectorAll(selector)].filter(shown);
      return {headings: all('h1, h2, h3, h4').map(h => [h.textContent.trim(), css(h).breakAfter]),
              thead: all('thead').map(e => css(e).display), rows: all('tr').map(e => css(e).breakInside)};
    }""")
    assert printed["headings"] and [text for text, after in printed["headings"] if after != "avoid"] == []
    assert set(printed["thead"]) <= {"table-header-group"} and set(printed["rows"]) <= {"avoid"}


@pytest.mark.parametrize("name", ["posters/S01.html", "meetings/M2018-C01-0719/", "ledger/S01/2018/"])
def test_pages_for_paper_have_a_print_button_that_is_not_printed(page, site_url, name):
    # Phone browsers hide their print command, and WeChat's has none.
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(site_url + name)
    page.evaluate("window.print = () => { window.printed = true; }")
    button = page.get_by_role("button", name="打印本页")
    button.click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert missing == []  # nothing it asks for is missing


# What can be tapped in `root` and is not covered: [what it is, width, height] of its box.
_TAP_TARGETS = """root => [...root.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, label[for], [role=button]')].filter(e => {
  const box = e.getBoundingClientRect();
  if (!box.width || !box.height) return false;
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return hit !== null && e.contains(hit);
}).map(e => {
  const box = e.getBoundingClientRect();
  const name = e.getAttribute('for') || e.getAttribute('aria-label') || e.textContent.trim() || e.type;
  return [e.tagName.toLowerCase() + '.' + e.classList[0] + ' ' + name, box.width, box.height];
})"""


def _too_small(targets, width=True):
    return [t for t in targets if t[2] < TAP_PX - 0.01 or (width and t[1] < TAP_PX - 0.01)]


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone-390", "desktop"])
def test_header_buttons_are_44px_squares_and_the_header_keeps_its_height(browser, site_url, viewport):
    phone = viewport is SMALL_PHONE
    context = browser.new_context(viewport=viewport, device_scale_factor=2, is_mobile=phone, has_touch=phone,
                                  locale="zh-CN")
    page = context.new_page()
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    closed = page.evaluate(_TAP_TARGETS, page.locator(".md-header").element_handle())
    closed += page.evaluate(_TAP_TARGETS, page.locator(".yl-toolbar").element_handle())
    sizes = (page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height"),
             page.evaluate("document.documentElement.scrollWidth"))
    # While searching: the field, and the buttons to go back and to clear it.
    if phone:
        page.locator("label.md-header__button[for='__search']").click()
    query = page.locator("input.md-search__input")
    query.click()
    query.fill("安银居")
    page.wait_for_function("document.querySelector('.md-search__options > button').getBoundingClientRect().width > 0 "
                           "&& getComputedStyle(document.querySelector('.md-search__options > button')).opacity === '1'")
    searching = page.evaluate(_TAP_TARGETS, page.locator(".md-header").element_handle())
    context.close()
    names = {t[0] for t in closed + searching}
    expected = {"button.yl-large-toggle 大字模式", "button.md-search__icon 清空当前内容"}
    expected |= {"label.md-header__button __drawer", "label.md-header__button __search", "label.md-search__icon __search"} \
        if phone else {"a.md-header__button 当湖街道友邻网络"}
    assert expected <= names, names
    assert [t for t in closed + searching if t[0].startswith("input")], "the search field is measured"
    assert _too_small([t for t in closed + searching if not t[0].startswith("input")]) == []
    assert _too_small([t for t in closed + searching if t[0].startswith("input")], width=False) == []
    assert sizes == (48, viewport["width"])  # Material's 2.4rem header; nothing wider than the screen


def test_back_to_top_button_under_the_header_is_44px_tall(browser, site_url):
    context = _small_phone(browser)
    page = context.new_page()
    page.goto(site_url + "stations/S01/")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)  # Material shows it on scrolling back up
    page.wait_for_function("!document.querySelector('.md-top').hidden")
    box = page.locator(".md-top").bounding_box()
    context.close()
    assert box["height"] >= TAP_PX and box["width"] >= TAP_PX


@pytest.mark.parametrize("name", ["home", "point", "topic"])
def test_on_a_phone_the_title_follows_the_large_type_button_closely(browser, site_url, name):
    # Material's gaps once put 66px of blank screen above a point's breadcrumbs, and its title at 370px of 844.
    context = browser.new_context(viewport=SMALL_PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + MAIN_PAGES[name])
    toolbar = page.locator(".yl-toolbar").bounding_box()
    title = page.locator("article h1").first.bounding_box()
    crumbs = page.locator("article .yl-crumbs")
    trail = crumbs.bounding_box()["height"] + 10 if crumbs.count() else 0  # the trail and its margin
    context.close()
    assert title["y"] - (toolbar["y"] + toolbar["height"]) - trail <= 16


def test_home_directory_links_are_44px_tall_on_a_phone(browser, site_url):
    context = _small_phone(browser)
    page = context.new_page()
    page.goto(site_url)
    # The directory: every link from its heading to the end of the article or the next h2.
    links = page.evaluate("""() => {
      const heading = [...document.querySelectorAll('article h2')].find(h => h.textContent.includes('目录'));
      const links = [];
      for (let e = heading.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling)
        for (const a of e.querySelectorAll('a[href]')) {
          const box = a.getBoundingClientRect();
          links.push([a.textContent, box.width, box.height]);
        }
      return links;
    }""")
    buttons = [page.locator("article .md-button").nth(i).bounding_box()["height"]
               for i in range(page.locator("article .md-button").count())]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert len(links) >= 20  # the shipped sample's 26 communities and villages
    assert [link for link in links if link[2] < TAP_PX - 0.01] == []
    # A name is one box on one line: a name broken over two lines spans the paragraph's width.
    assert max(width for _, width, _ in links) < SMALL_PHONE["width"] / 2
    assert buttons and min(buttons) >= TAP_PX
    assert overflow == SMALL_PHONE["width"]


PRINTED = ["posters/S01.html", "forms/spending/S01.html", "forms/topic/S01.html", "forms/signin/S01.html",
           "covenants/meiyuan-community/notice/", "covenants/meiyuan-community/sign-meiyuan/", "agendas/C01/",
           "meetings/M2018-C01-0719/", "ledger/S01/2018/"]


@pytest.mark.parametrize("name", PRINTED)
def test_printed_text_is_at_least_10_5pt(browser, site_url, name):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + name)
    page.wait_for_load_state("networkidle")  # the QR codes drawn
    small = small_printed_text(page)
    context.close()
    assert small == [], f"printed under {PRINT_MIN_PX}px (10.5pt): {small[:5]}"


def test_search_results_do_not_strike_through_the_words_they_lack(page, site_url):
    search(page, site_url, "议题征集表")
    lacking = page.locator(".md-search-result__terms")
    assert lacking.count() and not any(lacking.nth(i).is_visible() for i in range(lacking.count()))


def test_a_search_of_one_character_says_to_type_a_word_of_two(page, site_url):
    # One Han character is no word of the index (mkdocs.yml's separator): 猫 finds nothing, and the resident is told why.
    # (Material searches it as 猫*: a character that begins a word, such as 狗 of the dog covenant's 狗粪, finds that.)
    assert search(page, site_url, "猫") == []
    hint = page.locator(".yl-search-hint")
    assert hint.is_visible() and hint.inner_text() == "一个字搜不到：请输入两个字以上的词，如小区名、“停车”。"
    field = page.locator("input.md-search__input")
    field.fill("停车")
    field.press("End")
    assert not hint.is_visible()


def test_a_character_that_begins_a_word_finds_its_pages_without_the_hint(page, site_url):
    # 狗 begins 狗粪, a search word of the dog covenant: the pages found are shown, and no hint says none can be.
    assert "covenants/donghu-dogs/" in search(page, site_url, "狗")
    assert not page.locator(".yl-search-hint").is_visible()


def test_search_for_a_place_lists_its_own_pages_before_pages_that_mention_it(page, site_url):
    # 清翠湾 is a compound served by two points; topics and meetings that mention it come after them.
    compound = search(page, site_url, "清翠湾")
    assert set(compound[:2]) == {"points/P0002/", "points/P0013/"}, compound[:5]
    # 三北村 is a village: its page leads to its station and its groups' points, whose names begin with its own.
    village = search(page, site_url, "三北村")
    assert village[:2] == ["communities/sanbei/", "stations/S20/"], village[:5]


# A list's column headed `name` on a phone: where its header is, whether its frame has been scrolled, and how many
# characters (1em each) the narrowest title in the first column has a line.
_LIST_COLUMN = """name => {
  const heads = t => [...t.tHead.rows[0].cells];
  const table = [...document.querySelectorAll('article table')]
    .find(t => t.tHead && heads(t).some(th => th.textContent.trim() === name));
  const head = heads(table).find(th => th.textContent.trim() === name).getBoundingClientRect();
  const chars = [...table.tBodies[0].rows].map(row => {
    const cell = row.cells[0], style = getComputedStyle(cell);
    return (cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / parseFloat(style.fontSize);
  });
  return {left: head.left, right: head.right, scrolled: table.closest('.md-typeset__scrollwrap').scrollLeft,
          title: Math.min(...chars), page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-type"])
@pytest.mark.parametrize("name", ["consultation/topics/", "consultation/tracker/"])
def test_on_a_phone_a_list_shows_the_status_beside_a_title_that_reads(browser, site_url, name, large):
    # Older residents do not know to scroll a table sideways: the status, what they look for, was off the screen,
    # and titles wrapped three characters a line (梅园社/区老年/人防诈/骗).
    context = _small_phone(browser, large)
    page = context.new_page()
    page.goto(site_url + name)
    assert page.evaluate("document.documentElement.classList.contains('yl-large')") is large
    status = page.evaluate(_LIST_COLUMN, "状态")
    context.close()
    assert status["scrolled"] == 0 and status["page"] == SMALL_PHONE["width"]
    assert 0 <= status["left"] and status["right"] <= SMALL_PHONE["width"], status
    assert status["title"] >= 5, status  # about five characters a line


# The article's table with a column headed `name`.
_TABLE_HEADED = """name => [...document.querySelectorAll('article table')]
  .find(t => t.tHead && [...t.tHead.rows[0].cells].some(th => th.textContent.trim() === name))"""

# A table on a phone: how wide the page and the table's frame are, where its shown cells reach, and how many
# characters (1em each) the narrowest cell of the column headed `name` has a line; `hidden` lists what a cell says
# behind a label (the information of the row) that is not on the screen.
_TABLE_ON_A_PHONE = """name => {
  const table = (""" + _TABLE_HEADED + """)(name);
  const column = [...table.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === name);
  const cells = [...table.tBodies[0].rows].flatMap(row => [...row.cells]);
  const shown = cells.filter(cell => cell.getClientRects().length).map(cell => cell.getBoundingClientRect());
  const chars = [...table.tBodies[0].rows].map(row => {
    const cell = row.cells[column], style = getComputedStyle(cell);
    return (cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / parseFloat(style.fontSize);
  });
  const frame = table.closest('.md-typeset__scrollwrap');
  return {page: document.documentElement.scrollWidth, frame: [frame.scrollWidth, frame.clientWidth],
          left: Math.min(...shown.map(box => box.left)), right: Math.max(...shown.map(box => box.right)),
          title: Math.min(...chars),
          hidden: [...table.querySelectorAll('.yl-stack__label')].filter(label => !label.getClientRects().length)
            .map(label => label.parentElement.textContent)};
}"""

WIDE_TABLES = {"draft-agenda": ("agendas/C01/", "议题或事项"), "hubs": ("consultation/", "名称"),
               "decisions": ("consultation/", "办理期限")}


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-type"])
@pytest.mark.parametrize("table", WIDE_TABLES)
def test_on_a_phone_a_wide_table_reads_without_scrolling_sideways(browser, site_url, table, large):
    # A draft agenda's seven columns and the hubs' five left the topic three characters a line on a 390px phone
    # (recent decisions' five scrolled sideways),
    # and who reports it, or the next meeting, off the screen: each row is now a card.
    path, title = WIDE_TABLES[table]
    context = _small_phone(browser, large)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.classList.contains('yl-large')") is large
    seen = page.evaluate(_TABLE_ON_A_PHONE, title)
    context.close()
    assert seen["page"] == SMALL_PHONE["width"] and seen["frame"][0] <= seen["frame"][1], seen
    assert 0 <= seen["left"] and seen["right"] <= SMALL_PHONE["width"], seen
    assert seen["title"] >= 10, seen  # a topic or a hub's name reads as a line, not three characters
    assert seen["hidden"] == [], seen  # nothing a row says is lost


@pytest.mark.parametrize("media, viewport", [("print", SMALL_PHONE), ("screen", DESKTOP)], ids=["printed", "desktop"])
@pytest.mark.parametrize("table", WIDE_TABLES)
def test_printed_or_on_a_computer_a_wide_table_stays_a_table(browser, site_url, table, media, viewport):
    path, title = WIDE_TABLES[table]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + path)
    page.emulate_media(media=media)
    shown = page.evaluate("""name => {
      const table = (""" + _TABLE_HEADED + """)(name);
      const shown = e => e.getClientRects().length > 0;
      return {table: getComputedStyle(table).display, row: getComputedStyle(table.tBodies[0].rows[0]).display,
              heads: [...table.tHead.rows[0].cells].filter(shown).map(th => th.textContent.trim()),
              labels: [...table.querySelectorAll('.yl-stack__label')].filter(shown).length};
    }""", title)
    context.close()
    assert shown["table"] in ("table", "inline-block") and shown["row"] == "table-row", shown
    assert title in shown["heads"] and len(shown["heads"]) >= 5, shown
    assert shown["labels"] == 0, shown  # the column heads say it


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_a_covenants_timeline_keeps_its_dates_whole_on_a_phone(browser, site_url, large):
    # "2017年12月16" over "日" in 大字模式, "2017年12月15日" cut in normal type.
    context = _small_phone(browser, large)
    page = context.new_page()
    page.goto(site_url + "covenants/meiyuan-community/")
    dates = page.evaluate("""() => [...document.querySelectorAll('article .yl-timeline li')].flatMap(li => {
      const cut = [];
      const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT), nodes = [];
      let all = '';
      for (let n; (n = walker.nextNode()); all += n.textContent) nodes.push([n, all.length]);
      const at = offset => nodes.findLast(([, start]) => start <= offset);
      for (const m of all.matchAll(/\\d{4}年\\d{1,2}月\\d{1,2}日/g)) {
        const [first, start] = at(m.index), [last, lastStart] = at(m.index + m[0].length - 1), range = new Range();
        range.setStart(first, m.index - start);
        range.setEnd(last, m.index + m[0].length - lastStart);
        cut.push([m[0], new Set([...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.top))).size]);
      }
      return cut;
    })""")
    context.close()
    assert len(dates) >= 4 and [date for date, lines in dates if lines != 1] == [], dates


@pytest.mark.parametrize("path, text", [
    ("covenants/meiyuan-community/sign-meiyuan/", "返回梅园社区居民公约"),
    ("covenants/meiyuan-community/notice/", "返回梅园社区居民公约"),
    ("agendas/S05/", "决定事项跟踪表"),
])
def test_a_line_for_its_link_gives_it_a_44px_target(browser, site_url, path, text):
    # In 大字模式 on a phone these links were 26px tall: below a tap target.
    context = _small_phone(browser, large=True)
    page = context.new_page()
    page.goto(site_url + path)
    box = page.locator("article a", has_text=text).first.bounding_box()
    context.close()
    assert box["height"] >= TAP_PX, box


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_a_search_results_tags_are_as_large_as_its_text(browser, site_url, large):
    # Material draws a result's tags at 0.8em of its text: 10px on a phone, for a covenant's everyday words.
    context = _small_phone(browser, large)
    page = context.new_page()
    assert "covenants/donghu-dogs/" in search(page, site_url, "养狗")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => [
      [...item.querySelectorAll('.md-tag')].map(tag => parseFloat(getComputedStyle(tag).fontSize)),
      [...item.querySelectorAll('.md-search-result__article p')].map(p => parseFloat(getComputedStyle(p).fontSize))])""")
    context.close()
    tags = [size for item_tags, _ in sizes for size in item_tags]
    text = [size for _, item_text in sizes for size in item_text]
    assert tags and text and min(tags) >= max(text) - 0.01, sizes


# The chart of the communities as the page shows it: the body's font size, how many communities, how tall the figure
# is on the page (summary and chart, as far as the table's text below it), whether its summary is seen, and of what is
# seen of it (summary and chart) the smallest text in px, the text outside the chart's box or over another's.
_COMMUNITIES_CHART = """() => {
  const px = e => parseFloat(getComputedStyle(e).fontSize) * (e.closest('svg') ? e.closest('svg').getScreenCTM().a : 1);
  const seen = e => e.getClientRects().length && e.checkVisibility({contentVisibilityAuto: true});
  const figure = [...document.querySelectorAll('article .yl-chart-figure')].pop();
  const chart = figure.querySelector('svg.yl-chart'), summary = figure.querySelector('summary');
  const texts = [...chart.querySelectorAll('text')].filter(seen), boxes = texts.map(t => t.getBoundingClientRect());
  const box = chart.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const inside = a => a.left >= box.left - 1 && a.right <= box.right + 1 && a.top >= box.top - 1
    && a.bottom <= box.bottom + 1;
  return {body: parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize),
          communities: chart.querySelectorAll('.yl-chart__row').length,
          height: figure.getBoundingClientRect().height,
          summary: summary && seen(summary) ? summary.getBoundingClientRect().height : null,
          smallest: Math.min(...[...texts, ...(summary && seen(summary) ? [summary] : [])].map(px)),
          shown: texts.length, out: texts.filter((t, i) => !inside(boxes[i])).map(t => t.textContent),
          over: texts.filter((t, i) => boxes.some((b, j) => j !== i && meet(boxes[i], b))).map(t => t.textContent),
          page: document.documentElement.scrollWidth, screen: innerWidth};
}"""


def _communities_chart(browser, url: str, large: bool, phone: bool, printed: bool = False, tap: bool = False):
    if phone:
        context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=3, is_mobile=True,
                                      has_touch=True, locale="zh-CN")
    else:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    page = context.new_page()
    page.goto(url)
    if printed:
        page.emulate_media(media="print")
    seen = [page.evaluate(_COMMUNITIES_CHART)]
    if tap and seen[0]["summary"]:
        page.locator("article .yl-chart-figure summary").tap()
        seen.append(page.evaluate(_COMMUNITIES_CHART))
    context.close()
    return seen


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-type"])
def test_on_a_phone_the_chart_of_every_community_does_not_stand_before_its_table(browser, site_url, large):
    # With its text at the page's size and each label above its two bars, the chart of the sample's 26 communities
    # was 2,138px tall on a 375px phone (2,737px in 大字模式): three screens before the table of the same numbers.
    # Folded, it is a line or two to tap, at the page's size, and opens whole, nothing cut off or overlapping.
    url = site_url + "progress/"
    seen = _communities_chart(browser, url, large, phone=True, tap=True)
    folded, opened = seen[0], seen[-1]
    body = folded["body"]
    assert body >= (23 if large else 18) - 0.5, folded
    assert folded["communities"] > 8 and folded["height"] <= 10 * body, folded  # was 118 bodies' height
    assert folded["summary"] >= 44 and folded["smallest"] >= body - 0.5, folded
    assert opened["shown"] and opened["smallest"] >= body - 0.5, opened
    assert opened["out"] == [] and opened["over"] == [] and opened["page"] <= opened["screen"], opened
    assert opened["height"] > opened["communities"] * 3 * body, opened  # every community's bars


@pytest.mark.parametrize("where", ["normal", "large-type", "printed"])
def test_on_a_computer_the_chart_of_every_community_is_shown_whole(browser, site_url, where):
    # 1366px wide the chart has its labels beside the bars, as before, and no summary; printed too.
    url = site_url + "progress/"
    [shown] = _communities_chart(browser, url, where == "large-type", phone=False, printed=where == "printed")
    body = shown["body"]
    assert shown["summary"] is None and shown["smallest"] >= body - 0.5, shown
    assert shown["out"] == [] and shown["over"] == [], shown
    # 3em a community, beside: labels above would be 4.5em (charts.py); folded, a line.
    assert shown["communities"] * 2.9 * body < shown["height"] < shown["communities"] * 3.2 * body, shown
