"""Covenants: lifecycle and tally rules at their lines, article numbering, version diffs, hub links, print pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from browser import chromium, pdf_pages, pdf_text, printed_margins
from generator.build import check, generate
from generator.covenants.compare import compare_texts
from generator.covenants.pages import CovenantFeature
from generator.links import Linker
from generator.covenants.source import chinese_number, chinese_numeral, parse_articles
from generator.forms.definitions import SHEET_ROWS, shipped_definition

COVENANT = "covenants/chenguang.md"


class CovenantEdit:
    def __init__(self, project):
        self.path = project.content_dir / COVENANT

    def replace(self, old: str, new: str) -> int:
        text = self.path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.path.write_text(text.replace(old, new), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1


@pytest.fixture
def covenant(fixture_project):
    return CovenantEdit(fixture_project)


def errors(project):
    return [(p.code, p.file, p.line) for p in check(project).report.errors]


FILE = f"content/{COVENANT}"


def test_fixture_covenant_is_valid(fixture_project):
    assert check(fixture_project).report.problems == []


def test_stages_out_of_order(fixture_project, covenant):
    line = covenant.replace("  - stage: notice\n    date: \"2020-06-10\"", "  - stage: signing\n    date: \"2020-06-10\"")
    found = errors(fixture_project)
    assert ("stage-order", FILE, line + 3) in found  # the vote, three lines on, now follows signing


def test_a_stage_repeated_and_dates_going_back(fixture_project, covenant):
    line = covenant.replace("  - stage: vote\n    date: \"2020-06-20\"", "  - stage: notice\n    date: \"2020-06-09\"")
    found = errors(fixture_project)
    assert ("stage-repeated", FILE, line) in found
    assert ("stage-date-order", FILE, line) in found


def test_status_must_be_the_last_stage(fixture_project, covenant):
    line = covenant.replace("status: in_force", "status: signing")
    assert errors(fixture_project) == [("status-mismatch", FILE, line)]


def test_in_force_needs_a_vote_that_meets_its_rule(fixture_project, covenant):
    covenant.replace("  for: 90\n  against: 10", "  for: 50\n  against: 50")
    signing = covenant.path.read_text(encoding="utf-8").split("\n").index("  - stage: signing") + 1
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("vote-not-passed", signing)
    assert error.message == "公约「晨光苑居民自治公约」的表决没有通过（同意 50 户，有表决权 120 户），不能进入「居民签约」阶段"


def test_two_thirds_rule(fixture_project, covenant):
    covenant.replace("rule: majority_of_eligible", "rule: two_thirds_of_eligible")
    assert errors(fixture_project) == []  # 90 of 120 households is 75%
    covenant.replace("  for: 90\n", "  for: 79\n")  # 65.8%: a majority, but not two thirds
    assert [code for code, _, _ in errors(fixture_project)] == ["vote-not-passed"]


def test_no_vote_at_all(fixture_project, covenant):
    text = covenant.path.read_text(encoding="utf-8")
    start = text.index("vote:\n")
    covenant.path.write_text(text[:start] + text[text.index("---\n", start):], encoding="utf-8")
    assert [code for code, _, _ in errors(fixture_project)] == ["vote-missing"]


def test_tally_and_signatures_cannot_exceed_eligible_households(fixture_project, covenant):
    vote_line = covenant.replace("  eligible_households: 120\n", "  eligible_households: 100\n") - 1
    signatures = covenant.replace("signatures: 88", "signatures: 101")
    assert sorted(errors(fixture_project)) == [("signatures-exceed", FILE, signatures),
                                               ("tally-exceeds", FILE, vote_line)]


def test_scope_and_superseded_by_must_exist(fixture_project, covenant):
    scope = covenant.replace("scope: [P01, S1]", "scope: [P01, S9]\nsuperseded_by: nothing")
    assert sorted(errors(fixture_project)) == [("scope-unknown", FILE, scope), ("superseded-unknown", FILE, scope + 1)]


@pytest.mark.parametrize("typed, lead", [("PO1", "是不是 P01？"), ("dongfnag", "是不是 dongfang？"), ("P05", "")])
def test_a_scope_typed_close_to_one_id_is_asked_about_it(fixture_project, covenant, typed, lead):
    # P05 is P01 to P04 with one replaced: no guess.
    line = covenant.replace("scope: [P01, S1]", f"scope: [{typed}, S1]")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("scope-unknown", FILE, line)
    assert error.hint == f"{lead}可选值见 data/hubs.yaml 和 data/points.csv"


@pytest.mark.parametrize("written, code, message, hint", [
    ("东方社区", "scope-name", "的适用范围中「东方社区」是社区的名称，不是编号", "适用范围写编号：写成 dongfang"),
    ("东方社区友邻站", "scope-name", "的适用范围中「东方社区友邻站」是友邻站的名称，不是编号", "适用范围写编号：写成 S1"),
    ("s1", "scope-id-case", "的适用范围中 s1 与友邻站「东方社区友邻站」的编号 S1 只差大小写", "编号要一字不差：写成 S1"),
])
def test_a_scope_written_as_a_hubs_name_is_told_its_id(fixture_project, covenant, written, code, message, hint):
    line = covenant.replace("scope: [P01, S1]", f"scope: [P01, {written}]")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == (code, FILE, line)
    assert (error.message, error.hint) == ("公约「晨光苑居民自治公约」" + message, hint)


@pytest.mark.parametrize("typed", ["P01，S1", "P01、S1", "P01；S1"])
def test_scope_typed_with_a_chinese_separator_is_told_how_to_separate(fixture_project, covenant, typed):
    line = covenant.replace("scope: [P01, S1]", f"scope: [{typed}]")
    (error,) = check(fixture_project).report.errors
    assert error.format() == (f"{FILE}:{line}: [scope-separator] 公约「晨光苑居民自治公约」的适用范围「{typed}」是几个编号写在了一起"
                              " — 编号之间用英文逗号加空格分隔：写成 [P01, S1]")


def test_a_mistyped_stage_names_the_field_once(fixture_project, covenant):
    line = covenant.replace("  - stage: notice\n", "  - stage: 公示\n")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line, error.message) == ("enum", line, "公约 chenguang 的阶段「公示」不是可选的值")
    covenant.replace("  - stage: 公示\n    date: \"2020-06-10\"", "  - stage: notice\n    date: \"2020-06-31\"")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("type-error", line + 1)
    assert error.message.startswith("公约 chenguang 的“公示”阶段的日期「2020-06-31」")


def test_schema_errors_point_at_the_front_matter_line(fixture_project, covenant):
    line = covenant.replace("  abstain: 5\n", "  abstain: 五\n")
    assert errors(fixture_project) == [("type-error", FILE, line)]


def test_article_numbering_has_no_gaps(fixture_project, covenant):
    line = covenant.replace("### 第三条", "### 第四条")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("article-gap", line)
    assert error.message == "条编号不连续：第二条之后是第四条"
    assert error.hint == "应为第三条；请检查是否漏了或重复了"


def test_a_chapter_gap_names_the_chapter_as_the_chapters_are_written(fixture_project, covenant):
    line = covenant.replace("## 第二章", "## 第三章")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("article-gap", line)
    assert (error.message, error.hint) == ("章编号不连续：第一章之后是第三章", "应为第二章；请检查是否漏了或重复了")


def test_an_article_gap_in_arabic_numbering_is_named_in_arabic(fixture_project, covenant):
    for chinese, arabic in zip("一二三", "123"):
        covenant.replace(f"### 第{chinese}条", f"### 第{arabic}条")
    line = covenant.replace("### 第2条", "### 第4条")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("article-gap", line)
    assert (error.message, error.hint) == ("条编号不连续：第1条之后是第4条", "应为第2条；请检查是否漏了或重复了")


@pytest.mark.parametrize("number, label", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三"),
                                           (100, "一百"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九")])
def test_chinese_numerals_are_written_as_the_office_writes_them(number, label):
    assert chinese_numeral(number) == label and chinese_number(label) == number


def test_version_files_must_run_from_one(fixture_project, covenant):
    line = covenant.replace("version: 2", "version: 3")
    assert errors(fixture_project) == [("version-gap", FILE, line)]


ID_NUMBER = "330482199001011232"  # a valid check digit and birth date


def test_personal_numbers_in_the_articles_are_found_at_their_line_of_the_file(fixture_project, covenant):
    # The articles are published as written; their lines are the file's, front matter counted.
    phone = covenant.replace("邻里和睦，有事好商量。", "邻里和睦，有事好商量，找楼长 139 1234 5678。")
    earlier = CovenantEdit(fixture_project)
    earlier.path = fixture_project.content_dir / "covenants/chenguang/v1.md"
    number = earlier.replace("晨光苑居民遵守本公约。", f"晨光苑居民遵守本公约。起草人张三（{ID_NUMBER}）")
    problems = [p for p in check(fixture_project).report.problems if p.code in ("id-number-in-text", "phone-in-text")]
    assert [(p.code, p.file, p.line, p.severity.name) for p in problems] == [
        ("phone-in-text", FILE, phone, "WARNING"),
        ("id-number-in-text", "content/covenants/chenguang/v1.md", number, "ERROR"),
    ]
    assert problems[0].message == "公约「晨光苑居民自治公约」的条文中有手机号 139****5678"
    assert problems[1].message == "公约「晨光苑居民自治公约」第 1 版的条文中有身份证号 3304**********1232"
    assert all(ID_NUMBER not in p.format() and "12345678" not in p.format() for p in problems)


def test_chinese_numerals():
    assert [chinese_number(t) for t in ("一", "十", "十二", "二十三", "一百零五", "7")] == [1, 10, 12, 23, 105, 7]


def test_version_diff_marks_edits_inline_and_new_articles_whole():
    old, _ = parse_articles("### 第一条\n\n居民遵守本公约。\n\n### 第二条\n\n表决通过之日起实施。\n", 1, "a")
    new, _ = parse_articles("### 第一条\n\n居民共同遵守本公约。\n\n### 第二条\n\n邻里和睦。\n\n### 第三条\n\n表决通过之日起实施。\n", 1, "b")

    class Text:
        def __init__(self, chapters):
            self.articles = [a for c in chapters for a in c.articles]

    changes = [str(c) for c in compare_texts(Text(old), Text(new))]
    assert changes == [  # the unchanged article, only renumbered, is not listed
        '<p class="yl-diff"><strong>修改 第一条</strong>：居民<ins>共同</ins>遵守本公约。</p>',
        '<p class="yl-diff"><strong>新增 第二条</strong>：<ins>邻里和睦。</ins></p>',
    ]


@pytest.mark.build
def test_hub_pages_list_binding_covenants_and_print_pages_exist(fixture_project):
    assert generate(fixture_project).report.ok
    docs = fixture_project.build_dir / "docs"
    # the point in scope, its station, its community, and the station's other point (bound via the station)
    for page in ("points/P01.md", "points/P02.md", "stations/S1.md", "communities/dongfang.md"):
        assert "[晨光苑居民自治公约（正式实施）]" in (docs / page).read_text(encoding="utf-8"), page
    assert "晨光苑居民自治公约" not in (docs / "points/P03.md").read_text(encoding="utf-8")
    sheet = (docs / "covenants/chenguang/sign-S1.md").read_text(encoding="utf-8")
    assert sheet.count("<tr>") == 16  # the header row and one A4 sheet's 15 numbered rows (the forms' signature sheet)
    assert '@top-center { content: "晨光苑居民自治公约 · 第 2 版 · 东方社区友邻站"' in sheet
    assert (docs / "covenants/chenguang/v1.md").is_file() and (docs / "covenants/chenguang/notice.md").is_file()
    assert not (docs / "covenants/chenguang/chenguang.md").exists()  # sources are not copied as pages


@pytest.mark.build
@pytest.mark.parametrize("rows, printed", [(None, SHEET_ROWS), (8, 8)])
def test_a_sign_sheet_is_one_numbered_sheet_of_rows_counted_from_one(fixture_project, covenant, rows, printed):
    if rows:
        covenant.replace("signatures: 88\n", f"signatures: 88\nsheet_rows: {rows}\n")
    assert generate(fixture_project).report.ok
    page = BeautifulSoup((fixture_project.build_dir / "docs" / "covenants/chenguang/sign-S1.md").read_text("utf-8"),
                         "html.parser")
    sheet = page.select_one(".yl-sheet")
    # Each print is one sheet, its rows from 1 however often it is printed: the sheet's number, written in by hand,
    # and its count of households tell the sheets collected from many floors apart and add them up.
    assert [tr.td.get_text() for tr in sheet.select("tbody tr")] == [str(n) for n in range(1, printed + 1)]
    # Above the rows and below them, as on the covenant form's own sheet (_form_sheet_table.md.j2).
    assert sheet.select_one(".yl-sheet__number + .yl-sheet__frame > table.yl-sheet__table") is not None
    assert sheet.select_one(".yl-sheet__frame + .yl-sheet__tally") is not None
    assert sheet.select_one(".yl-sheet__number").get_text() == "第＿＿＿张"
    assert sheet.select_one(".yl-sheet__tally").get_text().startswith("本张签约＿＿＿户")
    # How to print more, on the screen and not on the paper.
    (how,) = re.findall(r"^.*份数.*$", page.get_text(), re.M)
    assert f"每打印一次是一张 A4，{printed} 行" in how and "依次写上 1、2、3" in how


def test_a_sign_sheet_has_the_covenant_forms_rows_which_are_the_most_a_covenant_may_ask_for():
    # One count of rows for one A4 sheet: the forms' blank covenant sheet had 20 rows (two pages, numbered 第 1 页 and
    # 第 2 页 by the printer beside the hand-written 第＿＿＿张) while a covenant's printed 15.
    assert shipped_definition("covenant").rows == SHEET_ROWS


def test_more_rows_than_one_sheet_holds_is_a_problem_not_a_second_page(fixture_project, covenant):
    covenant.replace("signatures: 88\n", f"signatures: 88\nsheet_rows: {SHEET_ROWS + 1}\n")
    found = [(p.code, p.file) for p in check(fixture_project).report.problems if p.is_error]
    assert found == [("out-of-range", "content/covenants/chenguang.md")]


def in_notice(covenant: CovenantEdit, until: str) -> None:
    """The fixture covenant back at its public notice: no vote yet, so nothing to sign."""
    text = covenant.path.read_text(encoding="utf-8")
    front = text[:text.index("  - stage: vote\n")].replace("status: in_force\nsignatures: 88\n", "status: notice\n")
    covenant.path.write_text(front.replace('until: "2020-06-17"', f'until: "{until}"') + text[text.index("---\n", 4):],
                             encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("until, mark", [("2020-06-17", "（已到期，还没有进入下一阶段）"), ("2022-02-01", "（当前）")])
def test_before_the_vote_there_is_no_signature_sheet_and_a_lapsed_notice_says_so(fixture_project, covenant, until, mark):
    in_notice(covenant, until)  # the fixture's day is 2022-01-10
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    docs = fixture_project.build_dir / "docs" / "covenants"
    assert sorted(path.name for path in (docs / "chenguang").iterdir()) == ["notice.md", "v1.md"]
    page = (docs / "chenguang.md").read_text(encoding="utf-8")
    (notice,) = [line for line in page.splitlines() if "<strong>公示</strong>" in line]
    assert notice.endswith(f"{mark}</li>")
    assert "- 签约表：居民表决通过后才有。" in page and "签约表（A4）" not in page


class NoticeSheet(HTMLParser):
    """The printed sheet of a generated notice page: its kicker, title, meta line and footers, as text."""

    def __init__(self, page: str):
        super().__init__()
        self.texts: dict[str, list[str]] = {}
        self.current: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("class") or ""
        self.current = name.removeprefix("yl-print__") if name.startswith("yl-print__") else None

    def handle_endtag(self, tag):
        self.current = None

    def handle_data(self, data):
        if self.current:
            self.texts.setdefault(self.current, []).append(data)


def notice_of(docs, covenant_id: str) -> tuple[str, NoticeSheet]:
    page = (docs / f"covenants/{covenant_id}/notice.md").read_text(encoding="utf-8")
    return page, NoticeSheet(page)


def title_of(page: str) -> str:
    return next(line for line in page.splitlines() if line.startswith("title: "))


@pytest.mark.build
def test_the_printable_of_a_covenant_at_its_notice_is_the_notice_sheet_with_its_period(fixture_project, covenant):
    in_notice(covenant, "2022-02-01")
    assert generate(fixture_project).report.ok
    docs = fixture_project.build_dir / "docs"
    page, sheet = notice_of(docs, "chenguang")
    assert sheet.texts["kicker"] == ["公示"]
    assert sheet.texts["meta"][0].endswith(" · 公示期：2020年6月10日 至 2022年2月1日")
    assert title_of(page) == 'title: "晨光苑居民自治公约（公示稿）"'
    assert sheet.texts["footer"] == ["示例街道办事处", "网上查看：https://shili.youlin.test/youlin/covenants/chenguang/"]
    assert "- [打印公示稿（A4）](chenguang/notice.md)" in (docs / "covenants/chenguang.md").read_text(encoding="utf-8")


@pytest.mark.build
def test_the_printable_of_a_covenant_in_discussion_is_a_draft_to_comment_on(fixture_project, covenant):
    text = covenant.path.read_text(encoding="utf-8")
    front = text[:text.index("  - stage: notice\n")].replace("status: in_force\nsignatures: 88\n", "status: discussion\n")
    covenant.path.write_text(front + text[text.index("---\n", 4):], encoding="utf-8")
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    docs = fixture_project.build_dir / "docs"
    page, sheet = notice_of(docs, "chenguang")
    assert sheet.texts["kicker"] == ["讨论稿"]
    assert sheet.texts["meta"][0].endswith(" · 讨论：2020年6月1日起，欢迎提意见")
    assert title_of(page) == 'title: "晨光苑居民自治公约（讨论稿）"'
    assert "- [打印讨论稿（A4）](chenguang/notice.md)" in (docs / "covenants/chenguang.md").read_text(encoding="utf-8")


@pytest.mark.build
def test_the_printable_of_a_covenant_in_force_is_the_text_to_post_with_the_day_it_took_effect(fixture_project):
    assert generate(fixture_project).report.ok
    docs = fixture_project.build_dir / "docs"
    page, sheet = notice_of(docs, "chenguang")
    assert sheet.texts["kicker"] == ["公告"]
    meta = sheet.texts["meta"][0]
    assert meta.endswith(" · 自2020年7月1日起实施") and "公示" not in meta
    assert title_of(page) == 'title: "晨光苑居民自治公约（全文，张贴用）"'
    assert '@top-center { content: "晨光苑居民自治公约 · 第 2 版 · 公告"' in page
    # the fixture's site_url is a real address: residents can read the covenant online
    assert sheet.texts["footer"] == ["示例街道办事处", "网上查看：https://shili.youlin.test/youlin/covenants/chenguang/"]
    covenant_page = (docs / "covenants/chenguang.md").read_text(encoding="utf-8")
    assert "- [打印公约全文（A4，张贴用）](chenguang/notice.md)" in covenant_page and "公示稿" not in covenant_page


@pytest.mark.build
@pytest.mark.parametrize("counted, when", [(True, " · 2020年6月20日居民表决，已通过"), (False, " · 居民表决：2020年6月20日起")],
                         ids=["counted", "going-on"])
def test_the_printable_at_the_vote_says_where_the_vote_stands(fixture_project, covenant, counted, when):
    """The fixture covenant back at its vote: counted (its `vote:` kept) or still going on (without it)."""
    text = covenant.path.read_text(encoding="utf-8")
    rest = "vote:" + text.split("\nvote:")[1] if counted else "---\n" + text.split("\n---\n", 1)[1]
    front = text[:text.index("  - stage: signing\n")].replace("status: in_force\nsignatures: 88\n", "status: vote\n")
    covenant.path.write_text(front + rest, encoding="utf-8")
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    page, sheet = notice_of(fixture_project.build_dir / "docs", "chenguang")
    assert sheet.texts["kicker"] == ["居民公约"]
    assert sheet.texts["meta"][0].endswith(when)
    assert title_of(page) == 'title: "晨光苑居民自治公约（全文，张贴用）"'


@pytest.mark.build
def test_the_printable_of_a_superseded_covenant_names_what_replaced_it(fixture_project, covenant):
    replacement = fixture_project.content_dir / "covenants/xin.md"
    replacement.write_text(covenant.path.read_text(encoding="utf-8").replace("晨光苑居民自治公约", "晨光苑居民公约")
                           .replace("version: 2\n", "version: 1\n"), encoding="utf-8")
    covenant.replace("status: in_force\n", "status: superseded\nsuperseded_by: xin\n")
    covenant.replace('    date: "2020-07-01"\n', '    date: "2020-07-01"\n  - stage: superseded\n    date: "2021-03-01"\n')
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    page, sheet = notice_of(fixture_project.build_dir / "docs", "chenguang")
    assert sheet.texts["kicker"] == ["已被取代"]
    assert sheet.texts["meta"][0].endswith(" · 本公约已于2021年3月1日被《晨光苑居民公约》取代，不再实施，仅供查阅")
    assert title_of(page) == 'title: "晨光苑居民自治公约（全文，已被取代）"'


@pytest.mark.build
def test_an_example_site_url_is_not_printed_on_the_sheet(fixture_project):
    config = fixture_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://shili.youlin.test/", "https://youlin.example.org/"),
                      encoding="utf-8")
    assert generate(fixture_project).report.ok
    _, sheet = notice_of(fixture_project.build_dir / "docs", "chenguang")
    assert sheet.texts["footer"] == ["示例街道办事处"]


def test_a_hub_page_lists_the_covenants_in_force_over_it_itself_or_what_contains_it(fixture_project):
    def covenant(title, status, *scope):
        return SimpleNamespace(id=title, title=title, status=status, status_name=status, scope=list(scope))

    covenants = [covenant("站", "in_force", "S1"), covenant("西苑", "in_force", "P03"),
                 covenant("旧", "superseded", "P01"), covenant("社区", "notice", "dongfang", "S1")]
    checked = check(fixture_project)
    feature = CovenantFeature(covenants, checked.network, checked.settings.today)

    def titles(kind, hub):
        return [link.text.split("（")[0] for section in feature.hub_sections(kind, hub, Linker("index.md"))
                for link in section.links]

    assert titles("point", "P01") == ["站", "社区"]  # in the order of the covenants, each once, the superseded left out
    assert titles("point", "P03") == ["西苑"]
    assert titles("station", "S2") == ["西苑"]  # what it contains
    assert titles("community", "dongfang") == ["站", "社区"]
    assert titles("community", "hexi") == []


@pytest.fixture(scope="module")
def built_site(fixture_site_served):
    return fixture_site_served[1]


@pytest.mark.build
def test_the_notice_prints_its_articles_large_enough_to_read_on_a_notice_board(built_site):
    with chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(built_site + "covenants/chenguang/notice/")
        pages = pdf_pages(page)
        page.emulate_media(media="print")
        sizes = page.evaluate("""() => {
          const px = e => parseFloat(getComputedStyle(e).fontSize), notice = document.querySelector('.yl-print');
          return {articles: [...notice.querySelectorAll('p:not([class])')].map(px),
                  labels: [...notice.querySelectorAll('h2, h3')].map(e => [e.textContent, px(e)])};
        }""")
    pt = 0.75  # a CSS px in points
    assert len(sizes["articles"]) == 3 and all(16 <= px * pt <= 18 for px in sizes["articles"])
    # “第一章”, “第一条” are no larger than the articles they name.
    assert [label for label, _ in sizes["labels"]] == ["第一章 总则", "第一条", "第二条", "第二章 附则", "第三条"]
    assert max(px for _, px in sizes["labels"]) <= min(sizes["articles"])
    assert pages == 1


@pytest.mark.build
@pytest.mark.parametrize("title", [None, "秋祥园小区机动车停放和非机动车充电管理居民自治公约（试行）"])
def test_a_sign_sheet_prints_on_one_a4_page_with_its_number_to_fill_in(built_site, title):
    with chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(built_site + "covenants/chenguang/sign-S1/")
        if title:  # a long title takes two lines: the sheet still fits
            page.evaluate("t => { const h = document.querySelector('.yl-sheet h1');"
                          " h.firstChild.textContent = t + ' 签约表'; }", title)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        margins = printed_margins(page)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    pages = pdf_text(pdf)
    lines = [line.strip() for line in pages[0].splitlines() if line.strip()]
    numbers = [line for line in lines if re.fullmatch(r"\d+", line)]
    assert numbers == [str(n) for n in range(1, SHEET_ROWS + 1)]
    assert lines[0] == "晨光苑居民自治公约 · 第 2 版 · 东方社区友邻站"  # the running header stays
    assert "第＿＿＿张" in lines[3:5] and any(line.startswith("本张签约＿＿＿户") for line in lines)
    # The sheet's number is written by hand: no printed "第 1 页，共 1 页" beside it, meaning something else.
    assert not any(re.search(r"第 \d+ 页", line) for line in lines), lines[-3:]
    assert margins["bottom-center"] == "none"


@pytest.mark.build
def test_the_timeline_marks_its_current_stage_for_the_stylesheet(fixture_site_built):
    # The stage classes were written through the Markdown escaping ("yl-timeline\_\_current"): no rule matched.
    _, site = fixture_site_built
    page = BeautifulSoup((site / "covenants" / "chenguang" / "index.html").read_text("utf-8"), "html.parser")
    classes = [item.get("class") for item in page.select("ol.yl-timeline > li")]
    assert classes == [["yl-timeline__done"]] * 5 + [["yl-timeline__current"]], classes


@pytest.mark.build
def test_the_chapters_and_articles_stand_under_the_pages_heading_of_the_text(fixture_site_built):
    # The office writes chapters as ## and articles as ###; on the page they come under its own ## 条文, which a
    # chapter at the same level read as a section apart from.
    _, site = fixture_site_built
    page = BeautifulSoup((site / "covenants" / "chenguang" / "index.html").read_text("utf-8"), "html.parser")
    headings = [(h.name, h.get_text(strip=True).rstrip("¶")) for h in page.select("article :is(h2, h3, h4)")]
    text = headings.index(("h2", "条文"))
    assert headings[text + 1:text + 6] == [("h3", "第一章 总则"), ("h4", "第一条"), ("h4", "第二条"), ("h3", "第二章 附则"),
                                           ("h4", "第三条")], headings
