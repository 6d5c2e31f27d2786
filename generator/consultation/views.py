"""What the consultation pages may show: paths, and rows built only from public fields.

Page contexts are made of these rows, links and plain values, never of the
`Topic` objects themselves: `raised_by` (who raised a topic) is private and no
template can reach it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..links import HOME, Link, Linker
from .model import STAGE_NAMES, STAGES, Consultation, Hub, Meeting, Topic

INDEX = "consultation/index.md"
TRACKER = "consultation/tracker.md"
TOPICS = "consultation/topics.md"
MEETINGS = "consultation/meetings.md"
# Named as the index pages are: a hub whose id is "index" is already refused for its page here (output-collision),
# so no hub's own feed can take the all-street feed's name.
ALL_CALENDAR = "calendars/index.ics"
RECENT = 10  # rows of "recent" lists on a hub's page; the full lists are the tracker and the meeting list


def hub_page(hub_id: str) -> str:
    return f"consultation/{hub_id}.md"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def meeting_page(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.md"


def agenda_page(hub_id: str) -> str:
    return f"agendas/{hub_id}.md"


def calendar_file(hub_id: str) -> str:
    return f"calendars/{hub_id}.ics"


def meeting_title(data: Consultation, meeting: Meeting) -> str:
    return meeting.title or f"{data.hubs.hubs[meeting.hub].name}{meeting.type}"


def clock(meeting: Meeting) -> str:
    return f"{meeting.start:%H:%M}–{meeting.end:%H:%M}"


@dataclass(frozen=True)
class StageMark:
    """One step of the 五民 loop on a topic's page: reached or not, and when."""

    name: str
    label: str
    day: date | None
    reached: bool
    current: bool


def stage_marks(topic: Topic) -> tuple[StageMark, ...]:
    reached = STAGES.index(topic.stage)
    return tuple(StageMark(stage, STAGE_NAMES[stage], topic.stage_date(stage), i <= reached, i == reached)
                 for i, stage in enumerate(STAGES))


def status(topic: Topic) -> str:
    """Where a topic is in the loop, as a resident would say it."""
    if topic.closed:
        return "已评议"
    if topic.stage == "民办":
        return "已办结，待评议" if topic.done_on else "落实中"
    if topic.stage == "民决":
        return "已议定，待落实"
    return "协商中" if topic.stage == "民议" else "已提出"


def overdue(topic: Topic, today: date) -> bool:
    """Decided, due before today and not done."""
    return topic.decided and topic.due is not None and topic.done_on is None and topic.due < today


def done_late(topic: Topic) -> bool:
    return topic.due is not None and topic.done_on is not None and topic.done_on > topic.due


def satisfaction(topic: Topic) -> tuple[int, int, int, int | None] | None:
    """(satisfied, basically, dissatisfied, percent satisfied or basically) of a topic's 民评."""
    step = topic.step("民评")
    if step is None:
        return None
    counts = (step.satisfied or 0, step.basically_satisfied or 0, step.dissatisfied or 0)
    total = sum(counts)
    return (*counts, round(100 * (counts[0] + counts[1]) / total) if total else None)


@dataclass(frozen=True)
class TopicRow:
    link: Link
    category: str
    status: str
    raised_on: date
    raised_at: Link
    where: Link  # the hub whose consultation page it is on now
    arrived: date | None  # when it reached the hub of the page it is shown on
    came_from: Link | None  # the hub below it was sent up from, on that page


def topic_row(data: Consultation, topic: Topic, link: Linker, today: date, at: str | None = None) -> TopicRow:
    hubs = data.hubs.hubs
    visit = topic.visit_at(at) if at else None
    came_from = hubs.get(visit.came_from) if visit and visit.came_from else None
    return TopicRow(
        link=link(topic.title, topic_page(topic.id)),
        category=topic.category,
        status=status(topic),
        raised_on=topic.raised_on,
        raised_at=hub_link(link, hubs[topic.raised_at]),
        where=hub_link(link, hubs[topic.current_hub]),
        arrived=visit.arrived if visit else None,
        came_from=hub_link(link, came_from) if came_from else None,
    )


@dataclass(frozen=True)
class DecisionRow:
    link: Link
    category: str
    decided_at: Link
    decided_on: date
    decision: str
    carried_out_by: str
    due: date | None
    done_on: date | None
    status: str
    overdue: bool
    late: bool


def decision_row(data: Consultation, topic: Topic, link: Linker, today: date) -> DecisionRow:
    decided_at = data.hubs.hubs[data.decided_at(topic) or topic.current_hub]
    return DecisionRow(link(topic.title, topic_page(topic.id)), topic.category, hub_link(link, decided_at),
                       topic.decided_on, topic.decision or "", topic.carried_out_by or "", topic.due, topic.done_on,
                       status(topic), overdue(topic, today), done_late(topic))


@dataclass(frozen=True)
class MeetingRow:
    link: Link
    hub: Link
    type: str
    date: date
    time: str
    place: str
    topics: int
    held: bool  # the date has passed (or is today)
    minutes: bool  # minutes are recorded


def meeting_row(data: Consultation, meeting: Meeting, link: Linker, today: date) -> MeetingRow:
    return MeetingRow(link(meeting_title(data, meeting), meeting_page(meeting.id)),
                      hub_link(link, data.hubs.hubs[meeting.hub]), meeting.type, meeting.date, clock(meeting),
                      meeting.place, sum(1 for item in meeting.agenda if item.topic), meeting.date <= today,
                      meeting.minutes is not None)


def hub_link(link: Linker, hub: Hub) -> Link:
    """A hub's name, linking to its consultation page."""
    return link(hub.name, hub_page(hub.id))


def hub_home(link: Linker, hub: Hub) -> Link:
    """A hub's name, linking to its own page (the street's is the home page)."""
    return link(hub.name, hub.page or HOME)
