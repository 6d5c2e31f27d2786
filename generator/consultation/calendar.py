"""iCalendar feeds (RFC 5545) of the meetings: one per hub and one for the whole street.

Written with the `icalendar` library. Every event has a UID made of the meeting's
id and the street's id, so it stays the same from build to build and a
subscribed calendar updates the event instead of adding a copy; times carry the
TZID Asia/Shanghai with its VTIMEZONE; LOCATION is the place (and the hub's
address), URL links back to the meeting's page when mkdocs.yml names the site's
address. DTSTAMP is the day the meeting's record last changed in git (outside a
git checkout: the day the site is built for), so the same data gives the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Callable

from ..model import Source
from ..parallel import parallel_map
from .details import TIME_ZONE, absolute, aware
from .model import Consultation, Hub, Meeting
from .views import ALL_CALENDAR, calendar_file, hub_page, meeting_page, meeting_title

if TYPE_CHECKING:
    from icalendar import Event, Timezone

# icalendar is imported by the functions that write feeds: `check` writes none, and the import takes 50 ms.

PRODID = "-//youlin//consultation feeds//ZH"
_ZONE_FROM, _ZONE_UNTIL = date(2000, 1, 1), date(2100, 1, 1)


def event_uid(street_id: str, meeting_id: str) -> str:
    return f"{meeting_id}@{street_id}.youlin"


def calendar_files(data: Consultation, site_url: str | None, changed: Callable[[Source], date | None],
                   today: date) -> dict[str, bytes]:
    """Every feed by its path in the docs folder."""
    street = data.hubs.hubs[data.hubs.street_id]
    meetings = sorted(data.meetings.values(), key=lambda m: (m.starts, m.id))
    events = [_event(data, m, site_url, changed(m.source) or today) for m in meetings]
    by_hub: dict[str, list[Event]] = {}
    for meeting, event in zip(meetings, events):
        by_hub.setdefault(meeting.hub, []).append(event)
    feeds = {ALL_CALENDAR: (f"{street.name}友邻网络协商会议", f"{street.name}各级友邻协商会议", street, events,
                            "consultation/index.md", "all")}
    for hub in data.hubs.hubs.values():
        path = calendar_file(hub.id)
        if path != ALL_CALENDAR and data.has_page(hub.id):
            feeds[path] = (f"{hub.name}协商会议", f"{hub.name}召开的协商会议", hub, by_hub.get(hub.id, []),
                           hub_page(hub.id), hub.id)
    specs = list(feeds.values())
    # Writing a feed is most of the cost (icalendar folds every line): on every core.
    written = parallel_map(lambda i: _feed(*specs[i], site_url, data.hubs.street_id), range(len(specs)))
    return dict(zip(feeds, written))


def _feed(name: str, description: str, hub: Hub, events: list[Event], page: str, key: str,
          site_url: str | None, street_id: str) -> bytes:
    from icalendar import Calendar

    calendar = Calendar.new(name=name, description=description, prodid=PRODID, uid=f"calendar-{key}@{street_id}.youlin",
                            url=absolute(site_url, page) if site_url else None, refresh_interval=timedelta(days=1))
    calendar.add("X-WR-TIMEZONE", str(TIME_ZONE))
    # Always there, so a feed with no meeting yet is still a valid calendar (RFC 5545 wants a component).
    calendar.add_component(_zone())
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


@cache
def _zone() -> Timezone:
    """The VTIMEZONE, computed once: icalendar walks the zone's whole history to write it (tens of ms)."""
    from icalendar import Timezone

    return Timezone.from_tzid(str(TIME_ZONE), first_date=_ZONE_FROM, last_date=_ZONE_UNTIL)


def _event(data: Consultation, meeting: Meeting, site_url: str | None, changed: date) -> Event:
    from icalendar import Event

    hub = data.hubs.hubs[meeting.hub]
    location = meeting.place
    if hub.address and hub.address not in location:
        location = f"{location}（{hub.address}）"
    lines = [f"{hub.name} · {meeting.type}"]
    for number, item in enumerate(meeting.agenda, start=1):
        title = data.topics[item.topic].title if item.topic else item.item
        lines.append(f"{number}. {title}（{item.duration} 分钟，{item.presenter}）")
    url = absolute(site_url, meeting_page(meeting.id)) if site_url else None
    if url:
        lines.append(f"详情：{url}")
    return Event.new(
        uid=event_uid(data.hubs.street_id, meeting.id),
        summary=meeting_title(data, meeting),
        start=aware(meeting.date, meeting.start),
        end=aware(meeting.date, meeting.end),
        location=location,
        description="\n".join(lines),
        categories=[meeting.type],
        url=url,
        stamp=datetime.combine(changed, datetime.min.time(), tzinfo=timezone.utc),
        status="CONFIRMED",
    )
