"""Write the generated Markdown, the hand-written pages and the search dictionary.

The build folder belongs to the generator: it is made to hold exactly the files of
this run. Files whose bytes did not change are left alone, so `mkdocs serve`
reloads only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def check_collisions(generated: set[str], content: dict[str, bytes]) -> list[Problem]:
    return [problem("content-collision", f"content/{name}", None, found=f"content/{name}")
            for name in sorted(generated & set(content))]


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


def sync_folder(folder: Path, files: dict[str, bytes]) -> WriteStats:
    """Make `folder` hold exactly `files`, touching only what differs."""
    stats = WriteStats()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = folder / name
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stats.written += 1
    for path in sorted(folder.rglob("*"), reverse=True):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in files:
            path.unlink()
            stats.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return stats


def write_file(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
