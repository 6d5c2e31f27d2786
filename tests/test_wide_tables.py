"""On a computer, in normal type, the tables of seven or eight columns (the plan's targets and annexes, a draft agenda,
the decisions' tracker) fit the page's column beside Material's navigation and contents, no sideways scroll, and a
date in them stays on one line; tables of fewer columns keep Material's spacing (youlin.css)."""

from __future__ import annotations

import pytest

from browser import chromium

pytestmark = pytest.mark.build

# The plan (targets: 8 columns; annexes: 7), the tracker (7), a draft agenda (7).
WIDE = ["plan/", "consultation/tracker/", "agendas/C1/", "agendas/S1/"]

# Each table frame or table of the article that scrolls sideways, and each of its tables' dates (.yl-date) drawn on
# more than one line (an inline box cut across lines has a rectangle a line).
_MEASURE = """() => ({
  tables: [...document.querySelectorAll('article table')].filter(t => t.getClientRects().length).map(t =>
    [...t.querySelectorAll('thead th')].length),
  scrolling: [...document.querySelectorAll('article .md-typeset__scrollwrap, article .md-typeset__table, article table')]
    .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth)
    .map(e => ({frame: e.className || e.tagName, scroll: e.scrollWidth, width: e.clientWidth,
                head: e.querySelector('thead') ? e.querySelector('thead').textContent.trim().split(/\\s+/).join('|') : ''})),
  dates: [...document.querySelectorAll('article table .yl-date')].filter(d => d.getClientRects().length).map(d =>
    ({date: d.textContent, lines: d.getClientRects().length, height: d.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(d.closest('td')).lineHeight)})),
})"""


@pytest.fixture(scope="module")
def browser(fixture_site_served):
    with chromium() as browser:
        yield browser


def _measure(browser, url: str, width: int, path: str) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(url + path)
    assert not page.evaluate("document.documentElement.classList.contains('yl-large')")
    seen = page.evaluate(_MEASURE)
    context.close()
    return seen


@pytest.mark.parametrize("width", [1024, 1280])
@pytest.mark.parametrize("path", WIDE)
def test_wide_tables_fit_the_page_on_a_computer(browser, fixture_site_served, path, width):
    # Beside the contents (from 1024px) and the navigation (from 1280px) the page's column is 720 to 780px wide; the
    # plan's targets were 834px, its annexes, the tracker and a draft agenda 734px: behind a sideways scroll.
    seen = _measure(browser, fixture_site_served[1], width, path)
    assert max(seen["tables"]) >= 7, seen["tables"]  # the wide table is on the page, as a table (not cards)
    assert seen["scrolling"] == []


@pytest.mark.parametrize("width", [1024, 1280])
@pytest.mark.parametrize("path", ["plan/", "consultation/tracker/", "agendas/S1/"])
def test_a_wide_tables_dates_are_one_line(browser, fixture_site_served, path, width):
    # Narrowing the columns must not cut "2021年6月30日" into "2021年6月" over "30日" (or three lines).
    seen = _measure(browser, fixture_site_served[1], width, path)
    assert seen["dates"], "no date in the page's tables"
    assert [d for d in seen["dates"] if d["lines"] != 1 or d["height"] > 1.5 * d["lineHeight"]] == []


def test_narrower_tables_keep_materials_spacing(browser, fixture_site_served):
    # The tighter cells are for tables of seven columns or more: the home page's six-column tiers keep Material's
    # 1.25em padding and 5rem heads.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(fixture_site_served[1])
    cells = page.evaluate("""() => [...document.querySelectorAll('article table')].filter(t =>
        t.querySelectorAll('thead th').length === 6).map(t => {
      const th = getComputedStyle(t.querySelector('th')), td = getComputedStyle(t.querySelector('tbody td'));
      return [parseFloat(td.paddingLeft) / parseFloat(td.fontSize), th.minWidth, th.whiteSpace];
    })""")
    context.close()
    root = 20  # Material's rem at 1280px (125%)
    assert cells and all(pad == pytest.approx(1.25) and min_width == f"{5 * root}px" and white == "normal"
                         for pad, min_width, white in cells), cells


def test_in_large_type_the_wide_tables_stay_cards(browser, fixture_site_served):
    # 大字模式 shows these tables as cards on every screen (cards.css); the tighter table cells must not reach them:
    # a card's cells are unpadded at the sides, its heads hidden.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script("localStorage.setItem('yl-large', '1')")
    page = context.new_page()
    page.goto(fixture_site_served[1] + "plan/")
    cells = page.evaluate("""() => [...document.querySelectorAll('article .yl-stack table')].map(t =>
      [getComputedStyle(t.querySelector('thead')).display, getComputedStyle(t.querySelector('tbody td')).paddingLeft])""")
    context.close()
    assert cells and all(cell == ["none", "0px"] for cell in cells), cells
