"""Render page contexts into Markdown with Jinja.

Every value printed with ``{{ }}`` is escaped twice over: for HTML (so data never
becomes markup) and for Markdown (so a ``*`` or ``[`` in a name stays a
character, and a ``|`` cannot break a table). Templates cannot opt out by
forgetting a filter; only values the generator built itself (links to its own
pages) are marked safe.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .links import Link, Page
from .parallel import parallel_map
from .qr import qr_slot

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Characters that mean something anywhere in a line (| from the tables extension);
# < > & are left to HTML escaping.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|])")
# What begins a list only at the start of a line: "- ", "+ ", "1. ". Escaping every
# - and . in times, sums and IDs made each one an inline match, about 5% of the
# MkDocs build's Markdown time.
_LIST_MARKER = re.compile(r"^(\d*)([-+.])")


def escape_markdown(value: object) -> Markup:
    """Text safe to place anywhere in a Markdown line: no markup, no line breaks."""
    if isinstance(value, Markup):
        return value
    if type(value) in (str, int):
        return _escape_repeated(value)
    return _escape_text(str(value))


def _escape_text(text: str) -> Markup:
    text = _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return escape(_LIST_MARKER.sub(r"\1\\\2", text))


@lru_cache(maxsize=1 << 16, typed=True)
def _escape_repeated(value: str | int) -> Markup:
    """Names, statuses, sums and counts recur on page after page: a 2,500-point site printed
    390,000 values, 24,000 of them different, and escaping them was a fifth of rendering."""
    return _escape_text(str(value))


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return escape_markdown(value)


def date_zh(value: date | str | None) -> str:
    """2017年5月18日: dates written the Chinese way."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def yuan(value: int | None, fen: bool = False) -> str:
    """Money in yuan; round millions the Chinese way (3,000,000 元 is 300 万元).

    With ``fen=True`` the value is in fen (分), as the subsidy ledger keeps it, and is
    shown to the fen: ¥1,234.50, -¥0.01. Integers only, so nothing is ever rounded.
    """
    if value is None:
        return ""
    if fen:
        whole, cents = divmod(abs(value), 100)
        return f"{'-' if value < 0 else ''}¥{whole:,}.{cents:02d}"
    if value >= 1_000_000 and value % 10000 == 0:
        return f"{value // 10000:,} 万元"
    return f"{value:,} 元"


def number(value: int) -> str:
    return f"{value:,}"


def front_matter_string(value: str) -> Markup:
    """A front-matter value: HTML-escaped, then written as a JSON string (valid YAML).

    Themes print page titles and descriptions without escaping them, so the
    escaping has to happen here or a name containing markup would become markup.
    """
    return Markup(json.dumps(str(escape(" ".join(str(value).split()))), ensure_ascii=False))


def css_string(value: str) -> Markup:
    """A quoted CSS string (for print headers in a <style>); nothing can close the string or the tag."""
    escaped = "".join(ch if ch.isalnum() or ch in " ·（）《》，。、-_" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


def markdown_link(link: Link) -> Markup:
    return Markup(f"[{escape_markdown(link.text)}]({link.href})")


def join_escaped(items, separator: str = "、") -> Markup:
    """Replaces Jinja's join, which would HTML-escape the items but not Markdown-escape them."""
    return Markup(escape(separator)).join(escape_markdown(item) for item in items)


def tel(phone: str) -> Markup:
    """The digits of a phone number, for a tel: link (nothing else survives, so it is safe)."""
    return Markup(re.sub(r"\D", "", phone))


def phone_link(phone: str) -> Markup:
    """A phone number residents can tap to call."""
    return Markup(f"[{escape_markdown(phone)}](tel:{tel(phone)})")


# A time range: 8:30-10:30, 8：30 至 10：30.
_TIME_RANGE = re.compile(r"\d{1,2}[:：]\d{2}\s*[-–—~～至到]\s*\d{1,2}[:：]\d{2}")


def hours(text: str) -> Markup:
    """Opening hours, escaped, each time range on one line: phones broke "每天 8:30-" from "10:30" at the hyphen."""
    return _kept_whole(text, _TIME_RANGE, "yl-time")


# A date as date_zh writes it: 2018年7月19日.
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def dates_whole(text: str) -> Markup:
    """Text, escaped, each date in it on one line: a phone in large type broke a meeting's "（2018年7月19日）" in the
    breadcrumbs after 月."""
    return _kept_whole(text, _DATE, "yl-date")


def _kept_whole(text: str, pattern: re.Pattern, kind: str) -> Markup:
    """`text`, escaped, each match of `pattern` in a span of class `kind`, which the stylesheet keeps on one line."""
    return Markup(_marked(str(escape_markdown(text)), pattern, kind))


def whole_in_markdown(markdown: str) -> str:
    """Markdown already written (a table cell of the field reference), each date and time range in it kept whole as
    `dates_whole` and `hours` keep them."""
    return _marked(_marked(markdown, _DATE, "yl-date"), _TIME_RANGE, "yl-time")


def _marked(text: str, pattern: re.Pattern, kind: str) -> str:
    return pattern.sub(rf'<span class="{kind}">\g<0></span>', text)


def date_cell(value: date | str | None) -> Markup:
    """A date in a table, written as date_zh writes it and kept on one line: a computer's narrow column broke
    "2018年6月" from "30日". date_zh itself does not mark: prose and front matter use it too."""
    return _whole(date_zh(value), "yl-date")


def time_cell(text: str | None) -> Markup:
    """A time or a time range in a table ("14:00–15:30"), escaped, kept on one line."""
    return _whole("" if text is None else text, "yl-time")


def _whole(text: str, kind: str) -> Markup:
    """All of `text`, escaped, in a span of class `kind`. No text still writes the span: the templates' own spans did,
    and a page must not change with the filter that replaced them."""
    return Markup(f'<span class="{kind}">{escape_markdown(text)}</span>')


def signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        # An environment lives for one build: no template changes meanwhile, so an include need not
        # look at its file's time again, as it did for every page.
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date_zh=date_zh,
        yuan=yuan,
        number=number,
        fm=front_matter_string,
        link=markdown_link,
        signed=signed,
        join=join_escaped,
        phone_link=phone_link,
        hours=hours,
        dates_whole=dates_whole,
        date_cell=date_cell,
        time_cell=time_cell,
        qr_slot=qr_slot,
    )
    return env


def make_html_environment() -> Environment:
    """Plain HTML templates (`*.html.j2`, the print files): escaped for HTML only, no Markdown in between."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), auto_reload=False, autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["qr_slot"] = qr_slot
    return env


# A heading under the page's title, which Material's contents column lists: Markdown's `## ` to `###### ` (also in
# an admonition, indented), or an HTML <h2> to <h6> (a form's sections). Counting one too many only keeps a column.
_SUBHEADING = re.compile(r"^[ \t]*#{2,6}[ \t]|<h[2-6][\s>]", re.MULTILINE)


def hide_empty_toc(markdown: str) -> str:
    """The page with `hide: [toc]` in its front matter when nothing under its title is a heading.

    Material puts its contents column beside every page, empty on such a page: on a computer (from 76.25em) it
    took 240px from the text and from wide tables (the decisions tracker's). Decided from the rendered page alone,
    so that no template has to say it; _front.md.j2 writes `hide` last, so an entry can follow it.
    """
    end = markdown.index("\n---\n", 3) + 1  # the line closing the front matter: values are one line each
    front = markdown[:end]
    if front.endswith("\n  - toc\n") or _SUBHEADING.search(markdown, end):
        return markdown
    return front + ("" if "\nhide:\n" in front else "hide:\n") + "  - toc\n" + markdown[end:]


def render_pages(pages: list[Page], put: Callable[[str, bytes], object]) -> None:
    """Render every page on every core (see parallel.py), handing each to `put` as UTF-8.

    A page is put where it is rendered: a city's pages are gigabytes, never all held at once
    nor sent between processes.
    """
    markdown, html = make_environment(), make_html_environment()
    templates = {name: (html if name.endswith(".html.j2") else markdown).get_template(name)
                 for name in {page.template for page in pages}}

    def render(i: int) -> None:
        page = pages[i]
        text = templates[page.template].render(page=page, c=page.context)
        put(page.path, (text if page.template.endswith(".html.j2") else hide_empty_toc(text)).encode("utf-8"))

    parallel_map(render, range(len(pages)))
