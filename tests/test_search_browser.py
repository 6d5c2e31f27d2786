"""The site's search in a real browser, on the fixture network's site (the shipped sample's searches, for its own
compounds and villages, are in test_browser.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from browser import SiteServer, chromium, require_chromium, search
from conftest import FIXTURE, copy_project
from generator.cli import main

pytestmark = pytest.mark.build

PHONE = {"width": 412, "height": 915}


@pytest.fixture(scope="module")
def fixture_site_url(fixture_site_served):
    """The test network's site: its 西苑新村 begins with 西苑, of its community 西苑社区 and the station's 西苑路."""
    return fixture_site_served[1]


@pytest.fixture
def page(fixture_site_url):
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        yield context.new_page()
        context.close()


def test_search_for_a_compound_named_after_its_community_lists_its_point_first(page, fixture_site_url):
    # Material's search cut 西苑新村 at the word 西苑 (of the address 西苑路): a search for 西苑* listed 西苑社区's
    # page and station first and highlighted only 西苑. No shipped compound begins with its community's name but
    # the villages' groups (三北村一组), cut at their village's name by design: residents say 一组.
    results = search(page, fixture_site_url, "西苑新村")
    assert results[0] == "points/P03/", results
    link = page.locator("li.md-search-result__item > a.md-search-result__link").first.get_attribute("href")
    assert parse_qs(urlparse(link).query)["h"] == ["西苑新村"]


# A covenant worded as the office words one (犬, 粪便), with the words residents search for it by.
DOG_COVENANT = """---
title: 晨光苑文明养犬公约
kind: topic
topic: 养犬
keywords: [养狗, 遛狗, 狗粪]
scope: [P01]
version: 1
status: discussion
stages:
  - stage: discussion
    date: "2021-05-01"
---

## 第一章 总则

### 第一条

出门遛犬一律牵绳，及时清理犬只粪便。
"""


@pytest.fixture(scope="module")
def words_site_url(tmp_path_factory):
    """The test network's site with DOG_COVENANT."""
    require_chromium()
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("search-words") / "network")
    (project.content_dir / "covenants" / "dogs.md").write_text(DOG_COVENANT, encoding="utf-8")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        yield server.url


@pytest.mark.parametrize("word", ["养狗", "狗粪"])
def test_a_covenant_is_found_first_by_the_everyday_words_it_lists(page, words_site_url, word):
    # The covenant says 犬 and 粪便: 养狗 and 狗粪 found nothing before it listed them (its `keywords`).
    assert search(page, words_site_url, word)[0] == "covenants/dogs/"


def test_a_covenant_shows_the_words_it_is_found_by_and_no_chips(page, words_site_url):
    page.goto(words_site_url + "covenants/dogs/")
    line = page.locator("article .yl-search-words")
    assert line.is_visible() and line.inner_text() == "也可以搜：养狗、遛狗、狗粪"
    assert page.locator("article .md-tags").count() == 0  # the words once, as the line (theme/partials/tags.html)


def test_kaihui_finds_the_consultation_page_first(page, fixture_site_url):
    # Its pages say 会议、召开、议事; residents say 开会 (found before only on the forms page: 开会时传阅签名).
    assert search(page, fixture_site_url, "开会")[0] == "consultation/"
