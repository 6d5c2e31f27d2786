"""Which project folders hold the shipped sample: the tests marked `shipped_sample` run on it and are skipped on any
other street's data (conftest.is_shipped_sample). These tests are not marked: they run on every street's data."""

from __future__ import annotations

import pytest

import conftest
from conftest import FIXTURE, NOT_SAMPLE, REPO, is_shipped_sample

# The sample's street as its data/hubs.yaml begins (written out here, not taken from conftest, so that a slip there
# is caught).
SAMPLE_HUBS = "street:\n  id: danghu\n  name: 当湖街道\n  region: 浙江省嘉兴市平湖市\n"


def _project(root, hubs: str | bytes | None):
    """A project folder at `root` whose data/hubs.yaml holds `hubs` (none if None)."""
    (root / "data").mkdir(parents=True)
    if hubs is not None:
        (root / "data" / "hubs.yaml").write_bytes(hubs if isinstance(hubs, bytes) else hubs.encode("utf-8"))
    return root


def test_this_repository_is_told_as_its_own_street_says():
    # Here the sample, so its tests run and can fail (were this False here, every one would be skipped); in a
    # street's fork, that street. Read as plain text, not as the detection reads it.
    text = (REPO / "data" / "hubs.yaml").read_text(encoding="utf-8")
    assert is_shipped_sample(REPO) == all(line in text.splitlines() for line in SAMPLE_HUBS.splitlines()[:3])


def test_the_sample_s_street_is_the_sample(tmp_path):
    assert is_shipped_sample(_project(tmp_path, SAMPLE_HUBS))


def test_the_fixture_network_is_not_the_sample():
    assert not is_shipped_sample(FIXTURE)


@pytest.mark.parametrize(("old", "new"), [("  id: danghu\n", "  id: qingxi\n"), ("  name: 当湖街道\n", "  name: 青溪镇\n")],
                         ids=["id", "name"])
def test_a_street_that_changed_its_id_or_name_is_not_the_sample(tmp_path, old, new):
    # A fork begun from the sample's hubs.yaml: its own street, though much of the sample is still there.
    assert not is_shipped_sample(_project(tmp_path, SAMPLE_HUBS.replace(old, new)))


@pytest.mark.parametrize("hubs", [None, "street: [\n", "- a list\n", "street: 当湖街道\n", b"\xff\xfe"],
                         ids=["missing", "broken", "list", "no-mapping", "not-utf8"])
def test_a_folder_without_a_readable_street_is_not_the_sample(tmp_path, hubs):
    assert not is_shipped_sample(_project(tmp_path, hubs))


class _Item:
    """As much of a collected test as the collection hook looks at."""

    def __init__(self, *marks):
        self.marks = list(marks)

    def get_closest_marker(self, name):
        return next((mark for mark in self.marks if mark.name == name), None)

    def add_marker(self, mark):
        self.marks.append(mark.mark)


@pytest.mark.parametrize(("hubs", "skipped"), [(SAMPLE_HUBS, False), (SAMPLE_HUBS.replace("danghu", "qingxi"), True)],
                         ids=["sample", "another-street"])
def test_only_the_sample_s_tests_are_skipped_and_only_on_another_street_s_data(monkeypatch, tmp_path, hubs, skipped):
    monkeypatch.setattr(conftest, "REPO", _project(tmp_path, hubs))
    sample, other = _Item(pytest.mark.shipped_sample.mark), _Item()
    conftest.pytest_collection_modifyitems(None, [sample, other])
    skip = sample.get_closest_marker("skip")
    assert (skip is not None, other.get_closest_marker("skip")) == (skipped, None)
    assert skip is None or skip.kwargs == {"reason": NOT_SAMPLE}


def test_the_reason_a_test_is_skipped_says_so_in_chinese_and_english():
    assert NOT_SAMPLE.startswith("data/ 不是附带的当湖示例数据") and "is not the shipped Danghu sample" in NOT_SAMPLE
