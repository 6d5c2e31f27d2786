"""A map of a community's points, drawn at build time: no script, no map service by default.

Without configuration the map is a schematic: the points' coordinates scaled into
a box, drawn as inline SVG, so the page makes no request for it. A street that
runs (or licenses) a tile server can name it in mkdocs.yml; then the same markers
sit on a static mosaic of its tiles, still without any script. The numbered
legend is ordinary Markdown, so its links are checked like every other link.
Markers that would cover one another are drawn a little apart, so every number shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, MARGIN = 400, 320, 30
TILE = 256
MAX_ZOOM = 18
# Of a numbered marker. Its number (youlin.css: 24 of the map's 400 units across) is about the size of the text on a
# phone, in 大字模式 too, where the map is the column's width: 21px of 23px there, 13px when the radius was 16.
RADIUS = 20
# Neighbouring markers keep a few pixels of ground between them: two circles that touch read as one blob.
SPACING = 2 * RADIUS + 4
INSET = SPACING / 2  # a moved marker's centre stays this far inside the frame, so no circle is cut off
SPREAD_STEPS = 200  # rounds of pushing apart; a community's 10-20 markers settle within 20


@dataclass(frozen=True)
class TileSource:
    url: str  # with {z}, {x} and {y}
    attribution: str


@dataclass(frozen=True)
class CommunityMap:
    figure: Markup
    legend: tuple  # Links to the points, in marker order
    schematic: bool  # positions relative to one another only, no base map
    spread: bool  # some markers drawn a little off their points, so that none covers another


def community_map(title: str, points, link, tiles: TileSource | None = None) -> CommunityMap | None:
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    if not located:
        return None
    label = escape(f"{title}友邻点分布{'图' if tiles else '示意图'}")
    if tiles is None:
        true = _schematic_positions(located)
        positions = _spread(true)
        figure = _svg(positions, label, ground=True)
    else:
        zoom, origin = _fit_zoom(located)
        true = [(x - origin[0], y - origin[1]) for x, y in (_mercator(p, zoom) for p in located)]
        positions = _spread(true)
        figure = Markup('<div class="yl-tilemap">') + _tiles(tiles, zoom, origin) + _svg(positions, label, ground=False)
        figure += Markup('<p class="yl-tilemap__credit">') + escape(tiles.attribution) + Markup("</p></div>")
    legend = tuple(link(p.name, f"points/{p.id}.md") for p in located)
    return CommunityMap(figure, legend, schematic=tiles is None, spread=positions != true)


def _svg(positions, label, ground: bool) -> Markup:
    parts = [f'<svg class="yl-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    if ground:
        parts.append(f'<rect width="{WIDTH}" height="{HEIGHT}" class="yl-map__ground"/>')
    for number, (cx, cy) in enumerate(positions, start=1):
        parts.append(f'<g><circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS}" class="yl-map__point"/>'
                     f'<text x="{cx:.1f}" y="{cy + 8:.1f}" class="yl-map__label">{number}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _spread(positions: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The markers moved just apart enough that every number shows, in the same order.

    Points in one compound or building share (or nearly share) coordinates, and
    one numbered circle would hide the other. Markers at the very same spot are
    first set on a ring around it, in number order clockwise from the left, as
    the spot itself gives no direction to part them in. Then every pair still
    closer than SPACING is pushed apart along the line between them, each by
    half the shortfall, round after round in a fixed order. A marker that
    overlaps none stays exactly where its coordinates put it, and a moved one
    keeps its bearing from its neighbours, so the map stays true to the ground
    but for the few pixels that make it readable. Should the rounds leave a
    pair too close (seen only with twenty and more markers jammed against the
    frame), the later marker takes the nearest free place. Same input, same
    output: no randomness, and the same arithmetic in the same order.
    """
    placed = list(positions)
    spots: dict[tuple[float, float], list[int]] = {}
    for i, (x, y) in enumerate(placed):
        spots.setdefault((round(x, 1), round(y, 1)), []).append(i)  # one spot once drawn to 0.1 px
    for same in spots.values():
        if len(same) > 1:
            for i, xy in zip(same, _ring(placed[same[0]], len(same))):
                placed[i] = xy
    for _ in range(SPREAD_STEPS):
        if not _relax(placed):
            break
    for j in range(1, len(placed)):
        if any(_crowded(placed[i], placed[j]) for i in range(j)):
            placed[j] = min((xy for xy in _free_places() if not any(_crowded(placed[i], xy) for i in range(j))),
                            key=lambda xy: math.dist(xy, placed[j]), default=placed[j])
    return placed


def _ring(centre: tuple[float, float], count: int) -> list[tuple[float, float]]:
    """`count` places SPACING apart on a circle around `centre`, clockwise from the left, moved whole into the frame."""
    radius = SPACING / 2 / math.sin(math.pi / count)
    # Left, then up: clockwise on a y-down screen, so the numbers read round like a clock.
    ring = [(radius * math.cos(math.pi + 2 * math.pi * k / count), radius * math.sin(math.pi + 2 * math.pi * k / count))
            for k in range(count)]
    # The ring moves as one, so a spot in a corner keeps its ring round rather than flattened against the edge.
    cx = min(max(centre[0], INSET + radius), WIDTH - INSET - radius) if 2 * (INSET + radius) <= WIDTH else WIDTH / 2
    cy = min(max(centre[1], INSET + radius), HEIGHT - INSET - radius) if 2 * (INSET + radius) <= HEIGHT else HEIGHT / 2
    return [_inside(cx + dx, cy + dy) for dx, dy in ring]


def _relax(placed: list[tuple[float, float]]) -> bool:
    """One round of pushing apart every pair closer than SPACING; whether any moved."""
    moved = False
    for i in range(len(placed)):
        for j in range(i + 1, len(placed)):
            if not _crowded(placed[i], placed[j]):
                continue
            (xi, yi), (xj, yj) = placed[i], placed[j]
            gap = math.hypot(xj - xi, yj - yi)
            # Two markers the frame has pinned to one spot part left and right, lower number first.
            ux, uy = ((xj - xi) / gap, (yj - yi) / gap) if gap > 1e-6 else (1.0, 0.0)
            push = (SPACING - gap) / 2
            placed[i] = _inside(xi - ux * push, yi - uy * push)
            placed[j] = _inside(xj + ux * push, yj + uy * push)
            moved = True
    return moved


def _crowded(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.dist(a, b) < SPACING - 0.01  # the slack ends the halving pushes, a hair short of SPACING


def _free_places() -> list[tuple[float, float]]:
    """Every place a marker may stand, 4 px apart: where a marker crowded past relaxing looks for room."""
    return [(x, y) for x in range(math.ceil(INSET), math.floor(WIDTH - INSET) + 1, 4)
            for y in range(math.ceil(INSET), math.floor(HEIGHT - INSET) + 1, 4)]


def _inside(x: float, y: float) -> tuple[float, float]:
    return min(max(x, INSET), WIDTH - INSET), min(max(y, INSET), HEIGHT - INSET)


def _schematic_positions(points) -> list[tuple[float, float]]:
    lat0 = sum(p.latitude for p in points) / len(points)
    xs = [p.longitude * math.cos(math.radians(lat0)) for p in points]
    ys = [p.latitude for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    size = min(WIDTH, HEIGHT) - 2 * MARGIN
    left = (WIDTH - size) / 2
    return [(left + (x - min(xs)) / span * size, HEIGHT - MARGIN - (y - min(ys)) / span * size)
            for x, y in zip(xs, ys)]


def _mercator(point, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel position at a zoom level, as tile servers number their tiles."""
    scale = TILE * 2 ** zoom
    lat = math.radians(point.latitude)
    x = (point.longitude + 180) / 360 * scale
    y = (1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * scale
    return x, y


def _fit_zoom(points) -> tuple[int, tuple[float, float]]:
    """The closest zoom at which every point fits the frame, and the frame's top-left pixel."""
    for zoom in range(MAX_ZOOM, -1, -1):
        xy = [_mercator(p, zoom) for p in points]
        xs, ys = [x for x, _ in xy], [y for _, y in xy]
        if max(xs) - min(xs) <= WIDTH - 2 * MARGIN and max(ys) - min(ys) <= HEIGHT - 2 * MARGIN:
            break
    centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    return zoom, (centre[0] - WIDTH / 2, centre[1] - HEIGHT / 2)


def _tiles(tiles: TileSource, zoom: int, origin: tuple[float, float]) -> Markup:
    """The tiles under the frame, placed in percentages so the map scales with the page."""
    images = []
    for tx in range(int(origin[0] // TILE), int((origin[0] + WIDTH) // TILE) + 1):
        for ty in range(int(origin[1] // TILE), int((origin[1] + HEIGHT) // TILE) + 1):
            url = tiles.url.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
            left, top = (tx * TILE - origin[0]) / WIDTH * 100, (ty * TILE - origin[1]) / HEIGHT * 100
            images.append(f'<img src="{escape(url)}" alt="" loading="lazy" style="left:{left:.3f}%;top:{top:.3f}%;'
                          f'width:{TILE / WIDTH * 100:.3f}%;height:{TILE / HEIGHT * 100:.3f}%">')
    return Markup("".join(images))
