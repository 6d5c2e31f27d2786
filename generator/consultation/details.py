"""Page contexts of one topic, one meeting and one hub's draft agenda.

A topic's page tells its way through the 五民 loop and up the tiers as one
timeline. A meeting's page is its agenda before the meeting and its minutes
after, printable on A4, with schema.org Event data for search engines and
calendars. A draft agenda is what `agenda.py` proposes for the hub's next meeting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..links import Link, Linker, Page, web_path
from ..public import Site
from ..render import css_string, date_zh
from .agenda import DraftAgenda, draft_agenda
from .model import Consultation, Hub, Meeting, Topic
from .pages import agenda_source, crumbs, meeting_source, topic_source
from .views import (DONE, INDEX, TRACKER, StageMark, agenda_page, calendar_file, clock, form_link, hub_home, hub_link,
                    hub_page, meeting_page, meeting_title, overdue, satisfaction, stage_marks, status, tier_name,
                    topic_page)

TIME_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class TimelineRow:
    date: date
    what: str  # 民提 / 上报 / 会议 / 民议 / … / 办结
    where: Link
    text: str
    meeting: Link | None = None


@dataclass(frozen=True)
class TopicContext:
    site: Site
    crumbs: tuple[Link, ...]
    id: str
    title: str
    category: str
    description: str | None
    status: str
    stages: tuple[StageMark, ...]
    raised_at: Link
    raised_on: date
    where: Link
    decided_at: Link | None
    decision: str | None
    carried_out_by: str | None
    due: date | None
    overdue: bool
    done_on: date | None
    outcome: str | None
    evaluation: tuple[int, int, int, int | None] | None
    evaluate: Link | None  # the evaluation form for this topic, while it waits for residents' evaluation
    timeline: tuple[TimelineRow, ...]
    links: dict[str, Link]


def topic_pages(data: Consultation, site: Site, today: date, updated,
                forms: dict[str, tuple[str, ...]] | None = None) -> list[Page]:
    return [Page(topic_page(t.id), "consultation_topic.md.j2", t.title,
                 f"{t.category}议题：{t.title}（{status(t)}）", topic_context(data, site, t, today, forms),
                 updated(t.source), source=topic_source(t)) for t in sorted(data.topics.values(), key=lambda t: t.id)]


def evaluate_link(data: Consultation, topic: Topic, link: Linker,
                  forms: dict[str, tuple[str, ...]] | None) -> Link | None:
    """The evaluation form with the topic filled in, once it is done and not yet evaluated, if the site has the form.

    The hub filled in is where residents raised it (they evaluate what they asked for), or the first hub above
    that uses the form: intake refuses a record from a hub that does not use it.
    """
    if status(topic) != DONE or not forms or "evaluation" not in forms:
        return None
    tiers = forms["evaluation"]
    hub = next((v.hub for v in topic.visits if data.hubs.hubs[v.hub].tier in tiers), None)
    if hub is None:
        return None
    return form_link(link, "评一评这件事办得怎么样", "evaluation", hub=hub, topic=topic.id)


def topic_context(data: Consultation, site: Site, topic: Topic, today: date,
                  forms: dict[str, tuple[str, ...]] | None = None) -> TopicContext:
    link = Linker(topic_page(topic.id))
    hubs = data.hubs.hubs
    decided_at = data.decided_at(topic)
    now = hubs[decided_at or topic.current_hub]
    return TopicContext(
        site=site,
        crumbs=crumbs(site, link, ("协商议事", INDEX), (f"{now.name}的协商议事", hub_page(now.id))),
        id=topic.id, title=topic.title, category=topic.category, description=topic.description,
        status=status(topic), stages=stage_marks(topic),
        raised_at=hub_link(link, hubs[topic.raised_at]), raised_on=topic.raised_on,
        where=hub_link(link, hubs[topic.current_hub]),
        decided_at=hub_link(link, hubs[decided_at]) if decided_at else None,
        decision=topic.decision, carried_out_by=topic.carried_out_by, due=topic.due,
        overdue=overdue(topic, today), done_on=topic.done_on, outcome=topic.outcome,
        evaluation=satisfaction(topic),
        evaluate=evaluate_link(data, topic, link, forms),
        timeline=_timeline(data, topic, link),
        links={"tracker": link("决定事项跟踪表", TRACKER), "index": link("协商议事", INDEX)},
    )


def _timeline(data: Consultation, topic: Topic, link: Linker) -> tuple[TimelineRow, ...]:
    """Every event in date order; on one day, arriving at a hub comes before what happens there."""
    hubs = data.hubs.hubs
    visits = topic.visits

    def visit_on(day: date, hub_id: str | None = None) -> int:
        found = [i for i, v in enumerate(visits) if v.arrived <= day and (v.left is None or v.left >= day)
                 and (hub_id is None or v.hub == hub_id)]
        return found[-1] if found else len(visits) - 1

    events: list[tuple[tuple, TimelineRow]] = [
        ((topic.raised_on, 0, 0), TimelineRow(topic.raised_on, "民提", hub_link(link, hubs[topic.raised_at]),
                                               f"在{hubs[topic.raised_at].name}提出"))]
    for number, step in enumerate(topic.escalations, start=1):
        text = f"由{hubs[step.from_].name}上报，{step.reason}"
        if step.to_body:
            text += f"（报送{step.to_body}）"
        events.append(((step.date, number, 0), TimelineRow(step.date, "上报", hub_link(link, hubs[step.to]), text)))
    for meeting, item in data.meetings_of(topic.id):
        text = item.outcome or ("列入议程" if meeting.minutes is None else "列入议程，会上讨论")
        events.append(((meeting.date, visit_on(meeting.date, meeting.hub), 1),
                       TimelineRow(meeting.date, "会议", hub_link(link, hubs[meeting.hub]), text,
                                   link(meeting_title(data, meeting), meeting_page(meeting.id)))))
    for step in topic.loop:
        index = visit_on(step.date)
        where = hub_link(link, hubs[visits[index].hub])
        events.append(((step.date, index, 2), TimelineRow(step.date, step.stage, where, step.note or "")))
    if topic.done_on:
        index = visit_on(topic.done_on)
        where = hub_link(link, hubs[visits[index].hub])
        events.append(((topic.done_on, index, 3), TimelineRow(topic.done_on, "办结", where, topic.outcome or "")))
    return tuple(row for _, row in sorted(events, key=lambda e: e[0]))


# ---------------------------------------------------------------- meetings


@dataclass(frozen=True)
class AgendaRow:
    number: int
    start: str
    end: str
    title: str
    topic: Link | None
    category: str | None
    duration: int
    presenter: str
    outcome: str | None


@dataclass(frozen=True)
class MeetingContext:
    site: Site
    crumbs: tuple[Link, ...]
    title: str
    hub: Link
    hub_home: Link
    type: str
    date: date
    time: str
    length: int
    place: str
    address: str | None
    held: bool
    agenda: tuple[AgendaRow, ...]
    attendance: int | None
    summary: str | None
    follow_ups: tuple[str, ...]
    minutes: bool
    calendar: Link
    draft: Link | None
    json_ld: Markup
    print_header: Markup  # on top of every printed page: the site, the meeting and its day, a quoted CSS string


def meeting_pages(data: Consultation, site: Site, today: date, site_url: str | None, updated) -> list[Page]:
    pages = []
    for meeting in sorted(data.meetings.values(), key=lambda m: m.id):
        title, day = meeting_title(data, meeting), date_zh(meeting.date)
        # A hub's meetings of one type share their name: the day tells them apart in tabs and search results.
        pages.append(Page(meeting_page(meeting.id), "consultation_meeting.md.j2", f"{title}（{day}）",
                          f"{title}：{day} {clock(meeting)}，{meeting.place}",
                          meeting_context(data, site, meeting, today, site_url), updated(meeting.source),
                          source=meeting_source(meeting)))
    return pages


def meeting_context(data: Consultation, site: Site, meeting: Meeting, today: date,
                    site_url: str | None) -> MeetingContext:
    path = meeting_page(meeting.id)
    link = Linker(path)
    hub = data.hubs.hubs[meeting.hub]
    rows, clock_at = [], datetime.combine(meeting.date, meeting.start)
    for number, item in enumerate(meeting.agenda, start=1):
        topic = data.topics.get(item.topic) if item.topic else None
        end = clock_at + timedelta(minutes=item.duration)
        rows.append(AgendaRow(number, f"{clock_at:%H:%M}", f"{end:%H:%M}", topic.title if topic else item.item or "",
                              link(topic.title, topic_page(topic.id)) if topic else None,
                              topic.category if topic else None, item.duration, item.presenter, item.outcome))
        clock_at = end
    minutes = meeting.minutes
    return MeetingContext(
        site=site,
        crumbs=crumbs(site, link, ("协商议事", INDEX), (f"{hub.name}的协商议事", hub_page(hub.id))),
        title=meeting_title(data, meeting), hub=hub_link(link, hub), hub_home=hub_home(link, hub),
        type=meeting.type, date=meeting.date, time=clock(meeting), length=meeting.length, place=meeting.place,
        address=hub.address if hub.address and hub.address not in meeting.place else None,
        held=meeting.date <= today, agenda=tuple(rows),
        attendance=minutes.attendance if minutes else None, summary=minutes.summary if minutes else None,
        follow_ups=minutes.follow_ups if minutes else (), minutes=minutes is not None,
        calendar=link(f"把{hub.name}的会议加到手机日历", calendar_file(hub.id)),
        draft=(link("自动生成的议程草案", agenda_page(hub.id))
               if not meeting.agenda and meeting.date >= today and hub.tier != "point" else None),
        json_ld=event_json_ld(data, meeting, site, site_url),
        print_header=css_string(f"{site.title} · {meeting_title(data, meeting)}（{date_zh(meeting.date)}）"),
    )


def aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TIME_ZONE)


def event_json_ld(data: Consultation, meeting: Meeting, site: Site, site_url: str | None) -> Markup:
    """schema.org Event, safe inside <script>: no "<", ">" or "&" survives as itself."""
    hub = data.hubs.hubs[meeting.hub]
    place = {"@type": "Place", "name": meeting.place,
             "address": {"@type": "PostalAddress", "streetAddress": hub.address or meeting.place,
                         "addressRegion": site.region, "addressCountry": "CN"}}
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting_title(data, meeting),
        "startDate": aware(meeting.date, meeting.start).isoformat(),
        "endDate": aware(meeting.date, meeting.end).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": {"@type": "Organization", "name": hub.name},
        "description": "；".join(_agenda_titles(data, meeting)) or meeting.type,
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
    }
    if site_url:
        event["url"] = absolute(site_url, meeting_page(meeting.id))
        if hub.page:
            event["organizer"]["url"] = absolute(site_url, hub.page)
    text = json.dumps(event, ensure_ascii=False, indent=2)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _agenda_titles(data: Consultation, meeting: Meeting) -> list[str]:
    return [data.topics[i.topic].title if i.topic else i.item or "" for i in meeting.agenda]


def absolute(site_url: str, page: str) -> str:
    return site_url.rstrip("/") + "/" + web_path(page)


# ---------------------------------------------------------------- draft agendas


@dataclass(frozen=True)
class DraftRow:
    number: int
    start: str | None
    end: str | None
    title: str
    topic: Link | None
    category: str | None
    minutes: int | None
    presenter: str
    raised_on: date | None
    came_from: Link | None
    arrived: date | None
    reason: str | None
    to_body: str | None


@dataclass(frozen=True)
class AgendaContext:
    site: Site
    crumbs: tuple[Link, ...]
    hub: Link
    tier: str
    street: bool
    today: date
    meeting: Link | None
    meeting_date: date | None
    meeting_time: str | None
    meeting_place: str | None
    meeting_has_agenda: bool
    meeting_type: str | None
    budget: int | None
    used: int
    per_topic: int | None
    items: tuple[DraftRow, ...]
    carried_over: tuple[DraftRow, ...]
    in_progress: tuple[Link, ...]
    tracker: Link
    print_header: Markup  # on top of every printed page: the site, the draft and its day, a quoted CSS string


def agenda_pages(data: Consultation, site: Site, today: date, tiers: tuple[str, ...]) -> list[Page]:
    pages = []
    for hub in sorted((h for h in data.hubs.hubs.values() if h.tier in tiers), key=lambda h: (h.tier, h.id)):
        draft = draft_agenda(data, hub.id, today)
        title = (f"报送{hub.name}的议题清单" if hub.tier == "street" else f"{hub.name}下次会议议程草案")
        pages.append(Page(agenda_page(hub.id), "consultation_agenda.md.j2", title,
                          f"{hub.name}：根据上报的议题自动生成，按提出先后排列",
                          agenda_context(data, site, hub, draft, title), searchable=False, source=agenda_source(hub)))
    return pages


def agenda_context(data: Consultation, site: Site, hub: Hub, draft: DraftAgenda, title: str) -> AgendaContext:
    link = Linker(agenda_page(hub.id))

    def row(number: int, item) -> DraftRow:
        topic, step = item.topic, item.escalation
        start = f"{item.start:%H:%M}" if item.start else None
        end = f"{item.end:%H:%M}" if item.end else None
        return DraftRow(number, start, end, item.title, link(topic.title, topic_page(topic.id)) if topic else None,
                        topic.category if topic else None, item.minutes, item.presenter,
                        topic.raised_on if topic else None,
                        hub_link(link, item.came_from) if item.came_from else None, item.arrived if topic else None,
                        step.reason if step else None, step.to_body if step else None)

    meeting, kind = draft.meeting, draft.meeting_type
    return AgendaContext(
        site=site,
        crumbs=crumbs(site, link, ("协商议事", INDEX), (f"{hub.name}的协商议事", hub_page(hub.id))),
        hub=hub_link(link, hub), tier=tier_name(data.hubs, hub.tier), street=hub.tier == "street", today=draft.today,
        meeting=link(meeting_title(data, meeting), meeting_page(meeting.id)) if meeting else None,
        meeting_date=meeting.date if meeting else None, meeting_time=clock(meeting) if meeting else None,
        meeting_place=meeting.place if meeting else None, meeting_has_agenda=bool(meeting and meeting.agenda),
        meeting_type=kind.type if kind else None, budget=draft.budget, used=draft.used,
        per_topic=kind.per_topic if kind else None,
        items=tuple(row(n, item) for n, item in enumerate(draft.items, start=1)),
        carried_over=tuple(row(n, item) for n, item in enumerate(draft.carried_over, start=len(draft.items) + 1)),
        in_progress=tuple(link(t.title, topic_page(t.id)) for t in draft.in_progress),
        tracker=link("决定事项跟踪表", TRACKER),
        # A draft changes as topics come in: its day tells two printouts of it apart.
        print_header=css_string(f"{site.title} · {title}（截至{date_zh(draft.today)}）"),
    )
