"""A notice-board poster (公示栏海报) per point: one A4 page in large type, with a QR code.

The QR code opens the point's page, so it needs the published address of the site
(`site_url` in mkdocs.yml); without one the poster is printed without a code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from markupsafe import Markup

from .pages import Link, Linker, Page, PublicIndex, Site, point_path, poster_path, web_path
from .public import PublicPoint


@dataclass(frozen=True)
class PosterContext:
    site: Site
    point: PublicPoint
    station_name: str
    station_phone: str | None
    page: Link
    qr: Markup | None
    url: str | None


def qr_svg(url: str, title: str) -> Markup:
    """An SVG QR code (segno's own markup, holding only the URL we give it)."""
    buffer = io.BytesIO()
    # A fixed mask: scoring all eight masks made a QR code cost 6 ms instead of 1, which at a
    # city's tens of thousands of posters is minutes; any mask is valid and these short URLs scan fine.
    code = segno.make(url, error="m", mask=0, boost_error=False)
    code.save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgclass="yl-qr", title=title)
    return Markup(buffer.getvalue().decode("utf-8"))


def build_posters(index: PublicIndex, site_url: str | None) -> list[Page]:
    pages = []
    for point in index.public.points:
        path = poster_path(point.id)
        station = index.stations[point.station_id]
        url = f"{site_url.rstrip('/')}/{web_path(point_path(point.id))}" if site_url else None
        context = PosterContext(
            site=index.site,
            point=point,
            station_name=station.name,
            station_phone=station.phone,
            page=Linker(path)(point.name, point_path(point.id)),
            qr=qr_svg(url, f"{point.name}网页二维码") if url else None,
            url=url,
        )
        pages.append(Page(path, "poster.md.j2", f"{point.name}（公示栏海报）", f"{point.name}的公示栏海报，A4 打印", context))
    return pages
