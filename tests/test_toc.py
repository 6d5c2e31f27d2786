"""Material's contents column ("目录", beside the text on a computer) only where it lists something.

Material puts `.md-sidebar--secondary` on every page, empty on a page with no heading under its title, unless the
page's front matter says `hide: [toc]`; on a computer (from 76.25em) the empty column still took about 240px from a
wide table such as the decisions tracker's."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import chromium
from conftest import FIXTURE
from generator.render import hide_empty_toc
from golden import generated_files

DESKTOP = {"width": 1440, "height": 900}
# Hand-written pages are copied as they are: their front matter is their author's.
CONTENT = {p.relative_to(FIXTURE / "content").as_posix() for p in (FIXTURE / "content").rglob("*.md")}


def _front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    return yaml.safe_load(markdown[4:markdown.index("\n---\n")])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, str]:
    """The fixture network's generated Markdown pages, by their path in the docs folder."""
    files = generated_files(tmp_path_factory.mktemp("toc"))
    return {name.removeprefix("docs/"): text for name, text in files.items()
            if name.startswith("docs/") and name.endswith(".md") and name.removeprefix("docs/") not in CONTENT}


def test_a_page_without_sub_headings_hides_the_toc_and_one_with_them_keeps_it(generated):
    tracker = _front_matter(generated["consultation/tracker.md"])  # one wide table, no heading under its title
    assert tracker.get("hide") == ["toc"]
    point = generated["points/P01.md"]
    assert "\n## " in point
    assert "hide" not in _front_matter(point)
    # A printable page hides both sidebars, as before, and says toc once.
    sheet = _front_matter(generated["covenants/chenguang/sign-P01.md"])
    assert sheet["hide"] == ["navigation", "toc"]


@pytest.mark.build
def test_every_generated_page_hides_its_toc_exactly_when_the_built_column_would_be_empty(fixture_site_built):
    """Read from the built HTML, with Material's own toc: its column is hidden on the pages whose toc lists
    nothing (the pages printed on A4 hide it anyway), and shown on every other page."""
    project, site = fixture_site_built
    wrong = []
    for path in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        column = soup.select_one(".md-sidebar--secondary")
        if column is None:  # not a page of the theme (the 404 page, a redirect)
            continue
        source = path.parent.relative_to(site).as_posix()
        if f"{source}.md" in CONTENT or f"{source}/index.md" in CONTENT:
            continue
        lists = bool(column.select("nav.md-nav--secondary a.md-nav__link"))
        printable = soup.select_one(".md-sidebar--primary[hidden]") is not None
        if column.has_attr("hidden") != (not lists or printable):
            wrong.append((source, "hidden" if column.has_attr("hidden") else "shown", "lists" if lists else "empty"))
    assert wrong == []
    tracker = BeautifulSoup((site / "consultation/tracker/index.html").read_text(encoding="utf-8"), "html.parser")
    assert tracker.select_one(".md-sidebar--secondary").has_attr("hidden")


@pytest.mark.build
def test_on_a_computer_the_tracker_has_no_empty_toc_column_and_a_point_keeps_its_toc(fixture_site_served):
    _, url = fixture_site_served
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = context.new_page()
        page.goto(url + "consultation/tracker/")
        column = page.locator(".md-sidebar--secondary")
        assert column.count() == 1
        assert column.bounding_box() is None  # display: none, no width taken
        page.goto(url + "points/P01/")
        column = page.locator(".md-sidebar--secondary")
        box = column.bounding_box()
        assert box is not None and box["width"] > 100
        assert page.locator(".md-sidebar--secondary a.md-nav__link").first.is_visible()
        context.close()


@pytest.mark.parametrize("body, hidden", [
    ("# 标题\n\n一张表\n", True),
    ("# 标题\n\n## 小节\n", False),
    ("# 标题\n\n!!! note\n    ### 提示里的小节\n", False),  # an admonition's heading is listed too
    ('# 标题\n\n<div markdown>\n<h3 class="x">表格的一节</h3>\n</div>\n', False),
    ("# 标题\n\n第 #2 号 ## 不在行首\n", True),
])
def test_what_counts_as_a_heading_under_the_title(body, hidden):
    page = hide_empty_toc('---\ntitle: "页"\n---\n\n' + body)
    assert ("toc" in (_front_matter(page).get("hide") or [])) is hidden
    assert page.endswith(body)


def test_a_page_that_hides_its_sidebars_already_says_toc_once():
    printable = '---\ntitle: "页"\nhide:\n  - navigation\n  - toc\n---\n\n# 标题\n'
    assert hide_empty_toc(printable) == printable
    navigation_only = '---\ntitle: "页"\nhide:\n  - navigation\n---\n\n# 标题\n'
    assert _front_matter(hide_empty_toc(navigation_only))["hide"] == ["navigation", "toc"]
