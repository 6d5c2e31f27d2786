"""Files under content/covenants/ that the covenants feature does not read are named, with the name they should have
(covenants/unread.py); a nav line to covenants that are all misnamed is not to be deleted (configcheck.py)."""

from __future__ import annotations

import shutil

import pytest

from generator.build import check, generate
from generator.problems import Severity

CODE = "covenant-file-unread"


def unread(project) -> list:
    return [p for p in check(project).report.problems if p.code == CODE]


def covenants(project):
    return project.content_dir / "covenants"


def test_the_fixture_network_has_no_unread_covenant_file(fixture_project):
    assert unread(fixture_project) == []


def test_a_covenant_copied_under_a_second_ending_is_a_warning_that_names_the_file_to_rename(fixture_project):
    folder = covenants(fixture_project)
    shutil.copy(folder / "chenguang.md", folder / "other.md.txt")
    found = check(fixture_project).report.problems
    assert [(p.code, p.file, p.line, p.found, p.severity) for p in found] == [
        (CODE, "content/covenants/other.md.txt", None, "other.md.txt", Severity.WARNING)]
    assert found[0].format() == (
        "content/covenants/other.md.txt: 警告 [covenant-file-unread] content/covenants/ 中的 other.md.txt 不会被读取："
        "公约文件的名字要以 .md（小写）结尾 — 改名为 other.md，才会被检查和发布")


@pytest.mark.parametrize("name, hint", [
    ("other.MD", "改名为 other.md，才会被检查和发布"),
    ("other.markdown", "改名为 other.md，才会被检查和发布"),
    ("other", "改名为 other.md，才会被检查和发布"),
    ("other.docx", "公约的文字要写成 Markdown 文件（.md），像 chenguang.md 那样：把文字存为 other.md，才会被检查和发布"),
    ("other.txt", "公约的文字要写成 Markdown 文件（.md），像 chenguang.md 那样：把文字存为 other.md，才会被检查和发布"),
    ("other.pdf", "公约的文字要写成 Markdown 文件（.md），像 chenguang.md 那样：把文字存为 other.md，才会被检查和发布"),
    ("chenguang.md.bak", "已经有 chenguang.md：这份是多余的副本就移出 content/covenants/，要用它就替换 chenguang.md"),
    ("照片.jpg", "公约只读 Markdown 文件（.md），像 chenguang.md 那样：这个文件用不上，就移出 content/covenants/"),
])
def test_each_misnamed_covenant_says_what_to_call_it(fixture_project, name, hint):
    folder = covenants(fixture_project)
    shutil.copy(folder / "chenguang.md", folder / name)
    (found,) = unread(fixture_project)
    assert (found.file, found.hint) == (f"content/covenants/{name}", hint)


def test_hidden_files_and_lock_files_are_not_the_clerks(fixture_project):
    folder = covenants(fixture_project)
    for name in (".DS_Store", ".gitkeep", "~$other.docx", "chenguang/.gitkeep"):
        (folder / name).write_bytes(b"")
    assert unread(fixture_project) == []


def test_versions_under_the_wrong_name_or_folder_are_named(fixture_project):
    folder = covenants(fixture_project)
    shutil.copy(folder / "chenguang/v1.md", folder / "chenguang/v2.MD")
    (folder / "chenguang/v3.docx").write_bytes(b"PK")
    (folder / "chenguang/old").mkdir()
    shutil.copy(folder / "chenguang/v1.md", folder / "chenguang/old/v0.md")
    (folder / "chengguang").mkdir()
    shutil.copy(folder / "chenguang/v1.md", folder / "chengguang/v1.md")
    found = {p.file: p.hint for p in unread(fixture_project)}
    assert found == {
        "content/covenants/chengguang/v1.md": "是不是 chenguang/ 的历史版本？文件夹改名为 chenguang/",
        "content/covenants/chenguang/old/v0.md": "把它移到 content/covenants/chenguang/ 下，命名为 v1.md、v2.md……",
        "content/covenants/chenguang/v2.MD": "改名为 v2.md，才会被检查和发布",
        "content/covenants/chenguang/v3.docx":
            "公约的文字要写成 Markdown 文件（.md），像 chenguang/v1.md 那样：把文字存为 v3.md，才会被检查和发布",
    }


def test_the_only_covenant_renamed_is_named_and_the_nav_line_is_not_to_be_deleted(fixture_project):
    folder = covenants(fixture_project)
    (folder / "chenguang.md").rename(folder / "chenguang.md.txt")
    report = check(fixture_project).report
    # Named even though the covenants feature found nothing to load.
    assert {(p.file, p.hint) for p in report.problems if p.code == CODE} == {
        ("content/covenants/chenguang.md.txt", "改名为 chenguang.md，才会被检查和发布"),
        ("content/covenants/chenguang/v1.md", "chenguang.md.txt 按它的警告改为 chenguang.md 后，这里的历史版本才会读取"),
    }
    (nav,) = [p for p in report.problems if p.code == "nav-page-missing"]
    assert nav.file == "mkdocs.yml" and nav.is_error
    assert nav.hint == ("要保留这一栏，请按警告改正文件名（文件都在，只是没有被读取）："
                        "content/covenants/chenguang.md.txt、content/covenants/chenguang/v1.md")
    assert "删除" not in nav.hint


def test_covenants_deleted_but_for_hidden_files_still_advise_deleting_the_nav_line(fixture_project):
    folder = covenants(fixture_project)
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"")
    report = check(fixture_project).report
    assert unread(fixture_project) == []
    (nav,) = [p for p in report.problems if p.code == "nav-page-missing"]
    assert nav.hint == "删除 mkdocs.yml 的这一行；要保留这一栏，请恢复 content/covenants/ 里的文件"


def test_a_misnamed_covenant_is_not_published_raw_when_no_covenant_is_read(fixture_project):
    folder = fixture_project.content_dir / "covenants"
    (folder / "chenguang.md").rename(folder / "chenguang.md.txt")
    config = fixture_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - 居民公约: covenants/index.md\n", ""),
                      encoding="utf-8")
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.errors]
    assert "covenant-file-unread" in {p.code for p in result.report.problems}
    docs = fixture_project.build_dir / "docs"
    assert docs.is_dir() and not (docs / "covenants").exists()


# ---------------------------------------------------------------- the front matter's closing line

def front_matter_errors(project, old: str, new: str) -> tuple[list, int]:
    """The errors once `old` (once in chenguang.md) is `new`, and the line `old` began on."""
    path = covenants(project) / "chenguang.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return check(project).report.errors, text[: text.index(old)].count("\n") + 1


def test_a_mistyped_closing_line_is_named_where_it_is(fixture_project):
    (error,), line = front_matter_errors(fixture_project, "\n---\n\n## 第一章", "\n--\n\n## 第一章")
    assert (error.code, error.file, error.line) == ("front-matter-end-typo", "content/covenants/chenguang.md", line + 1)
    assert error.format().endswith("[front-matter-end-typo] 结束公约信息（front matter）的这一行写成了「--」"
                                   " — 要正好是三个英文减号 ---，前后不加别的字符")


def test_a_missing_closing_line_is_told_where_the_text_begins(fixture_project):
    (error,), line = front_matter_errors(fixture_project, "\n---\n\n## 第一章", "\n\n## 第一章")
    assert (error.code, error.file, error.line) == ("front-matter-unclosed", "content/covenants/chenguang.md", line + 2)
    assert (error.message, error.hint) == (
        "公约信息（front matter）没有结束的 --- 行：这一行「## 第一章 总则」已是正文",
        "公约信息从第 1 行的 --- 开始，写完后要单独一行写 --- 再写正文：在这一行之前加一行 ---")


def test_front_matter_running_to_the_end_of_the_file_is_told_so(fixture_project):
    path = covenants(fixture_project) / "chenguang.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n---\n", 4) + 1], encoding="utf-8")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == ("front-matter-unended", "content/covenants/chenguang.md", 1)
    assert error.message == "公约信息（front matter）从第 1 行的 --- 开始，到文件末尾也没有结束的 --- 行"


def test_a_file_not_opening_with_front_matter_is_still_told_so_at_its_first_line(fixture_project):
    (error,), _ = front_matter_errors(fixture_project, "---\ntitle:", "title:")
    assert (error.code, error.line) == ("front-matter-missing", 1)
