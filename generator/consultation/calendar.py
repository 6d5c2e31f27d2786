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

from ..links import GeneratedFile
from ..model import Source
from .details import TIME_ZONE, absolute, aware
from .model import Consultation, Meeting
from .pages import LISTS_SOURCE, calendar_source
from .views import ALL_CALENDAR, INDEX, calendar_file, hub_page, meeting_page, meeting_title

if TYPE_CHECKING:
    from icalendar import Event

# icalendar is imported by the functions that write feeds: `check` writes none, and the import takes 50 ms.

PRODID = "-//youlin//consultation feeds//ZH"
_ZONE_FROM, _ZONE_UNTIL = date(2000, 1, 1), date(2100, 1, 1)
_END = b"END:VCALENDAR\r\n"


def event_uid(street_id: str, meeting_id: str) -> str:
    return f"{meeting_id}@{street_id}.youlin"


def calendar_files(data: Consultation, site_url: str | None, changed: Callable[[Source], date | None],
                   today: date) -> dict[str, GeneratedFile]:
    """Every feed by its path in the docs folder."""
    street = data.hubs.hubs[data.hubs.street_id]
    meetings = sorted(data.meetings.values(), key=lambda m: (m.starts, m.id))
    # Serialising an event is most of a feed's cost (icalendar folds every line), and each event is in two
    # feeds (its hub's and the street's): each is serialised once, and the feeds are put together from the bytes.
    events = [_event(data, m, site_url, changed(m.source) or today).to_ical() for m in meetings]
    by_hub: dict[str, list[bytes]] = {}
    for meeting, event in zip(meetings, events):
        by_hub.setdefault(meeting.hub, []).append(event)
    feeds = {ALL_CALENDAR: GeneratedFile(_feed(f"{street.name}友邻网络协商会议", f"{street.name}各级友邻协商会议", events,
                                               INDEX, "index", site_url, data.hubs.street_id), LISTS_SOURCE)}
    for hub in data.hubs.hubs.values():
        if data.has_page(hub.id):
            feed = _feed(f"{hub.name}协商会议", f"{hub.name}召开的协商会议", by_hub.get(hub.id, []),
                         hub_page(hub.id), hub.id, site_url, data.hubs.street_id)
            feeds[calendar_file(hub.id)] = GeneratedFile(feed, calendar_source(hub))
    return feeds


def _feed(name: str, description: str, events: list[bytes], page: str, key: str, site_url: str | None,
          street_id: str) -> bytes:
    """A VCALENDAR of the serialised events: its own lines, then its components, as icalendar writes them."""
    from icalendar import Calendar

    calendar = Calendar.new(name=name, description=description, prodid=PRODID, uid=f"calendar-{key}@{street_id}.youlin",
                            url=absolute(site_url, page) if site_url else None, refresh_interval=timedelta(days=1))
    calendar.add("X-WR-TIMEZONE", str(TIME_ZONE))
    # The VTIMEZONE is always there, so a feed with no meeting yet is still a valid calendar (RFC 5545 wants a
    # component).
    return b"".join((calendar.to_ical().removesuffix(_END), _zone(), *events, _END))


@cache
def _zone() -> bytes:
    """The VTIMEZONE, computed once: icalendar walks the zone's whole history to write it (tens of ms)."""
    from icalendar import Timezone

    return Timezone.from_tzid(str(TIME_ZONE), first_date=_ZONE_FROM, last_date=_ZONE_UNTIL).to_ical()


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
