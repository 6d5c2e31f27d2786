"""A schematic map of a community's points, drawn at build time as inline SVG.

No tile server, no script: the page makes no request for it. Positions are the
points' coordinates scaled into a box; it shows where points lie relative to one
another, which is what a resident choosing the nearest one needs. The numbered
legend is ordinary Markdown, so its links are checked like every other link.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, MARGIN = 400, 320, 30


@dataclass(frozen=True)
class CommunityMap:
    svg: Markup
    legend: tuple  # Links to the points, in marker order


def community_map(title: str, points, link) -> CommunityMap | None:
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    if not located:
        return None
    lat0 = sum(p.latitude for p in located) / len(located)
    xs = [p.longitude * math.cos(math.radians(lat0)) for p in located]
    ys = [p.latitude for p in located]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    size = min(WIDTH, HEIGHT) - 2 * MARGIN
    left = (WIDTH - size) / 2
    label = escape(f"{title}友邻点分布示意图")
    parts = [f'<svg class="yl-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" '
             f'xmlns="http://www.w3.org/2000/svg"><rect width="{WIDTH}" height="{HEIGHT}" class="yl-map__ground"/>']
    for number, (point, x, y) in enumerate(zip(located, xs, ys), start=1):
        cx = left + (x - min(xs)) / span * size
        cy = HEIGHT - MARGIN - (y - min(ys)) / span * size
        parts.append(f'<g><title>{number}. {escape(point.name)}</title>'
                     f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="16" class="yl-map__point"/>'
                     f'<text x="{cx:.1f}" y="{cy + 6:.1f}" class="yl-map__label">{number}</text></g>')
    parts.append("</svg>")
    return CommunityMap(Markup("".join(parts)), tuple(link(p.name, f"points/{p.id}.md") for p in located))
