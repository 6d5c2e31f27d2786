"""QR codes as inline SVG for printed pages (posters, blank forms).

segno encodes and writes the SVG. The mask is fixed: scoring all eight masks made a
code cost 6 ms instead of 1, which at a city's tens of thousands of printed codes is
minutes; any mask is valid and these short URLs scan fine (tests decode them).
"""

from __future__ import annotations

import io
from typing import Sequence

import segno
from markupsafe import Markup

from .parallel import parallel_map

BORDER = 2  # modules of white around the code: enough on white paper


def qr_svgs(codes: Sequence[tuple[str, str]]) -> list[Markup]:
    """An SVG QR code of each (url, title): a URL of the site, and a title for screen readers.

    Encoded on every core: a city prints tens of thousands of codes.
    """
    return [Markup(svg) for svg in parallel_map(_svg, codes)]


def _svg(request: tuple[str, str]) -> str:
    url, title = request
    buffer = io.BytesIO()
    code = segno.make(url, error="m", mask=0, boost_error=False)
    # segno escapes the title and writes nothing but the code, so the markup is safe to inline.
    # A viewBox and no fixed size: the stylesheet sizes it (6 cm on a poster, 3 cm on a form).
    code.save(buffer, kind="svg", border=BORDER, omitsize=True, xmldecl=False, svgclass="yl-qr", title=title)
    return buffer.getvalue().decode("utf-8").strip()
