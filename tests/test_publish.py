"""Atomic publishing: a failed build leaves the last good site untouched."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.publish import staged_folder, swap_into_place

pytestmark = pytest.mark.build


def test_swap_replaces_the_folder_and_leaves_no_scratch(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    with staged_folder(target) as staging:
        (staging / "new.html").write_text("new")
        swap_into_place(staging, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failing_build_leaves_the_published_site_as_it_was(fixture_project, tmp_path):
    out = tmp_path / "public"
    assert main(["--project", str(fixture_project.root), "build", "--out", str(out)]) == 0
    home = (out / "index.html").read_text(encoding="utf-8")
    # A broken link in a hand-written page passes the data check but fails MkDocs' strict build.
    (fixture_project.content_dir / "about.md").write_text("# 关于\n\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    (fixture_project.data_dir / "points.csv").write_text(
        (fixture_project.data_dir / "points.csv").read_text(encoding="utf-8").replace("晨光苑友邻点", "晨光苑新友邻点"),
        encoding="utf-8")
    assert main(["--project", str(fixture_project.root), "build", "--out", str(out)]) == 2
    assert (out / "index.html").read_text(encoding="utf-8") == home
    assert "晨光苑新友邻点" not in (out / "points" / "P01" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network", "public"]  # no scratch folder left
