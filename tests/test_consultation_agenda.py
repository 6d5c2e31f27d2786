"""Draft agendas: the topics waiting at a hub, oldest first, within the next meeting's time budget."""

from __future__ import annotations

from datetime import date, time

from generator.build import check, generate
from generator.consultation import load_consultation
from generator.consultation.agenda import CLOSING, OPENING, draft_agenda, waiting_topics

TODAY = date(2022, 1, 10)  # the fixture's own "today"


def topic(id: str, raised_at: str, raised_on: str, *steps: tuple[str, str, str]) -> str:
    text = (f"\n  - id: {id}\n    title: 议题{id}\n    category: 停车\n    raised_at: {raised_at}\n"
            f"    raised_on: \"{raised_on}\"\n")
    if steps:
        text += "    escalations:\n"
        for source, target, day in steps:
            text += f"      - from: {source}\n        to: {target}\n        date: \"{day}\"\n        reason: 解决不了\n"
    return text


def data(project, today=TODAY):
    feature, problems = load_consultation(project, check(project).network, project.read_settings(today)[0])
    assert feature is not None, [p.format() for p in problems]
    return feature.data


def test_oldest_topic_first_whatever_the_day_it_arrived(fixture_project, edit):
    # raised before both topics already at the station, but sent up only last month
    edit.append("topics.yaml", topic("T7", "P02", "2021-08-01", ("P02", "S1", "2021-12-01")))
    waiting = [t.id for t in waiting_topics(data(fixture_project), "S1", TODAY)]
    assert waiting == ["T7", "T4", "T5"]


def test_the_draft_fits_the_next_meetings_time(fixture_project, edit):
    for n, day in enumerate(["2021-11-01", "2021-11-02", "2021-11-03"], start=7):
        edit.append("topics.yaml", topic(f"T{n}", "P01", day, ("P01", "S1", "2021-11-20")))
    draft = draft_agenda(data(fixture_project), "S1", TODAY)
    # M4, 14:00-15:30: 10 minutes' report, 20 a topic, 10 to close: three of the five topics fit
    assert draft.meeting.id == "M4" and draft.budget == 90
    assert [item.title for item in draft.items] == [OPENING, "老年食堂送餐", draft.items[2].title, "议题T7", CLOSING]
    assert [item.topic.id for item in draft.items if item.topic] == ["T4", "T5", "T7"]
    assert [item.topic.id for item in draft.carried_over] == ["T8", "T9"]
    assert draft.used == 80 <= draft.budget
    assert [(item.start, item.end) for item in draft.items][:2] == [(time(14, 0), time(14, 10)),
                                                                      (time(14, 10), time(14, 30))]
    assert draft.items[-1].end == time(15, 20)
    assert [item.minutes for item in draft.items] == [10, 20, 20, 20, 10]


def test_who_presents_a_topic(fixture_project):
    items = {i.topic.id: i for i in draft_agenda(data(fixture_project), "S1", TODAY).items if i.topic}
    assert items["T5"].presenter == "晨光苑友邻点负责人"  # sent up by the point
    assert items["T5"].came_from.id == "P01" and items["T5"].arrived == date(2021, 10, 26)
    assert items["T4"].presenter == "提出议题的居民代表" and items["T4"].came_from is None


def test_without_a_scheduled_meeting_the_usual_length_is_the_budget(fixture_project):
    draft = draft_agenda(data(fixture_project, date(2022, 3, 1)), "S1", date(2022, 3, 1))
    assert draft.meeting is None and draft.budget == 90
    assert all(item.start is None for item in draft.items)


def test_decided_and_departed_topics_are_not_on_the_draft(fixture_project):
    spring = date(2021, 4, 1)
    consultation = data(fixture_project)
    # On 1 April 2021 the parking topic was at the station; by 2022 it had gone on to the street.
    assert [t.id for t in waiting_topics(consultation, "S1", spring)] == ["T1"]
    assert "T1" not in [t.id for t in waiting_topics(consultation, "S1", TODAY)]
    s1 = draft_agenda(consultation, "S1", TODAY)
    assert "T3" not in [t.id for t in s1.topics] and [t.id for t in s1.in_progress] == ["T3"]


def test_the_street_lists_what_the_centre_sent_up(fixture_project):
    draft = draft_agenda(data(fixture_project), "shili", TODAY)
    assert [item.topic.id for item in draft.items if item.topic] == ["T1"]
    (item,) = [i for i in draft.items if i.topic]
    assert item.came_from.id == "C1" and item.escalation.to_body == "街道党委协调议事机构"


def test_a_hub_without_a_meeting_type_gets_a_list_without_times(fixture_project, edit):
    text = edit.path("meetings.yaml").read_text(encoding="utf-8")
    start = text.index("  - type: 跨区域协商会")
    end = text.index("  - type: 联席会议")
    edit.path("meetings.yaml").write_text(text[:start] + text[end:].replace("跨区域协商会", "联席会议", 0),
                                          encoding="utf-8")
    # the station's meetings now have an unknown type: drop them, the draft still lists the topics
    text = edit.path("meetings.yaml").read_text(encoding="utf-8")
    for meeting in ("  - id: M2\n", "  - id: M4\n"):
        start = text.index(meeting)
        end = text.index("\n  - id:", start + 1)
        text = text[:start] + text[end + 1:]
    edit.path("meetings.yaml").write_text(text, encoding="utf-8")
    draft = draft_agenda(data(fixture_project), "S1", TODAY)
    assert draft.budget is None and draft.carried_over == ()
    assert [item.topic.id for item in draft.items] == ["T4", "T5"] and draft.items[0].minutes is None


def test_the_draft_page_lists_the_topics_in_order_and_stays_out_of_search(fixture_project):
    assert generate(fixture_project).report.ok
    text = (fixture_project.build_dir / "docs" / "agendas" / "S1.md").read_text(encoding="utf-8")
    assert "search:\n  exclude: true" in text
    assert text.index("老年食堂送餐") < text.index("口袋公园") < text.index(CLOSING)
    assert "共 90 分钟，已安排 60 分钟，每个议题 20 分钟" in text
    assert "截至2022年1月10日" in text
