"""Build into a fresh folder and swap it into place only when everything passed.

The published folder is never half-written: a failed build removes its own
scratch folder and leaves the last good site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_folder(target: Path):
    """Yield a new empty folder beside `target`; the caller calls `swap_into_place` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already if it was swapped in


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`. Both are on one file system, so each rename is atomic."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
    staging.rename(target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
