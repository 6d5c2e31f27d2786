"""Community maps: a schematic by default, the street's own tiles when configured."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from xml.etree import ElementTree

import pytest

from generator.build import generate
from generator.maps import TileSource, community_map
from generator.public import index_public
from generator.rules import read_network

from conftest import REPO


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


# ------------------------------------------------ markers that would cover one another

SVG = "{http://www.w3.org/2000/svg}"
TILES = TileSource("https://tiles.example.org/{z}/{x}/{y}.png", "示例")


def markers(figure: str) -> tuple[tuple[float, ...], list[tuple[str, float, float, float]]]:
    """The SVG's viewBox, and each marker's number, centre and radius in drawing order."""
    svg = ElementTree.fromstring(figure[figure.index("<svg"):figure.index("</svg>") + len("</svg>")])
    drawn = []
    for group in svg.iter(f"{SVG}g"):
        circle, label = group.find(f"{SVG}circle"), group.find(f"{SVG}text")
        assert float(label.get("x")) == float(circle.get("cx"))  # the number sits in its own circle
        drawn.append((label.text, float(circle.get("cx")), float(circle.get("cy")), float(circle.get("r"))))
    return tuple(float(v) for v in svg.get("viewBox").split()), drawn


def assert_every_number_shows(figure: str, count: int) -> None:
    """Markers 1 to `count`, in order, each whole inside the frame and none touching another."""
    (left, top, width, height), drawn = markers(figure)
    assert [number for number, *_ in drawn] == [str(n) for n in range(1, count + 1)]
    for number, x, y, r in drawn:
        assert left + r <= x <= left + width - r and top + r <= y <= top + height - r, f"marker {number} is cut off"
    for (a, xa, ya, ra), (b, xb, yb, rb) in itertools.combinations(drawn, 2):
        assert math.dist((xa, ya), (xb, yb)) >= ra + rb, f"markers {a} and {b} overlap"


def spot(n: int, latitude: float, longitude: float) -> Spot:
    return Spot(f"P{n}", f"点{n}", latitude, longitude)


@pytest.mark.parametrize("tiles", [None, TILES], ids=["schematic", "tiles"])
def test_points_at_one_spot_each_keep_a_marker_with_their_own_number(tiles):
    # Three points in one building, a fourth in the next, and two further off.
    spots = [spot(1, 30.70, 121.00), spot(2, 30.71, 121.02), spot(3, 30.71, 121.02), spot(4, 30.71, 121.02),
             spot(5, 30.71001, 121.02002), spot(6, 30.72, 121.03)]
    drawn = community_map("东方社区", spots, link, tiles)
    assert_every_number_shows(drawn.figure, 6)
    assert drawn.legend == tuple((s.name, f"points/{s.id}.md") for s in spots)
    assert drawn.spread


@pytest.mark.parametrize("tiles", [None, TILES], ids=["schematic", "tiles"])
def test_markers_move_apart_only_as_far_as_needed_and_keep_their_bearing(tiles):
    far = [spot(1, 30.70, 121.00), spot(2, 30.72, 121.03), spot(3, 30.70, 121.03)]
    alone = markers(community_map("东方社区", [*far, spot(4, 30.71, 121.015)], link, tiles).figure)[1]
    # A fifth point a few metres east-north-east of the fourth, in the middle of the map.
    pair = community_map("东方社区", [*far, spot(4, 30.71, 121.015), spot(5, 30.71002, 121.01505)], link, tiles)
    drawn = markers(pair.figure)[1]
    assert_every_number_shows(pair.figure, 5)
    assert drawn[:3] == alone[:3]  # markers clear of the others stay exactly where they were
    (_, x4, y4, r), (_, x5, y5, _) = drawn[3:]
    _, x, y, _ = alone[3]
    assert x5 > x4 and y5 < y4  # the fifth is still east and north of the fourth
    assert 2 * r <= math.dist((x4, y4), (x5, y5)) <= 2 * r + 8  # apart, with a sliver of ground between
    assert math.dist(((x4 + x5) / 2, (y4 + y5) / 2), (x, y)) <= 1  # each moved half the way, about their spot
    assert not community_map("东方社区", [*far, spot(4, 30.71, 121.015)], link, tiles).spread


@pytest.mark.parametrize("tiles", [None, TILES], ids=["schematic", "tiles"])
def test_a_crowd_of_points_given_one_spot_still_shows_every_number(tiles):
    # Every point given its community's coordinates: the schematic puts that one spot in a corner.
    crowd = [spot(n, 30.70, 121.00) for n in range(1, 25)]
    drawn = community_map("东方社区", crowd, link, tiles)
    assert_every_number_shows(drawn.figure, 24)
    assert community_map("东方社区", crowd, link, tiles).figure == drawn.figure  # the same bytes every build


@pytest.mark.shipped_sample
def test_every_shipped_community_map_shows_every_number():
    network, problems = read_network(REPO / "data")
    assert network is not None, problems
    index = index_public(network)
    drawn = 0
    for community in index.public.communities:
        points = index.points_in(community.id)
        for tiles in (None, TILES):
            shown = community_map(community.name, points, link, tiles)
            if shown is not None:
                assert_every_number_shows(shown.figure, len(shown.legend))
                drawn += 1
    assert drawn >= 20  # most of the sample's 26 communities and villages have located points


def test_the_page_says_when_markers_are_drawn_apart(fixture_project, edit):
    edit.replace("points.csv", "2020-03-12,,", "2020-03-12,30.1,120.1")  # a second point at the first one's spot
    result = generate(fixture_project)
    assert result.report.ok
    page = (result.docs_dir / "communities" / "dongfang.md").read_text(encoding="utf-8")
    figure = page[page.index("<figure"):page.index("</figure>")]
    assert_every_number_shows(figure, 2)
    assert "挨得太近的友邻点，图上稍稍分开画" in page
