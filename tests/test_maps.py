"""Community maps: a schematic by default, the street's own tiles when configured."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.build import generate
from generator.maps import TileSource, community_map


@dataclass
class Spot:
    id: str
    name: str
    latitude: float | None
    longitude: float | None


def link(text, target):
    return (text, target)


SPOTS = [Spot("P1", "甲", 30.70, 121.00), Spot("P2", "乙 <b>", 30.72, 121.03), Spot("P3", "丙", None, None)]


def circles(markup: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', markup)]


def test_no_coordinates_no_map():
    assert community_map("东方社区", [SPOTS[2]], link) is None


def test_schematic_marks_each_located_point_inside_the_frame_and_requests_nothing():
    drawn = community_map("东方社区", SPOTS, link)
    points = circles(drawn.figure)
    assert len(points) == 2 and all(0 <= x <= 400 and 0 <= y <= 320 for x, y in points)
    assert points[1][0] > points[0][0] and points[1][1] < points[0][1]  # east is right, north is up
    assert "<img" not in drawn.figure and "http" not in drawn.figure.replace("http://www.w3.org/2000/svg", "")
    assert drawn.legend == (("甲", "points/P1.md"), ("乙 <b>", "points/P2.md"))


def test_configured_tiles_cover_the_frame_under_the_markers():
    drawn = community_map("东方社区", SPOTS, link, TileSource("https://tiles.example.org/{z}/{x}/{y}.png", "示例 & 来源"))
    sources = re.findall(r'<img src="https://tiles\.example\.org/(\d+)/(\d+)/(\d+)\.png"', drawn.figure)
    assert sources and len({z for z, _, _ in sources}) == 1
    zoom = int(sources[0][0])
    assert 10 <= zoom <= 18
    assert all(0 <= x <= 400 and 0 <= y <= 320 for x, y in circles(drawn.figure))
    assert "示例 &amp; 来源" in drawn.figure


def test_a_bad_tile_setting_is_a_config_problem(fixture_project):
    config = fixture_project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  youlin:\n    map_tiles:\n      url: http://tiles.example.org/tile.png\n"), encoding="utf-8")
    report = generate(fixture_project).report
    assert [p.code for p in report.errors] == ["config-invalid"]
    assert "map_tiles" in report.errors[0].message
