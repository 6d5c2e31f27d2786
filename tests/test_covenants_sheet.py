"""A street's own covenant sign sheet (data/forms/covenant.yaml): the forms pages and every covenant's sign sheets
print the same sheet, read and checked once; what makes it unusable for covenants is a problem at its line."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.build import check, generate
from generator.yamlfiles import read_yaml

from conftest import REPO

SHIPPED = (REPO / "generator/forms/definitions/covenant.yaml").read_text(encoding="utf-8")
STREET = "data/forms/covenant.yaml"
COVENANT = "content/covenants/chenguang.md"


def street_copy(project, text: str) -> str:
    folder = project.data_dir / "forms"
    folder.mkdir(exist_ok=True)
    (folder / "covenant.yaml").write_text(text, encoding="utf-8")
    return text


def reworded(text: str = SHIPPED) -> str:
    """The street's wording: a line to fill in above the rows, a column renamed, its own statement and count; printed
    at its stations too, so that the forms have a page with the sheet on it."""
    for old, new in (("header: []", "header: [楼栋]"), ("label: 户号 / 室号", "label: 门牌号"),
                     ("intro: 本人已阅读并同意遵守本公约。", "intro: 本户已读过本公约，同意遵守。"),
                     ("tally: 本张签约＿＿＿户（每户一行）", "tally: 本张共签＿＿＿户"),
                     ("tiers: []", "tiers: [station]")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def line_of(text: str, part: str) -> int:
    return text[: text.index(part)].count("\n") + 1


def problems(project) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.file, p.line) for p in check(project).report.problems]


def sheet_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def printed(sheet) -> tuple:
    """What a printed sheet says: its lines to fill in, its columns, its rows and its count."""
    return ([p.get_text() for p in sheet.select(".yl-paper__line")],
            [th.get_text() for th in sheet.select(".yl-sheet__table th")],
            len(sheet.select(".yl-sheet__table tbody tr")), sheet.select_one(".yl-sheet__tally").get_text())


@pytest.mark.build
def test_a_covenants_sign_sheet_is_the_streets_own_as_on_the_forms_page(fixture_project):
    street_copy(fixture_project, reworded().replace("rows: 15", "rows: 12"))
    result = generate(fixture_project)
    assert result.report.problems == []
    docs = fixture_project.build_dir / "docs"
    form = sheet_of(docs / "forms/covenant/index.md").select_one(".yl-paper")
    covenant = sheet_of(docs / "covenants/chenguang/sign-S1.md")
    expected = (["楼栋："], ["序号", "门牌号", "姓名", "签名", "日期"], 12, "本张共签＿＿＿户。签满了另取一张，在“第＿＿＿张”处接着编号。")
    assert printed(form) == expected
    assert printed(covenant.select_one(".yl-sheet")) == expected
    assert form.select_one(".yl-paper__intro").get_text() == "本户已读过本公约，同意遵守。"
    assert covenant.select_one(".yl-print__meta").get_text().endswith(" · 本户已读过本公约，同意遵守。")
    # How to print more and add them up, on the screen, in the street's words of the count.
    assert "每打印一次是一张 A4，12 行" in covenant.get_text()
    assert "收回后把各张表格下面“本张共签＿＿＿户”一行填的数加起来，就是签约户数" in covenant.get_text()


def test_a_warning_in_the_streets_sheet_is_told_once_and_keeps_its_wording(fixture_project):
    text = street_copy(fixture_project, reworded().replace("label: 门牌号", "label: 门牌号 #几号几室"))
    assert problems(fixture_project) == [("yaml-comment-in-value", STREET, line_of(text, "#几号几室"))]


@pytest.mark.parametrize("old, new, code, at", [
    # Covenants are counted copy by copy: a sheet without its count to fill in cannot be added up. A key left out is
    # told at the definition's first, as the others are.
    ("tally: 本张签约＿＿＿户（每户一行）", "", "form-key-missing", "title:"),
    ("kind: sheet", "kind: record", "form-value", "kind: record"),
    # The first column is the row's number: one column leaves nowhere to sign, for any sheet.
    ("columns:\n  - label: 序号\n    width: 8\n  - label: 户号 / 室号\n    width: 20\n  - label: 姓名\n    width: 20\n"
     "  - label: 签名\n    width: 32\n  - label: 日期\n    width: 20\n", "columns:\n  - label: 序号\n    width: 100\n",
     "form-sheet-columns", "columns:"),
])
def test_a_street_sheet_that_covenants_cannot_print_is_a_problem_at_its_line(fixture_project, old, new, code, at):
    assert SHIPPED.count(old) == 1
    text = street_copy(fixture_project, SHIPPED.replace(old, new))
    assert problems(fixture_project) == [(code, STREET, line_of(text, at))]


def test_a_covenant_asking_more_rows_than_the_streets_sheet_holds_is_a_problem_at_its_sheet_rows(fixture_project):
    street_copy(fixture_project, SHIPPED.replace("rows: 15", "rows: 12"))
    path = fixture_project.content_dir / "covenants/chenguang.md"
    text = path.read_text(encoding="utf-8").replace("signatures: 88\n", "signatures: 88\nsheet_rows: 13\n")
    path.write_text(text, encoding="utf-8")
    found = check(fixture_project).report.problems
    assert [(p.code, p.file, p.line) for p in found] == [
        ("covenant-sheet-rows", COVENANT, line_of(text, "sheet_rows: 13"))]
    assert "12" in found[0].format() and STREET in found[0].format()
    path.write_text(text.replace("sheet_rows: 13", "sheet_rows: 12"), encoding="utf-8")
    assert problems(fixture_project) == []


@pytest.mark.build
def test_the_sign_sheets_instructions_say_who_takes_the_count_not_which_field_it_goes_in(fixture_site_built):
    # The social worker who prints and collects the sheets never edits a file: "写进公约文件开头的 `signatures`" was
    # a data field's name to them. They hand the count to the office that keeps the covenants (street.office).
    project, site = fixture_site_built
    page = BeautifulSoup((site / "covenants/chenguang/sign-S1/index.html").read_text(encoding="utf-8"), "html.parser")
    (instructions,) = [p for p in page.select("article p.yl-print__screen-only") if "签约户数" in p.get_text()]
    office = read_yaml(project.data_dir / "hubs.yaml", "data/hubs.yaml")[0].data["street"]["office"]
    assert instructions.find("code") is None and "signatures" not in instructions.get_text()
    assert f"把这个总数报给{office}，由他们登记为这份公约的签约户数" in instructions.get_text()
