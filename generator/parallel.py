"""Spread the build's CPU-bound work over the machine's cores.

Rendering a city's tens of thousands of pages, printed sheets and calendar feeds
is most of what the generator spends at its size. A batch of them is handed to
forked worker processes (`parallel_map`), and a job the build need not wait for
runs in a forked worker beside it (`in_background`). A forked worker inherits
the function and everything it refers to, so only the items and the results
travel between processes. Results come back in the order of the items, so the
output is the same byte for byte whatever the number of cores.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Generic, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a batch is done in this process: starting workers costs more.
MIN_PARALLEL_ITEMS = 200

# The function of the batch being mapped, set before the workers are forked.
_function: Callable | None = None

# True in a worker: its batches stay in it, as the other cores have work of their own.
_in_worker = False


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
    if workers < 2 or not _may_fork():
        return [function(item) for item in items]
    global _function
    _function = function
    # Workers share this process's memory until they write to it; the cycle collector would write
    # to every object it walks. Frozen, the parent's objects are left alone (see gc.freeze).
    gc.freeze()
    try:
        with _pool(workers) as pool:
            # A few chunks per worker: large enough to keep pickling cheap, small enough to balance.
            return list(pool.map(_call, items, chunksize=max(1, len(items) // (workers * 4))))
    finally:
        gc.unfreeze()
        _function = None


class Background(Generic[Result]):
    """A job started by `in_background`; `result()` waits for it (and raises what it raised)."""

    def __init__(self, function: Callable[[], Result]):
        global _function
        self._pool: ProcessPoolExecutor | None = None
        self._function: Callable[[], Result] | None = None
        if cores() < 2 or not _may_fork():
            self._function = function  # nothing to run beside: the job is done when its result is asked for
            return
        _function = lambda _: function()
        # As in parallel_map. The collector is thawed once the worker is gone: thawing writes to every
        # object, which would copy this process's memory while the worker still shares it.
        gc.freeze()
        self._pool = _pool(1)
        try:
            self._future = self._pool.submit(_call, None)  # the worker is forked here
        finally:
            _function = None

    def result(self) -> Result:
        if self._pool is None:
            assert self._function is not None, "result() is asked for once"
            function, self._function = self._function, None
            return function()
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()
            self._pool = None
            gc.unfreeze()


def in_background(function: Callable[[], Result]) -> Background[Result]:
    """Start `function()` in a forked worker while this process goes on (in this process on one core).

    Its batches (parallel_map) stay in its worker. The result must pickle; `function` need not.
    Call `result()` before this process maps a batch of its own: until then its objects stay frozen.
    """
    return Background(function)


def _may_fork() -> bool:
    """Not inside a worker (whose batches stay in it), and on a system that forks."""
    return not _in_worker and "fork" in multiprocessing.get_all_start_methods()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_as_worker)


def _as_worker() -> None:
    global _in_worker
    _in_worker = True


def _call(item):
    assert _function is not None  # set before the fork
    return _function(item)
