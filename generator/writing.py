"""Write the generated Markdown, the hand-written pages and the search dictionary.

The build folder belongs to the generator: it is made to hold exactly the files of
this run (see StagedFolder).
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .model import TIER_NAMES, Network
from .problems import Problem, problem


def read_content(content_dir: Path) -> dict[str, bytes]:
    """Hand-written pages and assets under content/, by their path relative to it."""
    if not content_dir.is_dir():
        return {}
    return {
        path.relative_to(content_dir).as_posix(): path.read_bytes()
        for path in sorted(content_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def check_collisions(generated: Iterable[str], content: dict[str, bytes]) -> list[Problem]:
    """Paths written twice, each of which would silently replace a page.

    Two generated outputs at one path (a station whose id is `index`), or a hand-written
    page named like a generated one.
    """
    counts = Counter(generated)
    problems = [problem("output-collision", name, None, found=name)
                for name, count in sorted(counts.items()) if count > 1]
    return problems + [problem("content-collision", f"content/{name}", None, found=f"content/{name}")
                       for name in sorted(counts.keys() & content.keys())]


def jieba_dictionary(network: Network) -> str:
    """A jieba user dictionary of every place name residents search for.

    Without it jieba cuts an unknown compound name like 晨光苑 into pieces, and a
    search for the name finds nothing. The high frequency makes jieba keep each
    name whole.

    A hub's name is a place and a tier, 星河湾 + 友邻点: as two words, the point's title
    holds the compound's name as a word of its own, and a search for 星河湾 finds the
    point by its title. As one word it matched only as a longer word's prefix.

    A village group is written with its village, 河西村十六组, and said without it, 十六组:
    the group is a word of its own in every name (the compound's, its point's; see _compound_words).

    What begins a compound's name is no word unless it is a name itself (frequency 0: jieba never
    cuts it out of a text), so that a search for the compound's name is one for the whole name: see _prefixes.
    """
    tiers = tuple(TIER_NAMES.values())
    names = [network.street.name, _place(network.centre.name, tiers), *tiers]
    names += [c.name for c in network.communities.values()]
    names += [c.name for c in network.compounds.values()]
    names += [_place(s.name, tiers) for s in network.stations.values()]
    names += [_place(p.name, tiers) for p in network.points.values()]
    words = {word for name in names for part in name.split() for word in _compound_words(part)}
    unwords = _prefixes(c.name for c in network.compounds.values()) - words
    return "".join(f"{word} 100000 ns\n" if word in words else f"{word} 0\n" for word in sorted(words | unwords))


def _prefixes(names: Iterable[str]) -> set[str]:
    """溪口花园 → 溪口, 溪口花: what begins a name, two characters or more and shorter than the name.

    Material's search cuts what residents type at the longest indexed word it begins with and drops the
    rest: while an address's 溪口路 was cut into the word 溪口, a search for 溪口花园 was one for 溪口*
    and listed the 溪口社区 pages before the point serving 溪口花园. Only a compound's name is kept whole
    so: a community's short form stays a word (东方、西苑等社区 in a topic), and a search for 东方社区
    cut at 东方 still lists the community's page first. Material cuts only runs of Han characters.
    """
    return {run[:end] for name in names for run in re.findall(r"[\u3007\u4e00-\u9fff]+", name)
            for end in range(2, len(run))}


# A numbered village group (村民小组) ending a compound's name: 十六组 of 河西村十六组, 一组 of 河西一组.
_VILLAGE_GROUP = re.compile(r"第?([〇零一二三四五六七八九十百两]+组)$")


def _compound_words(name: str) -> list[str]:
    """河西村十六组 → 河西村, 十六组: a search for 十六组, as residents say it, finds the group's point.

    Material's search matches what residents type only as the beginning of an indexed word: as one
    word, 河西村十六组 was found by nothing but a search beginning with 河西村. A place of one
    character stays in the name: as a word of its own it would cut every text it occurs in.
    """
    group = _VILLAGE_GROUP.search(name)
    if group is None or group.start() < 2:
        return [name]
    return [name[:group.start()], group.group(1)]


def _place(name: str, tiers: tuple[str, ...]) -> str:
    """The place a hub's name begins with: 星河湾友邻点（二） → 星河湾. A name without a tier word is kept whole."""
    found = [at for at in (name.find(tier, 1) for tier in tiers) if at > 0]
    return name[:min(found)] if found else name


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class StagedFolder:
    """This run's files for `folder`, put beside it and moved in only by `commit`.

    Render workers put each file as soon as it is rendered, so no process holds a
    city's pages at once. A file whose bytes did not change is not put again, so
    `mkdocs serve` reloads only what changed. Until `commit`, the folder is as the
    last run left it: a run that fails half-way changes nothing in it.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        # A sibling, so that moving a file in is a rename on the same file system.
        self.staging = folder.with_name(f".{folder.name}.staging")
        self._made: set[Path] = set()  # staging folders this process made: a city's pages share a few hundred

    def put(self, name: str, data: bytes) -> bool:
        """Stage `data` as `name` unless the folder holds exactly it already; whether it was staged."""
        if _holds(self.folder / name, data):
            return False
        staged = self.staging / name
        if staged.parent not in self._made:
            staged.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(staged.parent)
        staged.write_bytes(data)
        return True

    def commit(self, names: set[str]) -> WriteStats:
        """Move the staged files in and remove what is not in `names`: the folder then holds exactly them."""
        written = sum(len(files) for _, _, files in os.walk(self.staging))
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        if written:
            # A first build (a fresh clone, CI) moves its whole staging folder in with one rename:
            # a city's 97,000 files one by one took nine seconds.
            move_tree(self.staging, self.folder, replace=True)
        self.folder.mkdir(exist_ok=True)
        removed = _remove_all_but(self.folder, names)
        self.discard()
        return WriteStats(written=written, unchanged=len(names) - written, removed=removed)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._made.clear()


@contextmanager
def staged_folder(folder: Path) -> Iterator[StagedFolder]:
    """A `StagedFolder` whose staging is removed however the block ends, committed or not."""
    staged = StagedFolder(folder)
    staged.discard()  # left by a run that was killed
    try:
        yield staged
    finally:
        staged.discard()


def move_tree(source: Path, target: Path, replace: bool) -> None:
    """Move everything under `source` to the same place under `target`; a folder `target` lacks moves in one rename.

    What `target` already has in the same place is replaced by `source`'s with `replace`, and kept without it.
    """
    if not target.exists():
        os.replace(source, target)
        return
    with os.scandir(source) as entries:
        for entry in entries:
            there = target / entry.name
            if not there.exists():
                os.replace(entry.path, there)
            elif entry.is_dir(follow_symlinks=False) and there.is_dir():
                move_tree(Path(entry.path), there, replace)
            elif replace:
                if there.is_dir() and not there.is_symlink():
                    shutil.rmtree(there)  # a folder replaced by a page of the same name
                elif entry.is_dir(follow_symlinks=False):
                    there.unlink()  # a page replaced by a folder of the same name
                os.replace(entry.path, there)


def _remove_all_but(folder: Path, names: set[str]) -> int:
    """Remove every file under `folder` whose path relative to it is not in `names`, then emptied folders."""
    removed = 0
    for directory, _, files in os.walk(folder, topdown=False):
        relative = Path(directory).relative_to(folder).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        for name in files:
            if prefix + name not in names:
                os.unlink(os.path.join(directory, name))
                removed += 1
        if relative != ".":
            with suppress(OSError):  # only an empty folder can be removed
                os.rmdir(directory)
    return removed


def write_file(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if _holds(path, data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at `path` is exactly `data` (the size first: most changed files differ in it)."""
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
