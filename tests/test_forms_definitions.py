"""Form definitions: the shipped forms, a street's own wording, and mistakes in a definition at their lines."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.forms import read_forms
from generator.forms.definitions import SHEET_ROWS, shipped_definition

from conftest import REPO

SPENDING = """\
title: 补贴登记
intro: 本街道的说明
schema: spending
store: data/spending.csv
tiers: [point]
hub_field: hub
date_field: date
id_prefix: E
id_digits: 4
unique: [hub, receipt]
groups:
  - legend: 支出
    fields:
      - name: hub
        label: 友邻点编号
      - date
      - item
      - category
      - amount_yuan
      - receipt
"""


def write(project, text: str, name: str = "spending") -> str:
    folder = project.data_dir / "forms"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return f"data/forms/{name}.yaml"


def problems(project):
    return [(p.code, p.file, p.line) for p in check(project).report.problems]


def line_of(text: str, part: str) -> int:
    return text[: text.index(part)].count("\n") + 1


def test_shipped_forms_are_valid_and_complete(fixture_project):
    forms, found = read_forms(fixture_project.data_dir)
    assert found == []
    assert set(forms) == {"topic", "signin", "covenant", "spending", "evaluation", "application"}
    assert forms["topic"].field("category").options[:2] == ("停车", "宠物")  # data/topics.yaml's categories
    assert forms["evaluation"].field("reason").show_if.values == ("不满意",)
    assert [c.label for c in forms["signin"].columns] == ["序号", "姓名", "住址（小区、楼栋或村民小组）", "签名"]


def test_a_street_rewords_a_form(fixture_project):
    write(fixture_project, SPENDING)
    assert problems(fixture_project) == []
    forms, _ = read_forms(fixture_project.data_dir)
    spending = forms["spending"]
    assert (spending.title, spending.tiers) == ("补贴登记", ("point",))
    assert spending.field("hub").label == "友邻点编号"
    assert spending.field("date").label == "支出日期"  # the schema's title when the form says nothing
    assert [f.name for f in spending.fields] == ["hub", "date", "item", "category", "amount_yuan", "receipt"]


def test_a_warning_in_a_definition_keeps_the_form(fixture_project):
    # The report says warnings do not stop the site: a form with one must not quietly disappear from it.
    text = SPENDING.replace("        label: 友邻点编号", "        label: 友邻点编号 #见海报")
    rel = write(fixture_project, text)
    assert problems(fixture_project) == [("yaml-comment-in-value", rel, line_of(text, "#见海报"))]
    assert read_forms(fixture_project.data_dir)[0]["spending"].field("hub").label == "友邻点编号"


def test_unknown_key_and_unknown_field(fixture_project):
    text = SPENDING.replace("      - receipt\n", "      - receipt\n      - name: reciept\n        lable: 票据\n")
    text = text.replace("tiers: [point]", "tiers: [point]\ncolour: red")
    rel = write(fixture_project, text)
    found = problems(fixture_project)
    assert ("unknown-field", rel, line_of(text, "colour")) in found
    assert ("unknown-field", rel, line_of(text, "lable")) in found
    assert ("form-field-unknown", rel, line_of(text, "- name: reciept")) in found


def test_a_required_field_left_out(fixture_project):
    text = SPENDING.replace("      - receipt\n", "")
    rel = write(fixture_project, text)
    assert ("form-field-missing", rel, line_of(text, "groups:")) in problems(fixture_project)


def test_show_if_naming_a_missing_field_or_answer(fixture_project):
    text = SPENDING.replace("      - receipt\n", "      - receipt\n      - name: note\n        show_if: {field: colour, equals: 红}\n")
    rel = write(fixture_project, text)
    assert ("form-show-if", rel, line_of(text, "show_if")) in problems(fixture_project)
    text = text.replace("{field: colour, equals: 红}", "{field: category, equals: 吃饭}")
    write(fixture_project, text)
    assert ("form-show-if", rel, line_of(text, "show_if")) in problems(fixture_project)
    text = text.replace("equals: 吃饭", "equals: 其他")
    write(fixture_project, text)
    assert problems(fixture_project) == []


def test_show_if_on_a_required_field(fixture_project):
    text = SPENDING.replace("      - receipt\n", "      - name: receipt\n        show_if: {field: category, equals: 其他}\n")
    rel = write(fixture_project, text)
    assert ("form-show-if", rel, line_of(text, "show_if")) in problems(fixture_project)


def test_wrong_values(fixture_project):
    text = SPENDING.replace("tiers: [point]", "tiers: [point, flat]").replace("hub_field: hub", "hub_field: place")
    text = text.replace("      - date\n", "      - name: date\n        widget: slider\n")
    rel = write(fixture_project, text)
    found = problems(fixture_project)
    assert ("form-value", rel, line_of(text, "tiers:")) in found
    assert ("form-value", rel, line_of(text, "hub_field")) in found
    assert ("form-value", rel, line_of(text, "widget: slider")) in found


def test_a_definition_for_a_form_the_generator_does_not_have(fixture_project):
    rel = write(fixture_project, SPENDING, "parking")
    assert problems(fixture_project) == [("form-unknown", rel, None)]


def test_a_definition_that_is_not_yaml(fixture_project):
    rel = write(fixture_project, "title: [unclosed\n")
    assert [code for code, file, _ in problems(fixture_project) if file == rel] == ["yaml-syntax"]


def test_no_topic_form_where_no_topics_are_kept(fixture_project):
    (fixture_project.data_dir / "topics.yaml").unlink()
    forms, found = read_forms(fixture_project.data_dir)
    assert "topic" not in forms and found == []


def test_endpoint_must_be_https(fixture_project):
    config = fixture_project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  youlin:\n    forms_endpoint: http://forms.example.org/\n"), encoding="utf-8")
    assert ("config-invalid", "mkdocs.yml", None) in problems(fixture_project)


@pytest.mark.parametrize("form_id", ["signin", "covenant"])
def test_paper_sheets_have_numbered_rows(form_id):
    form = shipped_definition(form_id)
    assert form.kind == "sheet" and form.rows >= 10
    assert form.columns[0].label == "序号" and sum(c.width for c in form.columns) == 100


SHIPPED = "generator/forms/definitions/{}.yaml"


def shipped_text(form_id: str) -> str:
    return (REPO / SHIPPED.format(form_id)).read_text(encoding="utf-8")


def test_a_streets_counted_sheet_holds_one_printed_page_of_rows(fixture_project):
    # Each copy of a counted sheet (tally) is one A4 page, its rows counted from 1: a second page would go uncounted.
    text = shipped_text("covenant").replace("rows: 15", f"rows: {SHEET_ROWS + 1}")
    rel = write(fixture_project, text, "covenant")
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.problems] == [
        ("form-sheet-rows", rel, line_of(text, f"rows: {SHEET_ROWS + 1}"))]
    assert report.problems[0].format() == (
        f"{rel}:{line_of(text, 'rows: 16')}: [form-sheet-rows] 表单 covenant 的 rows 是 16 行，但写了 tally 的签名表"
        "每份只印一张 A4，最多排得下 15 行 — 请把 rows 改为 15 或更少：人多时多打印几份，每份的序号都从 1 起，按份计数")
    write(fixture_project, shipped_text("covenant").replace("rows: 15", f"rows: {SHEET_ROWS}"), "covenant")
    assert problems(fixture_project) == []


def test_a_sheet_a_street_makes_counted_is_held_to_one_page_too(fixture_project):
    text = shipped_text("signin").replace("rows: 14", "rows: 20")
    write(fixture_project, text, "signin")
    assert problems(fixture_project) == []  # not counted: a long sign-in sheet may run on to a second page
    text = text.replace("rows: 20", "rows: 20\ntally: 本张到会＿＿＿人")
    rel = write(fixture_project, text, "signin")
    assert problems(fixture_project) == [("form-sheet-rows", rel, line_of(text, "rows: 20"))]
