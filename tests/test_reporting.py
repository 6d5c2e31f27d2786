"""The check report in text, GitHub, JSON and GitLab forms, and the Chinese summary table."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO
from generator.build import check
from generator.cli import main
from generator.reporting import CHECK_REFUSED, format_report, github_annotation, summary_table


def broken(fixture_project, edit):
    """One schema error (an unknown station)."""
    fk = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S31,")
    return check(fixture_project).report, fk


def subsidy_and_gap(fixture_project, edit):
    """A cross-check error and a plan-gap warning (cross-checks run once the schema stage passed)."""
    subsidy = edit.replace("points.csv", "每周二 9:00-11:00,500,,", "每周二 9:00-11:00,400,,")
    gap = edit.replace("hubs.yaml", "        planned_points: 2\n", "        planned_points: 3\n")
    edit.replace("hubs.yaml", "    total_planned_points: 3\n", "    total_planned_points: 4\n")
    return check(fixture_project).report, subsidy, gap


def test_github_annotations_point_at_file_and_line(fixture_project, edit):
    report, fk = broken(fixture_project, edit)
    lines = format_report(report, "github").splitlines()
    assert lines == [
        f"::error file=data/points.csv,line={fk},title=数据错误 [foreign-key]::友邻点 P03 的所属友邻站 S31 不存在 — 可选值见 data/hubs.yaml → stations → id：S1、S2、S3",
        report.summary(CHECK_REFUSED),
    ]
    # `check` builds nothing, so it does not say the site was not made (only `build` does).
    assert report.summary(CHECK_REFUSED).startswith("发现 1 个错误、0 个警告。数据检查未通过：请先改正错误。因为这些错误，还没有检查：")


def test_github_warnings_are_warning_annotations(fixture_project, edit):
    report, subsidy, gap = subsidy_and_gap(fixture_project, edit)
    lines = format_report(report, "github").splitlines()
    assert any(line.startswith(f"::error file=data/points.csv,line={subsidy},title=数据错误 [subsidy-mismatch]::") for line in lines)
    community = gap - 5  # the warning points at the annex row, which starts 5 lines above
    assert any(line.startswith(f"::warning file=data/hubs.yaml,line={community},title=数据警告 [plan-gap-points]::") for line in lines)


def test_github_annotation_escapes_what_the_runner_would_misread(fixture_project, edit):
    report, fk = broken(fixture_project, edit)
    item = report.errors[0]
    odd = type(item)(**{**item.__dict__, "file": "data/a,b:c.csv", "message": "50% 完成\n下一行", "hint": ""})
    assert github_annotation(odd) == f"::error file=data/a%2Cb%3Ac.csv,line={fk},title=数据错误 [foreign-key]::50%25 完成%0A下一行"


def test_json_report_is_data(fixture_project, edit):
    report, fk = broken(fixture_project, edit)
    data = json.loads(format_report(report, "json"))
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 1, 0)
    first = next(p for p in data["problems"] if p["code"] == "foreign-key")
    assert first == {
        "code": "foreign-key", "severity": "error", "file": "data/points.csv", "line": fk,
        "message": "友邻点 P03 的所属友邻站 S31 不存在", "hint": "可选值见 data/hubs.yaml → stations → id：S1、S2、S3", "found": "S31",
        "expected": None,
    }


def test_gitlab_code_quality_report(fixture_project, edit):
    report, subsidy, gap = subsidy_and_gap(fixture_project, edit)
    issues = json.loads(format_report(report, "gitlab"))
    error = next(i for i in issues if i["check_name"] == "subsidy-mismatch")
    assert error["location"] == {"path": "data/points.csv", "lines": {"begin": subsidy}}
    assert error["severity"] == "major"
    assert next(i for i in issues if i["check_name"] == "plan-gap-points")["severity"] == "minor"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_summary_table_in_chinese(fixture_project, edit):
    report, fk = broken(fixture_project, edit)
    table = summary_table(report)
    assert "| 级别 | 位置 | 问题 | 怎么改 |" in table
    assert f"| 错误 | `data/points.csv:{fk}` | 友邻点 P03 的所属友邻站 S31 不存在 `[foreign-key]` | 可选值见 data/hubs.yaml → stations → id：S1、S2、S3 |" in table


def test_check_command_writes_format_and_summary(fixture_project, edit, tmp_path, capsys):
    broken(fixture_project, edit)
    summary = tmp_path / "summary.md"
    status = main(["--project", str(fixture_project.root), "check", "--format", "json", "--summary", str(summary)])
    assert status == 1
    assert json.loads(capsys.readouterr().out)["errors"] == 1
    assert summary.read_text(encoding="utf-8").startswith("## 数据检查")


def test_check_in_a_pipe_prints_in_the_reports_order(fixture_project, edit):
    # A CI log takes stdout (warnings, the summary) and stderr (errors) through one pipe; Python buffers
    # a pipe's stdout unless told otherwise. Run in the project's folder, as CI runs it.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    environment["PYTHONPATH"] = str(REPO)
    warned = edit.replace("points.csv", "每周四 14:00-16:00,", "每周四 14:00-16:00 电话 13912345678,")
    wrong = edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S9,")
    printed = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=fixture_project.root,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8", env=environment).stdout
    assert [line.split(" ")[0] for line in printed.splitlines()] == [
        f"data/points.csv:{warned}:", f"data/points.csv:{wrong}:", "发现"]


def test_check_from_another_folder_says_where_the_files_and_commands_are(fixture_project, edit, monkeypatch, capsys):
    # Another street's folder checked from this repository's (README: 给另一个街道建网站): a hint's
    # `python -m generator import data/points.csv` would act on this repository's own data.
    edit.replace("points.csv", "P03,西苑新村友邻点,S2,", "P03,西苑新村友邻点,S9,")
    monkeypatch.chdir(fixture_project.root.parent)
    for command in (["check"], ["build"], ["serve"], ["changes", "--base", "HEAD"]):  # each stops at the error
        assert main(["--project", "network", *command]) == 1
        assert capsys.readouterr().out.splitlines()[-1] == (
            "以上的文件都在项目文件夹 network 里（data/points.csv 就是 network/data/points.csv）；"
            "照提示运行命令时，写成 python -m generator --project network …，命令里的文件也写项目里的路径。"), command
    monkeypatch.chdir(fixture_project.root)
    assert main(["check"]) == 1
    assert "项目文件夹" not in capsys.readouterr().out


def test_warnings_alone_pass_in_the_words_the_readme_waits_for(fixture_project, edit, monkeypatch, capsys):
    # README: 改好后再检查，直到显示“数据检查通过”. A warning the clerk cannot fix yet (the example site_url,
    # until the site is deployed) must not keep them re-checking.
    edit.replace("points.csv", "每周四 14:00-16:00,", "每周四 14:00-16:00 电话 13912345678,")
    report = check(fixture_project).report
    assert (len(report.errors), len(report.warnings)) == (0, 1)
    passed = "数据检查通过：没有错误，有 1 个警告（警告不影响生成网站）。"
    assert report.summary(CHECK_REFUSED) == passed
    assert format_report(report, "github").splitlines()[-1] == passed
    assert json.loads(format_report(report, "json"))["summary"] == passed
    monkeypatch.chdir(fixture_project.root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == passed
    assert "直到显示“数据检查通过”" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_failed_check_does_not_say_the_site_was_not_made(fixture_project, edit, monkeypatch, capsys):
    broken(fixture_project, edit)
    monkeypatch.chdir(fixture_project.root)
    assert main(["check"]) == 1
    printed = capsys.readouterr()
    assert "网站未生成" not in printed.out + printed.err
    assert printed.out.splitlines()[-1].startswith("发现 1 个错误、0 个警告。数据检查未通过：请先改正错误。")
    assert main(["build"]) == 1  # build does make the site: it says it did not
    assert "发现 1 个错误、0 个警告。网站未生成：请先改正错误。" in capsys.readouterr().out


def test_a_files_problems_come_before_those_of_the_files_that_refer_to_it(fixture_project, edit, capsys):
    # By name, compounds.csv came before hubs.yaml and meetings.yaml before topics.yaml: a mistake in a community
    # or a topic was told after what it caused in the files that name them.
    hubs = edit.replace("hubs.yaml", "  area_m2: 800\n", "  area_m2: 八百\n")
    compounds = edit.replace("compounds.csv", "K2,星河湾,dongfang", "K2,星河湾,nowhere")
    assert main(["--project", str(fixture_project.root), "check"]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")]
    assert [line.split(": ")[0] for line in lines] == [f"data/hubs.yaml:{hubs}", f"data/compounds.csv:{compounds}"]
    report = check(fixture_project).report
    order = report.file_order
    assert order[:3] == ["data/hubs.yaml", "data/compounds.csv", "data/points.csv"]
    assert order.index("data/topics.yaml") < order.index("data/meetings.yaml")
