"""mkdocs.yml against the rest of the project: the navigation's pages, its sections' data, the site's name.

A street's mkdocs.yml starts as a copy of another's. What the copy keeps that no
longer fits stops `mkdocs build --strict` (a nav line to a page nobody makes) or
publishes the wrong thing without a word (an empty section in the menu, a section
missing from it, the other street's name in every page's title bar and footer).

Which pages a build makes is known once the features are loaded, without rendering
any: the hand-written pages in content/, the generator's own pages and the folders
of each feature that loaded (one that did not load makes none). A nav line under one
of those folders is taken as made: the sidebar names a section's first page, never
one topic's or one point's.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from .features import content_sources, nav_items
from .links import CENTRE, COMMUNITIES, FIND, HOME, PLAN, STATIONS
from .loading import is_system_file
from .model import Street
from .problems import Problem, Severity, problem, register_messages
from .project import Project, Settings

register_messages({
    "nav-page-missing": (
        "导航（nav）中的「{entry}」所指的页面不会生成：{why}",
        "{remove}{restore}",
    ),
    "nav-section-empty": (
        "导航（nav）中有「{entry}」，但没有{what}（{absent}），这一栏的页面都是空的",
        "不用这一栏，就删除 mkdocs.yml 的这一行；要用，就加上 {files}",
    ),
    "nav-section-missing": (
        "有{what}（{files}），但导航（nav）中没有「{title}」：这一栏的页面会生成，网站的菜单里却没有它",
        "在 mkdocs.yml 的 nav 中加一行「{entry}」（「- 」与上下各行对齐）；不用这一栏，就删掉 {files}",
    ),
    "site-name-other": (
        "mkdocs.yml 的 site_name「{found}」与 data/hubs.yaml 的网站标题 street.site_title「{expected}」不同",
        "每页的标题栏和浏览器标签都显示 site_name：改成 site_name: {expected}；如果是网站标题写错了，就改 data/hubs.yaml",
    ),
    "copyright-other": (
        "mkdocs.yml 的 copyright「{found}」里没有 data/hubs.yaml 的主办单位 street.office「{expected}」",
        "每页的页脚都显示 copyright：改成 copyright: {expected}；如果是主办单位写错了，就改 data/hubs.yaml",
    ),
})

# The hand-written page that tells residents what the site publishes of them and how to withdraw: a site that
# publishes leaders' names and phones by their consent should not lose it, so its nav line is not offered for deletion.
PRIVACY = "privacy.md"
# The generator's own pages, and the folders it fills from the network: always made.
_CORE_PAGES = frozenset({HOME, FIND, PLAN, CENTRE, STATIONS, COMMUNITIES})
_CORE_FOLDERS = ("stations/", "points/", "communities/", "plan/", "posters/", "find-data/")


@dataclass(frozen=True)
class Section:
    """What one feature writes into the site, and what turns it on."""

    feature: str  # the feature's package under generator/ (its class's module tells a loaded feature's)
    folders: tuple[str, ...]  # where its pages and files are written (a name ending in .md is one page)
    title: str = ""  # its nav line, where a site that uses it should list it in the menu
    page: str = ""
    what: str = ""  # what its data is, in a message
    sources: tuple[str, ...] = ()  # files (or folders, ending in /) of the project that hold its data; () = always on

    @property
    def entry(self) -> str:
        return f"- {self.title}: {self.page}"


# Kept to what each feature makes by a test on the fixture network (tests/test_configcheck.py).
SECTIONS = (
    Section("covenants", ("covenants/",), "居民公约", "covenants/index.md", "居民公约", ("content/covenants/",)),
    Section("consultation", ("consultation/", "topics/", "meetings/", "agendas/", "calendars/"),
            "协商议事", "consultation/index.md", "议题和会议", ("data/topics.yaml", "data/meetings.yaml")),
    Section("forms", ("forms/",)),
    # The ledger is reached from the progress page: a site with spending need not list it.
    Section("ledger", ("ledger/",), what="补助支出记录", sources=("data/spending.csv",)),
    Section("progress", ("progress.md",)),
    Section("opendata", ("open-data.md", "data/")),
)


@dataclass(frozen=True)
class NavEntry:
    title: str | None
    target: Any  # the page, as written (None where nothing is)
    line: int | None

    @property
    def shown(self) -> str:
        target = "" if self.target is None else f" {self.target}"
        return f"- {self.title}:{target}" if self.title is not None else f"- {self.target}"


def nav_entries(settings: Settings) -> Iterator[NavEntry]:
    """Every page line of mkdocs.yml's navigation, in sections too, with its line."""
    for title, target, path in nav_items(settings.config.get("nav")):
        # A titled line is found by its title's key, else by its item; a bare page by its item.
        line = settings.line(*path) or (settings.line(*path[:-1]) if title is not None else None)
        yield NavEntry(title, target, line)


def _page(target: Any) -> str | None:
    """The page a nav target names in the docs folder ("" where none is written); None for an outside address."""
    text = "" if target is None else str(target).strip()
    if "://" in text or text.startswith(("mailto:", "tel:", "/")):
        return None
    return posixpath.normpath(text) if text else ""


def _under(page: str, folders: Sequence[str]) -> bool:
    return any(page == folder if folder.endswith(".md") else page.startswith(folder) for folder in folders)


def check_nav(project: Project, settings: Settings, features: Sequence, content: dict[str, bytes]) -> list[Problem]:
    """Nav lines to pages no one makes (errors), sections shown empty or made but left out of the menu (warnings)."""
    loaded = {type(feature).__module__.split(".")[1] for feature in features}
    read_as_data = content_sources(project)
    pages = _CORE_PAGES | {name for name in content if name not in read_as_data}
    made = _CORE_FOLDERS + tuple(folder for section in SECTIONS if section.feature in loaded
                                 for folder in section.folders)
    named = [(entry, page) for entry in nav_entries(settings)
             if (page := _page(entry.target)) is not None]
    problems = []
    for entry, page in named:
        if page in pages or _under(page, made):
            continue
        remove, keep = "删除 mkdocs.yml 的这一行；", "要保留这一栏，请"
        section = next((s for s in SECTIONS if page and _under(page, s.folders)), None)
        if not page:
            why, restore = "这一项没有写页面", "在冒号后写上页面，如 index.md"
        elif section is not None and section.sources:
            why = f"{'、'.join(section.sources)} 里没有{section.what}，这一栏只在有{section.what}时生成"
            restore = f"恢复 {'、'.join(section.sources)} 里的文件"
            unread = [name for source in section.sources for name in _files_under(project, source)]
            if unread:  # there under names the feature does not read (it warned of each): not to be deleted
                shown = "、".join(unread[:3]) + (f" 等 {len(unread)} 个文件" if len(unread) > 3 else "")
                remove, restore = "", f"按警告改正文件名（文件都在，只是没有被读取）：{shown}"
        else:
            why, restore = f"content/ 里没有 {page}，生成器也不生成它", f"把页面放回 content/{page}"
            if page == PRIVACY:
                remove, keep = "", "请"
                restore += "：隐私说明告诉居民网站公开了他们的哪些信息、怎样撤回同意，不要删掉这一栏"
            close = difflib.get_close_matches(page, sorted(pages), n=1, cutoff=0.8)
            if close:
                restore += f"；如果是页面名写错了，应写 {close[0]}"
        problems.append(problem("nav-page-missing", "mkdocs.yml", entry.line, found=page or None,
                                entry=entry.shown, why=why, remove=remove, restore=keep + restore))
    if not isinstance(settings.config.get("nav"), list):
        return problems  # read_config has said so
    for section in SECTIONS:
        if section.feature not in loaded or not section.sources:
            continue
        present = [source for source in section.sources if _exists(project, source)]
        in_nav = [entry for entry, page in named if page and _under(page, section.folders)]
        if in_nav and not present:
            problems += [problem("nav-section-empty", "mkdocs.yml", entry.line, severity=Severity.WARNING,
                                 entry=entry.shown, what=section.what, files=" 或 ".join(section.sources),
                                 absent="、".join(section.sources) + (" 都" if len(section.sources) > 1 else " ") + "不存在")
                         for entry in in_nav]
        elif present and not in_nav and section.title:
            problems.append(problem("nav-section-missing", "mkdocs.yml", settings.line("nav"),
                                    severity=Severity.WARNING, what=section.what, files="、".join(present),
                                    title=section.title, entry=section.entry))
    return problems


def _exists(project: Project, source: str) -> bool:
    path = project.root / source
    if source.endswith("/"):
        return path.is_dir() and any(item.is_file() for item in path.rglob("*"))
    return path.is_file()


def _files_under(project: Project, source: str) -> list[str]:
    """The files of a source folder, the system's and editors' aside (`is_system_file`), as the project names them."""
    folder = project.root / source
    if not source.endswith("/") or not folder.is_dir():
        return []
    files = [path.relative_to(folder) for path in folder.rglob("*") if path.is_file()]
    return [f"{source}{path.as_posix()}" for path in sorted(files, key=lambda path: (len(path.parts), path))
            if not any(is_system_file(part) for part in path.parts)]


def check_site_identity(settings: Settings, street: Street) -> list[Problem]:
    """The name and footer a copied mkdocs.yml keeps from another street, against data/hubs.yaml's."""
    problems = []
    site_name, copyright_ = settings.config.get("site_name"), settings.config.get("copyright")
    if isinstance(site_name, str) and site_name.strip() != street.site_title.strip():
        problems.append(problem("site-name-other", "mkdocs.yml", settings.line("site_name"), found=site_name,
                                expected=street.site_title, severity=Severity.WARNING))
    if isinstance(copyright_, str) and street.office.strip() not in copyright_:
        problems.append(problem("copyright-other", "mkdocs.yml", settings.line("copyright"), found=copyright_,
                                expected=street.office, severity=Severity.WARNING))
    return problems
