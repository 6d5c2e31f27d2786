"""QR codes for printed pages (posters, form sheets), drawn by the browser that shows them.

Contexts carry a `QrCode` (what to encode); templates write it with the `qr_slot`
filter as an empty element that theme/assets/javascripts/qr.js fills with the code's
SVG, using the qrcode-generator library kept beside it. A city prints hundreds of
thousands of codes (one per hub on each printed form): encoded in Python they were
most of the build's time, while a printed page needs only its own dozen. Without
scripts, the slot shows the address itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


# What a page that is not a page of the theme (a print file) loads to draw its codes, in order.
QR_SCRIPTS = ("assets/javascripts/vendor/qrcode-generator-2.0.4.js", "assets/javascripts/qr.js")


@dataclass(frozen=True)
class QrCode:
    url: str  # a URL of the site
    title: str  # for screen readers


def qr_slot(code: QrCode) -> Markup:
    """The element qr.js draws the code into; until then (or without scripts) it shows the address."""
    return Markup('<span class="yl-qr" data-qr="{url}" data-qr-title="{title}">{url}</span>').format(
        url=code.url, title=code.title)
