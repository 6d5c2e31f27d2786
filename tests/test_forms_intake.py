"""Intake: submitted records checked, appended with ids, refused as a whole batch when any is wrong."""

from __future__ import annotations

import json

import pytest
import yaml

from generator.build import check, generate
from generator.cli import main
from generator.forms import read_forms
from generator.forms.intake import Store, Submission, next_id
from generator.problems import Problem

SPENDING = {"hub": "P01", "date": "2021-06-01", "item": "购买议事会茶叶", "category": "日常活动",
            "amount_yuan": "128.50", "receipt": "No.123", "detail_public": True}
TOPIC = {"title": "楼道灯坏了", "category": "安全", "raised_at": "P01", "raised_on": "2021-12-01", "raised_by": "王五",
         "description": "3 幢楼道灯坏了一个月"}


def submit(tmp_path, name: str, *records: tuple[str, dict]) -> str:
    path = tmp_path / name
    items = [{"form": form, "submitted": "2021-12-01T08:00:00Z", "record": record} for form, record in records]
    path.write_text(json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False), encoding="utf-8")
    return str(path)


def intake(project, *files: str, dry_run: bool = False) -> int:
    return main(["--project", str(project.root), "intake", *files, *(["--dry-run"] if dry_run else [])])


def snapshot(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in project.data_dir.iterdir() if p.is_file()}


def test_a_spending_record_round_trip(fixture_project, tmp_path, capsys):
    (fixture_project.data_dir / "spending.csv").unlink()  # a street's first record creates the file
    assert intake(fixture_project, submit(tmp_path, "s.json", ("spending", SPENDING))) == 0
    assert "E2021-0001" in capsys.readouterr().out
    text = (fixture_project.data_dir / "spending.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "id,hub,date,item,category,amount_yuan,receipt,detail_public,note",
        "E2021-0001,P01,2021-06-01,购买议事会茶叶,日常活动,128.50,No.123,是,",
    ]
    assert check(fixture_project).report.ok
    second = dict(SPENDING, receipt="No.124", date="2021-07-01")
    assert intake(fixture_project, submit(tmp_path, "s2.json", ("spending", second))) == 0
    assert (fixture_project.data_dir / "spending.csv").read_text(encoding="utf-8").splitlines()[-1].startswith(
        "E2021-0002,")


def test_a_spending_record_is_numbered_after_the_years_highest(fixture_project, tmp_path, capsys):
    # The fixture's 2021 records are E2021-01 … E2021-04.
    assert intake(fixture_project, submit(tmp_path, "s.json", ("spending", SPENDING))) == 0
    assert "E2021-0005" in capsys.readouterr().out
    assert check(fixture_project).report.ok


def test_a_topic_round_trip_keeps_the_office_file_and_is_published(fixture_project, tmp_path):
    path = fixture_project.data_dir / "topics.yaml"
    before = path.read_text(encoding="utf-8")
    other = dict(TOPIC, title="垃圾分类点太远", raised_at="S1", raised_on="2021-12-02")
    del other["raised_by"]
    assert intake(fixture_project, submit(tmp_path, "t.json", ("topic", TOPIC), ("topic", other))) == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # comments and layout of the office's file unchanged
    topics = yaml.safe_load(after)["topics"]
    assert [(t["id"], t["raised_at"]) for t in topics[-2:]] == [("T2021-001", "P01"), ("T2021-002", "S1")]
    assert topics[-2]["raised_by"] == "王五" and "raised_by" not in topics[-1]
    result = generate(fixture_project)
    assert result.report.ok
    page = (result.docs_dir / "topics" / "T2021-001.md").read_text(encoding="utf-8")
    assert "楼道灯坏了" in page and "王五" not in page  # who raised it stays private


@pytest.mark.parametrize("empty", ["topics: []", "topics:", "topics: ~"])
def test_a_streets_first_topic_goes_into_its_empty_list(fixture_project, tmp_path, empty):
    data = fixture_project.data_dir
    for name in ("meetings.yaml", "evaluations.csv"):  # they refer to the fixture's topics
        (data / name).unlink()
    (data / "topics.yaml").write_text(f"categories:\n  - 安全\n\n{empty}\n\n# 以后的会议写在 meetings.yaml\n",
                                      encoding="utf-8")
    assert check(fixture_project).report.ok
    assert intake(fixture_project, submit(tmp_path, "t.json", ("topic", TOPIC))) == 0
    text = (data / "topics.yaml").read_text(encoding="utf-8")
    assert [t["id"] for t in yaml.safe_load(text)["topics"]] == ["T2021-001"]
    assert text.startswith("categories:\n  - 安全\n\ntopics:\n") and text.endswith("\n# 以后的会议写在 meetings.yaml\n")
    assert check(fixture_project).report.ok


def test_a_downloaded_csv_is_taken_in(fixture_project, tmp_path):
    path = tmp_path / "evaluation-P01.csv"
    path.write_bytes("\ufefftopic,hub,date,rating,reason,suggestion,ref\r\nT1,P01,2021-12-20,不满意,太慢,,W1\r\n"
                     .encode("utf-8"))
    assert intake(fixture_project, str(path)) == 0
    rows = (fixture_project.data_dir / "evaluations.csv").read_text(encoding="utf-8").splitlines()
    assert rows[-1] == "V2021-0002,T1,P01,2021-12-20,不满意,太慢,,W1"  # after the fixture's V2021-0001
    assert check(fixture_project).report.ok


def refused(project, capsys, *files: str) -> list[tuple[str, str | None]]:
    before = snapshot(project)
    assert intake(project, *files) == 1
    assert snapshot(project) == before  # nothing written
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if "[" in line]


def test_an_invalid_record_is_refused_with_its_message(fixture_project, tmp_path, capsys):
    bad = dict(SPENDING, amount_yuan="12.505", category="吃饭")
    lines = refused(fixture_project, capsys, submit(tmp_path, "bad.json", ("spending", bad)))
    assert any("[record-value] 第 1 条记录（补贴使用登记表）：用途请从这几项中选择" in line for line in lines)
    assert any("金额（元）的格式不对" in line for line in lines)


def test_a_csv_record_is_refused_at_its_line(fixture_project, tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("hub,date,item,category,amount_yuan,receipt,detail_public,note\n"
                    "P01,2021-06-01,茶叶,日常活动,12,A1,是,\nP01,2021-02-30,茶叶,日常活动,12,A2,是,\n", encoding="utf-8")
    lines = refused(fixture_project, capsys, str(path))
    assert lines == [f"{path}:3: [record-value] 第 2 条记录（补贴使用登记表）：支出日期要写成年-月-日，如 2018-03-15 — 年-月-日，如 2018-03-15"]


def test_one_bad_record_stops_the_whole_batch(fixture_project, tmp_path, capsys):
    good = submit(tmp_path, "good.json", ("spending", SPENDING))
    bad = submit(tmp_path, "bad.json", ("topic", dict(TOPIC, raised_at="P99")))
    before = snapshot(fixture_project)
    lines = refused(fixture_project, capsys, good, bad)
    assert len(lines) == 1 and "[intake-hub-unknown]" in lines[0] and "P99" in lines[0]
    assert snapshot(fixture_project) == before  # the good record was not written either


def test_duplicates_in_the_data_and_in_the_batch(fixture_project, tmp_path, capsys):
    assert intake(fixture_project, submit(tmp_path, "s.json", ("spending", SPENDING))) == 0
    capsys.readouterr()
    again = refused(fixture_project, capsys, submit(tmp_path, "again.json", ("spending", SPENDING)))
    assert len(again) == 1 and "[intake-duplicate]" in again[0] and "data/spending.csv" in again[0]
    twice = dict(SPENDING, receipt="No.9")
    lines = refused(fixture_project, capsys, submit(tmp_path, "twice.json", ("spending", twice), ("spending", twice)))
    assert len(lines) == 1 and "第 2 条记录" in lines[0] and "第 1 条记录" in lines[0]


def test_a_hub_of_the_wrong_tier_and_an_unknown_topic(fixture_project, tmp_path, capsys):
    application = {"station": "P01", "name": "新点", "venue_type": "物业用房", "address": "某路 1 号", "compounds": "晨光苑",
                   "leader_name": "李四", "leader_phone": "13900003333", "date": "2021-12-01"}
    evaluation = {"topic": "T99", "hub": "P01", "date": "2021-12-20", "rating": "满意"}
    lines = refused(fixture_project, capsys, submit(tmp_path, "a.json", ("application", application),
                                                    ("evaluation", evaluation)))
    assert [line.split("] ")[0].split("[")[1] for line in lines] == ["intake-hub-tier", "intake-topic-unknown"]


def test_a_warning_does_not_stop_the_checks_against_the_data(fixture_project, tmp_path, capsys):
    # A mobile number in the description is a warning; the topic's unknown point must still be found.
    topic = {**TOPIC, "raised_at": "P99", "description": "3 幢楼道灯坏了，联系 13912345678"}
    lines = refused(fixture_project, capsys, submit(tmp_path, "t.json", ("topic", topic)))
    assert [line.split("] ")[0].split("[")[1] for line in lines] == ["intake-hub-unknown"]


def test_a_file_that_is_no_form(fixture_project, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    lines = refused(fixture_project, capsys, str(path), submit(tmp_path, "y.json", ("parking", {})))
    assert [line.split("] ")[0].split("[")[1] for line in lines] == ["intake-form-unknown", "intake-form-unknown"]


def test_a_record_the_full_check_would_refuse_is_not_written(fixture_project, tmp_path, capsys):
    # The record itself is fine, but a topic raised after the day the data is checked for is not.
    late = dict(TOPIC, raised_on="2030-01-01")
    path = submit(tmp_path, "late.json", ("topic", late))
    # Shown on the submission: the line it would have had in topics.yaml is not there for the clerk to open.
    assert refused(fixture_project, capsys, path) == [
        f"{path}: [topic-date-future] 第 1 条记录（议题征集表）：议题 T2030-001 的提出日期 2030-01-01 晚于今天"
        "（2022-01-10） — 这里记录已经发生的事；请检查年份和月份"]


def test_a_csv_record_the_full_check_would_refuse_is_shown_at_its_line(fixture_project, tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("hub,date,item,category,amount_yuan,receipt,detail_public,note\n"
                    "P01,2021-06-01,茶叶,日常活动,12,A1,是,\nP01,2000-06-01,茶叶,日常活动,12,A2,是,\n", encoding="utf-8")
    assert intake(fixture_project, str(path)) == 1
    out, err = capsys.readouterr()
    assert [(line.split(": [")[0], line.split("[")[1].split("]")[0]) for line in err.splitlines()] == [
        (f"{path}:3", "spending-before-established")]
    assert out.splitlines()[-1] == "发现 1 个错误、0 个警告。没有收录任何记录：请改正上面的问题后再收录整批文件。"


@pytest.mark.parametrize("empty", ["topics: [\n]", "topics: []"])
def test_the_full_checks_lines_are_given_as_they_are_in_the_office_file(fixture_project, empty):
    # When one is not on an added topic, it is on the office's own line, wherever the added topics moved it to.
    path = fixture_project.data_dir / "topics.yaml"
    path.write_text(f"{empty}\n\ncategories:\n  - 安全\n", encoding="utf-8")
    form = read_forms(fixture_project.data_dir)[0]["topic"]
    store = Store(fixture_project, form)
    assert store.read() == []
    submission = Submission("t.json", None, 1, form, dict(TOPIC))
    store.add({"id": "T2021-001", **TOPIC}, submission)
    lines = store.new_text().splitlines()
    at = {line: number for number, line in enumerate(lines, 1)}
    found = [store.placed(Problem("x", "data/topics.yaml", number, "问题", "")) for number in
             (at["topics:"], at['  - id: "T2021-001"'], at['    raised_by: "王五"'], at["categories:"], at["  - 安全"])]
    office_lines = empty.count("\n")  # the flow list's lines the added topic replaced
    assert [(p.file, p.line, p.message) for p in found] == [
        ("data/topics.yaml", 1, "问题"),
        ("t.json", None, "第 1 条记录（议题征集表）：问题"),
        ("t.json", None, "第 1 条记录（议题征集表）：问题"),
        ("data/topics.yaml", 3 + office_lines, "问题"),
        ("data/topics.yaml", 4 + office_lines, "问题"),
    ]


def test_dry_run_writes_nothing(fixture_project, tmp_path, capsys):
    before = snapshot(fixture_project)
    assert intake(fixture_project, submit(tmp_path, "s.json", ("spending", SPENDING)), dry_run=True) == 0
    assert snapshot(fixture_project) == before
    assert "试运行" in capsys.readouterr().out


def test_text_a_page_or_a_spreadsheet_would_run_is_refused(fixture_project, tmp_path, capsys):
    bad = dict(SPENDING, item="=HYPERLINK(\"http://x\")", note="<script>alert(1)</script>")
    lines = refused(fixture_project, capsys, submit(tmp_path, "bad.json", ("spending", bad)))
    assert sorted(line.split("] ")[0].split("[")[1] for line in lines) == ["formula-cell", "unsafe-html"]


def test_the_next_id_follows_the_highest_of_its_stem_as_import_suggests_it():
    used = {"E2018-0003", "E2018-0010", "E2019-0042", "E2018-x", "P0250"}
    assert next_id("E2018-", 4, used) == "E2018-0011"
    assert next_id("E2020-", 4, used) == "E2020-0001"
    assert next_id("P", 4, used) == "P0251"
    assert next_id("T2018-", 3, {"T2018-999"}) == "T2018-1000"  # more digits when the number outgrows them
