"""Reading the network's tables: hubs.yaml's lists and the CSV files, as records that know their lines."""

from __future__ import annotations

from conftest import FIXTURE
from generator.tables import read_tables


def positions(problems) -> list[tuple[str, str, int | None]]:
    return sorted((p.code, p.file, p.line) for p in problems)


def test_every_record_knows_its_file_and_line():
    records, problems = read_tables(FIXTURE / "data")
    assert problems == []
    point = records["points"][2]
    assert (point.file, point.line, point.values["id"]) == ("data/points.csv", 4, "P03")
    station = records["stations"][0]
    assert (station.file, station.line, station.line_of("name")) == ("data/hubs.yaml", 144, 145)


def test_the_annexes_rows_are_the_communities_and_each_names_its_annex():
    records, _ = read_tables(FIXTURE / "data")
    assert [(c.values["id"], c.values["annex"], c.line) for c in records["communities"]] == [
        ("dongfang", "annex-1", 116), ("xiyuan", "annex-1", 122), ("hexi", "annex-2", 136)]
    assert all("rows" not in annex.values for annex in records["annexes"])


def test_unknown_and_missing_csv_columns_leave_the_rows_unread(fixture_project, edit):
    edit.replace("points.csv", "id,name,station,", "id,name,station_id,")
    records, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("header-missing", "data/points.csv", 1), ("header-unknown", "data/points.csv", 1)]
    assert "points" not in records  # otherwise every row would repeat the header's problem


def test_a_wrong_shape_in_yaml_is_reported_not_raised(fixture_project, edit):
    line = edit.replace("hubs.yaml", "stations:\n  - id: S1", "stations: S1\nold_stations:\n  - id: S1")
    records, problems = read_tables(fixture_project.data_dir)
    assert ("yaml-shape", "data/hubs.yaml", line) in positions(problems)
    assert records["stations"] == []


def test_an_unknown_top_level_key_names_the_tables_there_are(fixture_project, edit):
    line = edit.append("hubs.yaml", "extras: 1\n")
    _, problems = read_tables(fixture_project.data_dir)
    assert positions(problems) == [("unknown-field", "data/hubs.yaml", line)]
    assert problems[0].found == "extras" and problems[0].expected.startswith("street、centre、policy")
