"""The project's mkdocs.yml: what the generator needs from it, and the day the data is checked for."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO
from generator.cli import main
from generator.problems import Severity
from generator.project import resolve_today


def config_problems(project, old: str, new: str) -> list[tuple[str, Severity, str]]:
    path = project.config_file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    _, problems = project.read_config()
    return [(p.code, p.severity, p.message) for p in problems]


def test_the_fixture_config_is_accepted(fixture_project):
    assert fixture_project.read_config()[1] == []


def test_a_config_without_a_site_name_is_an_error_before_mkdocs_stops_on_it(fixture_project):
    found = config_problems(fixture_project, "site_name: 示例街道友邻网络\n", "")
    assert found == [("config-invalid", Severity.ERROR, "mkdocs.yml 配置有问题：没有 site_name（网站名称）")]


def test_a_nav_item_indented_off_its_list_is_told_in_chinese_with_the_indentation_to_use(fixture_project):
    # mkdocs.yml's slips are told as the data files' are (yamlmistakes), its nav's Chinese titles as fields.
    path = fixture_project.config_file
    text = path.read_text(encoding="utf-8")
    assert text.count("\n  - 我的友邻点: find.md\n") == 1
    path.write_text(text.replace("\n  - 我的友邻点: find.md\n", "\n - 我的友邻点: find.md\n"), encoding="utf-8")
    line = text[:text.index("  - 我的友邻点")].count("\n") + 1
    _, problems = fixture_project.read_config()
    assert [(p.code, p.file, p.line) for p in problems] == [("yaml-indent", "mkdocs.yml", line)]
    assert problems[0].format() == (f"mkdocs.yml:{line}: [yaml-indent] 第 {line} 行「- 」前面有 1 个空格，上一行的「- 」"
                                    "前面有 2 个 — 同一列表的各项要对齐：改成 2 个空格")


def test_a_yaml_syntax_error_in_mkdocs_yml_is_told_in_chinese_where_it_was_typed(fixture_project):
    path = fixture_project.config_file
    text = path.read_text(encoding="utf-8")
    assert text.count("site_name: 示例街道友邻网络\n") == 1
    path.write_text(text.replace("site_name: 示例街道友邻网络\n", "site_name: 示例街道友邻网络: 首页\n"), encoding="utf-8")
    _, problems = fixture_project.read_config()
    assert [(p.code, p.file, p.line) for p in problems] == [("yaml-syntax", "mkdocs.yml", 2)]
    assert problems[0].message == "YAML 格式错误：这里不能出现冒号“:”；含冒号的文字请加英文引号"


def test_a_control_character_in_mkdocs_yml_is_told_in_chinese_at_its_line(fixture_project):
    path = fixture_project.config_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("site_name: 示例街道友邻网络\n", "site_name: 示例街道\x01友邻网络\n"), encoding="utf-8")
    _, problems = fixture_project.read_config()
    assert [(p.code, p.file, p.line) for p in problems] == [("yaml-syntax", "mkdocs.yml", 2)]
    assert problems[0].message == "YAML 格式错误：出现了不能出现在 YAML 中的控制字符 U+0001"


@pytest.mark.parametrize("custom_dir", ["theme", "/nowhere/theme", None])
def test_a_theme_folder_that_is_not_the_generators_is_an_error(fixture_project, custom_dir):
    # A new street's copy of mkdocs.yml keeps `custom_dir: theme`, which is not in its folder: the site
    # would build without large text, the web forms and the QR codes.
    text = fixture_project.config_file.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("custom_dir:"))
    found = config_problems(fixture_project, line + "\n", f"  custom_dir: {custom_dir}\n" if custom_dir else "")
    assert [(code, severity) for code, severity, _ in found] == [("config-invalid", Severity.ERROR)]
    assert found[0][2].startswith(f"mkdocs.yml 配置有问题：theme.custom_dir「{custom_dir or '（空）'}」不是生成器的 theme 文件夹")


def test_a_wrong_theme_folder_names_the_folder_it_led_to_and_the_line_to_paste(fixture_project):
    # The clerk copied the project beside the generator's checkout and wrote a path that leads nowhere.
    text = fixture_project.config_file.read_text(encoding="utf-8")
    line_number, line = next((n, line) for n, line in enumerate(text.splitlines(), 1)
                             if line.strip().startswith("custom_dir:"))
    fixture_project.config_file.write_text(text.replace(line, "  custom_dir: ../main/theme"), encoding="utf-8")
    (found,) = fixture_project.read_config()[1]
    resolved = (fixture_project.root / "../main/theme").resolve()
    assert (found.code, found.file, found.line) == ("config-invalid", "mkdocs.yml", line_number)
    assert found.message == (f"mkdocs.yml 配置有问题：theme.custom_dir「../main/theme」不是生成器的 theme 文件夹："
                             f"它指向 {resolved}，这个文件夹不存在")
    relative = Path(os.path.relpath(REPO / "theme", fixture_project.root.resolve())).as_posix()
    assert found.hint.startswith(f"写成 custom_dir: {relative}（本生成器的 theme 文件夹 {(REPO / 'theme').resolve()}，"
                                 "相对于 mkdocs.yml 所在的文件夹）")
    # What the hint says to write is the generator's theme folder.
    fixture_project.config_file.write_text(text.replace(line, f"  custom_dir: {relative}"), encoding="utf-8")
    assert fixture_project.read_config()[1] == []


def test_settings_know_the_line_of_each_key_and_nav_item(fixture_project):
    lines = fixture_project.config_file.read_text(encoding="utf-8").splitlines()
    settings, _ = fixture_project.read_settings()
    assert lines[settings.line("site_name") - 1].startswith("site_name:")
    assert lines[settings.line("theme", "custom_dir") - 1].strip().startswith("custom_dir:")
    assert lines[settings.line("nav", 6) - 1] == "  - 居民公约: covenants/index.md"
    assert settings.line("nav", 99) is None


@pytest.mark.parametrize("site_url", ["https://youlin.danghu.example.org/", "http://example.com", "https://a.example/"])
def test_an_example_address_is_a_warning_that_names_it(fixture_project, site_url):
    found = config_problems(fixture_project, "site_url: https://shili.youlin.test/youlin/", f"site_url: {site_url}")
    assert found == [("site-url-example", Severity.WARNING,
                      f"mkdocs.yml 的 site_url「{site_url}」是示例地址，海报和纸质表格上的二维码会指向它")]


def test_no_address_is_a_warning(fixture_project):
    found = config_problems(fixture_project, "site_url: https://shili.youlin.test/youlin/\n", "")
    assert [(code, severity) for code, severity, _ in found] == [("site-url-missing", Severity.WARNING)]


def test_today_is_the_argument_then_the_environment_then_mkdocs_yml(monkeypatch):
    monkeypatch.delenv("YOULIN_TODAY", raising=False)
    pinned = {"extra": {"youlin_today": "2022-01-10"}}
    assert resolve_today(date(2020, 1, 1), pinned) == (date(2020, 1, 1), [])
    assert resolve_today(None, pinned) == (date(2022, 1, 10), [])
    assert resolve_today(None, {})[0] == date.today()
    monkeypatch.setenv("YOULIN_TODAY", "2018-12-17")
    assert resolve_today(None, pinned) == (date(2018, 12, 17), [])
    monkeypatch.setenv("YOULIN_TODAY", "明天")
    day, problems = resolve_today(None, pinned)
    assert day is None and [p.code for p in problems] == ["config-invalid"]


def test_settings_are_the_config_and_the_day_read_once_for_every_feature(fixture_project, monkeypatch):
    monkeypatch.delenv("YOULIN_TODAY", raising=False)
    settings, problems = fixture_project.read_settings()
    assert problems == [] and settings.site_url == "https://shili.youlin.test/youlin/"
    assert settings.today == date.fromisoformat(settings.config["extra"]["youlin_today"])
    assert fixture_project.read_settings(date(2020, 1, 1))[0].today == date(2020, 1, 1)
    monkeypatch.setenv("YOULIN_TODAY", "明天")
    settings, problems = fixture_project.read_settings()
    assert settings is None and [p.code for p in problems] == ["config-invalid"]


def test_a_project_folder_that_is_not_there_is_named_and_nothing_is_made(tmp_path, capsys):
    missing = tmp_path / "某街道"
    assert main(["--project", str(missing), "check"]) == 1
    assert not missing.exists()
    assert capsys.readouterr().err == f"找不到项目文件夹 {missing}：请检查 --project 后面的路径\n"
