"""Spread the build's CPU-bound batches over the machine's cores.

Rendering a city's tens of thousands of pages, printed sheets and calendar feeds
is most of what the generator spends at its size. A batch of them is handed to
forked worker processes; a forked worker inherits
the function and everything it refers to, so only the items and the results
travel between processes. Results come back in the order of the items, so the
output is the same byte for byte whatever the number of cores.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a batch is done in this process: starting workers costs more.
MIN_PARALLEL_ITEMS = 200

# The function of the batch being mapped, set before the workers are forked.
_function: Callable | None = None


def cores() -> int:
    """The cores this process may run on (a CI container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item],
                 per_worker: int | None = None) -> list[Result]:
    """`[function(item) for item in items]`, on every core when the batch is large enough.

    A worker is started per `per_worker` items (by default MIN_PARALLEL_ITEMS), up to one per core.
    Items and results must pickle; `function` need not (workers are forked).
    """
    workers = min(cores(), len(items) // (per_worker or MIN_PARALLEL_ITEMS))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    global _function
    _function = function
    # Workers share this process's memory until they write to it; the cycle collector would write
    # to every object it walks. Frozen, the parent's objects are left alone (see gc.freeze).
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            # A few chunks per worker: large enough to keep pickling cheap, small enough to balance.
            return list(pool.map(_call, items, chunksize=max(1, len(items) // (workers * 4))))
    finally:
        gc.unfreeze()
        _function = None


def _call(item):
    assert _function is not None  # set by parallel_map before the fork
    return _function(item)
