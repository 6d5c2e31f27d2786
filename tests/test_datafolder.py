"""Files in data/ that nothing reads are named, with the name the clerk probably meant."""

from __future__ import annotations

from generator.build import check
from generator.forms.definitions import DEFINITIONS_DIR


def unread(project) -> list:
    return [p for p in check(project).report.problems if p.code == "data-file-unread"]


def test_the_fixture_network_has_no_unread_file(fixture_project):
    assert unread(fixture_project) == []


def test_a_misnamed_data_file_is_a_warning_that_names_the_file_it_should_be(fixture_project):
    data = fixture_project.data_dir
    (data / "topics.yaml").rename(data / "topics.yml")
    (found,) = unread(fixture_project)
    assert (found.file, found.line, found.found, found.is_error) == ("data/topics.yml", None, "topics.yml", False)
    assert found.format() == (
        "data/topics.yml: 警告 [data-file-unread] data/ 中的 topics.yml 不会被读取：没有叫这个名字的数据文件"
        " — 是不是要叫 topics.yaml？改成这个名字才会被检查和发布；认得的名字：activity_targets.csv、applications.csv、"
        "compounds.csv、evaluations.csv、forms/、hubs.yaml、meetings.yaml、points.csv、projects.csv、spending.csv、"
        "topics.yaml、trainings.csv")


def test_a_workbook_is_to_be_imported_unless_it_is_where_a_csv_came_from(fixture_project):
    data = fixture_project.data_dir
    (data / "友邻点名单.xlsx").write_bytes(b"PK")
    (data / "points.xlsx").write_bytes(b"PK")  # saved as points.csv: kept beside it on purpose
    (data / "~$友邻点名单.xlsx").write_bytes(b"")  # Excel's lock file while the workbook is open
    (data / ".DS_Store").write_bytes(b"")
    (found,) = unread(fixture_project)
    assert found.file == "data/友邻点名单.xlsx"
    assert found.hint.startswith("Excel 表格要先导入成 CSV：python -m generator import data/友邻点名单.xlsx；")


def test_a_file_like_no_data_file_is_to_be_moved_out(fixture_project):
    (fixture_project.data_dir / "会议记录扫描件.pdf").write_bytes(b"%PDF")
    (found,) = unread(fixture_project)
    assert found.hint.startswith("用不上的文件请移出 data/ 文件夹；")


def test_a_street_that_keeps_evaluations_elsewhere_has_that_file_read(fixture_project):
    forms = fixture_project.data_dir / "forms"
    forms.mkdir()
    text = (DEFINITIONS_DIR / "evaluation.yaml").read_text(encoding="utf-8")
    (forms / "evaluation.yaml").write_text(text.replace("store: data/evaluations.csv", "store: data/评议.csv"),
                                           encoding="utf-8")
    (fixture_project.data_dir / "evaluations.csv").rename(fixture_project.data_dir / "评议.csv")
    assert unread(fixture_project) == []
