"""What the consultation pages may show: paths, and rows built only from public fields.

Page contexts are made of these rows, links and plain values, never of the
`Topic` objects themselves: `raised_by` and `raised_by_phone` (who raised a topic
and their number) are private and no template can reach them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from markupsafe import Markup

from ..links import HOME, Link, Linker
from ..model import TIER_NAMES
from ..public import street_unit
from ..render import date_zh
from .model import STAGE_NAMES, STAGES, Consultation, Hub, HubDirectory, Meeting, Topic

INDEX = "consultation/index.md"
TRACKER = "consultation/tracker.md"
TOPICS = "consultation/topics.md"
MEETINGS = "consultation/meetings.md"
# Named as the index pages are: a hub whose id is "index" is already refused for its page here (output-collision),
# so no hub's own feed can take the all-street feed's name.
ALL_CALENDAR = "calendars/index.ics"
RECENT = 10  # rows of "recent" lists on a hub's page; the full lists are the tracker, the meeting list and its results
# The draft agenda in a resident's words: what the next meeting is to talk over, not yet fixed.
AGENDA_LINK = "下次会议准备商量的议题（草稿）"
DONE = "已办结，待评议"  # the status of a topic residents are asked to evaluate
# How a hub's page calls itself in "topics raised here"; the street's says 本级 as its other headings do.
HERE = {"point": "本点", "station": "本站", "centre": "本中心"}


def hub_page(hub_id: str) -> str:
    return f"consultation/{hub_id}.md"


def hub_results_path(hub_id: str) -> str:
    """The topics raised at a hub that have a result, when its pages show only the latest."""
    return f"consultation/{hub_id}/results.md"


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
        return DONE if topic.done_on else "落实中"
    if topic.stage == "民决":
        return "已议定，待落实"
    return "协商中" if topic.stage == "民议" else "已提出"


def has_result(topic: Topic) -> bool:
    """Carried out or evaluated: the residents who raised it can read how it ended."""
    return topic.done_on is not None or topic.closed


def in_talks(topic: Topic, today: date) -> bool:
    """Raised by `today` and not decided by then: still being talked over, wherever it is now."""
    return topic.raised_on <= today and not topic.decided_by(today)


def being_carried_out(topic: Topic, today: date) -> bool:
    """Decided by `today` and without a result yet (see `has_result`): what residents wait to see done."""
    return topic.decided_by(today) and not has_result(topic)


def results_here(data: Consultation, hub_id: str) -> list[Topic]:
    """The topics raised at a hub that have a result, the latest first.

    Once decided above and carried out, a topic is no longer at the hub nor waiting there; without this list it
    would vanish from the pages of the place where residents raised it.
    """
    found = [t for t in data.topics_through(hub_id) if t.raised_at == hub_id and has_result(t)]
    return sorted(found, key=lambda t: (t.done_on or t.evaluated_on, t.id), reverse=True)


def results_heading(hub: Hub) -> str:
    return f"在{HERE.get(hub.tier, '本级')}提出、已有结果的议题"


def more_results(link: Linker, hub: Hub, results: list[Topic]) -> Link | None:
    """The link to all of `results` (see `results_here`), when a hub's pages show only the latest RECENT."""
    if len(results) <= RECENT:
        return None
    return link(f"全部 {len(results)} 个{results_heading(hub)}", hub_results_path(hub.id))


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
class ResultRow:
    """A topic raised at a hub, with how it ended: the decision, when it was done, what residents said."""

    link: Link
    decided_at: Link | None
    decision: str
    done_on: date | None
    evaluation: tuple[int, int, int, int | None] | None  # see `satisfaction`; None while not yet evaluated


def result_row(data: Consultation, topic: Topic, link: Linker) -> ResultRow:
    decided_at = data.decided_at(topic)
    return ResultRow(link(topic.title, topic_page(topic.id)),
                     hub_link(link, data.hubs.hubs[decided_at]) if decided_at else None, topic.decision or "",
                     topic.done_on, satisfaction(topic))


def result_text(topic: Topic) -> str:
    """How a topic ended, in one line for a link on a hub's own page."""
    done = topic.done_on
    said = satisfaction(topic)
    parts = [f"{date_zh(done)}办结"] if done else []
    if said is None:
        parts.append("待评议")
    elif said[3] is not None:
        parts.append(f"满意和基本满意 {said[3]}%")
    else:
        parts.append("已评议")
    return f"{topic.title}（{'，'.join(parts)}）"


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


def tier_name(hubs: HubDirectory, tier: str) -> str:
    """A tier as residents call it: the street's is its own level, 街道 or 镇 as its name says (see `street_unit`)."""
    return street_unit(hubs.hubs[hubs.street_id].name) if tier == "street" else TIER_NAMES[tier]


def hub_link(link: Linker, hub: Hub) -> Link:
    """A hub's name, linking to its consultation page."""
    return link(hub.name, hub_page(hub.id))


def hub_home(link: Linker, hub: Hub) -> Link:
    """A hub's name, linking to its own page (the street's is the home page)."""
    return link(hub.name, hub.page or HOME)


def form_link(link: Linker, text: str, form_id: str, **query: str) -> Link:
    """A link to one of the site's web forms, with fields to fill in (forms.js reads them from the query)."""
    from ..forms.pages import form_path  # the forms package imports this one: imported once both are loaded

    target = link(text, form_path(form_id))
    return Link(text, Markup(f"{target.href}?{urlencode(query)}") if query else target.href)
