"""Form pages: the list of forms, one page per form, printable sheets per station, schemas.

A hub page links to its forms with the hub in the query string (``forms/topic/?hub=P0001``),
which the form's script fills in (a resident who opens a form on its own finds the code by their compound, with
the find page's data: `HubFinder`); the printed sheets of a station's points are one
file per station and form (``forms/topic/S01.html#P0001``), so files grow with stations,
not with points times forms.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from markupsafe import Markup

from ..consultation.views import topic_page
from ..features import HubSection
from ..finder import DATA_INDEX
from ..links import (FIND, HOME, GeneratedFile, Link, Linker, Page, PageSource, PrintAssets, Rank, hub_name,
                    point_path, print_assets, static_href, station_path)
from ..model import Network
from ..public import PublicIndex, Site
from .model import TIERS, FormDef, FormField
from ..project import is_example_url
from .printing import PaperHub, PaperSheet, paper_sheet, print_style
from .validation import browser_spec, json_schema

INDEX = "forms/index.md"
FORMS_SCRIPT = "assets/javascripts/forms.js"
# The tiers whose hubs have a page of their own by id (the centre comes with its forms: `FormContext.hubs`).
HUB_PAGES = {"point": point_path, "station": station_path}


def form_path(form_id: str) -> str:
    return f"forms/{form_id}/index.md"


def print_path(form_id: str, group_id: str) -> str:
    """The printable sheets of one station (the station's and its points') or of the centre.

    A static HTML file: a city has thousands of these, each holding a dozen sheets of raw HTML,
    which as Markdown pages would cost MkDocs minutes; as files they are only copied.
    """
    return f"forms/{form_id}/{group_id}.html"


@dataclass(frozen=True)
class Option:
    id: str
    value: str


@dataclass(frozen=True)
class FieldView:
    """A field of the web form, with the ids that tie its label, hint and error message to it."""

    field: FormField
    id: str
    options: tuple[Option, ...]
    condition: str
    optional: bool

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def input_id(self) -> str:
        """What a link in the error summary focuses: the input, or a radio group's first answer."""
        return self.options[0].id if self.field.widget == "radios" and self.options else self.id


@dataclass(frozen=True)
class GroupView:
    legend: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class HubFinder:
    """“不知道编号？按住的小区找” beside a form's hub code: the find page's two steps and its data files, which
    fill the code in with the point (or station) that serves the compound a resident chooses, of the tiers the
    form accepts."""

    data_url: str  # the find page's list of communities, relative to the form's page
    find: Link  # the find page itself: without JavaScript, or when the data cannot be read
    tiers: str  # "point station", those of them the form takes: a point serving the compound, or its station


@dataclass(frozen=True)
class FormContext:
    site: Site
    form: FormDef
    groups: tuple[GroupView, ...]
    hidden: tuple[FieldView, ...]
    # The browser's rules as JSON, in an attribute: Material's instant navigation re-runs every <script>
    # of a new page as JavaScript, even one typed application/json.
    spec: str
    # Which hubs that use the form have a page, as JSON: {address relative to the form, with {id}: "id id …"}.
    # The page names the hub whose code a link or a resident gave from that hub's own page, and asks only the
    # page that exists (a point's code is no station's: a guess would be a 404 in the resident's console).
    hub_pages: str
    # The hubs without a page of their own by id (the centre), as JSON: {id: {name, phone}}, the name to confirm
    # the hub by and the phone a resident calls once the form is filled in (a hub page by id shows its own).
    hubs: str
    # Where topic pages are, relative to it, with {id}: the page names the topic whose code a link or a resident
    # gave; empty for a form that names no topic.
    topic_pages: str
    # None where a resident's code is no point's or station's (a form for the centre only, or no hub at all).
    finder: HubFinder | None
    paper: PaperSheet
    where: str
    schemas: tuple[Link, ...]
    endpoint: bool
    print_style: Markup
    crumbs: tuple[Link, ...]


@dataclass(frozen=True)
class PrintContext:
    site: Site
    form: FormDef
    title: str
    group_name: str
    sheets: tuple[PaperSheet, ...]
    back: str  # the form's page, relative to the file
    print_style: Markup
    assets: PrintAssets


@dataclass(frozen=True)
class FormRow:
    title: str
    link: Link | None
    intro: str
    tiers: str
    where: str
    online: bool


@dataclass(frozen=True)
class FormsIndexContext:
    site: Site
    rows: tuple[FormRow, ...]
    endpoint: bool
    crumbs: tuple[Link, ...]


class FormsFeature:
    """Forms from schemas: see README, “表格：网上填写、打印和收录”."""

    def __init__(self, forms: dict[str, FormDef], network: Network, site_url: str | None, endpoint: str | None,
                 private: dict[str, str] | None = None):
        self.forms = forms
        self.network = network
        self.site_url = site_url
        # mkdocs.yml still gives the example address: the printed sheets say their codes lead nowhere.
        self.specimen = is_example_url(site_url)
        self.endpoint = endpoint
        self.private = private or {}

    def private_names(self) -> dict[str, str]:
        """Applicants' names, kept in data/applications.csv and never published; the leak scan looks for them."""
        return dict(self.private)

    def _online(self) -> list[FormDef]:
        return [f for f in self.forms.values() if f.online]

    def _hub_forms(self, tier: str) -> list[FormDef]:
        return [f for f in self.forms.values() if tier in f.tiers]

    # -------------------------------------------------------- hub pages

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        if kind not in TIERS:
            return []
        net = self.network
        forms = self._hub_forms(kind)
        if not forms:
            return []
        group = hub_id if kind != "point" else net.points[hub_id].station
        links = []
        # Every point page carries these links: kept short, as point pages must stay small.
        for form in forms:
            if form.online:
                target = link(f"网上填写{form.title}", form_path(form.id))
                links.append(Link(target.text, Markup(f"{target.href}?{urlencode({'hub': hub_id})}")))
            sheet = link(f"打印{form.title}", print_path(form.id, group))
            links.append(Link(sheet.text, Markup(f"{sheet.href}#{hub_id}") if kind == "point" else sheet.href))
        # Without topics, a point's forms may all be paper sheets (a street's spending form for stations only).
        online = any(form.online for form in forms)
        note = ("网上填写的表已填好本处编号；打印的空白表（A4）上有二维码，扫码也能网上填写。" if kind == "point" and online
                else "打印页有本站和所属各友邻点的空白表，每处一页。" if kind == "station" else "")
        return [HubSection("表格", tuple(links), note)]

    # -------------------------------------------------------- pages and files

    def pages(self, index: PublicIndex) -> list[Page]:
        site = index.site
        pages = [self._index_page(site)]
        sources: dict[str, PageSource] = {}  # a hub's, for all its printed forms
        for form in self.forms.values():
            if not form.tiers:
                continue  # no hub uses it on its own: another feature prints it (covenant sheets)
            pages.append(self._form_page(site, form, index))
            # The printed sheets are HTML, not Markdown: MkDocs copies them as they are.
            pages += [Page(path, "form_print.html.j2", context.title, "", context, source=source)
                      for path, context, source in self._print_files(site, form, index, sources)]
        return pages

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        # The schemas come from the form definitions the generator ships, not from the data.
        files = {}
        for form in self._online():
            files[f"forms/{form.id}/schema.json"] = GeneratedFile(_json(json_schema(form, self.site_url)), None)
            files[f"forms/{form.id}/tableschema.json"] = GeneratedFile(_json(form.table_schema()), None)
        return files

    def _index_page(self, site: Site) -> Page:
        link = Linker(INDEX)
        rows = []
        for form in self.forms.values():
            # A form no hub uses on its own has no page here; its destination says where it is printed.
            title = link(form.title, form_path(form.id)) if form.tiers else None
            tiers = "、".join(TIERS[t] for t in form.tiers) or "—"
            rows.append(FormRow(form.title, title, form.intro, tiers, form.destination, form.online))
        return Page(INDEX, "forms.md.j2", "表格", f"{site.street_name}友邻网络的表格：网上填写、打印和收录",
                    FormsIndexContext(site, tuple(rows), self.endpoint is not None, (link(site.title, HOME),)),
                    source=None)  # the generator's form definitions

    def _form_page(self, site: Site, form: FormDef, index: PublicIndex) -> Page:
        path = form_path(form.id)
        link = Linker(path)
        views = {f.name: _field_view(form, f) for f in form.fields}
        groups = tuple(GroupView(g.legend, tuple(views[f.name] for f in g.fields if f.widget != "hidden"))
                       for g in form.groups)
        spec = json.dumps(browser_spec(form, self.endpoint), ensure_ascii=False, separators=(",", ":"))
        context = FormContext(
            site=site,
            form=form,
            groups=groups,
            hidden=tuple(v for v in views.values() if v.field.widget == "hidden"),
            spec=spec,
            hub_pages=_hub_pages(form, index, path),
            hubs=_hubs_without_pages(form, index),
            topic_pages=static_href(path, topic_page("{id}")) if any(f.name == "topic" for f in form.fields) else "",
            finder=_hub_finder(form, path),
            paper=paper_sheet(form, site_url=self.site_url, specimen=self.specimen),
            where=form.destination,
            schemas=(link("JSON Schema", f"forms/{form.id}/schema.json"),
                     link("Table Schema", f"forms/{form.id}/tableschema.json")) if form.online else (),
            endpoint=self.endpoint is not None,
            print_style=print_style(form.title),
            crumbs=(link(site.title, HOME), link("表格", INDEX)),
        )
        return Page(path, "form.md.j2", form.title, f"{form.title}：{form.intro}", context, printable=True,
                    source=None)  # the form's definition, which the generator ships

    def _print_files(self, site: Site, form: FormDef, index: PublicIndex,
                     sources: dict[str, PageSource]) -> list[tuple[str, PrintContext, PageSource]]:
        """The printed sheets of each hub with a page of them, and the data they show (the hubs' names)."""
        net = self.network
        groups: list[tuple[str, str, str, list[PaperHub]]] = []  # tier, id, name, hubs
        if "centre" in form.tiers:
            centre = net.centre
            groups.append(("centre", centre.id, centre.name,
                           [PaperHub(centre.id, "centre", f"友邻中心：{centre.name}（{centre.id}）", centre.name)]))
        for station in index.public.stations:
            hubs = []
            if "station" in form.tiers:
                hubs.append(PaperHub(station.id, "station", f"友邻站：{station.name}（{station.id}）", station.name))
            if "point" in form.tiers:
                hubs += [PaperHub(p.id, "point", f"友邻点：{p.name}（{p.id}） · 所属友邻站：{station.name}", p.name)
                         for p in index.points_by_station.get(station.id, [])]
            if hubs:
                groups.append(("station", station.id, station.name, hubs))
        files = []
        for tier, group_id, group_name, hubs in groups:
            path = print_path(form.id, group_id)
            sheets = tuple(paper_sheet(form, hub, self.site_url, self.specimen) for hub in hubs)
            if group_id not in sources:
                sources[group_id] = PageSource(f"{hub_name(tier, group_id)} 及其友邻点的名称（data/hubs.yaml、data/points.csv）",
                                               Rank.FORMS)
            files.append((path, PrintContext(
                site, form, f"{form.title}（{group_name}）", group_name, sheets,
                static_href(path, form_path(form.id)), print_style(f"{form.title} · {group_name}", sheets),
                _with_forms_script(path, print_assets(path, "assets/stylesheets/forms.css"))), sources[group_id]))
        return files


def _with_forms_script(path: str, assets: PrintAssets) -> PrintAssets:
    """A file of sheets runs forms.js too: each sheet's own print button (“打印这一张”) prints that sheet alone."""
    return replace(assets, scripts=(*assets.scripts, static_href(path, FORMS_SCRIPT)))


def _field_view(form: FormDef, field: FormField) -> FieldView:
    base = f"f-{field.name}"
    options = tuple(Option(f"{base}-{i + 1}", value) for i, value in enumerate(field.options))
    return FieldView(field, base, options, form.condition(field), not field.required)


def _hub_pages(form: FormDef, index: PublicIndex, path: str) -> str:
    """`FormContext.hub_pages`: each tier's page address with the ways its ids begin (P for P0001 …), so forms.js
    asks only the page a code can be on. Prefixes, not the ids: a city has thousands of points, and every form
    page would carry them all."""
    hubs = {"point": index.public.points, "station": index.public.stations}
    return json.dumps({static_href(path, page("{id}")): sorted({_id_prefix(h.id) for h in hubs[tier]})
                       for tier, page in HUB_PAGES.items() if tier in form.tiers}, ensure_ascii=False)


def _id_prefix(hub_id: str) -> str:
    """The letters an id begins with, before its first digit: the same rule as forms.js's `idPrefix`."""
    return re.match(r"\D*", hub_id).group()


def _hub_finder(form: FormDef, path: str) -> HubFinder | None:
    """`FormContext.finder`: for an online form whose hub may be a point or a station, the tiers a compound names."""
    if not (form.online and form.hub_field and set(form.tiers) & set(HUB_PAGES)):
        return None
    # Addresses as published (find/, not find.md): the template writes them in HTML, which MkDocs leaves as it is.
    find = Link("在‘我的友邻点’页面查编号", Markup(static_href(path, FIND)))
    return HubFinder(Markup(static_href(path, DATA_INDEX)), find, " ".join(t for t in form.tiers if t in HUB_PAGES))


def _hubs_without_pages(form: FormDef, index: PublicIndex) -> str:
    """`FormContext.hubs`: the centre, when its residents use the form."""
    centre = index.public.centre
    hubs = {centre.id: {"name": centre.name, "phone": centre.phone or None}} if "centre" in form.tiers else {}
    return json.dumps(hubs, ensure_ascii=False)


def _json(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
