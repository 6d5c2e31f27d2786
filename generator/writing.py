"""Write the generated Markdown, the hand-written pages and the search dictionary.

The build folder belongs to the generator: it is made to hold exactly the files of
this run (see StagedFolder).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .model import Network
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

    Without it jieba cuts an unknown compound name like 怡银苑 into pieces, and a
    search for the name finds nothing. The high frequency makes jieba keep each
    name whole.
    """
    names = [network.street.name, network.centre.name]
    names += [c.name for c in network.communities.values()]
    names += [c.name for c in network.compounds.values()]
    names += [s.name for s in network.stations.values()]
    names += [p.name for p in network.points.values()]
    words = sorted({word for name in names for word in name.split() if word})
    return "".join(f"{word} 100000 ns\n" for word in words)


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

    def put(self, name: str, data: bytes) -> bool:
        """Stage `data` as `name` unless the folder holds exactly it already; whether it was staged."""
        if _holds(self.folder / name, data):
            return False
        staged = self.staging / name
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        return True

    def commit(self, names: set[str]) -> WriteStats:
        """Move the staged files in and remove what is not in `names`: the folder then holds exactly them."""
        stats = WriteStats()
        self.folder.mkdir(parents=True, exist_ok=True)
        for staged in sorted(self.staging.rglob("*")) if self.staging.is_dir() else ():
            if staged.is_file():
                target = self.folder / staged.relative_to(self.staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
                stats.written += 1
        stats.unchanged = len(names) - stats.written
        for path in sorted(self.folder.rglob("*"), reverse=True):
            name = path.relative_to(self.folder).as_posix()
            if path.is_file() and name not in names:
                path.unlink()
                stats.removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        self.discard()
        return stats

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@contextmanager
def staged_folder(folder: Path) -> Iterator[StagedFolder]:
    """A `StagedFolder` whose staging is removed however the block ends, committed or not."""
    staged = StagedFolder(folder)
    staged.discard()  # left by a run that was killed
    try:
        yield staged
    finally:
        staged.discard()


def write_file(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if _holds(path, data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at `path` is exactly `data` (the size first: most changed files differ in it)."""
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
