"""Page contexts of the consultation overview, each hub's consultation page, the tracker and the lists.

A hub's page lists what concerns that hub only: its topics, what was sent up to
it and from it, its decisions, how the topics raised there ended, and its meetings;
the "recent" lists are capped, the full lists are the tracker, the meeting list and
the hub's own list of results. Lists of the whole street go on pages of fixed
length (see paging.py); the overview holds the stations' rows only while one such
page could.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..links import HOME, Link, Linker, Page, PageSource, Rank, hub_name
from ..model import EscalationStep
from ..paging import LongList, Pager, long_list, own_pages, paged
from ..public import Site, whole_street
from .agenda import next_meeting, waiting_topics
from .model import STAGE_NAMES, STAGES, TIERS, Consultation, Hub, Meeting, Topic
from .views import (AGENDA_LINK, ALL_CALENDAR, INDEX, MEETINGS, RECENT, TOPICS, TRACKER, DecisionRow, MeetingRow,
                    ResultRow, TopicRow, agenda_page, being_carried_out, calendar_file, decision_row, form_link,
                    hub_home, hub_link, hub_page, hub_results_path, meeting_row, more_results, overdue, result_row,
                    results_heading, results_here, status, tier_name, topic_row)

AGENDA_TIERS = ("station", "centre", "street")  # hubs that get a generated draft agenda
HUBS = "consultation/hubs.md"  # the centre, the street and every station, when the overview cannot list them

# What data the consultation's pages and feeds show, for the leak scan (see links.PageSource).
LISTS_SOURCE = PageSource("各级的议题和会议（data/topics.yaml、data/meetings.yaml）", Rank.CONSULTATION)


def _source_name(hub: Hub) -> str:
    """A hub as a source names it; the street by its own name, which says whether it is a 街道 or a 镇."""
    return f"{hub.name} {hub.id}" if hub.tier == "street" else hub_name(hub.tier, hub.id)


def hub_source(hub: Hub) -> PageSource:
    return PageSource(f"{_source_name(hub)} 的议题和会议（data/topics.yaml、data/meetings.yaml）",
                      Rank.HUB_CONSULTATION)


def agenda_source(hub: Hub) -> PageSource:
    return PageSource(f"{_source_name(hub)} 的会议和议程上的议题（data/meetings.yaml、data/topics.yaml）",
                      Rank.AGENDA)


def calendar_source(hub: Hub) -> PageSource:
    return PageSource(f"{_source_name(hub)} 的会议（data/meetings.yaml）", Rank.CALENDAR)


def topic_source(topic: Topic) -> PageSource:
    return PageSource(f"data/topics.yaml 中的议题 {topic.id}", Rank.TOPIC)


def meeting_source(meeting: Meeting) -> PageSource:
    return PageSource(f"data/meetings.yaml 中的会议 {meeting.id}（或它议程上的议题）", Rank.MEETING)


@dataclass(frozen=True)
class HubContext:
    site: Site
    crumbs: tuple[Link, ...]
    hub: Hub
    tier: str  # the hub's tier as residents call it (see `tier_name`)
    home: Link  # the hub's own page
    raised_here: LongList[TopicRow]  # raised here, still here, undecided
    sent_here: LongList[TopicRow]  # sent up from below, still here, undecided
    sent_up: LongList[TopicRow]  # sent up from here, not yet evaluated
    decisions: tuple[DecisionRow, ...]  # decided here, latest first
    more_decisions: bool
    results_heading: str  # 在本点提出、已有结果的议题, as the hub's tier says "here"
    results: tuple[ResultRow, ...]  # raised here and carried out or evaluated, the latest RECENT
    more_results: Link | None  # to all of them, when there are more
    upcoming: tuple[MeetingRow, ...]
    past: tuple[MeetingRow, ...]
    more_meetings: bool
    calendar: Link
    agenda: Link | None
    above: Link | None  # the consultation page of the hub topics go up to
    below: tuple[Link, ...]  # consultation pages of the hubs that send topics here
    links: dict[str, Link]


@dataclass(frozen=True)
class HubTopicListContext:
    """One page of a hub's topics of one kind, when its consultation page cannot hold them."""

    site: Site
    crumbs: tuple[Link, ...]
    rows: tuple[TopicRow, ...]  # of this page
    at_hub: bool  # the topics are at the hub: show where each came from and when
    pager: Pager | None


@dataclass(frozen=True)
class HubResultListContext:
    """One page of the topics raised at a hub that have a result, when its consultation page shows only the latest."""

    site: Site
    crumbs: tuple[Link, ...]
    results: tuple[ResultRow, ...]  # of this page
    pager: Pager | None


@dataclass(frozen=True)
class CountRow:
    name: str
    count: int


@dataclass(frozen=True)
class HubRow:
    link: Link
    tier: str
    waiting: int
    in_progress: int
    next_meeting: MeetingRow | None
    calendar: Link


@dataclass(frozen=True)
class IndexContext:
    site: Site
    crumbs: tuple[Link, ...]
    route: tuple[EscalationStep, ...]  # the plan's escalation path, as published on the plan page
    stages: tuple[CountRow, ...]
    tiers: tuple[CountRow, ...]
    categories: tuple[CountRow, ...]
    hubs: tuple[HubRow, ...]  # every hub with a consultation page above the points, or none (then `hub_pages`)
    hub_pages: Link | None
    upcoming: tuple[MeetingRow, ...]
    recent: tuple[DecisionRow, ...]
    overdue: int
    calendars: tuple[Link, ...]  # the street's, and those of `hubs`
    raise_topic: Link | None  # the topic form, when the site has it
    links: dict[str, Link]


@dataclass(frozen=True)
class HubListContext:
    site: Site
    crumbs: tuple[Link, ...]
    hubs: tuple[HubRow, ...]  # of this page
    pager: Pager | None


@dataclass(frozen=True)
class TrackerContext:
    site: Site
    crumbs: tuple[Link, ...]
    rows: tuple[DecisionRow, ...]  # of this page
    today: date
    counts: tuple[CountRow, ...]  # of the whole list
    pager: Pager | None


@dataclass(frozen=True)
class TopicListContext:
    site: Site
    crumbs: tuple[Link, ...]
    rows: tuple[TopicRow, ...]  # of this page
    pager: Pager | None


@dataclass(frozen=True)
class MeetingListContext:
    site: Site
    crumbs: tuple[Link, ...]
    upcoming: tuple[MeetingRow, ...]  # of this page
    past: tuple[MeetingRow, ...]  # of this page
    none_held: bool  # in the whole list
    pager: Pager | None


def overview_links(link: Linker, data: Consultation) -> dict[str, Link]:
    street = data.hubs.hubs[data.hubs.street_id]
    whole = whole_street(street.name)
    return {
        "index": link("协商议事", INDEX),
        "tracker": link("决定事项跟踪表", TRACKER),
        "topics": link("全部议题", TOPICS),
        "meetings": link("全部会议", MEETINGS),
        "street": link(f"报送{street.name}的议题清单", agenda_page(street.id)),
        "calendar": link(f"把{whole}的会议加到手机日历", ALL_CALENDAR),
    }


def crumbs(site: Site, link: Linker, *trail: tuple[str, str]) -> tuple[Link, ...]:
    return tuple(link(text, target) for text, target in ((site.title, HOME), *trail))


# A hub's lists of topics, by the name of their own pages when the hub's page cannot hold one:
# the topics' heading, and whether they are at the hub (rows then show where each came from).
HUB_TOPICS = {
    "raised": ("本级提出、正在协商的议题", True),
    "sent-here": ("下级报上来、正在协商的议题", True),
    "sent-up": ("已上报、还在办理的议题", False),
}


def hub_topics_path(hub_id: str, kind: str) -> str:
    return f"consultation/{hub_id}/{kind}.md"


def hub_pages(data: Consultation, site: Site, today: date) -> list[Page]:
    pages = []
    for hub in data.hubs.hubs.values():
        if not data.has_page(hub.id):
            continue
        path = hub_page(hub.id)
        link = Linker(path)
        title = f"{hub.name}的协商议事"
        topics = hub_topics(data, hub, today)
        results = results_here(data, hub.id)
        source = hub_source(hub)
        pages.append(Page(path, "consultation_hub.md.j2", title,
                          f"{hub.name}：在议的议题、上报的议题、议定的事项和会议",
                          # Out of the search index: it lists topics and meetings that each have a page
                          # there, so a search would find every one of them twice (thousands in a city).
                          hub_context(data, site, hub, link, today, topics, results), searchable=False,
                          source=source))
        for kind, (heading, at_hub) in HUB_TOPICS.items():
            pages += [Page(page.path, "consultation_hub_topics.md.j2", page.title(f"{hub.name}：{heading}"),
                           f"{hub.name}{heading}",
                           HubTopicListContext(site, crumbs(site, page.link, ("协商议事", INDEX), (title, path)),
                                               tuple(topic_row(data, t, page.link, today, hub.id if at_hub else None)
                                                     for t in page.items), at_hub, page.pager),
                           searchable=False, source=source)
                      for page in own_pages(hub_topics_path(hub.id, kind), topics[kind])]
        # Past the latest RECENT on the hub's pages, all of them on pages of their own (none while they fit).
        done = results_heading(hub)
        pages += [Page(page.path, "consultation_hub_topics.md.j2", page.title(f"{hub.name}：{done}"),
                       f"{hub.name}{done}",
                       HubResultListContext(site, crumbs(site, page.link, ("协商议事", INDEX), (title, path)),
                                            tuple(result_row(data, t, page.link) for t in page.items), page.pager),
                       searchable=False, source=source)
                  for page in (paged(hub_results_path(hub.id), results) if len(results) > RECENT else [])]
    return pages


def hub_topics(data: Consultation, hub: Hub, today: date) -> dict[str, list[Topic]]:
    """The topics a hub's page lists, by the kinds of HUB_TOPICS."""
    here = waiting_topics(data, hub.id, today)
    sent_up = sorted((t for t in data.topics_through(hub.id)
                      if not t.closed and any(v.hub == hub.id and v.left is not None for v in t.visits)),
                     key=lambda t: (t.raised_on, t.id))
    return {"raised": [t for t in here if t.raised_at == hub.id],
            "sent-here": [t for t in here if t.raised_at != hub.id],
            "sent-up": sent_up}


def hub_context(data: Consultation, site: Site, hub: Hub, link: Linker, today: date,
                topics: dict[str, list[Topic]], results: list[Topic]) -> HubContext:
    def listed(kind: str) -> LongList[TopicRow]:
        heading, at_hub = HUB_TOPICS[kind]
        whole = long_list(link, hub_topics_path(hub.id, kind), f"全部 {len(topics[kind])} 个{heading}", topics[kind])
        return dataclasses.replace(whole, items=tuple(topic_row(data, t, link, today, hub.id if at_hub else None)
                                                       for t in whole.items))

    through = data.topics_through(hub.id)
    decided = sorted((t for t in through if t.decided and data.decided_at(t) == hub.id),
                     key=lambda t: (t.decided_on, t.id), reverse=True)
    meetings = data.meetings_at(hub.id)
    upcoming = [m for m in meetings if m.date >= today]
    past = [m for m in meetings if m.date < today][::-1]
    parent = data.hubs.get(hub.parent) if hub.parent else None
    # The centre's are every station: the overview lists them, so its page stays the same size as the street grows.
    below = [] if hub.tier == "centre" else sorted((h for h in data.hubs.children(hub.id) if data.has_page(h.id)),
                                                   key=lambda h: h.id)
    return HubContext(
        site=site,
        crumbs=crumbs(site, link, ("协商议事", INDEX)),
        hub=hub,
        tier=tier_name(data.hubs, hub.tier),
        home=hub_home(link, hub),
        raised_here=listed("raised"),
        sent_here=listed("sent-here"),
        sent_up=listed("sent-up"),
        decisions=tuple(decision_row(data, t, link, today) for t in decided[:RECENT]),
        more_decisions=len(decided) > RECENT,
        results_heading=results_heading(hub),
        results=tuple(result_row(data, t, link) for t in results[:RECENT]),
        more_results=more_results(link, hub, results),
        upcoming=tuple(meeting_row(data, m, link, today) for m in upcoming[:RECENT]),
        past=tuple(meeting_row(data, m, link, today) for m in past[:RECENT]),
        more_meetings=len(upcoming) > RECENT or len(past) > RECENT,
        calendar=link(f"把{hub.name}的会议加到手机日历", calendar_file(hub.id)),
        agenda=link(AGENDA_LINK, agenda_page(hub.id)) if hub.tier in AGENDA_TIERS else None,
        above=hub_link(link, parent) if parent else None,
        below=tuple(hub_link(link, h) for h in below),
        links=overview_links(link, data),
    )


def index_pages(data: Consultation, site: Site, route: tuple[EscalationStep, ...], today: date,
                forms: dict[str, tuple[str, ...]] | None = None) -> list[Page]:
    """The overview, and the pages of its hubs when it cannot hold them all.

    `forms` are the web forms on the site (see ConsultationFeature): with the topic form, the overview says
    first how to raise a topic.
    """
    link = Linker(INDEX)
    topics = list(data.topics.values())
    stage_counts = Counter(t.stage for t in topics)
    tier_counts = Counter(data.hubs.hubs[t.current_hub].tier for t in topics if not t.closed)
    category_counts = Counter(t.category for t in topics)
    hubs = [data.hubs.hubs[data.hubs.centre_id], data.hubs.hubs[data.hubs.street_id],
            *sorted(data.hubs.of_tier("station"), key=lambda h: h.id)]
    listed = long_list(link, HUBS, f"中心、{site.unit}和全部友邻站（{len(hubs)} 个）的协商议事和会议日历", hubs)
    upcoming = sorted((m for m in data.meetings.values() if m.date >= today), key=lambda m: (m.starts, m.id))
    decided = sorted((t for t in topics if t.decided), key=lambda t: (t.decided_on, t.id), reverse=True)
    # The street's own feed is listed below by its name: this one, of every hub, says 全 (and the name).
    whole = site.whole if site.unit == site.street_name else f"{site.whole}（{site.street_name}）"
    calendars = [link(whole, ALL_CALENDAR)]
    calendars += [link(hub.name, calendar_file(hub.id)) for hub in listed.items]
    context = IndexContext(
        site=site,
        crumbs=crumbs(site, link),
        route=route,
        stages=tuple(CountRow(STAGE_NAMES[s], stage_counts.get(s, 0)) for s in STAGES),
        tiers=tuple(CountRow(tier_name(data.hubs, t), tier_counts.get(t, 0)) for t in TIERS),
        categories=tuple(CountRow(c, category_counts.get(c, 0)) for c in data.categories),
        hubs=hub_rows(data, link, listed.items, today),
        hub_pages=listed.pages,
        upcoming=tuple(meeting_row(data, m, link, today) for m in upcoming[:RECENT]),
        recent=tuple(decision_row(data, t, link, today) for t in decided[:RECENT]),
        overdue=sum(1 for t in topics if overdue(t, today)),
        calendars=tuple(calendars),
        raise_topic=form_link(link, "我要提议题", "topic") if forms and "topic" in forms else None,
        links=overview_links(link, data),
    )
    return [Page(INDEX, "consultation_index.md.j2", "协商议事",
                 f"{site.street_name}友邻网络的协商议事：居民提出的议题、逐级上报、议定事项和会议", context,
                 source=LISTS_SOURCE),
            *(Page(page.path, "consultation_hubs.md.j2", page.title("各级的协商议事"),
                   f"{site.street_name}友邻中心和各友邻站的协商议事、下次会议和会议日历",
                   HubListContext(site, crumbs(site, page.link, ("协商议事", INDEX)),
                                  hub_rows(data, page.link, page.items, today), page.pager),
                   searchable=False, source=LISTS_SOURCE)
              for page in own_pages(HUBS, hubs))]


def hub_rows(data: Consultation, link: Linker, hubs, today: date) -> tuple[HubRow, ...]:
    rows = []
    for hub in hubs:
        upcoming = next_meeting(data, hub.id, today)
        rows.append(HubRow(hub_link(link, hub), tier_name(data.hubs, hub.tier),
                           len(waiting_topics(data, hub.id, today)),
                           sum(1 for t in data.topics_through(hub.id)
                               if being_carried_out(t, today) and data.decided_at(t) == hub.id),
                           meeting_row(data, upcoming, link, today) if upcoming else None,
                           link(f"{hub.name}的会议日历", calendar_file(hub.id))))
    return tuple(rows)


def tracker_pages(data: Consultation, site: Site, today: date) -> list[Page]:
    # Overdue first, then what is still to be done by due date, then the finished ones.
    ranked = sorted((t for t in data.topics.values() if t.decided),
                    key=lambda t: (not overdue(t, today), t.done_on is not None, t.due or date.max, t.decided_on))
    counts = Counter(status(t) for t in ranked)
    order = ["已议定，待落实", "落实中", "已办结，待评议", "已评议"]
    totals = (CountRow("逾期未办结", sum(1 for t in ranked if overdue(t, today))),
              *(CountRow(s, counts.get(s, 0)) for s in order))
    return [Page(page.path, "consultation_tracker.md.j2", page.title("决定事项跟踪表"),
                 f"{site.street_name}协商议定事项的承办、期限和办理情况",
                 TrackerContext(site, crumbs(site, page.link, ("协商议事", INDEX)),
                                tuple(decision_row(data, t, page.link, today) for t in page.items),
                                today, totals, page.pager),
                 searchable=False, source=LISTS_SOURCE)
            for page in paged(TRACKER, ranked)]


def list_pages(data: Consultation, site: Site, today: date) -> list[Page]:
    topics = sorted(data.topics.values(), key=lambda t: (t.raised_on, t.id), reverse=True)
    pages = [Page(page.path, "consultation_topics.md.j2", page.title("全部议题"), f"{site.street_name}居民提出的全部协商议题",
                  TopicListContext(site, crumbs(site, page.link, ("协商议事", INDEX)),
                                   tuple(topic_row(data, t, page.link, today) for t in page.items), page.pager),
                  searchable=False, source=LISTS_SOURCE)
             for page in paged(TOPICS, topics)]
    meetings = sorted(data.meetings.values(), key=lambda m: (m.starts, m.id))
    # The meetings to come, the soonest first; then those held, the latest first.
    ordered = [m for m in meetings if m.date >= today] + [m for m in reversed(meetings) if m.date < today]
    for page in paged(MEETINGS, ordered):
        pages.append(Page(page.path, "consultation_meetings.md.j2", page.title("全部会议"), f"{site.street_name}各级协商会议",
                          MeetingListContext(site, crumbs(site, page.link, ("协商议事", INDEX)),
                                             tuple(meeting_row(data, m, page.link, today) for m in page.items
                                                   if m.date >= today),
                                             tuple(meeting_row(data, m, page.link, today) for m in page.items
                                                   if m.date < today),
                                             none_held=not ordered or ordered[-1].date >= today, pager=page.pager),
                          searchable=False, source=LISTS_SOURCE))
    return pages
