"""A submitted record's check: Python (frictionless) and the browser's forms.js agree on a shared table."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from browser import chromium
from conftest import FIXTURE, REPO
from generator.forms import read_forms
from generator.forms.validation import RULES, browser_spec, check_record, clean_record, field_messages, json_schema

FORMS_JS = REPO / "theme" / "assets" / "javascripts" / "forms.js"


@pytest.fixture(scope="module")
def forms():
    found, problems = read_forms(FIXTURE / "data")
    assert problems == []
    return found


# (form, field, value typed, the rule it breaks or None). Both validators must give this answer,
# with the same message; values are typed into an otherwise empty form.
CASES = [
    ("spending", "amount_yuan", "128.50", None),
    ("spending", "amount_yuan", "0", None),
    ("spending", "amount_yuan", " 128.5 ", None),  # spaces around are not part of the value
    ("spending", "amount_yuan", "128.505", "pattern"),
    ("spending", "amount_yuan", "０128", "pattern"),  # a string field: full-width digits are not digits
    ("spending", "amount_yuan", "012", "pattern"),
    ("spending", "amount_yuan", "1,200", "pattern"),
    ("spending", "amount_yuan", "", "required"),
    ("spending", "amount_yuan", "\u3000", "required"),  # an ideographic space only
    ("spending", "date", "2018-03-15", None),
    ("spending", "date", "2018-3-5", None),  # strptime takes one-digit months and days
    ("spending", "date", "２０１８-０３-１５", None),  # typed with a Chinese input method
    ("spending", "date", "2018-02-29", "type"),
    ("spending", "date", "2020-02-29", None),
    ("spending", "date", "2018-13-01", "type"),
    ("spending", "date", "2018/03/15", "type"),
    ("spending", "date", "18-03-15", "type"),
    ("spending", "date", "0000-01-01", "type"),
    ("spending", "date", "2018-03-15T10:00", "type"),
    ("spending", "date", "", "required"),
    ("spending", "item", "购买议事会茶叶", None),
    ("spending", "item", "字" * 60, None),
    ("spending", "item", "字" * 61, "maxLength"),
    ("spending", "item", "𠀀" * 60, None),  # characters beyond the BMP count once, as in Python
    ("spending", "category", "日常活动", None),
    ("spending", "category", "吃饭", "enum"),
    ("spending", "category", "", "required"),
    ("spending", "detail_public", "是", None),
    ("spending", "detail_public", "否", None),
    ("spending", "detail_public", "", None),
    ("spending", "detail_public", "true", "type"),
    ("spending", "hub", "P01", None),
    ("spending", "hub", "P 01", "pattern"),
    ("spending", "hub", "-P01", "pattern"),
    ("spending", "hub", "P01\n", None),
    ("spending", "receipt", "No.12345", None),
    ("spending", "note", "", None),
    ("spending", "note", "备" * 201, "maxLength"),
    ("evaluation", "rating", "不满意", None),
    ("evaluation", "rating", "很好", "enum"),
    ("evaluation", "topic", "T2018-001", None),
    ("evaluation", "topic", "T2018 001", "pattern"),
    ("evaluation", "ref", "", None),
    ("evaluation", "ref", "W20260101abc", None),
    ("evaluation", "ref", "W2026/01", "pattern"),
    ("application", "leader_phone", "13900001111", None),
    ("application", "leader_phone", "0573-85012345", None),
    ("application", "leader_phone", "057385012345", None),
    ("application", "leader_phone", "1390000111", "pattern"),
    ("application", "leader_phone", "12900001111", "pattern"),
    ("application", "venue_type", "高楼架空层", None),
    ("application", "venue_type", "车库", "enum"),
    ("application", "name", "", "required"),
    ("topic", "category", "停车", None),
    ("topic", "category", "噪音", "enum"),  # not a category of this street's topics.yaml
    ("topic", "title", "晨光苑夜间停车位不够", None),
    ("topic", "raised_by", "", None),
    # The callback phone may be left empty, but a number written is checked as every phone field's.
    ("topic", "raised_by_phone", "", None),
    ("topic", "raised_by_phone", "13700005555", None),
    ("topic", "raised_by_phone", "0573-85012345", None),
    ("topic", "raised_by_phone", "1370000555", "pattern"),
    ("topic", "raised_by_phone", "85012345", "pattern"),  # a landline needs its area code
]

# Whole records: show-if fields hidden by the answer are not checked (and not kept).
RECORDS = [
    ("evaluation", {"topic": "T1", "hub": "P01", "date": "2021-12-01", "rating": "满意", "reason": "备" * 300}),
    ("evaluation", {"topic": "T1", "hub": "P01", "date": "2021-12-01", "rating": "不满意", "reason": "备" * 300}),
    ("evaluation", {}),
    ("application", {"station": "S1", "name": "新点", "venue_type": "其他", "venue_note": "", "address": "某路 1 号",
                     "compounds": "晨光苑", "leader_name": "李四", "leader_phone": "13900003333", "date": "2021-12-01"}),
    ("spending", {"hub": "P01", "date": "2021-06-01", "item": "茶叶", "category": "日常活动", "amount_yuan": "12",
                  "receipt": "A1", "detail_public": "是"}),
]


def python_answer(form, field, value):
    errors = [e for e in check_record(form, {field: value}) if e.field == field]
    return (errors[0].rule, errors[0].message) if errors else (None, None)


@pytest.mark.parametrize("form_id, field, value, rule", CASES)
def test_python_check(forms, form_id, field, value, rule):
    form = forms[form_id]
    found_rule, message = python_answer(form, field, value)
    assert found_rule == rule
    if rule:
        assert message == field_messages(form.field(field))[rule]


@pytest.fixture(scope="module")
def js_page():
    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!doctype html><html lang='zh'><body></body></html>")
        page.add_script_tag(content=FORMS_JS.read_text(encoding="utf-8"))
        yield page


def test_browser_and_python_agree_on_every_value(forms, js_page):
    specs = {form_id: browser_spec(form, None) for form_id, form in forms.items() if form.online}
    cases = [{"form": f, "values": {field: value}, "field": field} for f, field, value, _ in CASES]
    answers = js_page.evaluate(
        """([specs, cases]) => cases.map(c => {
             const e = window.ylForms.validate(specs[c.form], c.values).filter(x => x.field === c.field)[0];
             return e ? [e.rule, e.message] : [null, null];
           })""", [specs, cases])
    python = [list(python_answer(forms[f], field, value)) for f, field, value, _ in CASES]
    disagreements = [(case, py, js) for case, py, js in zip(CASES, python, answers) if py != js]
    assert disagreements == []


def test_browser_and_python_agree_on_whole_records(forms, js_page):
    specs = {form_id: browser_spec(form, None) for form_id, form in forms.items() if form.online}
    answers = js_page.evaluate(
        """([specs, records]) => records.map(([f, values]) => [
             window.ylForms.validate(specs[f], values).map(e => [e.field, e.rule, e.message]),
             window.ylForms.record(specs[f], values)])""", [specs, [list(r) for r in RECORDS]])
    for (form_id, values), (js_errors, js_record) in zip(RECORDS, answers):
        form = forms[form_id]
        assert [[e.field, e.rule, e.message] for e in check_record(form, values)] == js_errors
        cells = {k: v for k, v in clean_record(form, values).items() if v is not None}
        kept = {k: ("是" if v is True else "否" if v is False else v) for k, v in js_record.items()}
        assert kept == cells


def test_hidden_answers_are_neither_checked_nor_kept(forms):
    form = forms["evaluation"]
    values = {"topic": "T1", "hub": "P01", "date": "2021-12-01", "rating": "满意", "reason": "太慢"}
    assert check_record(form, values) == []
    assert clean_record(form, values)["reason"] is None
    assert clean_record(form, {**values, "rating": "不满意"})["reason"] == "太慢"


def test_an_empty_form_names_every_required_field(forms):
    form = forms["spending"]
    errors = check_record(form, {})
    assert [(e.field, e.rule) for e in errors] == [(f.name, "required") for f in form.fields if f.required]
    assert errors[0].message == "请填写友邻点（站）编号"
    assert [e.message for e in errors if e.field == "category"] == ["请选择用途"]


def test_every_rule_has_a_message(forms):
    for form in forms.values():
        for field in form.fields:
            messages = field_messages(field)
            assert set(messages) <= set(RULES)
            for rule in field.schema.get("constraints", {}):
                assert rule in messages, (form.id, field.name, rule)


def test_json_schema_accepts_a_downloaded_record_and_refuses_a_bad_one(forms):
    from jsonschema import Draft202012Validator  # installed with check-jsonschema

    schema = json_schema(forms["spending"], "https://shili.youlin.test/youlin/")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    good = {"form": "spending", "record": {"hub": "P01", "date": "2021-06-01", "item": "茶叶", "category": "日常活动",
                                           "amount_yuan": "12.50", "receipt": "A1", "detail_public": True}}
    assert list(validator.iter_errors(good)) == []
    bad = json.loads(json.dumps(good))
    bad["record"]["amount_yuan"] = "12.505"
    bad["record"]["extra"] = "x"
    assert {e.validator for e in validator.iter_errors(bad)} >= {"pattern"}
    assert schema["$id"] == "https://shili.youlin.test/youlin/forms/spending/schema.json"


def test_a_date_fields_hint_gives_the_example_its_error_gives(forms):
    # The topic form's hint said 如 2018-03-06 and its error 如 2018-03-15: one example, or a resident wonders which.
    for form in forms.values():
        for field in form.fields:
            if field.schema["type"] == "date" and field.hint:
                example = field_messages(field)["type"].split("如 ")[-1]
                assert field.hint.endswith(example), (form.id, field.name, field.hint)


def _with_label(form, name: str, label: str):
    """`form` with field `name` labelled `label`, as a street's data/forms/ may word it."""
    groups = tuple(replace(g, fields=tuple(replace(f, label=label) if f.name == name else f for f in g.fields))
                   for g in form.groups)
    return replace(form, groups=groups)


def test_a_question_label_is_asked_not_glued_into_a_message(forms):
    # "请选择您对办理结果满意吗": the label is a question, and the message read as if it were a noun.
    rating = forms["evaluation"].field("rating")
    assert field_messages(rating)["required"] == "请选择：您对办理结果满意吗？"
    category = _with_label(forms["topic"], "category", "属于哪一类？").field("category")
    assert field_messages(category)["required"] == "请选择：属于哪一类？"
    assert field_messages(category)["enum"].startswith("属于哪一类？请从这几项中选择：")
    # A noun label keeps the plain sentence.
    assert field_messages(forms["spending"].field("category"))["required"] == "请选择用途"


def test_a_conditional_questions_condition_reads_for_any_label(forms):
    from generator.forms.pages import _field_view
    from generator.forms.printing import paper_sheet

    def conditions(form):
        paper = {f.name: f.condition for g in paper_sheet(form).groups for f in g.fields}
        web = {f.name: _field_view(form, f).condition for f in form.fields}
        return {name: text for name, text in paper.items() if text}, {name: text for name, text in web.items() if text}

    # The question it follows is the one just above: "上一题", not the question glued into the sentence.
    assert conditions(forms["evaluation"]) == ({"reason": "上一题选“不满意”时填写"},) * 2
    # A noun label names its field, as before.
    assert conditions(forms["application"]) == ({"venue_note": "场地类型选“其他”时填写"},) * 2
    # Further down the form, a question is named in quotes, asked.
    evaluation = forms["evaluation"]
    group = evaluation.groups[1]
    order = {"rating": 0, "suggestion": 1, "reason": 2, "ref": 3}
    fields = tuple(sorted(group.fields, key=lambda f: order[f.name]))
    apart = replace(evaluation, groups=(evaluation.groups[0], replace(group, fields=fields)))
    assert conditions(apart) == ({"reason": "“您对办理结果满意吗？”选“不满意”时填写"},) * 2
