"""What check keeps in .cache/youlin gives the same answers, and never an answer for other data."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from dataclasses import asdict

import pytest

import generator.consultation
import generator.covenants
import generator.ledger
from generator import cache, parallel, yamlfiles
from generator.build import check
from generator.project import TODAY_VARIABLE


GROUPS = {"network", "consultation", "spending", "activities", "covenants"}  # what reading a group of files is kept as
STEPS = {"yaml"}  # what parsing a YAML file inside a group is kept as
# What checking the consultation, the spending and the covenants against the network is kept as, and looking for
# the phones the features keep in the network's text.
CHECKS = {"consultation-checks", "spending-checks", "covenant-checks", "kept-phones"}


def _kept(project):
    return sorted(project.cache_dir.glob("*/*.pickle"))


def _stored(monkeypatch) -> list:
    """The kinds of what the next runs compute and keep, in order."""
    stored = []
    monkeypatch.setattr(cache.ResultCache, "_store", staticmethod(lambda path, result: stored.append(path.parent.name)))
    return stored


def _summary(result):
    network = result.network
    return ([p.format() for p in result.report.problems],
            None if network is None else {pid: asdict(p) for pid, p in network.points.items()},
            [type(f).__name__ for f in result.features])


def _logged_by_process(monkeypatch, log) -> None:
    """Append `pid computed kind` or `pid stored kind` to `log` for every result computed or stored from now on,
    in this process or a worker."""
    compute, store = cache.ResultCache._compute, cache.ResultCache._store

    def logged(what, path):
        with log.open("a") as file:
            file.write(f"{os.getpid()} {what} {path.parent.name}\n")

    def computed(self, path, step):
        logged("computed", path)
        return compute(self, path, step)

    def stored(path, result):
        logged("stored", path)
        store(path, result)

    monkeypatch.setattr(cache.ResultCache, "_compute", computed)
    monkeypatch.setattr(cache.ResultCache, "_store", staticmethod(stored))


def _by_process(log, what: str) -> list[tuple[str, str]]:
    """(pid, kind) of each group `what` ("computed" or "stored") in `log`, in order."""
    entries = [line.split() for line in log.read_text().splitlines()]
    return [(pid, kind) for pid, verb, kind in entries if verb == what and kind in GROUPS]


def _checks_run(monkeypatch) -> Counter:
    """How often each check of a group against the network runs from now on."""
    runs = Counter()
    for module, name in ((generator.consultation, "check_consultation"), (generator.ledger, "check_spending"),
                         (generator.covenants, "check_covenants")):
        def counted(*args, name=name, check=getattr(module, name)):
            runs[name] += 1
            return check(*args)

        monkeypatch.setattr(module, name, counted)
    return runs


def _read_ahead_on_two_cores(monkeypatch) -> None:
    monkeypatch.setattr(cache, "MIN_READ_AHEAD_BYTES", 0)
    _two_cores(monkeypatch)


def _two_cores(monkeypatch) -> None:
    for module in (cache, parallel):
        monkeypatch.setattr(module, "cores", lambda: 2)


@pytest.fixture(autouse=True)
def cache_every_yaml(monkeypatch):
    # The fixture's YAML files are small; cache them all, as a city's large ones are.
    monkeypatch.setattr(yamlfiles, "CACHED_TEXT_CHARS", 0)


def test_a_second_check_reads_everything_back_and_answers_the_same(fixture_project, monkeypatch):
    first = check(fixture_project)
    kept = _kept(fixture_project)
    assert first.report.ok and {path.parent.name for path in kept} == GROUPS | STEPS | CHECKS

    recomputed = _stored(monkeypatch)
    second = check(fixture_project)
    assert recomputed == []  # every step came from the cache
    assert _summary(second) == _summary(first)
    assert _kept(fixture_project) == kept  # the steps inside the groups are kept for the next edit


def test_groups_not_kept_are_read_ahead_on_both_cores_and_answer_the_same(fixture_project, monkeypatch, tmp_path):
    one_by_one = check(fixture_project)  # the fixture is too small to read ahead
    shutil.rmtree(fixture_project.cache_dir)
    log = tmp_path / "log.txt"
    _logged_by_process(monkeypatch, log)
    read_back = _read_back(monkeypatch)
    _read_ahead_on_two_cores(monkeypatch)
    ahead = check(fixture_project)
    computed = _by_process(log, "computed")
    here = {kind for pid, kind in computed if pid == str(os.getpid())}
    beside = {kind for pid, kind in computed if pid != str(os.getpid())}
    assert here and beside and here | beside == GROUPS  # the groups were shared out
    assert Counter(kind for _, kind in computed) == Counter(GROUPS)  # each read once
    assert set(read_back) & GROUPS == beside  # what this process read itself, it never read back
    assert _summary(ahead) == _summary(one_by_one)
    # What this process read, a worker wrote for the next run, and before the check returned.
    stored = _by_process(log, "stored")
    assert Counter(kind for _, kind in stored) == Counter(GROUPS)
    assert not {kind for pid, kind in stored if pid == str(os.getpid())}
    assert {path.parent.name for path in _kept(fixture_project)} >= GROUPS


def _read_back(monkeypatch) -> list:
    """The kinds of what this process reads back from the cache from now on."""
    kinds = []
    load = cache.pickle.load

    def logged(file):
        kinds.append(os.path.basename(os.path.dirname(file.name)))
        return load(file)

    monkeypatch.setattr(cache.pickle, "load", logged)
    return kinds


def test_after_an_edit_a_worker_reads_its_group_while_this_process_reads_back_the_others(
        fixture_project, edit, monkeypatch, tmp_path):
    _read_ahead_on_two_cores(monkeypatch)
    check(fixture_project)
    edit.replace("topics.yaml", "晚上七点以后车位停满", "晚上八点以后车位停满")
    log = tmp_path / "log.txt"
    _logged_by_process(monkeypatch, log)
    read_back = _read_back(monkeypatch)
    assert check(fixture_project).report.ok
    assert [(pid != str(os.getpid()), kind) for pid, kind in _by_process(log, "computed")] == [(True, "consultation")]
    assert set(read_back) >= GROUPS  # the kept groups, and the one the worker read


def test_a_small_edit_is_read_where_it_is_needed(fixture_project, edit, monkeypatch):
    _two_cores(monkeypatch)
    check(fixture_project)
    edit.replace("topics.yaml", "晚上七点以后车位停满", "晚上八点以后车位停满")
    monkeypatch.setattr(cache, "in_background", lambda *args, **kwargs: pytest.fail("read ahead"))
    assert check(fixture_project).report.ok


def test_an_edit_recomputes_its_group_and_only_the_steps_it_changed(fixture_project, edit, monkeypatch):
    check(fixture_project)
    recomputed = _stored(monkeypatch)
    edit.replace("topics.yaml", "晚上七点以后车位停满", "晚上八点以后车位停满")
    assert check(fixture_project).report.ok
    # topics.yaml is parsed again, its group's tables checked again, and then against the network;
    # meetings.yaml, the other file of the group, is read back, and so are the other groups.
    assert sorted(recomputed) == ["consultation", "consultation-checks", "yaml"]


def test_a_project_edit_reads_only_the_projects_and_trainings_again(fixture_project, edit, monkeypatch):
    check(fixture_project)
    recomputed = _stored(monkeypatch)
    line = edit.replace("projects.csv", "X01,晨光苑停车自治,居民自治类,P01,", "X01,晨光苑停车自治,居民自治类,P09,")
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in problems] == [("activity-hub-unknown", "data/projects.csv", line)]
    assert recomputed == ["activities"]  # and checked against the network, read back


def test_a_group_read_back_is_checked_against_the_others_again(fixture_project, edit, monkeypatch):
    assert check(fixture_project).report.ok
    recomputed = _stored(monkeypatch)
    edit.replace("points.csv", "active,2020-03-10", "active,2020-05-01")  # P01 opens after its first spending
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in problems] == [("spending-before-established", "data/spending.csv", 2)]
    assert "spending" not in recomputed and {"network", "spending-checks"} <= set(recomputed)


def test_a_second_check_does_not_check_the_groups_against_the_network_again(fixture_project, monkeypatch):
    monkeypatch.delenv(TODAY_VARIABLE, raising=False)
    runs = _checks_run(monkeypatch)
    first = check(fixture_project)
    assert runs == {"check_consultation": 1, "check_spending": 1, "check_covenants": 1}
    runs.clear()
    second = check(fixture_project)
    assert runs == {}
    assert _summary(second) == _summary(first)


def test_another_day_checks_the_consultation_again(fixture_project, monkeypatch):
    monkeypatch.delenv(TODAY_VARIABLE, raising=False)
    assert check(fixture_project).report.ok  # on the day mkdocs.yml pins
    runs = _checks_run(monkeypatch)
    monkeypatch.setenv(TODAY_VARIABLE, "2021-03-05")  # before most of what the files record
    problems = check(fixture_project).report.errors
    assert {p.code for p in problems} == {"topic-date-future", "meeting-minutes-early", "date-future"}
    assert {p.file for p in problems if p.code == "date-future"} == {"data/spending.csv"}
    assert runs == {"check_consultation": 1, "check_spending": 1}  # the covenants do not depend on the day


def test_a_network_edit_checks_every_group_against_it_again(fixture_project, edit, monkeypatch):
    assert check(fixture_project).report.ok
    recomputed = _stored(monkeypatch)
    edit.replace("points.csv", "active,2020-03-10", "active,2021-03-05")  # P01 opens after T1 was raised there
    problems = check(fixture_project).report.problems
    assert ("topic-before-hub", "data/topics.yaml", 16) in [(p.code, p.file, p.line) for p in problems]
    assert CHECKS <= set(recomputed) and not (GROUPS - {"network"}) & set(recomputed)


def test_an_edited_file_is_checked_again(fixture_project, edit):
    assert check(fixture_project).report.ok
    line = edit.replace("points.csv", "P01,晨光苑友邻点,S1,", "P01,晨光苑友邻点,S9,")
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in problems] == [("foreign-key", "data/points.csv", line)]


def test_a_workbook_saved_beside_a_missing_csv_is_seen_by_the_next_check(fixture_project):
    spending = fixture_project.data_dir / "spending.csv"
    spending.unlink()
    assert check(fixture_project).report.ok  # no spending records: an optional table
    spending.with_suffix(".xlsx").write_bytes(b"PK\x03\x04")
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file) for p in problems] == [("file-missing-workbook", "data/spending.csv")]


def test_a_file_added_to_the_covenants_folder_is_read(fixture_project):
    assert check(fixture_project).report.ok
    folder = fixture_project.content_dir / "covenants"
    (folder / "晨光 公约.md").write_bytes((folder / "chenguang.md").read_bytes())
    problems = check(fixture_project).report.errors
    assert [(p.code, p.file) for p in problems] == [("covenant-file-name", "content/covenants/晨光 公约.md")]


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
    from generator.rules import network_files

    network, problems = network_files(fixture_project.data_dir).read()
    assert network is not None and problems == []
    assert not fixture_project.cache_dir.exists()


def test_groups_are_shared_out_by_size_the_largest_share_first():
    sized = [(12, "consultation"), (1, "covenants"), (11, "spending"), (10, "network"), (1, "activities")]
    assert cache._shares(sized, 2) == [["spending", "network"], ["consultation", "covenants", "activities"]]
    assert cache._shares(sized, 3) == [["consultation"], ["spending", "activities"], ["network", "covenants"]]
