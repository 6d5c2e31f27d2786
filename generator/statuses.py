"""A hub's status and its dates: the cross-checks of when a station or point was set up and closed.

A status says what a hub is now; `established` and `closed_on` say since when. The subsidy is paid
from the year a hub was set up through the year it closed (see ledger/model.py), and its page tells
residents both days, so a status and its dates that disagree are a wrong published figure.
rules.check_network runs `check_statuses` with the network's other cross-checks; `check_dates`
depends on the day too, and runs apart (build.check).
"""

from __future__ import annotations

from datetime import date

from .figures import is_set_up
from .model import STATUS_NAMES, Network
from .problems import Problem, Severity, problem_at


def check_statuses(network: Network) -> list[Problem]:
    return [*_under_station(network), *_established(network), *_closed(network)]


def _under_station(network: Network) -> list[Problem]:
    """A point open under a station that is closed, or not set up yet: the station's page and the point's disagree."""
    problems = []
    for point in network.points.values():
        station = network.stations[point.station]
        if station.status == "closed" and point.status != "closed":
            code = "point-station-closed"
        elif station.status == "planned" and is_set_up(point.status):
            code = "point-station-planned"
        else:
            continue
        problems.append(problem_at(point.source, code, subject=f"友邻点 {point.id} ", found=STATUS_NAMES[point.status],
                                    station=f"{station.name}（{station.id}）",
                                    severity=Severity.WARNING if code == "point-station-planned" else Severity.ERROR))
    return problems


def _established(network: Network) -> list[Problem]:
    """A station or point set up (running or paused) without its 设立日期.

    Without the date the home page's yearly total counts the hub with 0 yuan, its own page shows no yearly
    amount, and the ledger allocates it nothing. A published figure that is wrong, as a subsidy against the
    policy: an error.
    """
    return [problem_at(hub.source, "established-missing", subject=f"{tier} {hub.id} ", found=STATUS_NAMES[hub.status])
            for _, tier, hub in network.hubs("stations", "points")
            if is_set_up(hub.status) and hub.established is None]


def _closed(network: Network) -> list[Problem]:
    """A closing date on a hub that is not closed, or before it was set up: errors, as its page would say it
    closed while it runs, or the ledger would pay it for no year. A closed hub without the date is a warning:
    the data kept before the field was there has none, and the ledger then pays it through its last spending."""
    problems = []
    for _, tier, hub in network.hubs("centre", "stations", "points"):
        subject = f"{tier} {hub.id} "
        if hub.closed_on is None:
            if hub.status == "closed":
                problems.append(problem_at(hub.source, "closed-on-missing", subject=subject, severity=Severity.WARNING))
        elif hub.status != "closed":
            problems.append(problem_at(hub.source, "closed-on-not-closed", subject=subject, found=hub.closed_on,
                                        expected=STATUS_NAMES[hub.status]))
        elif hub.established is not None and hub.closed_on < hub.established:
            problems.append(problem_at(hub.source, "closed-before-established", subject=subject, found=hub.closed_on,
                                        expected=hub.established))
    return problems


def check_dates(network: Network, today: date) -> list[Problem]:
    """Days that have not come yet, where the data records what has happened: most often a mistyped year.

    Apart from the network's rules, which depend only on the files, because the answer changes with the day.
    """
    problems = []
    for _, tier, hub in network.hubs("centre", "stations", "points"):
        for field, day in (("设立日期", hub.established), ("关闭日期", hub.closed_on)):
            if day is not None and day > today:
                problems.append(problem_at(hub.source, "date-future", subject=f"{tier} {hub.id} ", field=field,
                                            found=day, expected=today))
    for point in network.points.values():
        consent = point.leader.consent_date
        if consent is not None and consent > today:
            problems.append(problem_at(point.source, "date-future", subject=f"友邻点 {point.id} ", field="负责人同意公开的日期",
                                        found=consent, expected=today))
    return problems
