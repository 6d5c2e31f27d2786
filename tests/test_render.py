"""Rendering: escaping of data into Markdown, and the small formatting filters."""

from __future__ import annotations

from datetime import date

from html.parser import HTMLParser

import markdown
import pytest

from generator.render import (date_cell, date_zh, dates_whole, escape_markdown, front_matter_string, make_environment,
                             time_cell, yuan)


@pytest.mark.parametrize(
    "value",
    ["星*光[1]|号", "<script>alert(1)</script>", "[x](javascript:alert(1))", "# 标题", "a_b_c `code`", "1. 不是列表"],
)
def test_escaped_data_renders_as_the_same_text_and_no_markup(value):
    html = markdown.markdown(f"| a |\n|---|\n| {escape_markdown(value)} |", extensions=["tables"])
    cell = html.split("<td>")[1].split("</td>")[0]
    assert cell == str(__import__("markupsafe").escape(value))


class _Markup(HTMLParser):
    """The tags and the text of a fragment of HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


# Where templates put a value: each line is rendered with the value in place of {}.
PLACES = {
    "paragraph": ("{}", ["p"]),
    "definition": ("名称\n:   {}", ["dl", "dt", "dd"]),
    "heading": ("# {}", ["h1"]),
    "list item": ("- {}", ["ul", "li"]),
    "link text": ("[{}](page.md)", ["p", "a"]),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    "value",
    ["- 不是列表", "+ 不是列表", "1. 不是列表", "2017. 不是列表", "---", "* * *", "C#", "星*光*", "__粗__",
     "19:00-20:30", "-¥201.55", "惊喜![图](x.png)", "{: .x }", "a\\b"],
)
def test_escaped_data_is_the_same_text_wherever_a_template_puts_it(place, value):
    line, tags = PLACES[place]
    html = markdown.markdown(line.format(escape_markdown(value)), extensions=["def_list", "attr_list", "tables"])
    rendered = _Markup(html)
    assert rendered.tags == tags
    assert rendered.text.strip().removeprefix("名称").strip() == value


def test_only_list_markers_are_escaped_at_the_start_and_not_within():
    # Each escape is an inline match the MkDocs build pays for on every page.
    assert escape_markdown("19:00-20:30，¥1,234.50") == "19:00-20:30，¥1,234.50"
    assert escape_markdown("-¥1.00") == "\\-¥1.00"
    assert escape_markdown("12. 条") == "12\\. 条"


def test_newlines_cannot_break_out_of_a_line():
    assert escape_markdown("第一行\n\n# 第二行") == "第一行 \\# 第二行"


def test_front_matter_values_are_html_escaped_json_strings():
    assert front_matter_string('星 <b>"光"</b>\n') == '"星 &lt;b&gt;&#34;光&#34;&lt;/b&gt;"'


def test_dates_and_money_the_chinese_way():
    assert date_zh(date(2017, 5, 8)) == "2017年5月8日"
    assert yuan(500) == "500 元"
    assert yuan(60000) == "60,000 元"
    assert yuan(3_000_000) == "300 万元"
    assert yuan(3_000_500) == "3,000,500 元"


def test_the_centres_opening_hours_keep_each_time_range_whole(fixture_site_built):
    # The centre's page said its hours without render.hours, as points' pages once did: a phone broke
    # "周六 9:00-" from "16:00".
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fixture_site_built[1] / "centre" / "index.html").read_text(encoding="utf-8"), "html.parser")
    terms = {dt.get_text(strip=True): dd for dt, dd in zip(page.select("article dt"), page.select("article dd"))}
    assert [span.get_text() for span in terms["开放时间"].select(".yl-time")] == ["9:00-17:00"], terms["开放时间"]
    assert terms["开放时间"].get_text().strip() == "周一至周五 9:00-17:00"


def test_dates_in_a_title_are_escaped_and_kept_whole():
    assert dates_whole("*议事会*（2018年7月19日）") == r'\*议事会\*（<span class="yl-date">2018年7月19日</span>）'


def test_a_date_in_a_table_is_written_the_chinese_way_and_kept_whole():
    assert date_cell(date(2018, 6, 30)) == '<span class="yl-date">2018年6月30日</span>'
    assert date_cell("2018-06-30") == '<span class="yl-date">2018年6月30日</span>'
    # No date: the empty span the templates wrote by hand around date_zh's "", so no page changes.
    assert date_cell(None) == '<span class="yl-date"></span>'
    # Text that is not a date never reaches the page, markup or not.
    with pytest.raises(ValueError):
        date_cell("<b>2018-06-30</b> & 1")
    # date_zh itself stays unmarked: prose and front matter use it.
    assert date_zh(date(2018, 6, 30)) == "2018年6月30日"


def test_a_time_in_a_table_is_escaped_and_kept_whole():
    assert time_cell("14:00–15:30") == '<span class="yl-time">14:00–15:30</span>'
    assert time_cell("<b>9:00</b> & 10:00|*") == (
        r'<span class="yl-time">&lt;b&gt;9:00&lt;/b&gt; &amp; 10:00\|\*</span>')
    assert time_cell(None) == time_cell("") == '<span class="yl-time"></span>'


def test_a_template_marks_dates_and_times_in_a_table_cell_once():
    # The span is the filter's, not the data's: written once, not escaped again on the way out of {{ }}.
    line = make_environment().from_string('| {{ day|date_cell }} | {{ (start ~ "–" ~ end)|time_cell }} |').render(
        day=date(2021, 3, 9), start="19:00", end="20:00")
    assert line == '| <span class="yl-date">2021年3月9日</span> | <span class="yl-time">19:00–20:00</span> |'
    html = markdown.markdown(f"| a | b |\n|---|---|\n{line}", extensions=["tables"])
    assert '<td><span class="yl-date">2021年3月9日</span></td>' in html
    assert '<td><span class="yl-time">19:00–20:00</span></td>' in html


def test_a_meetings_date_in_the_breadcrumbs_stays_whole(fixture_site_built):
    # A phone in large type broke "（2018年7月19日）" after 月: the date is marked for the stylesheet.
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fixture_site_built[1] / "meetings" / "M1" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [span.get_text() for span in page.select("nav.yl-crumbs .yl-date")] == ["2021年3月9日"]
