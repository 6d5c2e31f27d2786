"""The field reference on the site (数据文件字段说明): `python -m generator fields` for an office with only a browser.

A clerk who keeps the data in GitHub's or GitLab's web editor cannot run the command. The same reference, made by
the same functions (fieldref.py), is on the site: a page listing the files this project has, and a page for each
file. One page of every file was 58 screens of a phone held upright (390px; 81 in 大字模式), each field a card; the
longest file's, hubs.yaml's, is 19, and a file's page is what a clerk editing that file needs. Out of the search:
residents searching 电话 or 地址 look for a hub, not for a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from ..fieldref import LEGEND, by_file, file_presence, file_reference, unpublished_fields
from ..links import DATA_SOURCE, HOME, Link, Linker, Page
from ..public import PublicIndex, Site
from ..tables import TableSpec, table_schema

FIELDS = "data/fields/index.md"
TITLE = "数据文件字段说明"


@dataclass(frozen=True)
class FileEntry:
    link: Link  # its page; the file's name
    presence: str  # whether every project has it
    tables: tuple[str, ...]  # their titles


@dataclass(frozen=True)
class Unpublished:
    """A table with fields the site never shows (`"published": false`)."""

    table: str  # its title
    file: str
    fields: tuple[Markup, ...]  # their names, as code
    whole: bool  # none of the table's fields is shown


@dataclass(frozen=True)
class FieldsContext:
    site: Site
    crumbs: tuple[Link, ...]
    files: tuple[FileEntry, ...]
    unpublished: tuple[Unpublished, ...]
    spending: bool  # the project keeps spending records, some of them public only in sum
    legend: str


@dataclass(frozen=True)
class FileFieldsContext:
    site: Site
    crumbs: tuple[Link, ...]
    file: str
    legend: str
    reference: Markup  # fieldref's Markdown, from the schemas (and a street's own forms' titles)
    index: Link


def file_path(file: str) -> str:
    """The page of one data file: data/points.csv's at data/fields/points.md, content/covenants/'s at covenants.md."""
    name = PurePosixPath(file.rstrip("/"))
    return f"data/fields/{name.stem}.md"


def field_pages(index: PublicIndex, specs: list[TableSpec], open_data: str) -> list[Page]:
    """The list of the files and a page for each, for the tables `specs` (the files this project has)."""
    site, files = index.site, by_file(specs)
    paths = _unique_paths([file for file, _ in files])
    link = Linker(FIELDS)
    home, downloads = link(site.title, HOME), link("开放数据", open_data)
    entries = tuple(FileEntry(link(file, paths[file]), file_presence(file), tuple(spec.title for spec in tables))
                    for file, tables in files)
    unpublished = tuple(hidden for spec in specs if (hidden := _unpublished(spec)).fields)
    description = f"{site.street_name}友邻网络各数据文件的字段、必填项和填写格式"
    pages = [Page(FIELDS, "opendata_fields.md.j2", TITLE, description,
                  FieldsContext(site, (home, downloads), entries, unpublished,
                                any(spec.name == "spending" for spec in specs), LEGEND),
                  searchable=False, source=DATA_SOURCE)]
    for file, tables in files:
        page_link = Linker(paths[file])
        reference = Markup("\n".join(file_reference(file, tables, level=2, cards=True)))
        context = FileFieldsContext(site, (page_link(site.title, HOME), page_link("开放数据", open_data),
                                           page_link(TITLE, FIELDS)),
                                    file, LEGEND, reference, page_link(TITLE, FIELDS))
        pages.append(Page(paths[file], "opendata_fields_file.md.j2", f"{file} 的字段",
                          f"{file}：{'、'.join(spec.title for spec in tables)}的字段说明", context,
                          searchable=False, source=DATA_SOURCE))
    return pages


def _unpublished(spec: TableSpec) -> Unpublished:
    schema = table_schema(spec.name)
    hidden = [field["name"] for field in unpublished_fields(schema)]
    # Field names are [a-z_] (the schemas'): safe in a code span.
    return Unpublished(spec.title, spec.file, tuple(Markup(f"`{name}`") for name in hidden),
                       len(hidden) == len(schema["fields"]))


def _unique_paths(files: list[str]) -> dict[str, str]:
    # A street's own form may keep its records in data/points.yaml beside data/points.csv: then both keep their suffix.
    paths = {file: file_path(file) for file in files}
    shared = {path for path in paths.values() if list(paths.values()).count(path) > 1}
    return {file: f"{path.removesuffix('.md')}-{PurePosixPath(file).suffix[1:]}.md" if path in shared else path
            for file, path in paths.items()}
