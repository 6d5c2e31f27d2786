"""A project folder: mkdocs.yml, data/ and content/ of one street's network, and the day it is built for.

"Today" — a date in the data that has not come yet, what is upcoming or overdue —
is the `YOULIN_TODAY` environment variable (``2018-11-15``), else ``extra.youlin_today``
in mkdocs.yml (the fixture network pins its day so its golden output never
changes), else the build date.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .problems import Problem, Severity, problem
from .yamlmistakes import syntax_problem

BUILD_DIR = "build"
CACHE_DIR = ".cache/youlin"  # what check keeps between runs (see cache.py); .cache/ is where Material keeps its own
JIEBA_DICTIONARY = f"{BUILD_DIR}/jieba_userdict.txt"
TODAY_VARIABLE = "YOULIN_TODAY"
THEME_MARK = "assets/stylesheets/youlin.css"  # a file only the generator's theme folder has
GENERATOR_THEME = Path(__file__).resolve().parent.parent / "theme"  # where a repository checkout keeps it
# Hosts kept for examples (RFC 2606): a printed QR code that points at one leads nowhere.
_EXAMPLE_HOST = re.compile(r"(^|\.)(example\.(com|net|org)|[^.]+\.example)$|^example$", re.IGNORECASE)


def is_example_url(url: str | None) -> bool:
    """Whether `url` is on a host kept for examples: a QR code or an address printed from it leads nowhere."""
    return bool(url) and bool(_EXAMPLE_HOST.search(urlsplit(url).hostname or ""))


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a few keys; MkDocs' own tags (!ENV, !!python/name) are ignored."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    """mkdocs.yml and the day the pages are built for, read once a run and handed to every feature."""

    config: dict
    today: date
    # The line of each key and list item of mkdocs.yml, by its path (("nav", 5) is the nav's sixth item).
    lines: dict[tuple, int] = field(default_factory=dict, compare=False)

    def line(self, *path: str | int) -> int | None:
        """The line of the key or list item at `path` in mkdocs.yml; None where it is not written."""
        return self.lines.get(path)

    @property
    def site_url(self) -> str | None:
        """The site's address, for QR codes and feeds; None where mkdocs.yml gives none."""
        value = self.config.get("site_url")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build_dir(self) -> Path:
        return self.root / BUILD_DIR

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def jieba_dictionary(self) -> Path:
        return self.root / JIEBA_DICTIONARY

    def read_config(self) -> tuple[dict, list[Problem]]:
        """The keys of mkdocs.yml the generator depends on, or problems saying what is wrong."""
        config, _, problems = self._read_config()
        return config, problems

    def _read_config(self) -> tuple[dict, dict[tuple, int], list[Problem]]:
        """mkdocs.yml's values, the line of each key and list item (see `Settings.lines`), and its problems."""
        try:
            text = self.config_file.read_text(encoding="utf-8")
            config, lines = _load_config(text)
        except FileNotFoundError:
            return {}, {}, [problem("file-missing", "mkdocs.yml", None)]
        except yaml.YAMLError as exc:  # told in Chinese, on the line the slip was typed, as the data files' are
            return {}, {}, [syntax_problem(exc, "mkdocs.yml", text)]
        problems = []
        if not str(config.get("docs_dir", "")).startswith(f"{BUILD_DIR}/"):
            problems.append(problem("config-invalid", "mkdocs.yml", None, reason=f"docs_dir 应指向 {BUILD_DIR}/ 下的文件夹",
                                    hint=f"写成 docs_dir: {BUILD_DIR}/docs；生成的页面放在那里，不进入 git"))
        if config.get("use_directory_urls") is False:
            problems.append(problem("config-invalid", "mkdocs.yml", None, reason="use_directory_urls 设为了 false",
                                    hint="生成的页面按目录网址互相链接（如 points/P0001/）；请删除这一行或设为 true"))
        tiles = self.map_tiles(config)
        if tiles is not None and not (isinstance(tiles, dict) and str(tiles.get("url", "")).startswith("https://")
                                      and all(k in str(tiles["url"]) for k in ("{z}", "{x}", "{y}"))
                                      and tiles.get("attribution")):
            problems.append(problem("config-invalid", "mkdocs.yml", None, reason="extra.youlin.map_tiles 格式不对",
                                    hint="写成 url: https://…/{z}/{x}/{y}.png 和 attribution: 地图来源；不需要底图时删除这一项"))
        problems += self._theme_problems(config, lines)
        problems += _site_url_problems(config.get("site_url"))
        if not str(config.get("site_name") or "").strip():
            problems.append(problem("config-invalid", "mkdocs.yml", None, reason="没有 site_name（网站名称）",
                                    hint="MkDocs 没有它不能生成网站；写成 site_name: 与 data/hubs.yaml 的 street.site_title 相同"))
        if "nav" not in config:
            problems.append(problem("config-invalid", "mkdocs.yml", None, reason="没有 nav（导航）",
                                    hint="没有 nav 时 MkDocs 会把每个友邻点都放进侧边栏，网站越大构建越慢；请保留 nav"))
        return config, lines, problems

    def _theme_problems(self, config: dict, lines: dict[tuple, int]) -> list[Problem]:
        """theme.custom_dir must be the generator's theme folder: say where it led and what to write instead."""
        theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
        custom_dir = theme.get("custom_dir")
        if custom_dir and (self.root / str(custom_dir) / THEME_MARK).is_file():
            return []
        if custom_dir:
            # Relative to mkdocs.yml's folder, as MkDocs reads it: the clerk sees which folder that was.
            resolved = (self.root / str(custom_dir)).resolve()
            missing = "这个文件夹不存在" if not resolved.is_dir() else f"那里没有 {THEME_MARK}"
            reason = f"theme.custom_dir「{custom_dir}」不是生成器的 theme 文件夹：它指向 {resolved}，{missing}"
        else:
            reason = "theme.custom_dir「（空）」不是生成器的 theme 文件夹：没有写这一项"
        why = "少了它，网站没有大字模式、网上填写的表格和二维码"
        if (GENERATOR_THEME / THEME_MARK).is_file():
            hint = (f"写成 custom_dir: {_theme_path(GENERATOR_THEME, self.root)}（本生成器的 theme 文件夹 "
                    f"{GENERATOR_THEME}，相对于 mkdocs.yml 所在的文件夹），也可以把这个文件夹复制到项目里再写 "
                    f"custom_dir: theme；{why}")
        else:  # an installed generator without its theme folder: only the clerk knows where a copy is
            hint = ("写成生成器里 theme 文件夹的路径（相对于 mkdocs.yml，或完整路径），也可以把它复制到项目里再写 "
                    f"custom_dir: theme；{why}")
        line = lines.get(("theme", "custom_dir")) or lines.get(("theme",))
        return [problem("config-invalid", "mkdocs.yml", line, reason=reason, hint=hint)]

    def read_settings(self, today: date | None = None) -> tuple[Settings | None, list[Problem]]:
        """mkdocs.yml and the day (see `resolve_today`); None when the day cannot be told, as the problems say."""
        config, lines, problems = self._read_config()
        day, found = resolve_today(today, config)
        return (Settings(config, day, lines) if day is not None else None), problems + found

    @staticmethod
    def map_tiles(config: dict) -> dict | None:
        """The street's own map tile server, if mkdocs.yml names one (extra.youlin.map_tiles)."""
        return ((config.get("extra") or {}).get("youlin") or {}).get("map_tiles")

    def docs_dir(self, config: dict) -> Path:
        return self.root / str(config.get("docs_dir", f"{BUILD_DIR}/docs"))


def _load_config(text: str) -> tuple[dict, dict[tuple, int]]:
    """mkdocs.yml's values and the line of each key and list item, from one parse."""
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
        config = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    if node is not None:
        _node_lines(node, (), lines, set())
    return config or {}, lines


def _node_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int], open_nodes: set[int]) -> None:
    if id(node) in open_nodes:  # an alias of a node that holds it: YAML allows it, there is nothing more to find
        return
    open_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[path + (key.value,)] = key.start_mark.line + 1
                _node_lines(value, path + (key.value,), lines, open_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _node_lines(item, path + (index,), lines, open_nodes)
    open_nodes.discard(id(node))


def _theme_path(theme: Path, root: Path) -> str:
    """How mkdocs.yml in `root` names `theme`: relative to its folder where it can be, in YAML the clerk can paste."""
    try:
        text = Path(os.path.relpath(theme, root.resolve())).as_posix()
    except ValueError:  # on another drive
        text = theme.as_posix()
    return text if re.fullmatch(r"[\w./~-]+", text) else "'" + text.replace("'", "''") + "'"


def resolve_today(today: date | None = None, config: dict | None = None) -> tuple[date | None, list[Problem]]:
    """The day the pages are built for: argument, environment, mkdocs.yml, or the clock."""
    if today is not None:
        return today, []
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    where, example = f"环境变量 {TODAY_VARIABLE}", f"{TODAY_VARIABLE}=2018-11-15"
    if not text:
        value = _pinned_day(config or {})
        if value is None:
            return date.today(), []
        if isinstance(value, date):
            return value, []
        text, where, example = str(value), "mkdocs.yml 的 extra.youlin_today", 'youlin_today: "2018-11-15"'
    try:
        return date.fromisoformat(text), []
    except ValueError:
        return None, [problem("config-invalid", "mkdocs.yml" if where.startswith("mkdocs") else where, None,
                              reason=f"{where}「{text}」不是日期",
                              hint=f"写成 {example}，或不设置（用构建当天的日期）")]


def _pinned_day(config: dict) -> Any:
    extra = config.get("extra")
    return extra.get("youlin_today") if isinstance(extra, dict) else None


def _site_url_problems(site_url: object) -> list[Problem]:
    """The site's address is printed as QR codes on posters and paper forms: warn while it is a placeholder."""
    if not site_url:
        return [problem("site-url-missing", "mkdocs.yml", None, severity=Severity.WARNING)]
    if is_example_url(str(site_url)):
        return [problem("site-url-example", "mkdocs.yml", None, found=site_url, severity=Severity.WARNING)]
    return []
