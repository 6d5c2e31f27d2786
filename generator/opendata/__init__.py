"""Open data (开放数据): the public data as a frictionless Data Package, and the directory in HSDS 3.0.

Published under ``data/`` on the site: ``datapackage.json`` with its CSV files,
and ``hsds/organizations.json`` and ``hsds/services.json``; and, for the office, the
fields of the project's data files (``data/fields/``, fields.py). The feature has no
files of its own; it takes the spending records from the ledger feature, loaded
before it, which read and checked them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..features import HubSection, earlier_feature
from ..fieldref import known_tables, tables_in_use
from ..ledger import LedgerFeature
from ..ledger.model import Ledger
from ..ledger.pages import LEDGER_SOURCE
from ..links import DATA_SOURCE, HOME, GeneratedFile, Link, Linker, Page
from ..model import Network
from ..problems import Problem
from ..project import Project, Settings
from ..public import PublicIndex, Site
from ..tables import TableSpec
from .datapackage import DATA_DIR, data_package, table_paths
from .fields import FIELDS, field_pages
from .hsds import HSDS_FILES, hsds_export

OPEN_DATA = "open-data.md"

__all__ = ["OpenDataFeature", "load_opendata"]


@dataclass(frozen=True)
class DownloadsContext:
    site: Site
    crumbs: tuple[Link, ...]
    package: Link
    tables: tuple[Link, ...]
    hsds: tuple[Link, ...]
    fields: Link  # the field reference of the data files, for the office


class OpenDataFeature:
    def __init__(self, network: Network, ledger: Ledger | None, site_url: str | None, tables: list[TableSpec]):
        self.network = network
        self.ledger = ledger
        self.site_url = site_url
        self.tables = tables  # of the files the project has, for the field reference (fields.py)

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        street = self.network.street
        name = re.sub(r"[^a-z0-9._-]+", "-", f"{street.id}-youlin".lower())
        files = {**data_package(index, self.ledger, name, f"{index.site.title}公开数据", self.site_url),
                 **hsds_export(index, street.id, self.site_url)}
        # The spending records were written in the ledger's data: a leak there is the ledger's.
        return {path: GeneratedFile(data, LEDGER_SOURCE if path.startswith(f"{DATA_DIR}/spending") else DATA_SOURCE)
                for path, data in files.items()}

    def pages(self, index: PublicIndex) -> list[Page]:
        link = Linker(OPEN_DATA)
        tables = tuple(link(path.split("/")[-1], path) for path in sorted(table_paths(index, self.ledger)))
        hsds = tuple(link(path.split("/")[-1], path) for path in sorted(HSDS_FILES))
        context = DownloadsContext(index.site, (link(index.site.title, HOME),),
                                   link("datapackage.json", f"{DATA_DIR}/datapackage.json"), tables, hsds,
                                   link("数据文件字段说明", FIELDS))
        return [Page(OPEN_DATA, "opendata.md.j2", "开放数据", f"{index.site.street_name}友邻网络的公开数据下载", context,
                     source=DATA_SOURCE), *field_pages(index, self.tables, OPEN_DATA)]

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        return []


def load_opendata(project: Project, network: Network, settings: Settings,
                  earlier: Sequence = ()) -> tuple[OpenDataFeature, list[Problem]]:
    ledger_feature = earlier_feature(earlier, LedgerFeature)  # loaded before: its spending, read and checked once
    ledger = ledger_feature.ledger if ledger_feature else None
    # The tables `python -m generator fields` lists, of the files this project has, with the forms the forms
    # feature, loaded before, read and checked (a site without it keeps no form's records).
    from ..forms import FormsFeature  # late: the forms feature imports the pipeline

    forms_feature = earlier_feature(earlier, FormsFeature)
    forms = forms_feature.forms if forms_feature else {}
    tables = tables_in_use(known_tables(project.data_dir, forms), project.root)
    return OpenDataFeature(network, ledger, settings.site_url, tables), []
