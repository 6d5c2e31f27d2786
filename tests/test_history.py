"""Page dates from the git history of the data files."""

from __future__ import annotations

import os
import subprocess
from datetime import date

from generator import history
from generator.build import check, generate
from generator.history import DataHistory
from generator.model import Source


def commit(root, message, when):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_each_page_carries_the_date_its_own_data_last_changed(fixture_project, edit):
    root = fixture_project.root
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commit(root, "first", "2021-01-05T10:00:00+00:00")
    line = edit.replace("points.csv", "每周二 9:00-11:00,500,,", "每周二 9:00-12:00,500,,")
    commit(root, "P01 hours", "2022-03-09T10:00:00+00:00")
    history = DataHistory(root, ["data/points.csv", "data/hubs.yaml"])
    assert history.of_record(Source("data/points.csv", line)) == date(2022, 3, 9)
    assert history.of_record(Source("data/points.csv", line + 1)) == date(2021, 1, 5)
    assert history.latest() == date(2022, 3, 9)

    assert generate(fixture_project).report.ok
    docs = fixture_project.build_dir / "docs"
    assert 'data_updated: "2022-03-09"\ndata_updated_text: "2022年3月9日"' in (docs / "points/P01.md").read_text()
    assert 'data_updated: "2021-01-05"' in (docs / "points/P03.md").read_text()
    assert 'data_updated: "2022-03-09"' in (docs / "stations/S1.md").read_text()  # its point changed
    assert 'data_updated: "2021-01-05"' in (docs / "stations/S2.md").read_text()


def test_a_yaml_record_counts_every_line_of_its_block(fixture_project, edit):
    root = fixture_project.root
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commit(root, "first", "2021-01-05T10:00:00+00:00")
    edit.replace("hubs.yaml", "    address: 西苑路 20 号\n", "    address: 西苑路 22 号\n")
    commit(root, "S2 moved", "2023-07-01T10:00:00+00:00")
    text = (fixture_project.data_dir / "hubs.yaml").read_text(encoding="utf-8")
    s2 = text[: text.index("  - id: S2")].count("\n") + 1  # the mapping starts on the "- id:" line
    history = DataHistory(root, ["data/hubs.yaml"])
    assert history.of_record(Source("data/hubs.yaml", s2)) == date(2023, 7, 1)


def test_without_git_there_are_no_dates(fixture_project):
    assert DataHistory(fixture_project.root, ["data/points.csv"]).latest() is None


def test_check_asks_git_for_nothing(fixture_project, monkeypatch):
    # Only pages carry dates: blaming a city's data files on every check would cost seconds.
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=fixture_project.root, check=True)
    commit(fixture_project.root, "first", "2021-01-05T10:00:00+00:00")
    asked = []
    monkeypatch.setattr(history, "_blame_dates", lambda root, rel: asked.append(rel))
    assert check(fixture_project).report.ok
    assert asked == []
