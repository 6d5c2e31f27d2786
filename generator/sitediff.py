"""Compare two builds of the same generated pages (MkDocs and its successor, Zensical).

Pages are compared by what a resident reads: the set of pages, and each page's
title and main text with white space folded. Theme chrome is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


class _MainText(HTMLParser):
    """The text inside <article> (Material's content area) and the <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_title = False
        self.title: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or (self.depth and tag not in _VOID):
            self.depth += 1
        self.in_title = self.in_title or tag == "title"

    def handle_endtag(self, tag):
        if self.depth and tag not in _VOID:
            self.depth -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif self.depth:
            self.text.append(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_text(path: Path) -> tuple[str, str]:
    parser = _MainText()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return " ".join("".join(parser.title).split()), " ".join(" ".join(parser.text).split())


@dataclass
class SiteDifference:
    only_first: list[str] = field(default_factory=list)
    only_second: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    compared: int = 0

    @property
    def same(self) -> bool:
        return not (self.only_first or self.only_second or self.differing)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def compare_sites(first: Path, second: Path) -> SiteDifference:
    one, two = _pages(first), _pages(second)
    difference = SiteDifference(only_first=sorted(one - two), only_second=sorted(two - one))
    for name in sorted(one & two):
        difference.compared += 1
        if page_text(first / name) != page_text(second / name):
            difference.differing.append(name)
    return difference


def format_difference(difference: SiteDifference, first: str, second: str, limit: int = 20) -> str:
    lines = [f"## {first} 与 {second} 的构建结果对比", "", f"比较了 {difference.compared} 个共同页面。"]
    if difference.same:
        return "\n".join(lines + ["两者的页面集合、标题和正文完全一致。", ""])
    for label, names in ((f"只在 {first} 中", difference.only_first), (f"只在 {second} 中", difference.only_second),
                         ("标题或正文不同", difference.differing)):
        if names:
            lines.append(f"- {label}（{len(names)} 个）：" + "、".join(names[:limit]) +
                         ("……" if len(names) > limit else ""))
    return "\n".join(lines) + "\n"
