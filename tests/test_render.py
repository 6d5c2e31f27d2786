"""Rendering: escaping of data into Markdown, and the small formatting filters."""

from __future__ import annotations

from datetime import date

import markdown
import pytest

from generator.render import date_zh, escape_markdown, front_matter_string, yuan


@pytest.mark.parametrize(
    "value",
    ["星*光[1]|号", "<script>alert(1)</script>", "[x](javascript:alert(1))", "# 标题", "a_b_c `code`", "1. 不是列表"],
)
def test_escaped_data_renders_as_the_same_text_and_no_markup(value):
    html = markdown.markdown(f"| a |\n|---|\n| {escape_markdown(value)} |", extensions=["tables"])
    cell = html.split("<td>")[1].split("</td>")[0]
    assert cell == str(__import__("markupsafe").escape(value))


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
