"""The shipped sample's site in a real browser, on a phone and in search: a covenant's timeline keeps its dates whole,
a line that is there for its link gives it a 44px target, and a search result's tags are as large as its text
(youlin.css; the covenant, sign sheet, notice and draft agenda templates)."""

from __future__ import annotations

import pytest

from browser import SiteServer, chromium, require_chromium, search
from conftest import REPO, copy_project
from generator.cli import main

pytestmark = [pytest.mark.build, pytest.mark.shipped_sample]

SMALL_PHONE = {"width": 390, "height": 844}
TAP_PX = 44  # the least an older finger hits reliably (WCAG 2.5.5, Apple's guidelines)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    require_chromium()
    project = copy_project(REPO, tmp_path_factory.mktemp("phone") / "project")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser(site_url):
    with chromium() as browser:
        yield browser


def _phone(browser, large: bool):
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    return context


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_a_covenants_timeline_keeps_its_dates_whole_on_a_phone(browser, site_url, large):
    # "2017年12月16" over "日" in 大字模式, "2017年12月15日" cut in normal type.
    context = _phone(browser, large)
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
    context = _phone(browser, large=True)
    page = context.new_page()
    page.goto(site_url + path)
    box = page.locator("article a", has_text=text).first.bounding_box()
    context.close()
    assert box["height"] >= TAP_PX, box


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_a_search_results_tags_are_as_large_as_its_text(browser, site_url, large):
    # Material draws a result's tags at 0.8em of its text: 10px on a phone, for a covenant's everyday words.
    context = _phone(browser, large)
    page = context.new_page()
    assert "covenants/donghu-dogs/" in search(page, site_url, "养狗")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => [
      [...item.querySelectorAll('.md-tag')].map(tag => parseFloat(getComputedStyle(tag).fontSize)),
      [...item.querySelectorAll('.md-search-result__article p')].map(p => parseFloat(getComputedStyle(p).fontSize))])""")
    context.close()
    tags = [size for item_tags, _ in sizes for size in item_tags]
    text = [size for _, item_text in sizes for size in item_text]
    assert tags and text and min(tags) >= max(text) - 0.01, sizes
