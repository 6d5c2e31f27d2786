"""The everyday words a page is searched by (a covenant's `keywords`, the generator's words for its overview pages):
checked where the office writes them, indexed as the page's front-matter `tags`, and shown on the page. The searches
themselves, in a browser, are in test_search_browser.py."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO
from generator.build import check, generate
from generator.covenants.source import read_covenants, split_front_matter

COVENANT = "content/covenants/chenguang.md"
_LINE = re.compile(r'<p class="yl-print__screen-only yl-search-words">也可以搜：(.*)</p>')


def with_keywords(project, value: str) -> int:
    """The fixture's covenant with `keywords: value`; the line it is on."""
    path = project.root / COVENANT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("scope: [P01, S1]\n", f"keywords: {value}\nscope: [P01, S1]\n", 1), encoding="utf-8")
    return text[: text.index("scope:")].count("\n") + 1


@pytest.mark.parametrize("value, code, message", [
    ("[养狗、狗粪]", "keyword-several",
     "公约「晨光苑居民自治公约」的搜索词「养狗、狗粪」是几个词写在了一起 — 每项只写一个词，用英文逗号加空格分开：写成 [养狗, 狗粪]"),
    ("[养狗, 狗]", "keyword-form",
     "公约「晨光苑居民自治公约」的搜索词「狗」不是一个词 — 每项写一个两个字以上的词，只用汉字、字母或数字，如 [养狗, 狗粪]："
     "一个字搜不到，标点和空格会把词拆开"),
    ("[养狗！]", "keyword-form", None),
    ("[养狗, 狗粪, 养狗]", "keyword-repeated", "公约「晨光苑居民自治公约」的搜索词「养狗」写了不止一次 — 删去重复的一项"),
], ids=["several-in-one", "one-character", "punctuation", "repeated"])
def test_a_bad_keyword_is_told_at_its_line(fixture_project, value, code, message):
    line = with_keywords(fixture_project, value)
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.file, error.line) == (code, COVENANT, line)
    if message:
        assert f"{error.message} — {error.hint}" == message


def test_keywords_written_as_one_text_are_not_a_list(fixture_project):
    line = with_keywords(fixture_project, "养狗、狗粪")
    (error,) = check(fixture_project).report.errors
    assert (error.code, error.line) == ("type-error", line)


def test_good_keywords_are_no_problem(fixture_project):
    with_keywords(fixture_project, "[养狗, 遛狗, 狗粪]")
    assert check(fixture_project).report.problems == []


def _front(page: str) -> dict:
    front, _, _ = split_front_matter(page)
    return yaml.safe_load(front)


@pytest.mark.build
def test_every_page_shows_the_words_it_is_indexed_by(fixture_project):
    # A page found by a word it does not show would be a hidden keyword; the words are written from one list.
    with_keywords(fixture_project, "[养狗, 狗粪]")
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    tagged = {}
    for path in sorted((fixture_project.build_dir / "docs").rglob("*.md")):
        page = path.read_text(encoding="utf-8")
        tags = _front(page).get("tags") if page.startswith("---\n") else None
        shown = [line.split("、") for line in _LINE.findall(page)]
        assert shown == ([tags] if tags else []), path
        if tags:
            tagged[path.relative_to(fixture_project.build_dir / "docs").as_posix()] = tags
    assert tagged == {
        "covenants/chenguang.md": ["养狗", "狗粪"],
        "consultation/index.md": ["开会", "提意见"],
        "forms/index.md": ["填表"],
        "ledger/index.md": ["花钱", "账目", "经费"],
    }


@pytest.mark.shipped_sample
def test_the_shipped_dog_covenant_is_found_by_what_residents_call_it():
    sources, problems = read_covenants(REPO / "content")
    assert problems == []
    (dogs,) = [s for s in sources if s.id == "donghu-dogs"]
    assert {"养狗", "狗粪"} <= set(dogs.records["covenants"][0].values["keywords"])
