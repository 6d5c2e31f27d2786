"""Run MkDocs on the generated folder, as separate processes.

MkDocs (or its successor, which reads the same mkdocs.yml) sees only plain
Markdown; nothing of the generator runs inside it.

MkDocs builds on one core, about 12 ms a page: a city's 65,000 pages took it over
15 minutes while the other cores idled. A large site is therefore built in shards,
one MkDocs run per core: each run reads the same mkdocs.yml (through INHERIT) and
leaves out, with `exclude_docs`, the top-level folders the other runs build. A
page's HTML does not depend on which run built it: the navigation comes from
mkdocs.yml and links are computed from the whole file list, which every run
reads. The runs' sites are then joined; the search index and the sitemap, which
each run writes for its own pages, are joined entry by entry.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import yaml

from .parallel import cores
from .project import Project
from .writing import move_tree

# What a page costs MkDocs besides its text, as so many bytes of Markdown: at 2,500 points a run took
# about 8.6 ms a page and 1.7 ms a KB (a point page 13 ms, a ledger page's tables 22 ms). At 25,000
# points the two runs took 527 and 557 s; split by pages alone, 502 and 598 s.
PAGE_COST_BYTES = 5000

# Fewer pages than this per run, and starting another MkDocs costs more than it saves (the shipped
# 677 pages: 9.9 s in one run, 5.6 s in two).
MIN_PAGES_PER_SHARD = 300

# MkDocs says so, at INFO, for every link from one shard's page to another's: not news.
_SHARD_NOISE = "excluded from the built site"

SEARCH_INDEX = Path("search/search_index.json")
SITEMAP = Path("sitemap.xml")


def mkdocs_build(project: Project, site_dir: Path | None = None, shards: int | None = None) -> int:
    """`mkdocs build --strict`, in shards when the site is large; returns its exit status.

    `shards` overrides how many runs share the work (by default one per core, each
    with at least MIN_PAGES_PER_SHARD pages). Never with --quiet: it silences
    warnings before strict mode can count them, so a broken link would pass.
    """
    config, _ = project.read_config()
    site = (site_dir or project.root / str(config.get("site_dir", "site"))).resolve()
    # A nav entry without a title (or no nav at all) takes a page's heading, which only the run building
    # that page reads: then every page's sidebar would depend on the run.
    nav = config.get("nav")
    plan = []
    if isinstance(nav, list) and _titled(nav) and (shards or cores()) > 1:
        markdown = markdown_by_entry(project.docs_dir(config))
        if shards is None:
            shards = min(cores(), sum(pages for pages, _ in markdown.values()) // MIN_PAGES_PER_SHARD)
        plan = plan_shards({name: pages * PAGE_COST_BYTES + size for name, (pages, size) in markdown.items()},
                           shards)
    if len(plan) < 2:
        return _run(project, None, site)
    configs = [shard_config(project, config, [name for other in plan if other is not own for name in other])
               for own in plan]
    site.parent.mkdir(parents=True, exist_ok=True)
    parts = [site] + [Path(tempfile.mkdtemp(prefix=f".{site.name.lstrip('.')}.part-", dir=site.parent))
                      for _ in plan[1:]]
    try:
        with ThreadPoolExecutor(len(plan)) as pool:  # a thread per run, only passing on what MkDocs says
            statuses = list(pool.map(partial(_run, project), configs, parts))
        failed = next((status for status in statuses if status != 0), 0)
        if failed:
            return failed
        join_sites(site, parts[1:])
        return 0
    finally:
        for part in parts[1:]:
            shutil.rmtree(part, ignore_errors=True)


def _titled(nav) -> bool:
    """Whether every entry of mkdocs.yml's nav names its title."""
    if isinstance(nav, list):
        return all(isinstance(item, dict) and all(_titled(value) for value in item.values()) for item in nav)
    return True  # a page's path or a link, below its title


def markdown_by_entry(docs_dir: Path) -> dict[str, tuple[int, int]]:
    """Each top-level file and folder of the generated pages, with its Markdown pages and their bytes."""
    found: dict[str, tuple[int, int]] = {}
    if not docs_dir.is_dir():
        return found  # nothing generated yet: MkDocs says so
    for entry in sorted(docs_dir.iterdir()):
        pages = list(entry.rglob("*.md")) if entry.is_dir() else [entry] if entry.suffix == ".md" else []
        found[entry.name] = (len(pages), sum(page.stat().st_size for page in pages))
    return found


def plan_shards(work: dict[str, int], shards: int) -> list[list[str]]:
    """The entries spread over at most `shards` runs, the most work first into the run with least.

    A run with no work (only static files) is left out; so is splitting at all when only one run has work.
    """
    runs: list[list[str]] = [[] for _ in range(max(1, shards))]
    loads = [0] * len(runs)
    for name, amount in sorted(work.items(), key=lambda item: (-item[1], item[0])):
        lightest = loads.index(min(loads))
        runs[lightest].append(name)
        loads[lightest] += amount
    busy = [sorted(run) for run, load in zip(runs, loads) if load > 0]
    if len(busy) < 2:
        return [sorted(work)]
    # Entries without Markdown (static files) go with the first run.
    idle = [name for run, load in zip(runs, loads) if load == 0 for name in run]
    busy[0] = sorted(busy[0] + idle)
    return busy


def shard_config(project: Project, config: dict, excluded: list[str]) -> str:
    """mkdocs.yml for one run: the project's own, leaving out the top-level entries other runs build."""
    own = str(config.get("exclude_docs") or "").rstrip("\n")
    patterns = [own] if own else []
    patterns += ["/" + re.sub(r"([\\*?\[\]!#])", r"\\\1", name) for name in excluded]
    return yaml.safe_dump({"INHERIT": str(project.config_file), "exclude_docs": "\n".join(patterns) + "\n"},
                          allow_unicode=True)


def join_sites(site: Path, parts: list[Path]) -> None:
    """Move the other runs' output into `site`; join the search index and the sitemap.

    Files every run writes alike (the theme's assets, 404.html) are kept once.
    """
    _join_search_index(site / SEARCH_INDEX, [part / SEARCH_INDEX for part in parts])
    _join_sitemap(site / SITEMAP, [part / SITEMAP for part in parts])
    for part in parts:
        move_tree(part, site, replace=False)


def _join_search_index(site_index: Path, part_indexes: list[Path]) -> None:
    if not site_index.is_file():
        return  # no search plugin
    index = json.loads(site_index.read_text(encoding="utf-8"))
    for part_index in part_indexes:
        index["docs"] += json.loads(part_index.read_text(encoding="utf-8"))["docs"]
    site_index.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # as Material writes it


_URLSET_BODY = re.compile(r"(<urlset\b[^>]*>)(.*)(</urlset>)", re.DOTALL)


def _join_sitemap(site_map: Path, part_maps: list[Path]) -> None:
    if not site_map.is_file():
        return  # a theme without a sitemap
    bodies = []
    for path in [site_map, *part_maps]:
        found = _URLSET_BODY.search(path.read_text(encoding="utf-8"))
        if found is None:  # a theme's own sitemap template: its pages must not go missing unsaid
            raise ValueError(f"无法合并站点地图：{path} 不是 <urlset> 格式")
        bodies.append(found)
    ours = bodies[0]
    text = ours.string[:ours.end(2)] + "".join(found.group(2) for found in bodies[1:]) + ours.string[ours.start(3):]
    site_map.write_text(text, encoding="utf-8")
    packed = site_map.with_name(site_map.name + ".gz")
    if packed.is_file():
        with gzip.open(packed) as old:
            old.read()
            stamp = old.mtime  # MkDocs' build timestamp (SOURCE_DATE_EPOCH when set)
        packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=stamp))


def _run(project: Project, config_text: str | None, site_dir: Path) -> int:
    """One MkDocs run; with `config_text`, a shard's configuration read from stdin, its notices filtered."""
    config = "-" if config_text is not None else str(project.config_file)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(site_dir)]
    # MkDocs resolves some paths (the jieba dictionary) from the working folder; so does a config from stdin.
    if config_text is None:
        return subprocess.run(command, cwd=project.root, env=_environment()).returncode
    with subprocess.Popen(command, cwd=project.root, env=_environment(), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                          errors="replace") as process:
        process.stdin.write(config_text)
        process.stdin.close()
        for line in process.stdout:
            if _SHARD_NOISE not in line:
                sys.stderr.write(line)
    return process.returncode


def mkdocs_serve(project: Project, address: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config_file), "--dev-addr", address]
    return subprocess.Popen(command, cwd=project.root, env=_environment())


def _environment() -> dict[str, str]:
    # Material's end-of-life banner is known (see README); keep the build output for real problems.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
