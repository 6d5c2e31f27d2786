"""Text hygiene: refuse text that a browser, a template engine or a spreadsheet could run.

The pages escape every value (see `render.py`), so markup in the data shows as
text. These checks are the second wall, and they also protect what the pages do
not control: a data file opened in Excel or WPS, a future export, a copy pasted
into another system. A free-text cell is refused when it holds

- active HTML: a `<script>`, `<iframe>`, `<img>`... tag, or an `on…=` handler
  (`unsafe-html`); harmless inline tags such as `<b>` are shown as text and allowed;
- a link whose scheme is not https, http, tel or mailto — `javascript:`,
  `vbscript:`, `data:` anywhere, or any other scheme as a Markdown link target or
  in a URL field (`unsafe-url`);
- template syntax `{{`, `{%` or `{#` (`template-syntax`);
- a leading `=`, `+`, `-` or `@`, which Excel and WPS run as a formula
  (`formula-cell`, as OWASP's CSV-injection advice);
- invisible control or formatting characters, such as a right-to-left override
  that makes text read differently from what it is (`control-char`).

It also looks for personal data typed into free text, which the site would publish
with the text (pages, posters, the search index) and which nothing else knows to be
private: a resident ID number, with a valid birth date and GB 11643-1999 check digit
so that long receipt numbers pass (`id-number-in-text`, an error), and a mobile
number (`phone-in-text`, a warning: it may be an office's public line). Landlines
are not looked for: offices publish their lines in opening-hours text, residents'
own numbers are mobiles, and a 7- or 8-digit number is as often an amount or a
receipt. A leader's known private number is `private-in-public` (rules.py) and the
leak scan of the built site. Messages show these numbers masked, as CI logs are public.
`check_lines` looks for them in published prose that is not a table (a covenant's articles).

A field whose schema marks it `"published": false` is never shown on the site: who raised a
topic, kept for the social worker to call back, and every field of the records only forms
write (evaluations, applications). A mobile number there is what the office keeps on purpose,
as a leader's phone is, and is not reported. An ID number is still an error, worded for where
it is (`id-number-in-record`): the data files live in git, where a commit stays in the history
and the repository and its CI logs may be public, and no record needs one.

Free text means string and list fields without a `pattern` or `enum`: ids, phones
and choices are already confined to safe characters by their own constraint (a
phone `010-…` cannot start with a formula character), and numbers and dates are
not text, so a negative number in a numeric field is a value, not a formula
(frictionless checks its range).

`lint_content` applies the same rules to hand-written pages in `content/`, where
Markdown and plain HTML are allowed but scripts, handlers and non-allowlisted
links are not. `neutralise_formula` makes a cell safe to write into a CSV that
the office will open in a spreadsheet.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Callable

from .loading import Record
from .problems import Problem, Severity, problem

ALLOWED_SCHEMES = ("https", "http", "tel", "mailto")
FORMULA_LEADS = "=+-@"
_NEUTRALISE_LEADS = FORMULA_LEADS + "\t\r"

# Tags that load, run or restyle something; any tag carrying an on…= handler too.
_ACTIVE_TAGS = (
    "script|style|iframe|frame|frameset|object|embed|applet|link|meta|base|form|input|button|"
    "textarea|select|option|svg|math|img|image|video|audio|source|track|picture|template|"
    "noscript|xml|xss|marquee|isindex|portal"
)
_ACTIVE_TAG = re.compile(rf"<\s*/?\s*(?:{_ACTIVE_TAGS})(?![a-z0-9-])[^>]{{0,40}}>?", re.IGNORECASE)
_HANDLER = re.compile(r"""(?:^|[\s"'/;<>])(on[a-z]{3,}\s*=[^\s>]{0,30})""", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{[{%#].{0,30}")
# Schemes a browser would run or load whatever the context; checked anywhere in text.
_DANGEROUS_SCHEME = re.compile(r"(?<![a-z0-9+.\-])(javascript|vbscript|livescript|data|file|blob|jar)\s*:",
                               re.IGNORECASE)
# Link targets in Markdown ([x](target), ![x](target), <scheme:…>) and HTML attributes.
_LINK_TARGET = re.compile(
    r"""\]\(\s*<?([^)\s>]*)|<([a-z][a-z0-9+.\-]*:[^>\s]*)>|(?:href|src|action)\s*=\s*["']?([^"'\s>]*)""",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]")
# Full-width digits, X, dash and space (a Chinese input method in full-width mode) as ASCII, one
# character for one, so that the number patterns below need only ASCII.
_FOLD = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "x", "－": "-", "\u3000": " "})
# 17 digits and a check digit, split by single spaces after the first three at most (330482 19900101 1234).
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{3}(?: ?[0-9]){14} ?[0-9Xx](?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# 11 digits from 130–199, split by single spaces or dashes after the first three (139 1234 5678, 139-1234-5678),
# maybe after +86.
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?(1[3-9][0-9](?:[ -]?[0-9]){8})(?![0-9])")
# Every issue below needs one of these characters, or a colon after a letter (a scheme: a time
# such as 9:00 needs nothing more), or the start of an ID or mobile number (three digits and four more,
# maybe split as above), or a character `str.isprintable` refuses.
_MAY_BE_ACTIVE = re.compile(r"[<={\]]|[a-z] *:|[0-9０-９]{3}(?:[ \u3000\-－]?[0-9０-９]){4}", re.IGNORECASE)
# What a personal number in a field the site never shows is instead (see the module's docstring).
_KEPT = {"id-number-in-text": "id-number-in-record", "phone-in-text": None}


# ---------------------------------------------------------------- data


def check_table(fields: list[dict], records: list[Record], subject: Callable[[dict, int], str]) -> list[Problem]:
    """Every free-text and URL cell of one table; `subject` names a row in messages."""
    urls = {f["name"]: f for f in fields if is_url_field(f)}
    checked = {f["name"]: f for f in fields if f["name"] in urls or is_free_text(f)}
    # A city's columns repeat their texts, and almost every text is clean: each distinct
    # text is checked once, and the rows are gone through again only when some text has issues.
    flagged = {name: texts for name in checked
               if (texts := _texts_with_issues([record.values.get(name) for record in records], name in urls))}
    phone_fields = [f["name"] for f in fields if f["name"].endswith("phone")]
    unpublished = {f["name"] for f in fields if not is_published(f)}
    problems = []
    for index, record in enumerate(records) if flagged else ():
        for name, value in record.values.items():
            texts = flagged.get(name)
            if texts is None:
                continue
            for text in value if isinstance(value, list) else [value]:
                for code, found, extra in texts.get(text, []) if isinstance(text, str) else []:
                    if code in _KEPT and name in unpublished:
                        code = _KEPT[code]
                        if code is None:
                            continue
                    if "number" in extra:
                        # The record's own phone field publishes this number already (a station's office
                        # line), or rules.py refuses it as private: the text tells nothing new.
                        extra = dict(extra)
                        if extra.pop("number") in _own_phones(record, phone_fields):
                            continue
                    problems.append(problem(code, record.file, record.line_of(name),
                                            subject=subject(record.values, index),
                                            field=checked[name].get("title", name), found=found, **extra))
    return problems


def _own_phones(record: Record, names: list[str]) -> set[str]:
    return {re.sub(r"\D", "", value)[-11:] for name in names if isinstance(value := record.values.get(name), str)}


def _texts_with_issues(column: list[Any], url: bool) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Each distinct text of a column that has issues, with them (lists of texts are looked into)."""
    if set(map(type, column)) <= {str, type(None)}:
        texts = set(column)
    else:
        texts = set()
        for value in column:
            texts.update(text for text in (value if isinstance(value, list) else [value]) if isinstance(text, str))
    texts.discard(None)
    texts.discard("")
    return {text: issues for text in texts if (issues := text_issues(text, url))}


def is_published(field: dict) -> bool:
    """Whether the site may show a field's values: all but those whose schema says `"published": false`."""
    return field.get("published", True) is not False


def is_free_text(field: dict) -> bool:
    constraints = field.get("constraints", {})
    return field["type"] in ("string", "list", "array") and "pattern" not in constraints and "enum" not in constraints


def is_url_field(field: dict) -> bool:
    return field["type"] == "string" and (field.get("format") == "uri" or field["name"].endswith("url"))


def text_issues(text: str, url: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
    """(code, offending fragment, extra message parameters) for each kind of issue in one cell."""
    if not url and text.isprintable() and text[:1] not in FORMULA_LEADS and not _MAY_BE_ACTIVE.search(text):
        return []  # the usual cell, settled without running every check (a city has millions)
    return every_text_issue(text, url)


def every_text_issue(text: str, url: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
    """`text_issues` without its shortcut for plain text (tests hold the two equal)."""
    issues: list[tuple[str, str, dict[str, Any]]] = []
    invisible = next((ch for ch in text if _is_invisible(ch)), None)
    if invisible is not None:
        issues.append(("control-char", f"U+{ord(invisible):04X}", {}))
    html = active_html(text)
    if html:
        issues.append(("unsafe-html", html, {}))
    link = unsafe_link(text)
    if url and link is None and _scheme_of(text) not in ALLOWED_SCHEMES:
        link = _clip(text)  # a URL field holds one absolute link with an allowlisted scheme
    if link:
        issues.append(("unsafe-url", link, {}))
    template = _TEMPLATE.search(text)
    if template:
        issues.append(("template-syntax", _clip(template.group(0)), {}))
    if text and text[0] in FORMULA_LEADS:
        issues.append(("formula-cell", _clip(text), {"char": text[0]}))
    issues += personal_numbers(text)
    return issues


def personal_numbers(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Each distinct resident ID number and mobile number in `text`, masked.

    A phone issue carries the number's digits as `number`, for `check_table` to compare with the
    record's own phone fields; it is not printed.
    """
    folded = text.translate(_FOLD)
    issues: list[tuple[str, str, dict[str, Any]]] = []
    ids: list[tuple[int, int]] = []
    for match in _ID_NUMBER.finditer(folded):
        digits = match.group(0).replace(" ", "").upper()
        if is_id_number(digits):
            ids.append(match.span())
            issue = ("id-number-in-text", f"{digits[:4]}{'*' * 10}{digits[-4:]}", {})
            if issue not in issues:
                issues.append(issue)
    for match in _MOBILE.finditer(folded):
        if any(start < match.end() and match.start() < end for start, end in ids):
            continue  # digits of an ID number, reported as such
        digits = re.sub(r"\D", "", match.group(1))
        issue = ("phone-in-text", f"{digits[:3]}****{digits[-4:]}", {"severity": Severity.WARNING, "number": digits})
        if issue not in issues:
            issues.append(issue)
    return issues


def check_lines(text: str, file: str, first_line: int, subject: str, field: str) -> list[Problem]:
    """Each ID and mobile number in published prose that is no table's cell, at its line of `file`.

    `first_line` is the file's line of the text's first line (a covenant's body, below its front matter).
    """
    problems = []
    for offset, line in enumerate(text.split("\n")):
        for code, found, extra in personal_numbers(line):
            extra = {key: value for key, value in extra.items() if key != "number"}
            problems.append(problem(code, file, first_line + offset, subject=subject, field=field, found=found,
                                    **extra))
    return problems


def is_id_number(digits: str) -> bool:
    """Whether 18 characters are a resident ID number: a birth date at 7–14 and the GB 11643-1999 check digit.

    The birth year is bounded by constants, not today, because `check` keeps its findings by file contents.
    """
    total = sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS))
    if "10X98765432"[total % 11] != digits[17]:
        return False
    try:
        born = date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year < 2100


def active_html(text: str) -> str | None:
    """The first script-capable tag or on…= handler in `text`, if any."""
    match = _ACTIVE_TAG.search(text)
    if match:
        return _clip(match.group(0))
    match = _HANDLER.search(text)
    return _clip(match.group(1)) if match else None


def unsafe_link(text: str) -> str | None:
    """A dangerous scheme anywhere, or a link target whose scheme is not allowlisted."""
    squeezed = _INVISIBLE.sub("", text)  # browsers ignore tabs and newlines inside a URL
    match = _DANGEROUS_SCHEME.search(squeezed)
    if match:
        return _clip(squeezed[match.start():])
    for match in _LINK_TARGET.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        scheme = _scheme_of(_INVISIBLE.sub("", target))
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            return _clip(target)
    return None


def _scheme_of(target: str) -> str | None:
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else None


def _is_invisible(ch: str) -> bool:
    if ch in "\n\t":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _clip(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------- hand-written pages

_LINTED_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".svg")
_CONTENT_TAGS = re.compile(
    r"<\s*(?:script|iframe|frame|object|embed|applet|base|meta|form)(?![a-z0-9-])[^>]{0,40}>?", re.IGNORECASE
)
_CONTENT_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]{3,}\s*=[^\s>]{0,30})", re.IGNORECASE | re.DOTALL)


def lint_content(content: dict[str, bytes]) -> list[Problem]:
    """Hand-written pages (`read_content`'s result): no scripts, handlers or unsafe links."""
    problems = []
    for name, data in sorted(content.items()):
        if not name.lower().endswith(_LINTED_SUFFIXES):
            continue
        rel = f"content/{name}"
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if "<" not in line and ":" not in line:
                continue  # a tag, a handler and a link's scheme each need one: most prose lines have neither
            found = []
            tag = _CONTENT_TAGS.search(line)
            if tag:
                found.append(("脚本或嵌入代码", tag.group(0)))
            handler = _CONTENT_HANDLER.search(line)
            if handler:
                found.append(("事件处理代码", handler.group(1)))
            link = unsafe_link(line)
            if link:
                found.append(("不允许的链接", link))
            for what, fragment in found:
                problems.append(problem("content-unsafe", rel, number, what=what, found=_clip(fragment)))
    return problems


# ---------------------------------------------------------------- exports


def neutralise_formula(cell: str) -> str:
    """A cell safe to write into a CSV for Excel/WPS: formula leads get an apostrophe (OWASP)."""
    if cell and cell[0] in _NEUTRALISE_LEADS:
        return "'" + cell
    return cell
