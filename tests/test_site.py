"""MkDocs runs: a large site is built in shards, and the joined site is the one a single run builds."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE, copy_project
from generator import site as site_module
from generator.build import generate
from generator.project import Project
from generator.site import markdown_by_entry, mkdocs_build, plan_shards, shard_config


def test_each_top_level_entry_counts_its_markdown_pages_and_bytes(tmp_path):
    (tmp_path / "points" / "deep").mkdir(parents=True)
    (tmp_path / "points" / "P01.md").write_text("# 一\n", encoding="utf-8")
    (tmp_path / "points" / "deep" / "P02.md").write_text("# 二二\n", encoding="utf-8")
    (tmp_path / "points" / "map.json").write_text("{}", encoding="utf-8")
    (tmp_path / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "calendar.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
    assert markdown_by_entry(tmp_path) == {"calendar.ics": (0, 0), "index.md": (1, 9), "points": (2, 6 + 9)}
    assert markdown_by_entry(tmp_path / "missing") == {}


def test_shards_take_the_most_work_first_into_the_lightest_run():
    pages = {"points": 100, "meetings": 60, "topics": 30, "index.md": 1, "data": 0, "assets": 0}
    assert plan_shards(pages, 2) == [["points"], ["assets", "data", "index.md", "meetings", "topics"]]
    assert plan_shards(pages, 3) == [["points"], ["meetings"], ["assets", "data", "index.md", "topics"]]


def test_one_run_when_only_one_would_have_pages():
    assert plan_shards({"index.md": 1, "assets": 0}, 2) == [["assets", "index.md"]]
    assert plan_shards({"points": 100, "meetings": 60}, 1) == [["meetings", "points"]]


def test_entries_without_pages_go_with_the_first_run():
    plan = plan_shards({"points": 10, "meetings": 10, "calendars": 0, "data": 0}, 3)
    assert plan == [["calendars", "data", "meetings"], ["points"]]


def test_a_shard_inherits_the_project_config_and_leaves_out_the_other_runs_entries(tmp_path):
    project = Project(tmp_path)
    text = shard_config(project, {"exclude_docs": "drafts/\n"}, ["points", "index.md", "#odd[1]!"])
    config = yaml.safe_load(text)
    assert config["INHERIT"] == str(tmp_path / "mkdocs.yml")
    assert config["exclude_docs"].splitlines() == ["drafts/", "/points", "/index.md", r"/\#odd\[1\]\!"]


@pytest.mark.parametrize("nav, runs", [
    ([{"首页": "index.md"}, {"友邻站": [{"全部": "stations/index.md"}]}], 2),
    ([{"首页": "index.md"}, "stations/index.md"], 1),  # an untitled entry takes the page's heading
    (None, 1),  # no nav: MkDocs lists every page under its heading
])
def test_shards_only_when_every_nav_entry_names_its_title(tmp_path, monkeypatch, nav, runs):
    docs = tmp_path / "build" / "docs"
    (docs / "stations").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "stations" / "index.md").write_text("# 友邻站\n", encoding="utf-8")
    config = {"docs_dir": "build/docs", **({"nav": nav} if nav is not None else {})}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    calls = []
    monkeypatch.setattr(site_module, "_run", lambda project, config_text, site_dir: calls.append(config_text) or 0)
    assert mkdocs_build(Project(tmp_path), tmp_path / "site", shards=2) == 0
    assert len(calls) == runs


def _urls(sitemap: str) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", sitemap, re.DOTALL))


@pytest.mark.build
def test_a_sharded_build_is_the_single_build(fixture_project, tmp_path):
    assert generate(fixture_project).report.ok
    single, sharded = tmp_path / "single", tmp_path / "sharded"
    assert mkdocs_build(fixture_project, single, shards=1) == 0
    assert mkdocs_build(fixture_project, sharded, shards=2) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network", "sharded", "single"]  # no part left behind

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    assert files(sharded) == files(single)
    joined = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}
    for name in sorted(files(single) - joined):
        assert (sharded / name).read_bytes() == (single / name).read_bytes(), name
    one, two = (json.loads((root / "search/search_index.json").read_text(encoding="utf-8"))
                for root in (single, sharded))
    assert two["config"] == one["config"]
    assert sorted(map(json.dumps, two["docs"])) == sorted(map(json.dumps, one["docs"]))
    sitemap = (sharded / "sitemap.xml").read_text(encoding="utf-8")
    assert _urls(sitemap) == _urls((single / "sitemap.xml").read_text(encoding="utf-8"))
    assert gzip.decompress((sharded / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


@pytest.fixture(scope="module")
def fixture_search_index(tmp_path_factory) -> dict:
    """The fixture network's built search index."""
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("search-index") / "network")
    assert generate(project).report.ok
    site = project.root / "site-out"
    assert mkdocs_build(project, site, shards=1) == 0
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))


def _indexed_words(index: dict, location: str = "") -> set[str]:
    """The words of the index's entries whose location begins with `location`, as its separator splits them."""
    separator = re.compile(index["config"]["separator"])
    return {word for doc in index["docs"] if doc["location"].startswith(location)
            for field in (doc["title"], doc["text"]) for text in re.split(r"<[^>]+>", field)
            for word in separator.split(text)}


@pytest.mark.build
def test_a_village_group_is_a_word_of_its_own_in_the_search_index(fixture_search_index):
    # Residents search 一组, as they say it: as one word, 河西一组 was found only by a search beginning with 河西.
    words = _indexed_words(fixture_search_index, "points/P04/")  # serves 河西一组、河西二组
    assert {"河西", "一组", "二组"} <= words
    assert "河西一组" not in words


@pytest.mark.build
def test_no_word_of_the_search_index_but_a_name_begins_a_compounds_name(fixture_search_index):
    # Material's search cuts what residents type at the longest indexed word it begins with and drops the rest
    # (segment() in its search worker). While the station's address 西苑路 gave the word 西苑, a search for
    # 西苑新村 was one for 西苑* and listed 西苑社区's page and station before the point serving 西苑新村.
    words = _indexed_words(fixture_search_index)
    docs = fixture_search_index["docs"]
    assert "西苑路" in "".join(doc["text"] for doc in docs).replace("\u200b", "")  # as jieba cut it
    begins = {name: sorted(word for word in words if name.startswith(word) and word not in ("", name))
              for name in ("晨光苑", "星河湾", "西苑新村", "河西一组")}
    # 河西, a village group's village, is a word of its own by design: residents say 一组.
    assert begins == {"晨光苑": [], "星河湾": [], "西苑新村": [], "河西一组": ["河西"]}
