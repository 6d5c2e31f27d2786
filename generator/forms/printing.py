"""Paper forms: A4 sheets from a form definition, blank or pre-filled for one hub.

Every form prints: record forms as labelled boxes (with the hub filled in, a QR
code opening the online form for that hub, and signature lines), sheet forms as
numbered rows sized for handwriting. The covenants feature prints its signature
sheets with the same `SheetTable` and `print_style` (see covenants/pages.py), from
the covenant form's definition: its rows, its columns, its count of households.
While mkdocs.yml's site_url is an example address, a sheet with a code is marked
as a specimen (`project.is_example_url`): its code and address lead nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ..qr import QrCode
from ..render import css_string
from .model import Column, FormDef, FormField

# A4 and print_style's margins (top, sides, bottom), in mm: forms.css fills a sheet to the height left.
_PAGE_MM, _MARGINS_MM = 297, (18, 15, 20)
# A signature line's name for whoever takes the sheet in: the wording is the sheet's hub's (`RECEIVERS`),
# so that a station's own sheet is signed for by its social worker, not by a point's leader.
RECEIVER = "{收表人}"
RECEIVERS = {"point": "友邻点负责人", "station": "友邻站社工", "centre": "友邻中心工作人员"}
BLANK_RECEIVER = "收表人"  # a blank sheet, from the form's own page, is handed in anywhere
# A sign-off line asking for an opinion (友邻站审核意见, 处理意见) is written in sentences, not a name: it prints as a
# box of several lines (forms.css) with the signature and date under it, whichever form or street's copy names it.
OPINION = "意见"


@dataclass(frozen=True)
class SheetTable:
    """Numbered rows to sign on paper; widths in percent, rows tall enough for handwriting."""

    columns: tuple[Column, ...]
    rows: tuple[int, ...]
    tally: str = ""  # a counted sheet's count of its rows signed, to fill in (`FormDef.tally`); "" for another sheet


def sheet_table(form: FormDef, rows: int | None = None) -> SheetTable:
    return SheetTable(form.columns, tuple(range(1, (rows or form.rows) + 1)), form.tally)


def print_style(header: str, sheets: Sequence[PaperSheet] = ()) -> Markup:
    """Page margin boxes: the form and hub on top of every printed page, page x of y below.

    A station's file of `sheets`, a form for each of its hubs, heads each sheet's pages with that sheet's own hub, on
    a page named for it (`_sheet_pages`). A sheet opened at its hub (…/S01.html#P0001) prints alone (forms.css), and
    its footer counts its own pages.
    """
    top, sides, bottom = _MARGINS_MM
    return Markup(
        f"<style>:root {{ --yl-page-height: {_PAGE_MM - top - bottom}mm; }} "
        f"@page {{ size: A4; margin: {top}mm {sides}mm {bottom}mm; "
        f"@top-center {{ content: {css_string(header)}; {_MARGIN_TYPE} }} "
        f"@bottom-center {{ content: {_PAGE_NUMBERS}; {_MARGIN_TYPE} }} }}"
        f"{_sheet_pages(sheets)}</style>")


_MARGIN_TYPE = "font-size: 10.5pt;"
_PAGE_NUMBERS = '"第 " counter(page) " 页，共 " counter(pages) " 页"'


def _sheet_pages(sheets: Sequence[PaperSheet]) -> str:
    """Each hub's sheet on pages of its own name, headed with its hub (a point's sheet with the point, not with the
    station whose file it is in).

    Page numbers. Chromium numbers the pages of the whole print: counter(page) cannot be restarted at a sheet (an
    element's counter-reset: page is ignored, an @page rule's resets every page of its name) and counter(pages)
    is the print's. A station's whole file is a stack of separate forms, each a page: "第 2 页，共 13 页" on a
    point's sheet sent a resident looking for the rest of a document that is none. So where more than one sheet
    prints, their pages are named for the stack, and carry no number; a sheet printing alone (opened at its hub,
    or a file of one sheet) counts its own pages. A counted sign sheet never prints one (forms.css, yl-sheet).
    """
    rules = []
    hubs = [sheet for sheet in sheets if sheet.anchor]
    for number, sheet in enumerate(hubs, start=1):
        head = f"@top-center {{ content: {css_string(sheet.page_head)}; {_MARGIN_TYPE} }}"
        counted = sheet.table is not None and sheet.table.tally
        numbers = "none" if counted else f"{_PAGE_NUMBERS}; {_MARGIN_TYPE}"
        alone = f"@bottom-center {{ content: {numbers} }}"
        sheet_id = css_string(sheet.anchor)
        rules.append(f"@page yl-hub-{number} {{ {head} {alone} }} "
                     f".yl-paper[id={sheet_id}] {{ page: yl-hub-{number}; }}")
        if len(hubs) > 1:
            rules.append(f"@page yl-hub-{number}-of-many {{ {head} @bottom-center {{ content: none; }} }} "
                         f".yl-papers:not(:has(.yl-paper:target)) > .yl-paper[id={sheet_id}] "
                         f"{{ page: yl-hub-{number}-of-many; }}")
    return "".join(f" {rule}" for rule in rules)


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
    # The sheet's main free-text box: on paper it takes what the page has left, not a fixed few lines.
    fill: bool = False


@dataclass(frozen=True)
class PaperGroup:
    legend: str
    fields: tuple[PaperField, ...]

    @property
    def fill(self) -> bool:
        return any(f.fill for f in self.fields)


@dataclass(frozen=True)
class PaperSignature:
    """A line to sign at the foot of the sheet: 申请人签名, or an opinion to write (`OPINION`) and sign."""

    text: str
    opinion: bool = False


def paper_signature(text: str) -> PaperSignature:
    return PaperSignature(text, text.endswith(OPINION))


@dataclass(frozen=True)
class PaperHub:
    """The hub a sheet is printed for."""

    id: str
    tier: str  # a key of model.TIERS: who signs for the sheet (`RECEIVERS`)
    line: str  # 友邻点：晨光苑友邻点（P01） · 所属友邻站：…
    name: str  # 晨光苑友邻点: the printed pages are headed with it


@dataclass(frozen=True)
class PaperSheet:
    """One printed form: blank, or for one hub."""

    anchor: str | None
    title: str
    hub_line: str  # 友邻点：晨光苑友邻点（P01） · 所属友邻站：…
    intro: str
    groups: tuple[PaperGroup, ...]
    signatures: tuple[PaperSignature, ...]
    header: tuple[str, ...]
    table: SheetTable | None
    qr: QrCode | None  # the online form's address, with the hub filled in
    # The address and QR code are mkdocs.yml's example site_url: the sheet is marked as a specimen.
    specimen: bool = False
    page_head: str = ""  # on top of its printed pages: 议题征集表 · 晨光苑友邻点（P01）; the form's title for a blank one

    @property
    def fill(self) -> bool:
        return any(g.fill for g in self.groups)


def form_url(site_url: str | None, form_id: str, hub_id: str | None = None) -> str | None:
    """The online form's published address, with the hub filled in."""
    if not site_url:
        return None
    url = f"{site_url.rstrip('/')}/forms/{form_id}/"
    return f"{url}?hub={quote(hub_id)}" if hub_id else url


def paper_sheet(form: FormDef, hub: PaperHub | None = None, site_url: str | None = None,
                specimen: bool = False) -> PaperSheet:
    """The printed form, blank or for one `hub`; `specimen` when site_url is an example (`project.is_example_url`)."""
    hub_id = hub.id if hub else None
    groups: tuple[PaperGroup, ...] = ()
    if form.online:
        # Where a resident writes most: the last free-text box (the topic's 详细情况, the evaluation's 意见和建议).
        fill = next((f.name for f in reversed(form.fields) if f.widget == "textarea"), None)
        groups = tuple(PaperGroup(g.legend, tuple(_paper_field(form, f, hub_id, f.name == fill)
                                                  for f in g.fields if f.widget != "hidden"))
                       for g in form.groups)
    url = form_url(site_url, form.id, hub_id) if form.online else None
    receiver = RECEIVERS[hub.tier] if hub else BLANK_RECEIVER
    return PaperSheet(
        anchor=hub_id,
        title=form.title,
        hub_line=hub.line if hub else "",
        intro=form.intro,
        groups=groups,
        signatures=tuple(paper_signature(line.replace(RECEIVER, receiver)) for line in form.signatures),
        header=form.header,
        table=None if form.online else sheet_table(form),
        qr=QrCode(url, f"{form.title}网上填写二维码") if url else None,
        specimen=specimen and url is not None,
        page_head=f"{form.title} · {hub.name}（{hub.id}）" if hub else form.title,
    )


def _paper_field(form: FormDef, field: FormField, hub_id: str | None, fill: bool) -> PaperField:
    return PaperField(field.name, field.label, field.hint, field.widget, not field.required, field.options,
                      form.condition(field),
                      hub_id if hub_id and field.name == form.hub_field else "", fill)
