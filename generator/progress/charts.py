"""Bar charts drawn at build time as inline SVG: no script, no chart library, nothing requested.

Each chart is an image with a title for screen readers; the page prints the same
numbers in a table beside it, so nothing is shown only as a picture. Labels are
HTML-escaped data, everything else is numbers the generator computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, LABEL, BAR, GAP, TOP = 640, 190, 18, 12, 8
COLOURS = ("#1b5e20", "#90a4ae")  # dark green for what the data holds, grey for the target: both pass AA on white


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series


def bar_chart(title: str, series: tuple[str, ...], bars: list[Bar]) -> Markup:
    """Horizontal grouped bars, one group per label, one bar per series, the value written at its end."""
    most = max((v for bar in bars for v in bar.values), default=0) or 1
    group = BAR * len(series) + GAP
    legend = 26
    height = TOP + legend + group * len(bars) + TOP
    span = WIDTH - LABEL - 60
    parts = [f'<svg class="yl-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    x = LABEL
    for colour, name in zip(COLOURS, series):
        parts.append(f'<rect x="{x}" y="{TOP}" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{x + 18}" y="{TOP + 13}" font-size="15">{escape(name)}</text>')
        x += 30 + 15 * len(name)
    for row, bar in enumerate(bars):
        y = TOP + legend + row * group
        parts.append(f'<text x="{LABEL - 8}" y="{y + BAR * len(series) / 2 + 5:.0f}" font-size="15" '
                     f'text-anchor="end">{escape(bar.label)}</text>')
        for index, value in enumerate(bar.values):
            width = round(span * value / most)
            top = y + index * BAR
            parts.append(f'<rect x="{LABEL}" y="{top}" width="{width}" height="{BAR - 2}" '
                         f'fill="{COLOURS[index % len(COLOURS)]}"/>'
                         f'<text x="{LABEL + width + 4}" y="{top + BAR - 4}" font-size="14">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
