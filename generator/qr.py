"""QR codes as inline SVG for printed pages (posters, blank forms).

Contexts carry a `QrCode` (what to encode); templates draw it with the `qr_svg`
filter, so the codes are encoded where pages are rendered, on every core (see
parallel.py): a city prints tens of thousands of them.

segno encodes and writes the SVG. The mask is fixed: scoring all eight masks made a
code cost 6 ms instead of 1, which at a city's tens of thousands of printed codes is
minutes; any mask is valid and these short URLs scan fine (tests decode them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from markupsafe import Markup

BORDER = 2  # modules of white around the code: enough on white paper


@dataclass(frozen=True)
class QrCode:
    url: str  # a URL of the site
    title: str  # for screen readers


def qr_svg(code: QrCode) -> Markup:
    """The code as an SVG element, titled."""
    buffer = io.BytesIO()
    qr = segno.make(code.url, error="m", mask=0, boost_error=False)
    # segno escapes the title and writes nothing but the code, so the markup is safe to inline.
    # A viewBox and no fixed size: the stylesheet sizes it (6 cm on a poster, 3 cm on a form).
    qr.save(buffer, kind="svg", border=BORDER, omitsize=True, xmldecl=False, svgclass="yl-qr", title=code.title)
    return Markup(buffer.getvalue().decode("utf-8").strip())
