"""The consultation feature as the pipeline sees it: its pages, its calendar files, its sections on hub pages."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cached_property

from ..features import HubSection
from ..history import DataHistory
from ..links import GeneratedFile, Linker, Page
from ..model import EscalationStep, Source
from ..public import PublicIndex
from ..render import date_zh
from .agenda import next_meeting
from .calendar import calendar_files
from .details import agenda_pages, meeting_pages, topic_pages
from .model import Consultation
from .pages import AGENDA_TIERS, hub_pages, index_pages, list_pages, tracker_pages
from .views import (AGENDA_LINK, HERE, RECENT, agenda_page, being_carried_out, calendar_file, hub_page, in_talks,
                    meeting_page, meeting_title, more_results, result_text, results_heading, results_here,
                    topic_page)


class ConsultationFeature:
    """Topics, escalation, meetings and agendas: see README, “协商议事”."""

    def __init__(self, data: Consultation, today: date, site_url: str | None, route: tuple[EscalationStep, ...],
                 history: DataHistory | None = None):
        self.data = data
        self.today = today
        self.site_url = site_url
        self.route = route
        self.history = history
        # The web forms on the site, by id, with the tiers that use them: pages link to raising and evaluating.
        # Empty until the forms feature, loaded after this one, hands over those it read and checked (`use_forms`).
        self.forms: dict[str, tuple[str, ...]] = {}

    def use_forms(self, forms: dict[str, tuple[str, ...]]) -> None:
        """Link topic pages and the overview to these web forms (id -> tiers of the hubs that use them)."""
        self.forms = dict(forms)

    # Sections are asked for once per hub page: what they count is counted once for all hubs.

    @cached_property
    def _standing(self) -> Counter:
        """(hub, kind) -> how many: the topics raised at a hub by how they stand today, wherever they are now
        ("open", of which "above" were sent up; "carried-out"), and those sent up to it still waiting there
        ("sent-here") or decided there ("sent-carried-out"). A topic raised at a point and decided above still
        concerns the residents who raised it."""
        today, found = self.today, Counter()
        for topic in self.data.topics.values():
            if in_talks(topic, today):
                found[topic.raised_at, "open"] += 1
                now = topic.hub_after(today)
                if now != topic.raised_at:
                    found[topic.raised_at, "above"] += 1
                    found[now, "sent-here"] += 1
            elif being_carried_out(topic, today):
                found[topic.raised_at, "carried-out"] += 1
                decided_at = self.data.decided_at(topic)
                if decided_at != topic.raised_at:
                    found[decided_at, "sent-carried-out"] += 1
        return found

    @cached_property
    def _talked_over(self) -> dict[str, list]:
        """hub -> the topics raised there and still being talked over today, wherever they are now, the latest first:
        a resident who raised one looks for it on the page of the place where they did."""
        found: dict[str, list] = {}
        for topic in sorted(self.data.topics.values(), key=lambda t: (t.raised_on, t.id), reverse=True):
            if in_talks(topic, self.today):
                found.setdefault(topic.raised_at, []).append(topic)
        return found

    def _talked_over_section(self, hub, link: Linker) -> list[HubSection]:
        """The latest RECENT of the topics raised here still being talked over, each saying where it is now."""
        topics = self._talked_over.get(hub.id, [])
        if not topics:
            return []
        here = HERE.get(hub.tier, "本级")
        links = []
        for topic in topics[:RECENT]:
            now = topic.hub_after(self.today)
            where = f"{here}正在商量" if now == hub.id else f"已报{self.data.hubs.hubs[now].name}，正在那里商量"
            links.append(link(f"{topic.title}（{where}）", topic_page(topic.id)))
        if len(topics) > RECENT:
            links.append(link(f"全部 {len(topics)} 个，见{hub.name}的议题、决定和会议", hub_page(hub.id)))
        return [HubSection(f"在{here}提出、还在商量的议题", tuple(links), "点议题看它走到了哪一步。")]

    @cached_property
    def _stations_by_community(self) -> dict[str, list]:
        found: dict[str, list] = {}
        for station in sorted(self.data.hubs.of_tier("station"), key=lambda h: h.id):
            found.setdefault(station.community, []).append(station)
        return found

    def _changed(self, source: Source) -> date | None:
        return self.history.of_record(source) if self.history else None

    def pages(self, index: PublicIndex) -> list[Page]:
        data, site, today = self.data, index.site, self.today
        return [
            *index_pages(data, site, self.route, today, self.forms),
            *tracker_pages(data, site, today),
            *list_pages(data, site, today),
            *hub_pages(data, site, today),
            *topic_pages(data, site, today, self._changed, self.forms),
            *meeting_pages(data, site, today, self.site_url, self._changed),
            *agenda_pages(data, site, today, AGENDA_TIERS),
        ]

    def private_names(self) -> dict[str, str]:
        """Who raised each topic and their phone: recorded for the office, never published; the leak scan
        looks for them (a value written as a phone number is looked for as one, see leaks.private_values)."""
        topics = self.data.topics.values()
        return {**{t.raised_by: f"议题 {t.id} 的提出人" for t in topics if t.raised_by},
                **{t.raised_by_phone: f"议题 {t.id} 的提出人" for t in topics if t.raised_by_phone}}

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        return calendar_files(self.data, self.site_url, self._changed, self.today)

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        data = self.data
        if kind == "community":
            stations = self._stations_by_community.get(hub_id, [])
            if not stations:
                return []
            return [HubSection("协商议事", tuple(link(f"{s.name}的协商议事", hub_page(s.id)) for s in stations),
                               "居民的议题先在身边的友邻点提出；友邻点解决不了的，报到友邻站协商。")]
        hub = data.hubs.get(hub_id)
        if hub is None:
            return []
        next_link, no_meeting = self._next_meeting(hub, link)
        if not data.has_page(hub_id):
            station = data.hubs.get(hub.parent) if hub.parent else None
            links = (link(f"{station.name}的协商议事", hub_page(station.id)),) if station else ()
            return [HubSection("协商议事", links + next_link,
                               "这里还没有协商记录。居民可以在开放时间到这里提出要大家商量的事；"
                               "友邻点解决不了的，报到所属友邻站协商。" + no_meeting)]
        links = [link(f"{hub.name}的议题、决定和会议", hub_page(hub_id)), *next_link]
        if hub.tier in AGENDA_TIERS:
            links.append(link(AGENDA_LINK, agenda_page(hub_id)))
        links.append(link("把会议加到手机日历", calendar_file(hub_id)))
        note = self._standing_note(hub) + no_meeting
        if kind == "point":
            note += "居民可以在开放时间到这里提出要大家商量的事。"
        return [HubSection("协商议事", tuple(links), note), *self._talked_over_section(hub, link),
                *self._results_section(hub, link)]

    def _next_meeting(self, hub, link: Linker) -> tuple[tuple, str]:
        """A link to the next meeting here or, for a point with none, at its station (where its residents' topics
        go next); else no link and a line saying so. A resident asks "when is the next meeting?" either way."""
        station = self.data.hubs.get(hub.parent) if hub.tier == "point" and hub.parent else None
        for at in (hub, station):
            meeting = next_meeting(self.data, at.id, self.today) if at is not None else None
            if meeting is not None:
                whose = "下次会议" if at is hub else f"所属{at.name}的下次会议"
                return (link(f"{whose}：{date_zh(meeting.date)} {meeting.start:%H:%M} "
                             f"{meeting_title(self.data, meeting)}", meeting_page(meeting.id)),), ""
        return (), "下次会议还没有安排。"

    def _standing_note(self, hub) -> str:
        """How the topics raised here stand, in a line: the hub's consultation page has the lists."""
        count, here = self._standing, HERE.get(hub.tier, "本级")
        above = count[hub.id, "above"]
        note = (f"{here}提出、还在商量的议题 {count[hub.id, 'open']} 个"
                + (f"（其中 {above} 个已报上级）" if above else "")
                + f"，已议定、正在落实的 {count[hub.id, 'carried-out']} 个。")
        if hub.tier != "point":
            note += (f"下级报上来的议题，正在{here}商量的 {count[hub.id, 'sent-here']} 个，"
                     f"{here}议定、正在落实的 {count[hub.id, 'sent-carried-out']} 个。")
        return note

    def _results_section(self, hub, link: Linker) -> list[HubSection]:
        """What became of the topics raised here: the latest RECENT, on a hub page that must stay small."""
        results = results_here(self.data, hub.id)
        if not results:
            return []
        links = [link(result_text(t), topic_page(t.id)) for t in results[:RECENT]]
        more = more_results(link, hub, results)
        return [HubSection(results_heading(hub), tuple(links) + ((more,) if more else ()),
                           "怎样议定、谁来办、居民怎样评议，点议题看。")]


