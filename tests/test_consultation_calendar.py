"""The iCalendar feeds parse back and say what the meeting data says, with stable UIDs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import FIXTURE, copy_project
from generator.build import check, generate
from generator.consultation.calendar import event_uid

SITE = "https://shili.youlin.test/youlin/"


def commit(root, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def feeds(project) -> dict[str, bytes]:
    result = generate(project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    folder = project.build_dir / "docs" / "calendars"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.ics"))}


@pytest.fixture
def built(fixture_project):
    return fixture_project, feeds(fixture_project)


def events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_hub_in_use_has_a_feed_and_the_street_has_one_for_all(built):
    project, files = built
    network = check(project).network
    # every station, the centre and the street; points once a topic or a meeting has been there
    hubs = {network.street.id, network.centre.id, *network.stations, "P01", "P02"}
    assert set(files) == {f"{hub}.ics" for hub in hubs} | {"index.ics"}
    assert set(events(files["index.ics"])) == {event_uid("shili", m) for m in ("M1", "M2", "M3", "M4", "M5")}
    assert set(events(files["S1.ics"])) == {event_uid("shili", "M2"), event_uid("shili", "M4")}
    assert events(files["S3.ics"]) == {}  # no meeting yet, but a valid calendar to subscribe to


def test_a_street_whose_id_is_street_has_its_own_feed_beside_the_all_street_one(fixture_project):
    for name in ("hubs.yaml", "topics.yaml"):
        path = fixture_project.data_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace(": shili\n", ": street\n"), encoding="utf-8")
    files = feeds(fixture_project)
    assert set(events(files["index.ics"])) == {event_uid("street", m) for m in ("M1", "M2", "M3", "M4", "M5")}
    assert events(files["street.ics"]) == {}  # the street itself has held no meeting
    assert Calendar.from_ical(files["street.ics"])["UID"] != Calendar.from_ical(files["index.ics"])["UID"]


def test_events_match_the_meeting_data(built):
    _, files = built
    event = events(files["index.ics"])["M2@shili.youlin"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (datetime(2021, 3, 30, 14, 0),
                                                                      datetime(2021, 3, 30, 15, 30))
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(event["SUMMARY"]) == "东方社区友邻站跨区域协商会"
    assert str(event["LOCATION"]) == "东方社区服务中心二楼（东方路 10 号）"
    assert str(event["URL"]) == SITE + "meetings/M2/"
    assert "晨光苑夜间停车位不够（60 分钟" in str(event["DESCRIPTION"])
    assert "DTSTAMP" in event


def test_the_feed_carries_its_time_zone(built):
    _, files = built
    calendar = Calendar.from_ical(files["C1.ics"])
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Shanghai"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["URL"]) == SITE + "consultation/C1/"
    assert b"\r\n" in files["C1.ics"]  # RFC 5545 lines end in CRLF


def test_uids_and_bytes_are_stable_across_builds(built, tmp_path):
    _, first = built
    again = feeds(copy_project(FIXTURE, tmp_path / "again"))
    assert again == first
    # A meeting moved to another time is the same event: its UID does not change.
    project = copy_project(FIXTURE, tmp_path / "moved")
    path = project.data_dir / "meetings.yaml"
    old = '    date: "2022-01-18"\n    start: "14:00"\n    end: "15:30"'
    new = '    date: "2022-01-19"\n    start: "9:00"\n    end: "10:30"'
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    moved = events(feeds(project)["S1.ics"])
    assert set(moved) == set(events(first["S1.ics"]))
    assert moved["M4@shili.youlin"].decoded("DTSTART").replace(tzinfo=None) == datetime(2022, 1, 19, 9, 0)


def test_dtstamp_is_when_the_meeting_last_changed(fixture_project):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = fixture_project.root
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commit(root, "first", "2021-12-01T10:00:00+00:00")
    path = fixture_project.data_dir / "meetings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("place: 示例友邻中心会议室\n    agenda:\n      - topic: T6",
                                                             "place: 示例友邻中心报告厅\n    agenda:\n      - topic: T6"),
                    encoding="utf-8")
    commit(root, "M5 moved", "2022-01-05T10:00:00+00:00")
    found = events(feeds(fixture_project)["index.ics"])
    assert found["M5@shili.youlin"].decoded("DTSTAMP").date().isoformat() == "2022-01-05"
    assert found["M1@shili.youlin"].decoded("DTSTAMP").date().isoformat() == "2021-12-01"


def test_a_check_does_not_import_icalendar(fixture_project):
    # Only writing the feeds needs it, and importing it took a fiftieth of a city's repeated `check`.
    code = ("import sys; from pathlib import Path; from generator.build import check; "
            "from generator.project import Project; "
            f"assert check(Project(Path({str(fixture_project.root)!r}))).report.ok; print('icalendar' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent, capture_output=True,
                         text=True, check=True)
    assert run.stdout.strip() == "False"
