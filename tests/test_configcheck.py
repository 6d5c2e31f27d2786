"""mkdocs.yml against the project (configcheck.py): nav lines to pages nothing makes, sections without data
or missing from the menu, another street's name and footer."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, codes
from generator.build import check
from generator.cli import main
from generator.configcheck import SECTIONS, _CORE_FOLDERS, _CORE_PAGES, _under
from generator.problems import Severity
from generator.public import index_public

# A small mkdocs.yml for the fixture network; the tests below count its lines.
CONFIG = """\
site_name: 示例街道友邻网络
site_url: https://shili.youlin.test/youlin/
docs_dir: build/docs
copyright: 示例街道办事处
theme:
  name: material
  custom_dir: {theme}
extra:
  youlin_today: "2022-01-10"
nav:
  - 首页: index.md
  - 协商议事: consultation/index.md
  - 居民公约: covenants/index.md
  - 关于本站: about.md
"""
NAV_LINE, CONSULTATION_LINE, COVENANTS_LINE, ABOUT_LINE = 10, 12, 13, 14


@pytest.fixture
def project(fixture_project):
    """The fixture network with the small mkdocs.yml above."""
    write_config(fixture_project, CONFIG)
    return fixture_project


def write_config(project, text: str) -> None:
    project.config_file.write_text(text.format(theme=REPO / "theme"), encoding="utf-8")


def problems_of(project):
    return check(project).report.problems


def test_the_small_config_and_every_page_the_generator_and_the_features_make_are_accepted(project):
    assert problems_of(project) == []
    pages = ["find.md", "centre.md", "stations/index.md", "communities/index.md", "plan.md", "forms/index.md",
             "progress.md", "open-data.md", "privacy.md", "ledger/index.md", "consultation/topics.md",
             "points/P01.md", "https://example.gov.cn/"]
    write_config(project, CONFIG + "".join(f"  - 页面{i}: {page}\n" for i, page in enumerate(pages)))
    assert problems_of(project) == []


def test_a_nav_line_to_covenants_that_were_deleted_is_an_error_on_its_line(project):
    # The clerk deleted content/covenants/ but kept the nav line: MkDocs would stop in English.
    shutil.rmtree(project.content_dir / "covenants")
    found = problems_of(project)
    assert codes(found) == [("nav-page-missing", COVENANTS_LINE)]
    assert found[0].severity is Severity.ERROR and found[0].file == "mkdocs.yml"
    assert found[0].format() == (
        f"mkdocs.yml:{COVENANTS_LINE}: [nav-page-missing] 导航（nav）中的「- 居民公约: covenants/index.md」所指的页面不会生成："
        "content/covenants/ 里没有居民公约，这一栏只在有居民公约时生成 — "
        "删除 mkdocs.yml 的这一行；要保留这一栏，请恢复 content/covenants/ 里的文件")


def test_the_build_stops_at_the_check_with_the_line_instead_of_mkdocs_english(project, capsys):
    shutil.rmtree(project.content_dir / "covenants")
    assert main(["--project", str(project.root), "build", "--site-dir", str(project.root / "site-out")]) == 1
    output = capsys.readouterr()
    assert f"mkdocs.yml:{COVENANTS_LINE}: [nav-page-missing]" in output.err
    assert "strict mode" not in output.out + output.err
    assert not (project.root / "site-out").exists()


@pytest.mark.parametrize("entry, restore", [
    ("  - 关于本站: abuot.md", "把页面放回 content/abuot.md；如果是页面名写错了，应写 about.md"),
    ("  - 关于本站: history.md", "把页面放回 content/history.md"),
    ("  - 关于本站:", "在冒号后写上页面，如 index.md"),
])
def test_a_nav_line_to_a_hand_written_page_that_is_not_there_says_what_to_do(project, entry, restore):
    write_config(project, CONFIG.replace("  - 关于本站: about.md", entry))
    (found,) = problems_of(project)
    assert (found.code, found.line) == ("nav-page-missing", ABOUT_LINE)
    assert found.hint == f"删除 mkdocs.yml 的这一行；要保留这一栏，请{restore}"


def test_a_missing_privacy_page_is_to_be_put_back_not_its_nav_line_deleted(project):
    # The site publishes leaders' names and phones by consent: the page that says so is not one to drop.
    write_config(project, CONFIG + "  - 隐私说明: privacy.md\n")
    (project.content_dir / "privacy.md").unlink()
    (found,) = problems_of(project)
    assert (found.code, found.line) == ("nav-page-missing", ABOUT_LINE + 1)
    assert found.hint == ("请把页面放回 content/privacy.md：隐私说明告诉居民网站公开了他们的哪些信息、怎样撤回同意，"
                          "不要删掉这一栏")


def test_a_line_in_a_nav_section_is_found_on_its_own_line(project):
    write_config(project, CONFIG.replace("  - 关于本站: about.md\n",
                                         "  - 关于:\n      - 关于本站: about.md\n      - 历史: history.md\n"))
    assert codes(problems_of(project)) == [("nav-page-missing", ABOUT_LINE + 2)]


def test_a_nav_section_without_its_data_is_a_warning_on_its_line(project):
    # The consultation feature keeps a linked section as pages of zeros: the site builds, but shows nothing.
    # (The evaluations of its topics go too: kept without topics, they are a warning of their own.)
    for name in ("topics.yaml", "meetings.yaml", "evaluations.csv"):
        (project.data_dir / name).unlink()
    result = check(project)
    assert result.report.ok
    assert codes(result.report.problems) == [("nav-section-empty", CONSULTATION_LINE)]
    assert result.report.problems[0].severity is Severity.WARNING
    assert result.report.problems[0].message == (
        "导航（nav）中有「- 协商议事: consultation/index.md」，但没有议题和会议"
        "（data/topics.yaml、data/meetings.yaml 都不存在），这一栏的页面都是空的")


def test_a_ledger_in_the_nav_without_spending_is_a_warning(project):
    (project.data_dir / "spending.csv").unlink()
    write_config(project, CONFIG + "  - 补助台账: ledger/index.md\n")
    assert codes(problems_of(project)) == [("nav-section-empty", ABOUT_LINE + 1)]


@pytest.mark.parametrize("line, entry", [
    ("  - 协商议事: consultation/index.md\n", "- 协商议事: consultation/index.md"),
    ("  - 居民公约: covenants/index.md\n", "- 居民公约: covenants/index.md"),
])
def test_data_whose_section_is_not_in_the_nav_is_a_warning_that_gives_the_line_to_add(project, line, entry):
    write_config(project, CONFIG.replace(line, ""))
    found = problems_of(project)
    assert codes(found) == [("nav-section-missing", NAV_LINE)]
    assert found[0].severity is Severity.WARNING
    assert f"在 mkdocs.yml 的 nav 中加一行「{entry}」" in found[0].hint


def test_the_ledger_needs_no_nav_line(project):
    # It is reached from the progress page: the shipped project has spending and no ledger in the menu.
    assert (project.data_dir / "spending.csv").is_file()
    assert problems_of(project) == []


def test_another_streets_name_and_footer_are_warnings_on_their_lines(project):
    write_config(project, CONFIG.replace("site_name: 示例街道友邻网络", "site_name: 当湖街道友邻网络")
                 .replace("copyright: 示例街道办事处", "copyright: 当湖街道办事处（社区办）"))
    found = problems_of(project)
    assert codes(found) == [("site-name-other", 1), ("copyright-other", 4)]
    assert all(p.severity is Severity.WARNING for p in found)
    assert found[0].hint.startswith("每页的标题栏和浏览器标签都显示 site_name：改成 site_name: 示例街道友邻网络；")
    assert found[1].hint.startswith("每页的页脚都显示 copyright：改成 copyright: 示例街道办事处；")


def test_a_footer_that_names_the_office_among_other_words_is_accepted(project):
    write_config(project, CONFIG.replace("copyright: 示例街道办事处", "copyright: © 2024 示例街道办事处 版权所有"))
    assert problems_of(project) == []


def test_every_page_and_file_a_feature_makes_is_in_the_folders_its_section_names(fixture_project):
    # What check_nav takes as made must be what the features make: a page outside its section's folders
    # would be reported as missing from a nav that names it.
    checked = check(fixture_project)
    index = index_public(checked.network)
    sections = {section.feature: section for section in SECTIONS}
    assert {type(f).__module__.split(".")[1] for f in checked.features} == set(sections)
    for feature in checked.features:
        folders = sections[type(feature).__module__.split(".")[1]].folders
        made = [page.path for page in feature.pages(index)] + list(feature.files(index))
        assert made and [name for name in made if not _under(name, folders)] == [], type(feature).__name__
    golden = REPO / "tests" / "fixtures" / "golden" / "docs"
    content = {p.relative_to(fixture_project.content_dir).as_posix() for p in fixture_project.content_dir.rglob("*")}
    everything = _CORE_FOLDERS + tuple(folder for section in SECTIONS for folder in section.folders)
    assert [name for path in golden.rglob("*") if path.is_file()
            if (name := path.relative_to(golden).as_posix()) not in _CORE_PAGES | content
            and not _under(name, everything)] == []
