"""Bar charts drawn at build time as inline SVG: no script, no chart library, nothing requested.

Each chart is an image with a title for screen readers; the page prints the same
numbers in a table beside it, so nothing is shown only as a picture. Labels are
HTML-escaped data, everything else is numbers the generator computed.

The chart has no viewBox: its text is the page's own type, in em, so it is as large
as the text around it, in 大字模式 too, on a phone as on a computer. (A viewBox
scaled the whole drawing to the column: on a 390px phone the labels were 8px.)
Lengths across are percentages of the chart's width, lengths down are em. Each
label is on a line of its own above its bars, which fits any width; where the chart
is wide enough for a column of labels beside the bars, the stylesheet moves them
there (the custom properties on the chart say how far; youlin.css). One markup
serves every screen and print; no script.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

COLOURS = ("#1b5e20", "#90a4ae")  # dark green for what the data holds, grey for the target: both pass AA on white
SCALE = 1000  # a bar's length in its own units, the longest SCALE: whole numbers, the same on every screen
LINE, BAR, THICK, GAP = 1.5, 1.2, 0.85, 0.6  # em: a line of text, a bar's pitch and thickness, between two groups
VALUE = 3.5  # em after the longest bar for its value
# The stylesheet puts the labels beside the bars in a chart at least this wide (em, youlin.css): the column of labels,
# the longest bar and its value fill it. The longest bar is the rest, in % of the chart's width, and no less than
# SPAN_MIN (longer labels stay above their bars); a chart with its labels above has bars at most SPAN_ABOVE long.
BESIDE, SPAN_MIN, SPAN_ABOVE = 28, 50, 70


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series


def _em(text: str) -> float:
    """About how wide `text` is, in em: a Chinese character is one, a digit or a Latin letter about 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def _n(value: float) -> str:
    """A length for the markup: two decimals at most, no trailing zeros, no "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def bar_chart(title: str, series: tuple[str, ...], bars: list[Bar]) -> Markup:
    """Horizontal grouped bars, one group per label, one bar per series, the value written at its end."""
    most = max((v for bar in bars for v in bar.values), default=0) or 1
    label = max((_em(bar.label) for bar in bars), default=0) + 0.5
    span = int(100 * (1 - (label + VALUE) / BESIDE))
    fits_beside = span >= SPAN_MIN
    span = min(span, SPAN_ABOVE) if fits_beside else SPAN_ABOVE
    widths = [0.9 + 0.3 + _em(name) + 1 for name in series]
    across = sum(widths) - 1 <= 14  # on one line if that fits a phone in 大字模式 (about 15em), else a line each
    legend = LINE if across else LINE * len(series)
    bars_height = BAR * len(series)  # the bars of one group
    above, beside = LINE + bars_height + GAP, max(bars_height, LINE) + GAP  # a group's pitch in each layout
    height_above = legend + GAP / 2 + above * len(bars)
    height_beside = legend + GAP / 2 + beside * len(bars)
    # Beside its bars a label's baseline moves from its own line to level with the middle of the bars.
    label_dy = (bars_height - (BAR - THICK)) / 2 + 0.35 - 1.1
    style = (f"--yl-chart-above:{_n(height_above)}em;--yl-chart-beside:{_n(height_beside)}em;"
             f"--yl-chart-label:{_n(label)}em;--yl-chart-label-dy:{_n(label_dy)}em")
    kind = "yl-chart yl-chart--beside" if fits_beside else "yl-chart"
    parts = [f'<svg class="{kind}" width="100%" height="{_n(height_above)}em" style="{style}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
             f'<g class="yl-chart__legend">']
    x = y = 0.0
    for colour, name, width in zip(COLOURS, series, widths):
        parts.append(f'<svg x="{_n(x)}em" y="{_n(y + 0.3)}em" width="0.9em" height="0.9em" viewBox="0 0 10 10">'
                     f'<rect x="0" y="0" width="10" height="10" fill="{colour}"/></svg>'
                     f'<text x="{_n(x + 1.2)}em" y="{_n(y + 1.1)}em">{escape(name)}</text>')
        x, y = (x + width, y) if across else (x, y + LINE)
    parts.append("</g>")
    # The rects keep one set of whole-number units, as if in one drawing below the legend's swatches (units 0-10),
    # each bar's viewport showing its own slice of it: lengths in the markup the same whatever the screen.
    units = 10 * len(series)
    for row, bar in enumerate(bars):
        top = legend + GAP / 2 + row * above
        move = row * (beside - above)  # to where the row is when the labels are beside the bars
        parts.append(f'<g class="yl-chart__row" style="--yl-chart-dy:{_n(move)}em">'
                     f'<text class="yl-chart__label" y="{_n(top + 1.1)}em">{escape(bar.label)}</text>'
                     f'<g class="yl-chart__bars">')
        for index, value in enumerate(bar.values):
            y = top + LINE + index * BAR
            unit = 40 + units * row + 10 * index
            parts.append(f'<svg y="{_n(y)}em" width="{span}%" height="{THICK}em" viewBox="0 {unit} {SCALE} 8" '
                         f'preserveAspectRatio="none"><rect x="0" y="{unit}" width="{round(SCALE * value / most)}" '
                         f'height="8" fill="{COLOURS[index % len(COLOURS)]}"/></svg>'
                         f'<text x="{_n(span * value / most)}%" dx="0.25em" y="{_n(y + 0.78)}em">{value}</text>')
        parts.append("</g></g>")
    parts.append("</svg>")
    return Markup("".join(parts))
