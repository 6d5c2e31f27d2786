"""The pipeline: load → validate → model → render → write.

Nothing is written until every stage before writing has passed: a run with any
error leaves the build folder, and so the published site, as it was.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .cache import FileGroup, collector_off, kept_in, read_ahead
from .configcheck import check_nav, check_site_identity
from .datafolder import check_data_folder
from .features import LATER_CHECKS, READ_CODES, Feature, content_sources, feature_file_groups, feature_loaders
from .finder import build_find
from .history import DataHistory
from .hygiene import lint_content
from .links import PageSource, site_file
from .maps import TileSource
from .model import Network
from .pages import build_pages
from .parallel import in_background
from .posters import build_posters
from .problems import Report, told_once
from .project import Project, Settings
from .public import index_public
from .render import render_pages
from .rules import NETWORK_FILES, check_kept_phones, network_files, read_network
from .statuses import check_dates
from .writing import WriteStats, check_collisions, jieba_dictionary, read_content, staged_folder, write_file


@dataclass
class CheckResult:
    report: Report
    network: Network | None = None
    settings: Settings | None = None
    features: list[Feature] = field(default_factory=list)
    content: dict[str, bytes] = field(default_factory=dict)  # content/, as checked, by path under it


def check(project: Project) -> CheckResult:
    """Load and validate everything; the network is built only from valid tables.

    What reading each group of files found is kept in .cache/youlin/ for the next run (see cache.py).
    """
    # With the cycle collector off: what a check makes is the data it returns, with hardly any cycles.
    # A city's data is millions of objects, all kept; by default the collector walked them again and
    # again as they were made, a quarter of a 25,000-point check from nothing. Collecting less often
    # (as `generate` does) still cost a tenth.
    with kept_in(project.cache_dir), collector_off():
        result = _check(project)
    result.report.problems = told_once(result.report.problems)
    return result


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Run the cycle collector less often (after 50,000 new objects, not 700) while pages are rendered.

    Rendering keeps the checked data and makes much that is thrown away; unlike a check, it
    may make cycles, so the collector still runs.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _check(project: Project) -> CheckResult:
    report = Report()
    settings, problems = project.read_settings()
    report.extend(problems)
    groups = feature_file_groups(project)
    read_ahead([network_files(project.data_dir), *groups])
    report.file_order = [(group.folder / name).relative_to(project.root).as_posix()
                         for group in (network_files(project.data_dir), *groups) for name in group.names]
    network, problems = read_network(project.data_dir)
    report.extend(problems)
    report.extend(check_data_folder(project.data_dir, groups))
    if network is not None and settings is not None:
        report.extend(check_dates(network, settings.today))
        report.extend(check_site_identity(settings, network.street))
    content = read_content(project.content_dir)
    report.extend(lint_content(content))
    if not report.ok:
        report.unchecked = _unchecked(project, network, groups)
        return CheckResult(report)
    features = []
    for load_feature in feature_loaders():
        feature, problems = load_feature(project, network, settings, earlier=tuple(features))
        report.extend(problems)
        if feature is not None:
            features.append(feature)
    report.extend(check_kept_phones(project.data_dir, network, private_names(features)))
    if not report.ok:
        report.unchecked = [*_unchecked_features(project, groups, report), NAV_UNCHECKED]
        return CheckResult(report)
    # Which pages a build makes is known now that the features are loaded (see configcheck.py).
    report.extend(check_nav(project, settings, features, content))
    if not report.ok:
        return CheckResult(report)
    return CheckResult(report, network, settings, features, content)


def private_names(features: list[Feature]) -> dict[str, str]:
    """What the features hold but never publish (value -> whose), for `check_kept_phones` and the leak scan."""
    return {name: whose for feature in features if hasattr(feature, "private_names")
            for name, whose in feature.private_names().items()}


# The nav is checked against the pages the loaded features make (see configcheck.py): last, after them all.
NAV_UNCHECKED = "mkdocs.yml 的导航（nav）与各栏目的数据是否相符"


def _unchecked(project: Project, network: Network | None, groups: list[FileGroup]) -> list[str]:
    """What a check that stops at the network's or the pages' errors has not looked at: the features' `groups`, the nav."""
    unchecked = ["友邻网络的交叉检查（补助标准、服务小区、未公开的个人信息等）"] if network is None else []
    for group in groups:
        shown = _shown_files(project, group)
        if shown:
            unchecked.append("、".join(shown))
    return unchecked + [NAV_UNCHECKED]


def _unchecked_features(project: Project, groups: list[FileGroup], report: Report) -> list[str]:
    """The later checks of each feature whose files could not be read or have schema errors (features.LATER_CHECKS,
    READ_CODES)."""
    stopped = {p.file for p in report.errors if p.code in READ_CODES}
    unchecked = []
    for group in groups:
        folder = group.folder.relative_to(project.root).as_posix()
        if group.kind in LATER_CHECKS and stopped & {f"{folder}/{name}" for name in group.names}:
            unchecked.append(f"{'、'.join(_shown_files(project, group))} 的{LATER_CHECKS[group.kind]}")
    return unchecked


def _shown_files(project: Project, group: FileGroup) -> list[str]:
    """The group's files as the report names them; the files in a folder of their own (the covenants) by the folder."""
    folder = group.folder.relative_to(project.root).as_posix()
    return list(dict.fromkeys(f"{folder}/{name.split('/')[0]}/" if "/" in name else f"{folder}/{name}"
                              for name in group.names if (group.folder / name).is_file()))


@dataclass
class GenerateResult:
    report: Report
    pages: int = 0
    written: WriteStats | None = None
    docs_dir: Path | None = None
    site_dir: str = "site"  # as mkdocs.yml names it, relative to the project
    network: Network | None = None  # for the leak scan of the built site
    private_names: dict[str, str] = field(default_factory=dict)  # features' private names, for the same scan
    # What data each generated file of the built site shows (None: not from data), by its path there, so
    # that the scan sends the clerk to the record a leak was typed into. Hand-written pages are not in it.
    sources: dict[str, PageSource | None] = field(default_factory=dict)


def generate(project: Project) -> GenerateResult:
    """Check the data, then render every page into a staging folder that replaces the build folder when all is done."""
    with _collecting_less():
        return _generate(project)


def _generate(project: Project) -> GenerateResult:
    checked = check(project)
    report = checked.report
    if checked.network is None:
        return GenerateResult(report)
    history = DataHistory(project.root, list(NETWORK_FILES))
    index = index_public(checked.network)
    find_page, find_data = build_find(index)
    settings = checked.settings
    tiles = project.map_tiles(settings.config)
    tile_source = TileSource(str(tiles["url"]), str(tiles["attribution"])) if tiles else None
    features = checked.features

    def sections(kind: str, hub_id: str, link) -> list:
        return [section for feature in features for section in feature.hub_sections(kind, hub_id, link)]

    # The features' static files (feeds, downloads) are made on another core while the pages are built here.
    feature_files = in_background(lambda: [feature.files(index) for feature in features])
    pages = [*build_pages(checked.network, index, history, tile_source, sections), find_page,
             *build_posters(index, settings.site_url),
             *(page for feature in features for page in feature.pages(index))]
    generated_files = dict(find_data)
    generated_names = [*(page.path for page in pages), *find_data]  # a name made twice is a collision
    for files in feature_files.result():
        generated_files.update(files)
        generated_names += files
    sources = {site_file(page.path): page.source for page in pages}
    sources.update((name, file.source) for name, file in generated_files.items())
    read_as_data = content_sources(project)
    content = {name: data for name, data in checked.content.items() if name not in read_as_data}
    report.extend(check_collisions(generated_names, content))
    if not report.ok:
        return GenerateResult(report)
    docs_dir = project.docs_dir(settings.config)
    with staged_folder(docs_dir) as folder:
        render_pages(pages, folder.put)
        for name, file in generated_files.items():
            folder.put(name, file.data)
        for name, data in content.items():
            folder.put(name, data)
        stats = folder.commit({*generated_names, *content})
    write_file(project.jieba_dictionary, jieba_dictionary(checked.network))
    return GenerateResult(report, pages=len(pages), written=stats, docs_dir=docs_dir,
                          site_dir=str(settings.config.get("site_dir", "site")), network=checked.network,
                          private_names=private_names(features),
                          sources=sources)
