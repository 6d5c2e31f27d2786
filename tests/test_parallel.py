"""A batch mapped on every core gives what the same batch gives in this process."""

from __future__ import annotations

import os

import pytest

from generator import parallel


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def test_results_keep_the_order_of_the_items_and_come_from_workers(two_cores):
    offset = 7  # a closure: workers are forked, so the function itself need not pickle
    results = parallel.parallel_map(lambda n: (n + offset, os.getpid()), range(100))
    assert [value for value, _ in results] == [n + 7 for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_small_batch_stays_in_this_process(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    results = parallel.parallel_map(lambda n: os.getpid(), range(parallel.MIN_PARALLEL_ITEMS))
    assert set(results) == {os.getpid()}


def test_one_core_stays_in_this_process(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert set(parallel.parallel_map(lambda n: os.getpid(), range(10))) == {os.getpid()}


def test_a_worker_s_error_reaches_the_caller(two_cores):
    def fail_on_five(n):
        if n == 5:
            raise ValueError("five")
        return n

    with pytest.raises(ValueError, match="five"):
        parallel.parallel_map(fail_on_five, range(10))


def test_a_background_job_runs_in_a_worker_while_this_process_goes_on(two_cores):
    offset = 7
    job = parallel.in_background(lambda: (offset, os.getpid()))
    value, pid = job.result()
    assert value == 7 and pid != os.getpid()


def test_a_background_job_s_batches_stay_in_its_worker(two_cores):
    job = parallel.in_background(lambda: (os.getpid(), parallel.parallel_map(lambda n: os.getpid(), range(50))))
    worker, batch = job.result()
    assert set(batch) == {worker}


def test_a_background_job_s_error_reaches_the_caller(two_cores):
    def fail():
        raise ValueError("background")

    job = parallel.in_background(fail)
    with pytest.raises(ValueError, match="background"):
        job.result()


def test_on_one_core_a_background_job_runs_here_when_asked_for(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    ran = []
    job = parallel.in_background(lambda: ran.append(os.getpid()) or "done")
    assert ran == []
    assert job.result() == "done" and ran == [os.getpid()]
