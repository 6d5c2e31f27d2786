"""data/evaluations.csv and data/applications.csv are checked like every table; applicants stay private."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.cli import main
from generator.forms import FormsFeature

EVALUATIONS = "id,topic,hub,date,rating,reason,suggestion,ref\n"
APPLICATIONS = ("id,station,name,venue_type,venue_note,address,compounds,leader_name,leader_phone,opening_hours,"
                "services,date,ref\n")


def write(project, name: str, text: str) -> None:
    (project.data_dir / name).write_text(text, encoding="utf-8")


def problems(project):
    return [(p.code, p.file, p.line) for p in check(project).report.problems]


def test_taken_in_records_are_valid(fixture_project):
    write(fixture_project, "evaluations.csv", EVALUATIONS + "V2021-0001,T1,P01,2021-12-20,满意,,,\n")
    write(fixture_project, "applications.csv", APPLICATIONS + "A2021-001,S1,新点,物业用房,,某路 1 号,晨光苑,李申请,13900003333,,,2021-12-01,\n")
    checked = check(fixture_project)
    assert checked.report.problems == []
    feature = next(f for f in checked.features if isinstance(f, FormsFeature))
    assert feature.private_names() == {"李申请": "友邻点设立申请 A2021-001 的拟任负责人",  # the file was replaced
                                       "13900003333": "友邻点设立申请 A2021-001 的拟任负责人"}


def test_a_hand_edit_that_breaks_the_schema(fixture_project):
    write(fixture_project, "evaluations.csv", EVALUATIONS + "V2021-0001,T1,P01,2021-12-20,满意,,,\n"
                                                            "V2021-0002,T1,P01,2021-12-20,很好,,,\n")
    assert problems(fixture_project) == [("enum", "data/evaluations.csv", 3)]


def test_records_naming_a_missing_hub_or_topic(fixture_project):
    write(fixture_project, "evaluations.csv", EVALUATIONS + "V2021-0001,T99,P01,2021-12-20,满意,,,\n")
    write(fixture_project, "applications.csv", APPLICATIONS + "A2021-001,P01,新点,物业用房,,某路 1 号,晨光苑,李申请,13900003333,,,2021-12-01,\n")
    assert sorted(problems(fixture_project)) == [("intake-hub-tier", "data/applications.csv", 2),
                                                ("intake-topic-unknown", "data/evaluations.csv", 2)]


def test_an_unknown_column(fixture_project):
    write(fixture_project, "evaluations.csv", "id,topic,hub,date,rating,score\n")
    assert problems(fixture_project) == [("header-unknown", "data/evaluations.csv", 1)]


@pytest.mark.build
@pytest.mark.parametrize("written", ["联系人：申秘密", "联系电话：139 0000 8888"])  # the fixture's applicant
def test_the_leak_scan_looks_for_applicants(fixture_project, capsys, written):
    about = fixture_project.content_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{written}\n", encoding="utf-8")
    assert main(["--project", str(fixture_project.root), "build", "--out", str(fixture_project.root / "out")]) == 1
    assert "友邻点设立申请 A2021-001 的拟任负责人" in capsys.readouterr().err
