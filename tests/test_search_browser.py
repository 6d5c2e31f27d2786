"""The site's search in a real browser, on the fixture network's site (the shipped sample's searches, for its own
compounds and villages, are in test_browser.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from browser import chromium, search

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
