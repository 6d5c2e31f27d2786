"""A list of the whole network is cut into pages of fixed length that link to each other."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, copy_project
from generator import paging
from generator.cli import main
from generator.paging import paged


def test_a_list_goes_on_beside_its_first_page():
    pages = paged("stations/index.md", list(range(5)), per_page=2)
    assert [(p.path, list(p.items)) for p in pages] == [
        ("stations/index.md", [0, 1]), ("stations/page-2.md", [2, 3]), ("stations/page-3.md", [4])]
    second = pages[1].pager
    assert (second.number, second.count, second.first_row, second.last_row, second.rows) == (2, 3, 3, 4, 5)
    assert [step.href for step in (second.first, second.previous, second.next, second.last)] == [
        "index.md", "index.md", "page-3.md", "page-3.md"]
    first, last = pages[0].pager, pages[-1].pager
    assert (first.first, first.previous) == (None, None) and (last.next, last.last) == (None, None)
    assert pages[1].title("友邻站") == "友邻站（第 2 页）" and pages[0].title("友邻站") == "友邻站"


def test_a_list_named_by_its_file_goes_on_in_a_folder_of_that_name():
    pages = paged("consultation/meetings.md", ["a", "b", "c"], per_page=2)
    assert [p.path for p in pages] == ["consultation/meetings.md", "consultation/meetings/page-2.md"]
    assert pages[1].pager.first.href == "../meetings.md"


def test_a_short_or_empty_list_is_one_page_without_a_pager():
    assert [(p.path, list(p.items), p.pager) for p in paged("consultation/topics.md", [])] == [
        ("consultation/topics.md", [], None)]
    (only,) = paged("consultation/topics.md", ["a", "b"], per_page=2)
    assert only.pager is None and only.title("全部议题") == "全部议题"


# ---------------------------------------------------------------- built pages


ROWS = 1  # the fixture's urban annex has two communities, its rural one a single village


# The fixture has one covenant; the list of covenants needs two to run over a page.
SECOND_COVENANT = """---
title: 星河湾文明养犬公约
kind: compound
scope: [P02]
version: 1
status: discussion
stages:
  - stage: discussion
    date: "2021-03-01"
---

### 第一条

出门牵绳，及时清理。
"""


@pytest.fixture(scope="module")
def site_of_short_pages(tmp_path_factory):
    """The fixture network built (strictly: every link checked) with one row to a page."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "ROWS_PER_PAGE", ROWS)
        project = copy_project(FIXTURE, tmp_path_factory.mktemp("paging") / "network")
        (project.root / "content" / "covenants" / "xinghe.md").write_text(SECOND_COVENANT, encoding="utf-8")
        site = project.root / "site-out"
        assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 0
    return site


def _follow(site: Path, first: str) -> list[BeautifulSoup]:
    """The pages of a list, from its first, by each page's 下一页 link."""
    pages, url = [], first
    while url is not None:
        page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        pages.append(page)
        following = page.select_one('nav.yl-pager a:-soup-contains("下一页")')
        url = None if following is None else urljoin(f"/{url}/", following["href"]).strip("/")
    return pages


def rows_of(page: BeautifulSoup) -> list:
    """The list's rows: those that link to what they list (a plan annex's totals row does not)."""
    return [row for row in page.select("article table tbody tr") if row.find("a")]


def _hrefs(site: Path, url: str) -> set[str]:
    """Where the links in a page's article lead, as site paths without slashes at either end."""
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {urljoin(f"/{url}/" if url else "/", a["href"]).strip("/") for a in page.select("article a[href]")}


@pytest.mark.build
@pytest.mark.parametrize("first", ["stations", "consultation/topics", "consultation/meetings", "consultation/hubs",
                                   "communities/annex-1", "plan/annex-1", "ledger/stations",
                                   "consultation/P01/sent-up", "covenants/all"])
def test_every_row_is_on_exactly_one_page(site_of_short_pages, first):
    pages = _follow(site_of_short_pages, first)
    assert len(pages) > 1
    rows = [row.find("a")["href"].rsplit("/", 2)[-2] for page in pages for row in rows_of(page)]
    assert all(len(rows_of(page)) <= ROWS for page in pages)
    assert len(rows) == len(set(rows))
    counted = pages[0].select_one("nav.yl-pager").get_text()
    assert f"共 {len(pages)} 页" in counted and f"共 {len(rows)} 条" in counted
    assert "：第一页 · 上一页" in " ".join(pages[1].select_one("nav.yl-pager").get_text().split())


@pytest.mark.build
def test_every_hub_with_a_covenant_is_on_one_page_of_the_list(site_of_short_pages):
    pages = _follow(site_of_short_pages, "covenants/hubs")
    hubs = [item.find("a")["href"].rsplit("/", 2)[-2] for page in pages for item in page.select("article li")]
    assert sorted(hubs) == ["P01", "P02", "S1"] and len(pages) == 3


@pytest.mark.build
@pytest.mark.parametrize("summary, whole, left_out, kept", [
    ("", "communities/annex-1", "communities/dongfang", "communities/hexi"),
    ("find", "communities", "communities/dongfang", None),
    ("communities", "communities/annex-1", "communities/dongfang", "communities/hexi"),
    ("plan", "plan/annex-1", "communities/dongfang", "communities/hexi"),
    ("progress", "plan/annex-1", None, None),
    ("ledger", "ledger/stations", "stations/S1", None),
    ("consultation", "consultation/hubs", "calendars/C1.ics", "calendars/index.ics"),
    ("consultation/P01", "consultation/P01/sent-up", "topics/T1", None),
    ("covenants", "covenants/all", "covenants/chenguang", None),
    ("covenants", "covenants/hubs", "points/P01", None),
])
def test_a_summary_links_to_the_pages_of_a_list_too_long_for_it(site_of_short_pages, summary, whole, left_out, kept):
    """A list longer than a page leaves a summary page for pages of its own; a list that fits stays."""
    hrefs = _hrefs(site_of_short_pages, summary)
    assert whole in hrefs
    assert left_out is None or left_out not in hrefs
    assert kept is None or kept in hrefs


@pytest.mark.build
def test_the_progress_page_charts_only_the_annexes_it_holds(site_of_short_pages):
    page = BeautifulSoup((site_of_short_pages / "progress" / "index.html").read_text(encoding="utf-8"), "html.parser")
    chart = page.select("svg.yl-chart")[-1]
    assert "河西村" in chart.get_text() and "东方社区" not in chart.get_text()
