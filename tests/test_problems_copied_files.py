"""A records file kept from another street's data (the sample's optional files in a fork) is one error for the file.

Its records name hubs this network does not have, most or all of them (a street numbering its hubs as the sample
does has some of its ids by chance): an error per record, each hinting that a closed hub's row was deleted, would
be wrong and drown the one real problem. One or two stray rows, the records of one deleted hub, or a few hubs'
among many of known hubs keep their own errors with that hint.
"""

from __future__ import annotations

import json
import re

from generator.build import check
from generator.cli import main
from generator.problems import CLOSED_HUB

COPIED = "file-of-another-network"


def _rewrite(edit, name: str, change) -> None:
    path = edit.path(name)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _csv_hubs(edit, name: str, hubs: list[str]) -> None:
    """Write `hubs` into the hub column of the rows of a CSV file, in order (the rest of the rows as they were)."""
    def change(text: str) -> str:
        header, *rows = text.splitlines()
        column = header.split(",").index("hub")
        cells = [row.split(",") for row in rows]
        for row, hub in zip(cells, hubs):
            row[column] = hub
        return "\n".join([header, *(",".join(row) for row in cells)]) + "\n"
    _rewrite(edit, name, change)


def _town(edit) -> None:
    """The fixture's street as a town: its messages name it as it is (青溪镇), not as a 街道."""
    edit.replace("hubs.yaml", "  name: 示例街道\n", "  name: 青溪镇\n")


def test_a_copied_projects_file_is_one_error_for_the_file(fixture_project, edit):
    _town(edit)
    _csv_hubs(edit, "projects.csv", ["P0135", "P0108", "S03"])
    errors = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in errors] == [(COPIED, "data/projects.csv", 2)]
    (error,) = errors
    assert error.found == "P0135、P0108、S03 共 3 条"
    assert error.expected == "青溪镇的友邻中心、友邻站、友邻点的编号（如 C1、S1、P01）"
    assert error.format() == (
        "data/projects.csv:2: [file-of-another-network] data/projects.csv 的记录没有一条属于青溪镇的友邻网络："
        "P0135、P0108、S03 共 3 条记录写的站点编号都不在青溪镇的数据中 — "
        "这个文件像是从别处的数据（如本仓库自带的示例数据）复制来的：青溪镇要记运作项目，就把它换成自己的记录；"
        "不记的话，删掉这个文件，“规划进展”页就不列运作项目"
        "（data/activity_targets.csv 里运作项目的目标数若也是复制来的，改成本地规划的，或删掉那一行）。"
        "如果这些编号确是青溪镇的，那是 data/points.csv 或 data/hubs.yaml 少了它们的行：请恢复")
    assert "街道" not in error.message + error.hint


def test_more_records_than_ids_shown_say_how_many(fixture_project, edit):
    lines = [edit.append("projects.csv", f"X{n},项目{n},居民自治类,P09{n},2021-01-01,,运作中\n") for n in range(3)]
    _csv_hubs(edit, "projects.csv", ["P0135", "P0108", "S03", "P0135", "S03", "C01"])
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line, error.found) == (COPIED, 2, "P0135、P0108、S03 等 6 条")
    assert lines == [5, 6, 7]


def test_a_copied_file_whose_ids_are_partly_this_network_s_by_chance_is_one_error(fixture_project, edit):
    # A street that numbers its hubs as the sample does (S1, P01) has some of the copied records' ids.
    for n in range(3):
        edit.append("projects.csv", f"X{n},项目{n},居民自治类,P09{n},2021-01-01,,运作中\n")
    _csv_hubs(edit, "projects.csv", ["P0135", "P01", "P0108", "S1", "S03", "P0135"])
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line, error.found) == (COPIED, 2, "P0135、P0108、S03 等 4 条")
    assert error.message.startswith("data/projects.csv 的记录（共 6 条）大多不属于示例街道的友邻网络：")


def test_a_few_hubs_records_among_many_of_known_hubs_keep_their_errors(fixture_project, edit):
    # A closed station's rows deleted with its points': their records are a minority, to be restored.
    _csv_hubs(edit, "spending.csv", ["P91", "P01", "P92", "P02", "S93", "S1", "P94", "P01", "P02", "C1"])
    errors = check(fixture_project).report.errors
    assert [(p.code, p.line) for p in errors] == [("spending-hub-unknown", line) for line in (2, 4, 6, 8)]
    assert all(p.hint.endswith(CLOSED_HUB) for p in errors)


def test_each_feature_tells_a_copied_file_once(fixture_project, edit):
    """The ledger and consultation fold their per-record errors the same way (one shared check)."""
    _csv_hubs(edit, "spending.csv", ["P0135", "P0108", "S03", "P0135", "S03", "C01", "P0001", "P0002", "S07", "C01"])
    _csv_hubs(edit, "trainings.csv", ["S14", "C01"])  # two rows: a typo, or a closed hub's deleted row
    ours = {"P01": "P0001", "P02": "P0002", "S1": "S01", "S2": "S02", "C1": "C01", "shili": "danghu"}
    hub = re.compile(r"^(\s*(?:- )?(?:raised_at|from|to|hub): )(\S+)$", re.M)
    for name in ("topics.yaml", "meetings.yaml"):
        _rewrite(edit, name, lambda text: hub.sub(lambda m: m[1] + ours.get(m[2], m[2]), text))
    errors = check(fixture_project).report.errors
    assert sorted((p.file, p.line, p.code) for p in errors) == [
        ("data/meetings.yaml", 29, COPIED), ("data/spending.csv", 2, COPIED), ("data/topics.yaml", 11, COPIED),
        ("data/trainings.csv", 2, "activity-hub-unknown"), ("data/trainings.csv", 3, "activity-hub-unknown")]
    by_file = {p.file: p for p in errors}
    assert by_file["data/spending.csv"].found == "P0135、P0108、S03 等 10 条"
    assert "补助台账" in by_file["data/spending.csv"].hint
    assert "“协商议事”那一行" in by_file["data/topics.yaml"].hint


def test_one_or_two_unknown_rows_keep_their_errors_and_the_closed_hub_hint(fixture_project, edit):
    _csv_hubs(edit, "trainings.csv", ["C01", "S14"])  # every row unknown, but only two
    _csv_hubs(edit, "projects.csv", ["P99", "P01", "S98"])  # known hubs beside them: typos
    errors = check(fixture_project).report.errors
    assert [(p.code, p.file, p.line) for p in errors] == [
        ("activity-hub-unknown", "data/projects.csv", 2), ("activity-hub-unknown", "data/projects.csv", 4),
        ("activity-hub-unknown", "data/trainings.csv", 2), ("activity-hub-unknown", "data/trainings.csv", 3)]
    assert all(p.hint.endswith(CLOSED_HUB) for p in errors)


def test_the_records_of_one_deleted_hub_keep_their_errors(fixture_project, edit):
    # P02's row deleted: its three spending rows name it alone, a closed hub's records to restore, not a copy.
    _csv_hubs(edit, "spending.csv", ["P92"] * 10)
    errors = check(fixture_project).report.errors
    assert {p.code for p in errors} == {"spending-hub-unknown"} and len(errors) == 10
    assert all(p.hint.endswith(CLOSED_HUB) for p in errors)


def test_the_reports_count_the_one_error(fixture_project, edit, capsys):
    _csv_hubs(edit, "projects.csv", ["P0135", "P0108", "S03"])
    root = str(fixture_project.root)
    assert main(["--project", root, "check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], [(p["code"], p["file"], p["line"]) for p in data["problems"]]) == (
        1, [(COPIED, "data/projects.csv", 2)])
    assert main(["--project", root, "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"::error file=data/projects.csv,line=2,title=数据错误 [{COPIED}]::")
    assert lines[1].startswith("发现 1 个错误、0 个警告。")
