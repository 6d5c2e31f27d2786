"""Features beside the hub directory (consultation, covenants, …) plug in here.

A feature reads and checks its own files once the network is valid, and then
contributes pages, static files and sections on hub pages ("covenants that bind
this point's residents", "this station's consultation"). The pipeline stays one
readable function: `build.check` loads every feature, `build.generate` renders
what they contribute. A feature's problems are ordinary problems, with their own
codes registered in `problems.MESSAGES` by the feature's module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol, Sequence

from .cache import FileGroup
from .links import GeneratedFile, Link, Linker, Page
from .model import Network
from .problems import Problem
from .project import Project, Settings
from .public import PublicIndex

HUB_KINDS = ("centre", "station", "point", "community")


@dataclass(frozen=True)
class HubSection:
    """A titled list of links shown on a hub page."""

    title: str
    links: tuple[Link, ...]
    note: str = ""


class Feature(Protocol):
    def pages(self, index: PublicIndex) -> list[Page]:
        """Pages of the feature itself."""

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        """Static files (feeds, downloads) by their path in the docs folder, each with the data it shows.

        Made in a worker of its own while the pages are built (see build.generate): what it computes
        there is not kept for `pages`, and the pages must not need it.
        """

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        """Sections for the page of one hub; `kind` is one of HUB_KINDS."""

    # Optional: `private_names() -> dict[str, str]`, names (and phone numbers) the feature holds but
    # never publishes (value -> whose), so the post-build leak scan looks for them too.


class FeatureLoader(Protocol):
    """Reads a feature's files from the project and checks them against the network.

    `settings` are mkdocs.yml and the day, as the pipeline read them once for every feature.
    `earlier` are the features loaded before it (in `feature_loaders()` order): a feature
    that builds on another (the ledger on consultation) uses what that one read and checked,
    and one that an earlier feature's pages depend on hands it what it read and checked itself
    (the forms feature gives consultation the web forms its topic pages link to).
    """

    def __call__(self, project: Project, network: Network, settings: Settings, *,
                 earlier: Sequence[Feature] = ()) -> tuple[Feature | None, list[Problem]]: ...


def earlier_feature(earlier: Sequence[Feature], kind: type):
    """The feature of this class among those loaded before, or None."""
    return next((feature for feature in earlier if isinstance(feature, kind)), None)


def nav_items(nav: Any, path: tuple = ("nav",)) -> Iterator[tuple[str | None, Any, tuple]]:
    """Every page line of mkdocs.yml's navigation, in sections too: its title (None for a bare page), its
    target as written, and the keys that lead to it in mkdocs.yml (to find its line)."""
    if not isinstance(nav, list):
        return
    for index, item in enumerate(nav):
        here = path + (index,)
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    yield from nav_items(value, here + (title,))
                else:
                    yield str(title), value, here + (title,)
        else:
            yield None, item, here


def nav_links_under(nav: Any, folder: str) -> bool:
    """Whether mkdocs.yml's navigation links to a page under `folder` (then a feature's empty pages keep it valid)."""
    return any(isinstance(target, str) and target.startswith(folder) for _, target, _ in nav_items(nav))


def feature_file_groups(project: Project) -> list[FileGroup]:
    """The groups of files the features read and keep (see cache.FileGroup), to read them ahead."""
    from .consultation.reading import consultation_files
    from .covenants import covenant_files
    from .ledger import spending_files
    from .progress import activity_files

    return [consultation_files(project.data_dir), spending_files(project.data_dir), activity_files(project.data_dir),
            covenant_files(project.content_dir)]


# What each feature checks once its files passed their schemas, by its file group's kind (see cache.FileGroup):
# a check that stops at a feature's schema errors says these are still to come (build._unchecked_features).
LATER_CHECKS = {
    "consultation": "交叉检查（议题的分类、提出地点、上报路径、五民环节和日期，会议的召开单位、类型和议程等）",
    "spending": "交叉检查（支出单位、支出日期、票据号等）",
    "activities": "交叉检查（承办、举办单位是否是友邻网络中的编号）",
    "covenants": "交叉检查（各阶段、表决、所属社区和站点等）",
}

# What only reading a file reports: it cannot be read (encoding, a workbook, YAML or CSV that does not parse, a wrong
# header), or its records do not fit their schema (shape, Table Schema's types, constraints and keys). A feature's
# read gives nothing when its files have one, so its later checks did not run; told by the problems, as the read's
# result is not kept in this process, and reading a city's files again to ask would double a check.
READ_CODES = frozenset({
    "file-unreadable", "file-too-large", "file-is-workbook", "file-missing-workbook", "file-empty", "encoding-gbk",
    "encoding-utf16", "encoding-invalid", "csv-syntax", "header-blank", "header-chinese", "header-duplicate",
    "header-missing", "header-not-found", "header-separator", "header-title", "header-unknown", "yaml-syntax",
    "yaml-alias", "yaml-tag", "yaml-duplicate-key", "yaml-multiple-documents", "yaml-indent", "yaml-missing-dash",
    "yaml-shape", "unknown-field", "field-missing", "type-error", "required", "pattern", "enum", "out-of-range",
    "length", "duplicate-id", "foreign-key", "foreign-key-gone", "foreign-key-none", "invalid-row", "spreadsheet-resaved",
    "spreadsheet-column"})


def content_sources(project: Project) -> frozenset[str]:
    """The files under content/ that features read as data (content/covenants/…), by their path relative to it.

    Never copied into the site as they are, even when the feature found nothing there to read: a covenant saved
    as chenguang.md.txt is warned of (covenants/unread.py), not published raw.
    """
    return frozenset(name for group in feature_file_groups(project) if group.folder == project.content_dir
                     for name in group.names)


def feature_loaders() -> list[FeatureLoader]:
    """Every feature the generator has, in the order their pages appear."""
    from .consultation import load_consultation  # features import this module: import them late
    from .covenants import load_covenants
    from .forms import load_forms
    from .ledger import load_ledger
    from .opendata import load_opendata
    from .progress import load_progress

    return [load_covenants, load_consultation, load_forms, load_ledger, load_progress, load_opendata]
