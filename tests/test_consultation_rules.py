"""Consultation data: every escalation, loop, date and agenda mistake is caught at its file and line."""

from __future__ import annotations


import pytest

from generator.build import check
from generator.consultation import load_consultation
from generator.problems import Severity
from generator.project import Project

TOPICS = "data/topics.yaml"
MEETINGS = "data/meetings.yaml"


def errors(project) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.file, p.line) for p in check(project).report.errors]


def only(project, code: str, file: str, line: int):
    """Exactly one error, this one; returns the problem for its message."""
    report = check(project).report
    assert [(p.code, p.file, p.line) for p in report.errors] == [(code, file, line)], \
        [p.format() for p in report.errors]
    return report.errors[0]


def test_the_fixture_consultation_data_is_valid(fixture_project):
    result = check(fixture_project)
    assert result.report.problems == []
    assert any(type(f).__name__ == "ConsultationFeature" for f in result.features)


# ---------------------------------------------------------------- escalation follows the tree

T5_STEP = "      - from: P01\n        to: S1\n        date: \"2021-10-26\"\n"


def _t5_to(edit, target: str) -> int:
    return edit.replace("topics.yaml", T5_STEP, T5_STEP.replace("to: S1", f"to: {target}")) + 1


@pytest.mark.parametrize("file, old", [("topics.yaml", "    escalations:\n"), ("meetings.yaml", "    agenda:\n")])
def test_a_misspelt_nested_list_is_told_its_right_name(fixture_project, edit, file, old):
    text = edit.path(file).read_text(encoding="utf-8")
    edit.path(file).write_text(text.replace(old, old.replace(":", "s:"), 1), encoding="utf-8")  # escalationss, agendas
    line = text[:text.index(old)].count("\n") + 1
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("unknown-field", f"data/{file}", line)
    # The nested lists are fields the clerk may write, though they are read as tables of their own.
    assert old.strip(" :\n") in error.hint.removeprefix("可用的字段：").split("、")


def test_sideways_to_another_point(fixture_project, edit):
    line = _t5_to(edit, "P02")
    error = only(fixture_project, "escalation-sideways", TOPICS, line)
    assert error.message == "议题 T5 的第 1 次上报从友邻点 P01 报到了同级的友邻点 P02"
    assert "应报到 S1" in error.hint


def test_skipping_the_station(fixture_project, edit):
    line = _t5_to(edit, "C1")
    error = only(fixture_project, "escalation-skips-tier", TOPICS, line)
    assert error.message == "议题 T5 的第 1 次上报从友邻点 P01 直接报到友邻中心 C1，跳过了友邻站"
    assert error.expected == "S1"


def test_skipping_two_tiers(fixture_project, edit):
    line = _t5_to(edit, "shili")
    error = only(fixture_project, "escalation-skips-tier", TOPICS, line)
    assert "跳过了友邻站、友邻中心" in error.message


def test_a_point_goes_to_its_own_station_only(fixture_project, edit):
    line = _t5_to(edit, "S2")
    error = only(fixture_project, "escalation-wrong-station", TOPICS, line)
    assert error.message == "议题 T5 的第 1 次上报：友邻点 P01 属于友邻站 S1，不能报到友邻站 S2"


def test_no_escalation_downwards(fixture_project, edit):
    line = edit.replace("topics.yaml", "    raised_on: \"2021-09-07\"\n",
                        "    raised_on: \"2021-09-07\"\n    escalations:\n      - from: S1\n        to: P01\n"
                        "        date: \"2021-09-08\"\n        reason: 交给友邻点\n")
    only(fixture_project, "escalation-downward", TOPICS, line + 3)


def test_nothing_goes_above_the_street(fixture_project, edit):
    last = "        to_body: 街道党委协调议事机构\n"
    step = "      - from: shili\n        to: C1\n        date: \"2021-07-01\"\n        reason: 退回\n"
    line = edit.replace("topics.yaml", last, last + step)
    only(fixture_project, "escalation-beyond-street", TOPICS, line + 2)


def test_each_step_starts_where_the_last_one_ended(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - from: S1\n        to: C1\n", "      - from: S2\n        to: C1\n")
    error = only(fixture_project, "escalation-chain", TOPICS, line)
    assert (error.found, error.expected) == ("S2", "S1")


def test_an_unknown_hub_in_a_step(fixture_project, edit):
    line = _t5_to(edit, "S9")
    error = only(fixture_project, "topic-hub-unknown", TOPICS, line)
    assert error.found == "S9"


def test_an_unknown_hub_in_a_step_is_told_the_id_to_write(fixture_project, edit):
    line = _t5_to(edit, "S9")
    error = only(fixture_project, "topic-hub-unknown", TOPICS, line)
    assert error.hint == "这一步从友邻点 P01 报到友邻站，写成 to: S1"


T1_TO_STREET = "      - from: C1\n        to: shili\n"


def test_the_streets_name_for_its_id_is_told_the_id_to_write(fixture_project, edit):
    # The schema refuses a name where an id goes: the file is not read, and the hint still knows the step.
    line = edit.replace("topics.yaml", T1_TO_STREET, T1_TO_STREET.replace("to: shili", "to: 示例街道")) + 1
    error = only(fixture_project, "pattern", TOPICS, line)
    assert error.message == "议题 T1 的第 3 次上报的报到「示例街道」格式不对"
    assert error.hint == "「示例街道」是街道的名称，不是编号：它的编号是 shili；这一步从友邻中心 C1 报到街道，写成 to: shili"
    assert (error.found, error.expected) == ("示例街道", "shili")


def test_an_id_in_other_case_is_told_the_id_it_meant(fixture_project, edit):
    line = edit.replace("topics.yaml", T1_TO_STREET, T1_TO_STREET.replace("to: shili", "to: Shili")) + 1
    error = only(fixture_project, "topic-hub-unknown", TOPICS, line)
    assert error.hint == ("Shili 与街道「示例街道」的编号 shili 只差大小写，编号要一字不差；"
                          "这一步从友邻中心 C1 报到街道，写成 to: shili")


def test_another_stations_name_is_told_its_id_and_the_one_the_step_goes_to(fixture_project, edit):
    line = _t5_to(edit, "西苑社区友邻站")
    error = only(fixture_project, "pattern", TOPICS, line)
    assert error.hint == "「西苑社区友邻站」是友邻站的名称，不是编号：它的编号是 S2；这一步从友邻点 P01 报到友邻站，写成 to: S1"


def test_a_name_in_from_is_told_where_the_topic_was(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - from: S1\n        to: C1\n", "      - from: 东方社区友邻站\n        to: C1\n")
    error = only(fixture_project, "pattern", TOPICS, line)
    assert error.hint == "「东方社区友邻站」是友邻站的名称，不是编号：它的编号是 S1；这一步从议题当时所在的友邻站 S1 上报，写成 from: S1"


@pytest.mark.parametrize("raised_at", ["S9", "shili"])
def test_a_topic_is_raised_at_a_point_a_station_or_the_centre(fixture_project, edit, raised_at):
    line = edit.replace("topics.yaml", "    raised_at: S1\n", f"    raised_at: {raised_at}\n")
    only(fixture_project, "topic-hub-unknown", TOPICS, line)


def test_a_decided_topic_is_not_escalated_again(fixture_project, edit):
    line = edit.replace("topics.yaml", "        date: \"2021-05-25\"\n", "        date: \"2021-06-20\"\n")
    error = only(fixture_project, "escalation-after-decision", TOPICS, line)
    assert (error.found, error.expected) == ("2021-06-20", "2021-06-15")


# ---------------------------------------------------------------- dates and the 五民 loop


def test_an_escalation_before_the_topic_was_raised(fixture_project, edit):
    line = edit.replace("topics.yaml", "        date: \"2021-10-26\"\n", "        date: \"2021-10-01\"\n")
    error = only(fixture_project, "topic-date-order", TOPICS, line)
    assert error.message == "议题 T5 的第 1 次上报的上报日期 2021-10-01 早于提出日期 2021-10-12"


def test_loop_dates_in_order(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民决\n        date: \"2021-04-27\"\n",
                        "      - stage: 民决\n        date: \"2021-04-10\"\n") + 1
    error = only(fixture_project, "topic-date-order", TOPICS, line)
    assert "早于“民议”环节的日期 2021-04-13" in error.message


def test_stages_follow_the_loop(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民决\n        date: \"2021-04-27\"\n",
                        "      - stage: 民办\n        date: \"2021-04-27\"\n")
    error = only(fixture_project, "loop-order", TOPICS, line)
    assert (error.found, error.expected) == ("民办", "民决")


def test_a_stage_cannot_be_skipped(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民议\n        date: \"2021-05-18\"\n", "")
    only(fixture_project, "loop-order", TOPICS, line)


def test_proposing_is_the_raised_date_not_a_stage(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民议\n        date: \"2021-05-18\"\n",
                        "      - stage: 民提\n        date: \"2021-05-18\"\n")
    only(fixture_project, "enum", TOPICS, line)


def test_a_mistyped_stage_names_the_field_once(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民议\n        date: \"2021-05-18\"\n",
                        "      - stage: 民意\n        date: \"2021-05-18\"\n")
    error = only(fixture_project, "enum", TOPICS, line)
    assert error.message == "议题 T3 的环节「民意」不是可选的值"  # not 议题 T3 的“民意”环节的环节


def test_a_missing_stage_names_the_field_once(fixture_project, edit):
    line = edit.replace("topics.yaml", "      - stage: 民议\n        date: \"2021-05-18\"\n",
                        "      - date: \"2021-05-18\"\n")
    error = only(fixture_project, "field-missing", TOPICS, line)
    assert error.message == "议题 T3 缺少环节（stage:）这一行"


def test_an_evaluation_needs_its_counts(fixture_project, edit):
    counts = "        satisfied: 30\n        basically_satisfied: 6\n        dissatisfied: 4\n"
    line = edit.replace("topics.yaml", counts, "")
    only(fixture_project, "loop-evaluation-missing", TOPICS, line - 2)


def test_counts_belong_to_the_evaluation(fixture_project, edit):
    line = edit.replace("topics.yaml", "        note: 居民表决通过文明养犬约定\n",
                        "        note: 居民表决通过文明养犬约定\n        satisfied: 3\n")
    only(fixture_project, "loop-evaluation-misplaced", TOPICS, line - 2)


def test_a_decided_topic_says_who_carries_it_out(fixture_project, edit):
    line = edit.replace("topics.yaml", "    carried_out_by: 社区居委会\n", "")
    topic = edit.path("topics.yaml").read_text(encoding="utf-8").split("\n").index("  - id: T3") + 1
    error = only(fixture_project, "loop-field-missing", TOPICS, topic)
    assert line > topic and "承办" in error.message


def test_no_decision_before_the_decision_stage(fixture_project, edit):
    line = edit.replace("topics.yaml", "    raised_on: \"2021-09-07\"\n",
                        "    raised_on: \"2021-09-07\"\n    decision: 先办了再说\n") + 1
    error = only(fixture_project, "loop-field-early", TOPICS, line)
    assert error.expected == "民决"


def test_nothing_is_recorded_in_the_future(fixture_project, edit):
    line = edit.replace("topics.yaml", "    raised_on: \"2021-09-07\"\n", "    raised_on: \"2022-02-01\"\n")
    error = only(fixture_project, "topic-date-future", TOPICS, line)
    assert error.expected == "2022-01-10"  # the fixture's pinned "today" (mkdocs.yml extra.youlin_today)


def test_the_category_comes_from_the_list(fixture_project, edit):
    line = edit.replace("topics.yaml", "    category: 养老\n", "    category: 养老服务\n")
    error = only(fixture_project, "topic-category-unknown", TOPICS, line)
    assert "停车、宠物" in error.hint


def test_topic_ids_are_unique(fixture_project, edit):
    line = edit.replace("topics.yaml", "  - id: T6\n", "  - id: T5\n")
    only(fixture_project, "duplicate-id", TOPICS, line)


def test_text_that_could_run_is_refused_here_too(fixture_project, edit):
    line = edit.replace("topics.yaml", "    title: 老年食堂送餐\n", "    title: 老年食堂送餐<script>alert(1)</script>\n")
    only(fixture_project, "unsafe-html", TOPICS, line)


def test_escalations_must_be_a_list(fixture_project, edit):
    line = edit.replace("topics.yaml", "    raised_on: \"2021-09-07\"\n",
                        "    raised_on: \"2021-09-07\"\n    escalations: S1\n") + 1
    only(fixture_project, "yaml-shape", TOPICS, line)


# ---------------------------------------------------------------- meetings and agendas


def test_an_agenda_topic_must_be_at_that_hub_on_the_day(fixture_project, edit):
    # M2 is the station's meeting: on 10 March the parking topic was still at the point.
    line = edit.replace("meetings.yaml", "    date: \"2021-03-30\"\n", "    date: \"2021-03-10\"\n")
    error = only(fixture_project, "agenda-topic-not-here", MEETINGS, line + 5)
    assert error.message == "会议 M2 的第 1 项议程的议题 T1 在 2021-03-10 不在东方社区友邻站协商（当时在 P01）"


def test_an_agenda_topic_must_be_raised_by_then(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    date: \"2021-03-09\"\n", "    date: \"2021-03-01\"\n")
    error = only(fixture_project, "agenda-topic-not-open", MEETINGS, line + 5)
    assert "还没有提出" in error.message


def test_an_evaluated_topic_is_no_longer_on_agendas(fixture_project, edit):
    line = edit.append("meetings.yaml", "\n  - id: M9\n    hub: P02\n    type: 居民议事会\n    date: \"2021-07-01\"\n"
                       "    start: \"19:00\"\n    end: \"20:00\"\n    place: 星河湾\n    agenda:\n      - topic: T2\n"
                       "        duration: 60\n        presenter: 友邻点负责人\n")
    error = only(fixture_project, "agenda-topic-not-open", MEETINGS, line + 9)
    assert "已经完成民评（2021-06-01）" in error.message


def test_durations_add_up_to_the_meeting(fixture_project, edit):
    edit.replace("meetings.yaml", "        duration: 40\n", "        duration: 45\n")
    text = edit.path("meetings.yaml").read_text(encoding="utf-8").split("\n")
    end = text.index("    end: \"20:00\"") + 1
    error = only(fixture_project, "agenda-duration-mismatch", MEETINGS, end)
    assert error.message == "会议 M1 各项议程合计 65 分钟，会议从 19:00 到 20:00 共 60 分钟"


def test_an_unknown_topic_on_an_agenda(fixture_project, edit):
    line = edit.replace("meetings.yaml", "      - topic: T6\n", "      - topic: T60\n")
    only(fixture_project, "agenda-topic-unknown", MEETINGS, line)


def test_an_unknown_hub_holds_no_meeting(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    hub: P01\n", "    hub: P99\n")
    only(fixture_project, "meeting-hub-unknown", MEETINGS, line)


def test_a_hub_or_topic_typed_close_to_one_leads_the_hint_with_it(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    hub: P01\n", "    hub: P001\n")
    assert only(fixture_project, "meeting-hub-unknown", MEETINGS, line).hint == (
        "是不是 P01？友邻点的编号见 data/points.csv，友邻站、友邻中心和街道的编号见 data/hubs.yaml；"
        "如果编号没写错，而是删掉了那个站点的一行：请恢复它，把 status 改为 closed——撤销的站点不删，它的记录仍然有效")
    edit.replace("meetings.yaml", "    hub: P001\n", "    hub: P01\n")
    line = edit.replace("meetings.yaml", "      - topic: T6\n", "      - topic: T06\n")
    assert only(fixture_project, "agenda-topic-unknown", MEETINGS, line).hint == "是不是 T6？议题编号见 data/topics.yaml"


@pytest.mark.parametrize("typed, lead", [("PO1", "是不是 P01？"), ("P010", "是不是 P01？"), ("P05", ""), ("P012", "")])
def test_a_topic_raised_at_a_typo_of_one_hub_is_asked_about_it_and_of_several_about_none(fixture_project, edit,
                                                                                          typed, lead):
    # P05 is P01 to P04 with one replaced; P012 is P01 or P02 with one too many: no guess.
    line = edit.replace("topics.yaml", "    raised_at: P02\n    raised_on: \"2021-04-06\"\n",
                        f"    raised_at: {typed}\n    raised_on: \"2021-04-06\"\n")
    error = only(fixture_project, "topic-hub-unknown", TOPICS, line)
    assert error.hint.startswith(f"{lead}友邻点的编号见 data/points.csv")


def test_a_meeting_without_an_id_is_named_by_its_line(fixture_project, edit):
    line = edit.replace("meetings.yaml", "  - id: M1\n    hub: P01\n", "  - hub: P01\n")
    error = only(fixture_project, "field-missing", MEETINGS, line)
    assert error.message == f"第 {line} 行的会议缺少编号（id:）这一行"


def test_the_meeting_type_belongs_to_the_hubs_tier(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    hub: P01\n    type: 居民议事会\n", "    hub: P01\n    type: 联席会议\n") + 1
    error = only(fixture_project, "meeting-type-tier", MEETINGS, line)
    assert error.message == "会议 M1 是“联席会议”，这类会议由友邻中心召开，但 晨光苑友邻点 是友邻点"


def test_a_meeting_ends_after_it_starts(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    end: \"20:00\"\n", "    end: \"18:00\"\n")
    only(fixture_project, "meeting-time-order", MEETINGS, line)


def test_a_meeting_typed_to_start_at_two_in_the_morning_is_a_warning_that_offers_the_afternoon(fixture_project,
                                                                                                   edit):
    line = edit.replace("meetings.yaml", '    date: "2021-03-30"\n    start: "14:00"\n    end: "15:30"\n',
                        '    date: "2021-03-30"\n    start: "2:00"\n    end: "3:30"\n') + 1
    report = check(fixture_project).report
    assert report.ok
    (warning,) = [p for p in report.problems if p.code == "meeting-small-hours"]
    assert (warning.file, warning.line, warning.severity) == (MEETINGS, line, Severity.WARNING)
    assert warning.format() == (f'{MEETINGS}:{line}: 警告 [meeting-small-hours] 会议 M2 的开始时间 2:00 在凌晨'
                                ' — 时间用 24 小时制：下午 2:00 写成 "14:00"；会议确实在凌晨就不用改')


def test_an_early_morning_meeting_is_no_warning(fixture_project, edit):
    edit.replace("meetings.yaml", '    date: "2021-03-30"\n    start: "14:00"\n    end: "15:30"\n',
                 '    date: "2021-03-30"\n    start: "6:00"\n    end: "7:30"\n')
    assert "meeting-small-hours" not in {p.code for p in check(fixture_project).report.problems}


def test_an_agenda_item_is_a_topic_or_an_item(fixture_project, edit):
    line = edit.replace("meetings.yaml", "      - item: 其他事项\n", "      - item: 其他事项\n        topic: T1\n")
    codes = errors(fixture_project)
    assert ("agenda-item-shape", MEETINGS, line) in codes


def test_minutes_only_after_the_meeting(fixture_project, edit):
    last = "    place: 东方社区服务中心二楼\n\n  - id: M5\n"
    line = edit.replace("meetings.yaml", last, "    place: 东方社区服务中心二楼\n    minutes:\n      attendance: 3\n\n"
                        "  - id: M5\n") + 1
    error = only(fixture_project, "meeting-minutes-early", MEETINGS, line)
    assert error.found == "2022-01-18"


def test_times_must_be_quoted(fixture_project, edit):
    line = edit.replace("meetings.yaml", "    start: \"19:00\"\n", "    start: 19:00\n")
    only(fixture_project, "yaml-unquoted", MEETINGS, line)


def test_a_missing_duration(fixture_project, edit):
    line = edit.replace("meetings.yaml", "        duration: 40\n", "")
    assert ("field-missing", MEETINGS, line - 1) in errors(fixture_project)


def test_a_meeting_before_its_hub_opened_is_a_warning(fixture_project, edit):
    line = edit.append("meetings.yaml", "\n  - id: M9\n    hub: S3\n    type: 跨区域协商会\n    date: \"2021-01-12\"\n"
                       "    start: \"14:00\"\n    end: \"15:00\"\n    place: 河西村村民服务中心\n")
    report = check(fixture_project).report
    assert report.ok
    assert [(p.code, p.line, p.severity) for p in report.problems] == [
        ("meeting-before-hub", line + 4, Severity.WARNING)]


# ---------------------------------------------------------------- the feature's switch and its day


def test_a_street_without_consultation_files_does_not_use_the_feature(fixture_project):
    for name in ("topics.yaml", "meetings.yaml"):
        (fixture_project.data_dir / name).unlink()
    config = fixture_project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace("  - 协商议事: consultation/index.md\n", ""),
                      encoding="utf-8")
    checked = check(fixture_project)
    assert load_consultation(fixture_project, checked.network, checked.settings) == (None, [])


@pytest.mark.shipped_sample
def test_the_shipped_sample_data_is_valid(tmp_path):
    from conftest import REPO
    report = check(Project(REPO)).report
    # Only the placeholder address, which the office replaces before printing posters.
    assert [p.code for p in report.problems] == ["site-url-example"]


def test_topics_and_meetings_grow_with_the_network_so_they_get_the_tables_size_limit(fixture_project, monkeypatch):
    import generator.consultation.reading as reading
    from generator.loading import MAX_FILE_BYTES, MAX_TABLE_BYTES

    assert reading.MAX_TABLE_BYTES == MAX_TABLE_BYTES > MAX_FILE_BYTES  # a city's 10 MB of meetings is read
    monkeypatch.setattr(reading, "MAX_TABLE_BYTES", 1024)
    assert errors(fixture_project) == [("file-too-large", TOPICS, None), ("file-too-large", MEETINGS, None)]


# ---------------------------------------------------------------- the plan's way up, and hubs not set up yet

TO_STREET = "  - step: 3\n    from: 友邻中心\n    to: 街道\n    what: 社区层面解决不了的，由友邻中心梳理后报街道党委研究。\n"


def test_a_topic_goes_no_further_up_than_the_plan(fixture_project, edit):
    edit.replace("hubs.yaml", TO_STREET, "")  # the plan stops at the centre; T1 is still sent up to the street
    line = edit.path("topics.yaml").read_text(encoding="utf-8").split("\n").index("        to: shili") + 1
    error = only(fixture_project, "escalation-beyond-plan", TOPICS, line)
    assert error.message == "议题 T1 的第 3 次上报从友邻中心 C1 报到了街道 shili，但建设方案的上报路线到友邻中心为止"
    assert error.hint.endswith("请在友邻中心协商解决这个议题，或在 data/hubs.yaml 的 escalation 中加上 友邻中心 → 街道 这一步")


def test_a_plan_that_stops_at_the_station_keeps_topics_there(fixture_project, edit):
    edit.replace("hubs.yaml", "  - step: 2\n    from: 友邻站\n    to: 友邻中心\n    what: 上报解决不了的事项\n" + TO_STREET, "")
    text = edit.path("topics.yaml").read_text(encoding="utf-8").split("\n")
    to_centre, to_street = (text.index(f"        to: {hub}") + 1 for hub in ("C1", "shili"))
    assert errors(fixture_project) == [("escalation-beyond-plan", TOPICS, to_centre),
                                       ("escalation-beyond-plan", TOPICS, to_street)]


def test_a_wrong_step_is_told_once_not_also_beyond_the_plan(fixture_project, edit):
    edit.replace("hubs.yaml", TO_STREET, "")
    text = edit.path("topics.yaml").read_text(encoding="utf-8")
    start = text.index("      - from: C1\n        to: shili\n")
    edit.replace("topics.yaml", text[start:text.index("    loop:\n", start)], "")  # T1 stays at the centre
    line = _t5_to(edit, "shili")
    only(fixture_project, "escalation-skips-tier", TOPICS, line)


NEW_TOPIC = "\n  - id: T9\n    title: 河西一组路灯\n    category: 安全\n    raised_at: P04\n    raised_on: \"2021-12-01\"\n"


def test_a_topic_raised_at_a_point_being_set_up_is_a_warning(fixture_project, edit):
    line = edit.append("topics.yaml", NEW_TOPIC) + 4  # P04 is planned (筹建中) in the fixture
    report = check(fixture_project).report
    assert report.ok
    (warning,) = report.problems
    assert (warning.code, warning.file, warning.line, warning.severity) == (
        "topic-hub-planned", TOPICS, line, Severity.WARNING)
    assert warning.message == "议题 T9 的提出地点 P04（河西友邻点）还是“筹建中”，尚未设立"
    assert "status 改为 active" in warning.hint


def test_a_topic_sent_up_to_a_station_being_set_up_is_a_warning(fixture_project, edit):
    edit.replace("hubs.yaml", "    status: active\n    established: \"2020-04-01\"\n",
                 "    status: planned\n    established: \"2020-04-01\"\n")  # S2
    line = edit.append("topics.yaml", NEW_TOPIC.replace("P04", "P03") + "    escalations:\n      - from: P03\n"
                       "        to: S2\n        date: \"2021-12-08\"\n        reason: 要社区出面\n") + 8
    report = check(fixture_project).report
    assert report.ok
    assert ("topic-hub-planned", TOPICS, line, Severity.WARNING) in [
        (p.code, p.file, p.line, p.severity) for p in report.problems]
    assert all(p.line != line - 3 for p in report.problems if p.file == TOPICS)  # P03 itself is running


def test_a_date_before_a_planned_hub_opens_is_told_once(fixture_project, edit):
    edit.replace("points.csv", ",planned,,,", ",planned,2021-12-20,,")  # its opening day written in advance
    line = edit.append("topics.yaml", NEW_TOPIC) + 5
    assert [(p.code, p.line) for p in check(fixture_project).report.problems] == [("topic-before-hub", line)]
