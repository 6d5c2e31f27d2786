"""The build folder holds exactly one run's files, and only a completed run changes it; the search dictionary."""

from dataclasses import replace

import jieba
import pytest

from generator.build import check, generate
from generator.writing import StagedFolder, check_collisions, jieba_dictionary, staged_folder


def files_in(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "build" / "docs"
    (folder / "points").mkdir(parents=True)
    (folder / "points" / "P01.md").write_bytes(b"same")
    (folder / "points" / "P02.md").write_bytes(b"old")
    (folder / "gone" / "deep").mkdir(parents=True)
    (folder / "gone" / "deep" / "old.md").write_bytes(b"removed")
    return folder


def test_commit_leaves_exactly_the_runs_files_and_touches_only_what_changed(docs):
    unchanged_before = (docs / "points" / "P01.md").stat()
    with staged_folder(docs) as folder:
        assert folder.put("points/P01.md", b"same") is False
        assert folder.put("points/P02.md", b"new") is True
        assert folder.put("index.md", b"home") is True
        stats = folder.commit({"points/P01.md", "points/P02.md", "index.md"})
    assert files_in(docs) == {"points/P01.md": b"same", "points/P02.md": b"new", "index.md": b"home"}
    assert (stats.written, stats.unchanged, stats.removed) == (2, 1, 1)
    unchanged_after = (docs / "points" / "P01.md").stat()
    assert (unchanged_after.st_ino, unchanged_after.st_mtime_ns) == (unchanged_before.st_ino,
                                                                     unchanged_before.st_mtime_ns)
    assert not (docs / "gone").exists()  # emptied folders go too
    assert not StagedFolder(docs).staging.exists()


def test_a_run_that_fails_before_commit_changes_nothing(docs):
    before = files_in(docs)
    with pytest.raises(RuntimeError), staged_folder(docs) as folder:
        folder.put("points/P02.md", b"half-way")
        raise RuntimeError("a template failed")
    assert files_in(docs) == before
    assert not folder.staging.exists()


def test_files_staged_by_a_killed_run_are_not_moved_in(docs):
    left = StagedFolder(docs).staging / "points" / "P02.md"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"from a killed run")
    with staged_folder(docs) as folder:
        stats = folder.commit({"points/P01.md", "points/P02.md"})
    assert files_in(docs)["points/P02.md"] == b"old"
    assert stats.written == 0


def test_a_first_run_creates_the_folder(tmp_path):
    with staged_folder(tmp_path / "docs") as folder:
        folder.put("index.md", b"home")
        folder.commit({"index.md"})
    assert files_in(tmp_path / "docs") == {"index.md": b"home"}


def test_a_first_run_moves_its_folders_in_whole_and_still_keeps_only_its_files(tmp_path):
    with staged_folder(tmp_path / "docs") as folder:
        folder.put("index.md", b"home")
        folder.put("points/P01.md", b"one")
        folder.put("points/deep/P02.md", b"two")
        folder.put("stray.md", b"put, but not this run's")
        stats = folder.commit({"index.md", "points/P01.md", "points/deep/P02.md"})
    assert files_in(tmp_path / "docs") == {"index.md": b"home", "points/P01.md": b"one", "points/deep/P02.md": b"two"}
    assert (stats.written, stats.removed) == (4, 1)


def test_a_page_may_take_the_place_of_a_folder_and_a_folder_that_of_a_page(docs):
    (docs / "data").write_bytes(b"a page called data")
    with staged_folder(docs) as folder:
        folder.put("points", b"points is a page now")
        folder.put("data/table.csv", b"id\n")
        stats = folder.commit({"points", "data/table.csv"})
    assert files_in(docs) == {"points": b"points is a page now", "data/table.csv": b"id\n"}
    assert stats.written == 2


def test_two_outputs_at_one_path_and_content_named_like_a_page_are_problems():
    problems = check_collisions(["stations/index.md", "points/P01.md", "stations/index.md"],
                                {"points/P01.md": b"", "about.md": b""})
    assert [(p.code, p.file, p.found) for p in problems] == [
        ("output-collision", "stations/index.md", "stations/index.md"),
        ("content-collision", "content/points/P01.md", "content/points/P01.md")]
    assert problems[0].message == "网站中有两个文件都要写到 stations/index.md"


def test_a_station_whose_id_is_a_page_of_the_site_stops_the_build(fixture_project):
    for name in ("hubs.yaml", "points.csv"):
        path = fixture_project.data_dir / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  - id: S3\n", "  - id: index\n").replace(",S3,", ",index,"), encoding="utf-8")
    result = generate(fixture_project)
    # its own page and its consultation page would replace the lists of stations and of consultation
    assert [(p.code, p.file) for p in result.report.errors] == [("output-collision", "consultation/index.md"),
                                                                ("output-collision", "stations/index.md")]
    assert not fixture_project.build_dir.exists()


def test_a_village_group_is_a_word_of_its_own_as_residents_say_it(fixture_project, tmp_path):
    # Residents say 十六组, not 虹霓村十六组; Material's search finds what they type only at the start of a word.
    network = check(fixture_project).network
    group = network.compounds["K4"]  # 河西一组, of 河西村
    network.compounds["K8"] = replace(group, id="K8", name="虹霓村第十六组")
    network.compounds["K9"] = replace(group, id="K9", name="东三组")  # one character alone would cut every text
    path = tmp_path / "userdict.txt"
    path.write_text(jieba_dictionary(network), encoding="utf-8")
    words = {line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.split()[1] != "0"}
    assert {"河西", "一组", "二组", "虹霓村", "十六组", "东三组", "河西村"} <= words
    assert not {"河西一组", "河西二组", "虹霓村第十六组", "第十六组", "东"} & words
    tokenizer = jieba.Tokenizer()  # as the search plugin cuts the pages' text
    tokenizer.load_userdict(str(path))
    assert list(tokenizer.cut("河西一组、河西二组")) == ["河西", "一组", "、", "河西", "二组"]


def test_nothing_but_a_name_begins_a_compounds_name(fixture_project, tmp_path):
    # Material's search cuts what residents type at the longest indexed word it begins with: while the station's
    # address 西苑路 gave the word 西苑, a search for 西苑新村 was one for 西苑* and listed 西苑社区's pages first.
    path = tmp_path / "userdict.txt"
    path.write_text(jieba_dictionary(check(fixture_project).network), encoding="utf-8")
    tokenizer = jieba.Tokenizer()  # as the search plugin cuts the pages' text
    tokenizer.load_userdict(str(path))
    cut = [word for word in tokenizer.cut("西苑路 20 号，西苑社区西苑新村，河西村河西一组") if word.strip()]
    # 西, 苑, 路: one character alone is no word of the index (see the separator in mkdocs.yml). 河西 is a name:
    # a village group's village (see test_a_village_group_is_a_word_of_its_own_as_residents_say_it).
    assert cut == ["西", "苑", "路", "20", "号", "，", "西苑社区", "西苑新村", "，", "河西村", "河西", "一组"]
