"""A map of a community's points, drawn at build time: no script, no map service by default.

Without configuration the map is a schematic: the points' coordinates scaled into
a box, drawn as inline SVG, so the page makes no request for it. A street that
runs (or licenses) a tile server can name it in mkdocs.yml; then the same markers
sit on a static mosaic of its tiles, still without any script. The numbered
legend is ordinary Markdown, so its links are checked like every other link.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, MARGIN = 400, 320, 30
TILE = 256
MAX_ZOOM = 18


@dataclass(frozen=True)
class TileSource:
    url: str  # with {z}, {x} and {y}
    attribution: str


@dataclass(frozen=True)
class CommunityMap:
    figure: Markup
    legend: tuple  # Links to the points, in marker order
    schematic: bool  # positions relative to one another only, no base map


def community_map(title: str, points, link, tiles: TileSource | None = None) -> CommunityMap | None:
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    if not located:
        return None
    label = escape(f"{title}友邻点分布{'图' if tiles else '示意图'}")
    if tiles is None:
        positions = _schematic_positions(located)
        figure = _svg(positions, label, ground=True)
    else:
        zoom, origin = _fit_zoom(located)
        positions = [(x - origin[0], y - origin[1]) for x, y in (_mercator(p, zoom) for p in located)]
        figure = Markup('<div class="yl-tilemap">') + _tiles(tiles, zoom, origin) + _svg(positions, label, ground=False)
        figure += Markup('<p class="yl-tilemap__credit">') + escape(tiles.attribution) + Markup("</p></div>")
    legend = tuple(link(p.name, f"points/{p.id}.md") for p in located)
    return CommunityMap(figure, legend, schematic=tiles is None)


def _svg(positions, label, ground: bool) -> Markup:
    parts = [f'<svg class="yl-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    if ground:
        parts.append(f'<rect width="{WIDTH}" height="{HEIGHT}" class="yl-map__ground"/>')
    for number, (cx, cy) in enumerate(positions, start=1):
        parts.append(f'<g><circle cx="{cx:.1f}" cy="{cy:.1f}" r="16" class="yl-map__point"/>'
                     f'<text x="{cx:.1f}" y="{cy + 6:.1f}" class="yl-map__label">{number}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


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
