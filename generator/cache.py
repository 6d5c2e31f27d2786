"""Results of the slow, pure steps of `check`, kept between runs in .cache/youlin/.

A city's data is tens of megabytes: composing its YAML and type-checking every
cell takes half a minute, while a clerk's edit changes one file. As Pelican keeps
its parsed content between builds, the result of parsing a YAML file and of
checking a set of tables is kept, under a digest of everything it depends on:
the input itself, the generator's own files and the versions of Python and the
libraries. A changed input or another version of the generator is a miss, never
a stale answer. Entries a run did not use are removed at its end, so the folder
holds one run's worth.

Only `check` turns the cache on (`kept_in`); elsewhere, as in most tests, every
step is computed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Iterator, TypeVar

Result = TypeVar("Result")

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("frictionless", "PyYAML")

_active: ResultCache | None = None


class ResultCache:
    """Results by kind and key digest, one pickle file each."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[Path] = set()

    def get(self, kind: str, key: bytes, compute: Callable[[], Result]) -> Result:
        digest = hashlib.sha256(code_fingerprint() + kind.encode() + b"\0" + key).hexdigest()
        path = self.folder / kind / f"{digest}.pickle"
        self.used.add(path)
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 — missing or damaged, it is only a miss
            pass
        result = compute()
        self._store(path, result)
        return result

    def prune(self) -> None:
        """Remove what this run did not use: older versions of the files, another generator's results."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)

    @staticmethod
    def _store(path: Path, result: object) -> None:
        # Written aside, then renamed: a run that is stopped halfway never leaves half a file.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, path)
        except OSError:
            pass  # a read-only checkout still checks, only without the cache


@contextmanager
def kept_in(folder: Path) -> Iterator[ResultCache]:
    """Keep results in `folder` for the steps run inside the block."""
    global _active
    previous, _active = _active, ResultCache(folder)
    try:
        yield _active
        _active.prune()
    finally:
        _active = previous


def cached(kind: str, key: bytes, compute: Callable[[], Result]) -> Result:
    """`compute()`, or its result kept from an earlier run with the same `key` and the same generator.

    `key` must hold everything the result depends on besides the generator itself.
    """
    if _active is None:
        return compute()
    return _active.get(kind, key, compute)


@cache
def code_fingerprint() -> bytes:
    """A digest of the generator's files (code, schemas, form definitions) and of the versions it runs on."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        digest.update(f"{name}=={version(name)}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".yaml"}:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()
