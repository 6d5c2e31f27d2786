"""A resident's callback phone (a topic's `raised_by_phone`): asked for on the topic form, kept in
data/topics.yaml for the social worker, never published — refused where it is typed into a text the
site shows, and looked for by the leak scan of the built site like a leader's private phone."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build import check, generate
from generator.cli import main
from generator.forms import read_forms
from generator.forms.validation import browser_spec
from generator.leaks import private_values, scan_for_leaks

from conftest import FIXTURE

TOPICS = "data/topics.yaml"
PHONE = "13700005555"  # T6's callback phone in the fixture's data/topics.yaml
T6_PHONE = '    raised_by_phone: "13700005555"'
HINT = "只供社工回电话，不会出现在网站上；手机 11 位，或带区号的座机"


def consultation(project):
    result = check(project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    return next(f for f in result.features if type(f).__name__ == "ConsultationFeature")


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- kept, and handed to the leak scan


def test_the_phone_is_read_and_handed_to_the_leak_scan_as_private(fixture_project):
    feature = consultation(fixture_project)
    assert feature.data.topics["T6"].raised_by_phone == PHONE
    assert feature.private_names() == {"王阿姨": "议题 T6 的提出人", PHONE: "议题 T6 的提出人"}
    secrets = {(s.kind, s.needle): s for s in private_values(check(fixture_project).network, feature.private_names())}
    assert secrets["phone", PHONE].shown == "137****5555" and ("name", "王阿姨") in secrets


def test_a_private_value_written_as_a_phone_is_looked_for_as_a_phone(fixture_project):
    network = check(fixture_project).network
    others = {PHONE: "议题 T6 的提出人", "0573-85012345": "议题 T7 的提出人", "3 幢居民": "议题 T8 的提出人",
              "0571-80000011": "议题 T9 的提出人"}  # the last is station S1's public office line
    assert {(s.kind, s.needle, s.subject) for s in private_values(network, others)} >= {
        ("phone", PHONE, "议题 T6 的提出人"), ("phone", "57385012345", "议题 T7 的提出人"),
        ("name", "3幢居民", "议题 T8 的提出人")}
    # A number the site publishes anyway (a resident who left the station's line) cannot be told from it.
    assert not [s for s in private_values(network, others) if s.subject == "议题 T9 的提出人"]


@pytest.mark.build
def test_the_phone_planted_in_a_page_is_reported_as_a_leak(fixture_site_built, fixture_project, tmp_path):
    project, built = fixture_site_built
    result = generate(fixture_project)  # the same data as the built site: its private values and page sources
    assert result.report.ok
    site = tmp_path / "site"
    shutil.copytree(built, site)
    assert scan_for_leaks(site, result.network, result.private_names, result.sources) == []
    page = site / "topics" / "T6" / "index.html"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(5, "<p>提出人电话 137-0000-５５５５</p>")  # as a template that printed it would, in any spelling
    page.write_text("\n".join(lines), encoding="utf-8")
    problems = scan_for_leaks(site, result.network, result.private_names, result.sources)
    assert [(p.code, p.file, p.line, p.found) for p in problems] == [
        ("leak", "topics/T6/index.html", 6, "137****5555")]
    assert problems[0].format() == (
        "topics/T6/index.html:6: [leak] 生成的网站中出现了不公开的电话（议题 T6 的提出人，137****5555）"
        " — 网站不能发布：这个网页来自 data/topics.yaml 中的议题 T6，请在那里删掉这个电话，再重新构建")
    assert PHONE not in problems[0].format()


@pytest.mark.build
def test_the_phone_is_nowhere_in_the_built_site(fixture_site_built):
    # The build by the CLI passed its own leak scan; the number is not there in plain digits either.
    _, site = fixture_site_built
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".ics", ".txt", ".js", ".csv", ".md"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PHONE not in text and "137-0000-5555" not in text, path


# ---------------------------------------------------------------- the check


def test_a_badly_written_phone_is_refused_as_other_phone_fields_are(fixture_project, edit):
    line = edit.replace("topics.yaml", T6_PHONE, '    raised_by_phone: "1370000555"')
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("pattern", TOPICS, line)
    assert error.message == "议题 T6 的提出人电话（不公开）「1370000555」格式不对"


def test_the_phone_typed_into_the_topics_own_description_is_an_error(fixture_project, edit):
    line = edit.replace("topics.yaml", T6_PHONE, T6_PHONE + "\n    description: 路灯不亮，请打 137-0000-5555 找我") + 1
    report = check(fixture_project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [("topic-phone-in-public", TOPICS, line)]
    assert report.errors[0].format() == (
        f"{TOPICS}:{line}: [topic-phone-in-public] 议题 T6 的“说明”中写有提出人不公开的电话（137****5555）"
        " — 网站会照原样公开这一栏：请把它删掉；提出人的电话只写在议题的 raised_by_phone 中，只供社工回电话")
    # Not told twice: the record's own phone field holds it, as a leader's own phone in the point's row.
    assert not [p for p in report.problems if p.code == "phone-in-text"]


def test_the_phone_typed_into_another_topic_or_a_meeting_is_an_error(fixture_project, edit):
    note = edit.replace("topics.yaml", "note: 友邻点居民议事会，提出错峰停车等三种办法",
                        "note: 友邻点居民议事会，王阿姨（１３７ ００００ ５５５５）提出错峰停车等三种办法")
    summary = edit.replace("meetings.yaml", "      follow_ups:\n        - 友邻站四月底前",
                           "      summary: 王阿姨电话 13700005555\n      follow_ups:\n        - 友邻站四月底前")
    errors = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in errors] == [
        ("topic-phone-in-public", TOPICS, note), ("topic-phone-in-public", "data/meetings.yaml", summary)]
    assert errors[0].message == "议题 T1 的“民议”环节的“说明”中写有议题 T6 的提出人不公开的电话（137****5555）"
    assert errors[1].message.startswith("会议 M2 的“纪要”中写有议题 T6 的提出人")


def test_a_landline_is_found_with_its_area_code_in_any_spelling(fixture_project, edit):
    edit.replace("topics.yaml", T6_PHONE, '    raised_by_phone: "0573-85012345"')
    line = edit.replace("topics.yaml", "    raised_by: 王阿姨\n",
                        "    raised_by: 王阿姨\n    description: 有事打（0573）8501 2345\n") + 1
    report = check(fixture_project).report
    assert [(p.code, p.line, p.found) for p in report.errors] == [("topic-phone-in-public", line, "0573-****2345")]


def test_other_numbers_in_a_topic_are_no_callback_phone(fixture_project, edit):
    # A description with the station's public line and an amount: neither is the resident's number.
    edit.replace("topics.yaml", T6_PHONE, T6_PHONE + "\n    description: 已打 0571-80000011 问过，约需 5555 元")
    report = check(fixture_project).report
    assert report.problems == []


# ---------------------------------------------------------------- the form


@pytest.fixture(scope="module")
def forms():
    return read_forms(FIXTURE / "data")[0]


@pytest.mark.build
def test_the_topic_form_asks_for_it_as_optional_and_private(fixture_site_built, forms):
    _, site = fixture_site_built
    page = soup(site / "forms" / "topic" / "index.html")
    box = page.select_one("form.yl-form [data-field=raised_by_phone]")
    control = box.select_one("input")
    assert (control["name"], control["type"]) == ("raised_by_phone", "tel")
    assert box.select_one("label").get_text() == "联系电话（选填）"
    assert page.find(id=control["aria-describedby"]).get_text() == HINT
    # After the name, in the group that says the social worker calls back.
    group = box.find_parent("fieldset")
    assert group.select_one("legend").get_text() == "在哪里提出，社工怎样回访您"
    assert [f["data-field"] for f in group.select("[data-field]")][-2:] == ["raised_by", "raised_by_phone"]
    # The browser checks a number as Python does, and says the format with the hint.
    spec = json.loads(page.select_one(".yl-formpage")["data-spec"])
    assert spec == browser_spec(forms["topic"], None)
    (field,) = [f for f in spec["fields"] if f["name"] == "raised_by_phone"]
    assert field["constraints"] == {"pattern": "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"}
    assert field["messages"]["pattern"] == f"联系电话的格式不对：{HINT}"


@pytest.mark.build
def test_the_paper_form_has_an_empty_box_for_it(fixture_site_built):
    _, site = fixture_site_built
    sheets = [*soup(site / "forms" / "topic" / "index.html").select(".yl-form-paper section.yl-paper"),
              *soup(site / "forms" / "topic" / "S1.html").select("section.yl-paper")]
    assert len(sheets) == 4  # the form page's own, and S1's with its points P01 and P02
    for sheet in sheets:
        field = sheet.select_one("[data-field=raised_by_phone]")
        assert field.select_one(".yl-paper__label").get_text() == "联系电话（选填）"
        assert field.select_one(".yl-paper__hint").get_text() == HINT
        assert field.select_one(".yl-paper__box").get_text() == ""


# ---------------------------------------------------------------- intake


def _submit(tmp_path, record: dict) -> str:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"form": "topic", "submitted": "2021-12-01T08:00:00Z", "record": record},
                               ensure_ascii=False), encoding="utf-8")
    return str(path)


TOPIC = {"title": "楼道灯坏了", "category": "安全", "raised_at": "P01", "raised_on": "2021-12-01", "raised_by": "王五",
         "raised_by_phone": "0573-85012345", "description": "3 幢楼道灯坏了一个月"}


def test_intake_keeps_the_phone_as_text_in_topics_yaml_and_off_the_pages(fixture_project, tmp_path):
    assert main(["--project", str(fixture_project.root), "intake", _submit(tmp_path, TOPIC)]) == 0
    text = (fixture_project.data_dir / "topics.yaml").read_text(encoding="utf-8")
    assert '  raised_by_phone: "0573-85012345"' in text  # quoted: a phone stays text
    assert yaml.safe_load(text)["topics"][-1]["raised_by_phone"] == "0573-85012345"
    result = generate(fixture_project)
    assert result.report.ok
    for path in result.docs_dir.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".html", ".json", ".ics", ".csv"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            assert "85012345" not in content and "8501 2345" not in content, path


def test_intake_refuses_a_badly_written_phone_and_writes_nothing(fixture_project, tmp_path, capsys):
    before = (fixture_project.data_dir / "topics.yaml").read_bytes()
    assert main(["--project", str(fixture_project.root), "intake",
                 _submit(tmp_path, dict(TOPIC, raised_by_phone="85012345"))]) == 1
    assert (fixture_project.data_dir / "topics.yaml").read_bytes() == before
    assert f"[record-value] 第 1 条记录（议题征集表）：联系电话的格式不对：{HINT}" in capsys.readouterr().err
