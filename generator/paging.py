"""Lists of the whole network (every meeting, every station), cut into pages of fixed length.

A city holds tens of thousands of meetings and thousands of stations. On one page such a
list grows with the network: megabytes for a phone to load, and a page MkDocs takes
seconds to convert. Each page of a list holds at most ROWS_PER_PAGE rows and links to the
first, previous, next and last pages, so no page grows with the network. The first page
keeps the list's own path, which the navigation and other pages link to.

A page that summarises the network (home, progress, the ledger) holds such a list whole
while one page of a list could (`long_list`); past that it links to the list's own pages
(`own_pages`) instead, so a street's pages read as before and a city's stay small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

from .links import Link, Linker

Item = TypeVar("Item")

ROWS_PER_PAGE = 100


@dataclass(frozen=True)
class Pager:
    """Where one page of a list stands among the others; links are None where there is no such page."""

    number: int
    count: int
    first_row: int  # counted from 1, as a reader counts
    last_row: int
    rows: int  # in the whole list
    first: Link | None
    previous: Link | None
    next: Link | None
    last: Link | None


@dataclass(frozen=True)
class ListPage(Generic[Item]):
    path: str
    link: Linker  # links relative to this page
    items: Sequence[Item]
    pager: Pager | None  # None when one page holds the whole list

    def title(self, title: str) -> str:
        """The list's title, with the page's number after the first."""
        return title if self.pager is None or self.pager.number == 1 else f"{title}（第 {self.pager.number} 页）"


@dataclass(frozen=True)
class LongList(Generic[Item]):
    """A list as a summary page holds it: all of its items while they fit one page of a list, else none."""

    items: Sequence[Item]
    rows: int  # in the whole list
    pages: Link | None  # to the list's own first page; None when the summary holds every item


def long_list(link: Linker, path: str, text: str, items: Sequence[Item]) -> LongList[Item]:
    """`items` for a summary page: whole while they fit, else a link `text` to their own pages at `path`."""
    if len(items) <= ROWS_PER_PAGE:
        return LongList(items, len(items), None)
    return LongList((), len(items), link(text, path))


def own_pages(path: str, items: Sequence[Item]) -> list[ListPage[Item]]:
    """The pages of a list that summary pages show through `long_list`: none while they hold it whole."""
    return paged(path, items) if len(items) > ROWS_PER_PAGE else []


def page_path(path: str, number: int) -> str:
    """The source path of page `number` of the list whose first page is `path`.

    `stations/index.md` goes on as `stations/page-2.md`; `consultation/meetings.md` as
    `consultation/meetings/page-2.md`: beside the first page's address, never over it.
    """
    if number == 1:
        return path
    folder = path.removesuffix("index.md").removesuffix(".md").rstrip("/")
    return f"{folder}/page-{number}.md"


def paged(path: str, items: Sequence[Item], per_page: int | None = None) -> list[ListPage[Item]]:
    """The pages of a list whose first page is `path`; an empty list still has its first page."""
    per_page = per_page or ROWS_PER_PAGE
    count = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, count + 1):
        link = Linker(page_path(path, number))
        start = (number - 1) * per_page
        chunk = items[start:start + per_page]
        pager = None if count == 1 else _pager(path, link, number, count, start + 1, start + len(chunk), len(items))
        pages.append(ListPage(link.page, link, chunk, pager))
    return pages


def _pager(path: str, link: Linker, number: int, count: int, first_row: int, last_row: int, rows: int) -> Pager:
    def to(text: str, target: int) -> Link | None:
        return None if target == number else link(text, page_path(path, target))

    return Pager(number, count, first_row, last_row, rows,
                 first=to("第一页", 1), previous=to("上一页", max(1, number - 1)),
                 next=to("下一页", min(count, number + 1)), last=to(f"最后一页（第 {count} 页）", count))
