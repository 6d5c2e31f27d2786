"""Draft agendas: what the next meeting of a hub should discuss, generated from the topics.

The office edits nothing to get them. For a station or the centre (or any hub),
the draft lists every topic that sits at that hub undecided on `today` — those
sent up from below and those raised there — oldest first (by the day the topic
was raised: residents who have waited longest come first; then by the day it
arrived; then by id). Time comes from the hub's meeting type in
data/meetings.yaml: an opening report, a fixed time per topic, a closing summary.
The budget is the length of the next meeting already scheduled at the hub, or
the type's usual length. Topics that do not fit are listed as carried over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .model import Consultation, Escalation, Hub, Meeting, MeetingType, Topic

OPENING = "通报上次会议决定事项的办理情况"
CLOSING = "议定事项小结，确定下次会议时间"
_ROLE = {"point": "负责人", "station": "社工", "centre": "工作人员", "street": "代表"}


@dataclass(frozen=True)
class DraftItem:
    title: str
    minutes: int | None  # None when the hub has no meeting type to plan with
    presenter: str
    topic: Topic | None = None
    came_from: Hub | None = None  # the hub below that sent the topic up; None where it was raised here
    arrived: date | None = None  # when it reached this hub
    escalation: Escalation | None = None  # the step that brought it here
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class DraftAgenda:
    hub: Hub
    today: date
    meeting: Meeting | None  # the next meeting scheduled at the hub, if any
    meeting_type: MeetingType | None
    budget: int | None  # minutes available; None without a meeting type or a scheduled meeting
    items: tuple[DraftItem, ...]
    carried_over: tuple[DraftItem, ...]  # topics that do not fit in the budget
    in_progress: tuple[Topic, ...]  # decided here, not yet evaluated: what the opening report covers

    @property
    def used(self) -> int:
        return sum(item.minutes or 0 for item in self.items)

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(item.topic for item in (*self.items, *self.carried_over) if item.topic is not None)


def waiting_topics(data: Consultation, hub_id: str, today: date) -> list[Topic]:
    """Topics at this hub at the end of `today` that are still to be decided by then, oldest first."""
    found = [t for t in data.topics_through(hub_id)
             if t.raised_on <= today and t.hub_after(today) == hub_id and not t.decided_by(today)]
    return sorted(found, key=lambda t: (t.raised_on, _arrived(t, hub_id), t.id))


def _arrived(topic: Topic, hub_id: str) -> date:
    visit = topic.visit_at(hub_id)
    return visit.arrived if visit else topic.raised_on


def next_meeting(data: Consultation, hub_id: str, today: date) -> Meeting | None:
    return next((m for m in data.meetings_at(hub_id) if m.date >= today), None)


def draft_agenda(data: Consultation, hub_id: str, today: date) -> DraftAgenda:
    hub = data.hubs.hubs[hub_id]
    meeting = next_meeting(data, hub_id, today)
    kind = (data.types.get(meeting.type) if meeting else None) or data.type_for(hub.tier)
    budget = meeting.length if meeting else (kind.length if kind else None)
    topics = [_topic_item(data, topic, hub_id, kind) for topic in waiting_topics(data, hub_id, today)]
    in_progress = tuple(sorted((t for t in data.topics_through(hub_id)
                                if t.decided and not t.closed and data.decided_at(t) == hub_id),
                               key=lambda t: (t.decided_on, t.id)))
    if kind is None or budget is None:
        return DraftAgenda(hub, today, meeting, kind, budget, tuple(topics), (), in_progress)
    opening = [DraftItem(OPENING, kind.opening, f"{hub.name}{_ROLE[hub.tier]}")] if kind.opening else []
    closing = [DraftItem(CLOSING, kind.closing, "会议主持人")] if kind.closing else []
    room = budget - sum(i.minutes for i in opening + closing)
    fitting = max(0, room // kind.per_topic) if room > 0 else 0
    items = opening + topics[:fitting] + closing
    return DraftAgenda(hub, today, meeting, kind, budget, _clock(items, meeting), tuple(topics[fitting:]),
                       in_progress)


def _topic_item(data: Consultation, topic: Topic, hub_id: str, kind: MeetingType | None) -> DraftItem:
    visit = topic.visit_at(hub_id)
    came_from = data.hubs.get(visit.came_from) if visit and visit.came_from else None
    presenter = f"{came_from.name}{_ROLE[came_from.tier]}" if came_from else "提出议题的居民代表"
    return DraftItem(topic.title, kind.per_topic if kind else None, presenter, topic, came_from,
                     visit.arrived if visit else topic.raised_on, visit.escalation if visit else None)


def _clock(items: list[DraftItem], meeting: Meeting | None) -> tuple[DraftItem, ...]:
    """Start and end times of each item when the meeting's start is known."""
    if meeting is None:
        return tuple(items)
    clock = datetime.combine(meeting.date, meeting.start)
    timed = []
    for item in items:
        end = clock + timedelta(minutes=item.minutes or 0)
        timed.append(DraftItem(item.title, item.minutes, item.presenter, item.topic, item.came_from, item.arrived,
                               item.escalation, clock.time(), end.time()))
        clock = end
    return tuple(timed)
