"""Results of the slow, pure steps of `check`, kept between runs in .cache/youlin/.

A city's data is tens of megabytes: composing its YAML and type-checking every
cell takes half a minute, while a clerk's edit changes one file. As Pelican keeps
its parsed content between builds, the results of reading a group of files
(the hub network, the consultation files, the spending records, the projects and
trainings, the covenants) and, inside them, of parsing a large YAML file are kept, under a
digest of everything they depend on: the input itself, the generator's own
files and the versions of Python and the libraries. So are the checks of what one
group read against what others read (the meetings against the network,
`cached_over`), under the digests of those groups' files. A changed input or another
version of the generator is a miss, never a stale answer. An edit to one file
misses only the groups that read it, inside them only the steps it changed, and
the checks over them.
Entries a run did not use are removed at its end, so the folder holds one run's
worth; an entry kept from an earlier run keeps the entries it was computed from,
for the next edit. The groups that are not kept are read ahead on every core
(`read_ahead`): each reads only its own files.

Only `check` turns the cache on (`kept_in`); elsewhere, as in most tests, every
step is computed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Generic, Iterator, Sequence, TypeVar

from .loading import workbook_beside
from .parallel import Background, cores, in_background

Result = TypeVar("Result")

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("frictionless", "PyYAML")

_active: ResultCache | None = None


class ResultCache:
    """Results by kind and key digest, one pickle file each."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()  # entries, as `kind/digest`
        self._computing: list[set[str]] = []  # for each result being computed, the entries it used
        # Each group's files are read and hashed once a run: `read_ahead` and then `read` both need it.
        self.file_keys: dict[tuple[str, Path, tuple[str, ...]], tuple[bytes, int] | None] = {}
        self._held: dict[str, tuple[object, list[str]]] = {}  # made ready by `hold`, by entry
        # What is computed inside `writing_later`, to be written by a worker after it, and that worker.
        self._unwritten: list[tuple[Path, object]] | None = None
        self._writer: Background[list[None]] | None = None

    def get(self, kind: str, key: bytes, compute: Callable[[], Result]) -> Result:
        entry = self._entry(kind, key)
        result, inner = self._held.pop(entry, None) or self._ready(entry, compute)
        self._use(entry, *inner)
        return result

    def hold(self, kind: str, key: bytes, compute: Callable[[], Result]) -> None:
        """Have a result ready now; the run's next `get` of it takes it as it is."""
        entry = self._entry(kind, key)
        self._held[entry] = self._ready(entry, compute)

    def _ready(self, entry: str, compute: Callable[[], Result]) -> tuple[Result, list[str]]:
        """The result and the entries it used: read back, or computed and stored for the next run."""
        path = self._path(entry)
        return self._load(path) or self._compute(path, compute)

    @staticmethod
    def _load(path: Path) -> tuple[Result, list[str]] | None:
        try:
            with path.open("rb") as file, _collector_paused():
                return pickle.load(file)
        except Exception:  # noqa: BLE001 — missing or damaged, it is only a miss
            return None

    def _compute(self, path: Path, compute: Callable[[], Result]) -> tuple[Result, list[str]]:
        self._computing.append(set())
        try:
            result = compute()
        finally:
            inner = sorted(self._computing.pop())
        if self._unwritten is not None:
            self._unwritten.append((path, (result, inner)))
        else:
            self._store(path, (result, inner))
        return result, inner

    @contextmanager
    def writing_later(self) -> Iterator[None]:
        """Write what is computed inside the block in a worker started after it, while this process goes on.

        From nothing, pickling a city's results took a second of the check's critical path; the worker
        does it while this process waits for the other cores' shares or checks the groups against each other.
        """
        self._unwritten = []
        try:
            yield
        finally:
            unwritten, self._unwritten = self._unwritten, None
        if unwritten:
            self._writer = in_background(lambda: [self._store(path, result) for path, result in unwritten])

    def finish_writing(self) -> None:
        """Wait for the worker `writing_later` started, if any (and raise what it raised)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.result()

    def has(self, kind: str, key: bytes) -> bool:
        """Whether a result is kept for this key (it may still turn out damaged: then it is a miss)."""
        return self._path(self._entry(kind, key)).is_file()

    def writable(self) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.folder, os.W_OK)

    def _path(self, entry: str) -> Path:
        return self.folder / f"{entry}.pickle"

    @staticmethod
    def _entry(kind: str, key: bytes) -> str:
        digest = hashlib.sha256(code_fingerprint())
        digest.update(kind.encode() + b"\0")
        digest.update(key)  # not concatenated: a key can be a city's whole data file
        return f"{kind}/{digest.hexdigest()}"

    def _use(self, *entries: str) -> None:
        self.used.update(entries)
        for outer in self._computing:
            outer.update(entries)

    def prune(self) -> None:
        """Remove what this run did not use: older versions of the files, another generator's results."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.pickle"):
            if f"{path.parent.name}/{path.stem}" not in self.used:
                path.unlink(missing_ok=True)

    @staticmethod
    def _store(path: Path, result: object) -> None:
        # Written aside, then renamed: a run that is stopped halfway never leaves half a file.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with _collector_paused():
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError:
            pass  # a read-only checkout still checks, only without the cache


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pickle or unpickle with the cycle collector off; then exempt all that is alive from it until `kept_in` ends.

    A city's results are a million objects and no garbage: the collector would walk them again
    and again as they arrive and afterwards, which more than doubles the time a repeated `check`
    takes. What is alive at that point lives until the run's end anyway.
    """
    try:
        with collector_off():
            yield
    finally:
        gc.freeze()


@contextmanager
def collector_off() -> Iterator[None]:
    """The cycle collector off inside the block (and on again after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def kept_in(folder: Path) -> Iterator[ResultCache]:
    """Keep results in `folder` for the steps run inside the block."""
    global _active
    previous, _active = _active, ResultCache(folder)
    try:
        try:
            yield _active
        finally:
            _active.finish_writing()
        _active.prune()
    finally:
        _active = previous
        gc.unfreeze()  # what was read is ordinary again: garbage once the caller lets it go


def cached(kind: str, key: bytes, compute: Callable[[], Result]) -> Result:
    """`compute()`, or its result kept from an earlier run with the same `key` and the same generator.

    `key` must hold everything the result depends on besides the generator itself.
    """
    if _active is None:
        return compute()
    return _active.get(kind, key, compute)


def cached_over(kind: str, groups: Sequence[FileGroup], compute: Callable[[], Result], extra: bytes = b"") -> Result:
    """`compute()`, a pure step over what `groups` read, kept under their files' digests and `extra`.

    For the checks of one group's result against another's (the meetings against the network), which
    took a city's repeated `check` over half a second. `compute` must depend on nothing but what the
    groups' `read` returns and `extra` (say, the day the checks are made for); a group whose files
    cannot be read has no digest, and then the step is computed.
    """
    if _active is None:
        return compute()
    key = []
    for group in groups:
        files = group._key()
        if files is None:
            return compute()
        key.append(group.kind.encode() + b"\0" + files[0])  # a digest's length is fixed: nothing runs together
    return _active.get(kind, b"".join(key) + b"\0" + extra, compute)


@dataclass(frozen=True)
class FileGroup(Generic[Result]):
    """Files that one pure step reads together, and that step: what it returns is kept under their bytes.

    `compute` must read nothing but the files `names` (paths under `folder`). A file that is
    missing, or is a folder, counts as such; the key holds the names relative to `folder`, so a
    project that moves (a CI runner's fresh clone) keeps its results.
    """

    kind: str
    folder: Path
    names: tuple[str, ...]
    compute: Callable[[], Result]

    def read(self) -> Result:
        """`compute()`, or what it returned in an earlier run on the same bytes with the same generator."""
        key = self._key() if _active is not None else None
        if key is None:
            return self.compute()
        return _active.get(self.kind, key[0], self.compute)

    def hold(self) -> None:
        """`read` now, and hold the result in this process: the run's next `read` takes it as it is."""
        _active.hold(self.kind, self._key()[0], self.compute)

    def _key(self) -> tuple[bytes, int] | None:
        """The digest of the files and their size in bytes; None if one cannot be read. Needs the cache on."""
        where = (self.kind, self.folder, self.names)
        if where not in _active.file_keys:
            _active.file_keys[where] = self._hash_files()
        return _active.file_keys[where]

    def _hash_files(self) -> tuple[bytes, int] | None:
        files = hashlib.sha256()  # the files are hashed one by one: their tens of megabytes are never joined
        size = 0
        for name in self.names:
            try:
                data = (self.folder / name).read_bytes()
            except FileNotFoundError:
                files.update(f"{name}\0-\0".encode())
                # A missing CSV is told apart by a workbook saved beside it instead (loading.missing_file_problem).
                workbook = workbook_beside(self.folder / name) if name.endswith(".csv") else None
                files.update(f"{workbook.name if workbook else ''}\0".encode())
                continue
            except IsADirectoryError:
                files.update(f"{name}\0/\0".encode())
                continue
            except OSError:
                return None  # its problem is reported, and is no answer to keep
            files.update(f"{name}\0{len(data)}\0".encode())
            files.update(data)
            size += len(data)
        return files.digest(), size


# Below this many bytes to read, groups are read one after another: forking costs more than it saves.
MIN_READ_AHEAD_BYTES = 1_000_000


def read_ahead(groups: Sequence[FileGroup]) -> None:
    """Read the groups not kept from an earlier run on every core at once, and meanwhile read back the kept ones.

    From nothing, a city's groups take half a minute one after another, and each reads only its
    own files; after a clerk's edit, one group is read again and the others are read back. The
    groups to read are shared out by size, one share per core. Workers keep what they read, as
    `read` would, and the run reads it back. This process holds what it reads or reads back until
    the run asks for it: the largest share, or when there are kept groups to read back, the smallest;
    what it computed is written for the next run by a worker of its own (`writing_later`).
    """
    if _active is None or not _active.writable() or cores() < 2:
        return  # on one core, reading ahead would only add reading back
    kept, missing = [], []
    for group in groups:
        key = group._key()
        if key is not None:
            (kept if _active.has(group.kind, key[0]) else missing).append((key[1], group))
    if not missing or len(missing) + len(kept) < 2 or sum(size for size, _ in missing) < MIN_READ_AHEAD_BYTES:
        return  # nothing to do beside what a worker would read: reading its result back would only add time
    shares = _shares(missing, min(cores(), len(missing) + 1 if kept else len(missing)))
    here = shares.pop(-1 if kept else 0) + [group for _, group in kept]
    workers = [in_background(lambda share=share: [_quietly(group.read) for group in share]) for share in shares]
    try:
        with _active.writing_later():
            for group in here:
                _quietly(group.hold)
    finally:
        for worker in workers:
            worker.result()


def _shares(sized: list[tuple[int, FileGroup]], count: int) -> list[list[FileGroup]]:
    """The groups in `count` shares of about equal size, the largest share first.

    Largest group first into the smallest share (the longest-processing-time rule): the cores
    finish together, as far as bytes tell how long a group takes.
    """
    shares: list[list[FileGroup]] = [[] for _ in range(count)]
    sizes = [0] * count
    for size, group in sorted(sized, key=lambda pair: pair[0], reverse=True):
        smallest = sizes.index(min(sizes))
        shares[smallest].append(group)
        sizes[smallest] += size
    return [share for _, share in sorted(zip(sizes, shares), key=lambda pair: pair[0], reverse=True)]


def _quietly(read: Callable[[], object]) -> None:
    try:
        read()
    except Exception:  # noqa: BLE001 — the run reads the group again itself, and fails where the error is readable
        pass


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
