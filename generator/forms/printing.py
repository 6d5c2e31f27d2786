"""Paper forms: A4 sheets from a form definition, blank or pre-filled for one hub.

Every form prints: record forms as labelled boxes (with the hub filled in, a QR
code opening the online form for that hub, and signature lines), sheet forms as
numbered rows sized for handwriting. The covenants feature prints its signature
sheets with the same `SheetTable` and `print_style` (see covenants/pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ..qr import QrCode
from ..render import css_string
from .definitions import Column, FormDef, FormField


@dataclass(frozen=True)
class SheetTable:
    """Numbered rows to sign on paper; widths in percent, rows tall enough for handwriting."""

    columns: tuple[Column, ...]
    rows: tuple[int, ...]


def sheet_table(form: FormDef, rows: int | None = None) -> SheetTable:
    return SheetTable(form.columns, tuple(range(1, (rows or form.rows) + 1)))


def print_style(header: str) -> Markup:
    """Page margin boxes: the form and hub on top of every printed page, page x of y below."""
    return Markup(
        "<style>@page { size: A4; margin: 18mm 15mm 20mm; "
        f"@top-center {{ content: {css_string(header)}; font-size: 10pt; }} "
        '@bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 10pt; } }'
        "</style>")


@dataclass(frozen=True)
class PaperField:
    name: str
    label: str
    hint: str
    widget: str
    optional: bool
    options: tuple[str, ...]
    condition: str  # when a show-if field is to be filled in
    value: str  # filled in already (the hub's id)


@dataclass(frozen=True)
class PaperGroup:
    legend: str
    fields: tuple[PaperField, ...]


@dataclass(frozen=True)
class PaperSheet:
    """One printed form: blank, or for one hub."""

    anchor: str | None
    title: str
    hub_line: str  # 友邻点：安银居友邻点（P0001） · 所属友邻站：…
    intro: str
    groups: tuple[PaperGroup, ...]
    signatures: tuple[str, ...]
    header: tuple[str, ...]
    table: SheetTable | None
    qr: QrCode | None  # the online form's address, with the hub filled in


def form_url(site_url: str | None, form_id: str, hub_id: str | None = None) -> str | None:
    """The online form's published address, with the hub filled in."""
    if not site_url:
        return None
    url = f"{site_url.rstrip('/')}/forms/{form_id}/"
    return f"{url}?hub={quote(hub_id)}" if hub_id else url


def paper_sheet(form: FormDef, hub: tuple[str, str] | None = None, hub_line: str = "",
                site_url: str | None = None) -> PaperSheet:
    """The printed form; `hub` is (id, name) for a pre-filled sheet."""
    hub_id = hub[0] if hub else None
    groups: tuple[PaperGroup, ...] = ()
    if form.online:
        groups = tuple(PaperGroup(g.legend, tuple(_paper_field(form, f, hub_id) for f in g.fields if f.widget != "hidden"))
                       for g in form.groups)
    url = form_url(site_url, form.id, hub_id) if form.online else None
    return PaperSheet(
        anchor=hub_id,
        title=form.title,
        hub_line=hub_line,
        intro=form.intro,
        groups=groups,
        signatures=form.signatures,
        header=form.header,
        table=None if form.online else sheet_table(form),
        qr=QrCode(url, f"{form.title}网上填写二维码") if url else None,
    )


def _paper_field(form: FormDef, field: FormField, hub_id: str | None) -> PaperField:
    condition = ""
    if field.show_if is not None:
        target = form.field(field.show_if.field)
        condition = f"{target.label}选“{'”或“'.join(field.show_if.values)}”时填写"
    return PaperField(field.name, field.label, field.hint, field.widget, not field.required, field.options, condition,
                      hub_id if hub_id and field.name == form.hub_field else "")
