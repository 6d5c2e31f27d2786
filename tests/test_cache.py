"""What check keeps in .cache/youlin gives the same answers, and never an answer for other data."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from generator import cache, loading
from generator.build import check


def _kept(project):
    return sorted(project.cache_dir.glob("*/*.pickle"))


def _summary(result):
    network = result.network
    return ([p.format() for p in result.report.problems],
            None if network is None else {pid: asdict(p) for pid, p in network.points.items()},
            [type(f).__name__ for f in result.features])


@pytest.fixture(autouse=True)
def cache_every_yaml(monkeypatch):
    # The fixture's YAML files are small; cache them all, as a city's large ones are.
    monkeypatch.setattr(loading, "CACHED_TEXT_CHARS", 0)


def test_a_second_check_reads_everything_back_and_answers_the_same(fixture_project, monkeypatch):
    first = check(fixture_project)
    kept = _kept(fixture_project)
    assert first.report.ok and {path.parent.name for path in kept} == {"yaml", "tables"}

    recomputed = []
    monkeypatch.setattr(cache.ResultCache, "_store", staticmethod(lambda path, result: recomputed.append(path)))
    second = check(fixture_project)
    assert recomputed == []  # every step came from the cache
    assert _summary(second) == _summary(first)


def test_an_edited_file_is_checked_again(fixture_project, edit):
    assert check(fixture_project).report.ok
    line = edit.replace("points.csv", "P01,晨光苑友邻点,S1,", "P01,晨光苑友邻点,S9,")
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in problems] == [("foreign-key", "data/points.csv", line)]


def test_what_a_run_did_not_use_is_removed(fixture_project, edit):
    check(fixture_project)
    before = set(_kept(fixture_project))
    edit.replace("points.csv", "晨光苑物业用房", "晨光苑物业用房 1 楼")
    check(fixture_project)
    after = set(_kept(fixture_project))
    assert before - after and after - before  # the points' old entry went, their new one came
    assert len(after) == len(before)


def test_another_generator_does_not_read_this_one_s_results(fixture_project, monkeypatch):
    check(fixture_project)
    kept = set(_kept(fixture_project))
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of the generator")
    stored = []
    monkeypatch.setattr(cache.ResultCache, "_store", staticmethod(lambda path, result: stored.append(path)))
    assert check(fixture_project).report.ok
    assert len(stored) == len(kept) and not kept & set(stored)  # every step computed again


def test_a_damaged_entry_is_computed_again(fixture_project):
    first = check(fixture_project)
    for path in _kept(fixture_project):
        path.write_bytes(b"not a pickle")
    assert _summary(check(fixture_project)) == _summary(first)


def test_steps_outside_check_keep_nothing(fixture_project):
    from generator.validation import read_tables, validate_tables

    records, _ = read_tables(fixture_project.data_dir)
    validate_tables(records)
    assert not fixture_project.cache_dir.exists()
