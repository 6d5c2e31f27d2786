"""After the build: no private name or phone number anywhere in the built site.

Templates only see the public view, so a leak would have to come from somewhere
else: a hand-written page, a theme override, a plugin, a future feature. This
scan looks at every file MkDocs wrote — pages, the search index, the sitemap
(also gzipped), feeds, data downloads, assets — and finds each private value in
any spelling a browser or a reader would still recognise:

- digits split by spaces, dashes, dots, brackets, slashes or Markdown escapes, full-width digits
  (NFKC), a +86 / 86 / 0086 prefix (a landline without its leading 0 after 86);
- characters split by spaces, no-break or ideographic spaces, zero-width spaces
  (the search index puts one between every word) or HTML tags;
- HTML entities (`&#49;`, `&#x31;`), JSON `\\u` escapes, percent-encoded UTF-8.

Private means: a leader's name unless `name_public` and a consent date; a
leader's phone unless publication is `full` and there is a consent date; and
what features hold but never publish (who raised a topic, and their callback
phone). A masked phone shows at most seven of its digits, so it never matches. A value
that the data publishes anyway in another public field (say a leader whose
private phone is also the station's public phone) cannot be told apart from its
legitimate use and is not searched for, nor is a name that is also a word of
the templates or labels (运行, 社区); neither is a one-character name.

A leak on a page generated from data (a topic's, a meeting's, a hub's) was typed
into that data, so its hint names the data file and the record: each page and
file says what it shows when it is made (links.PageSource), and the build hands
the scan those sources by path. Only the other files send the clerk to
hand-written pages, templates and the theme.
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import unquote

from .links import PageSource
from .model import AREA_NAMES, STATUS_NAMES, TIER_NAMES, Leader, Network
from .problems import Problem, problem
from .public import mask_name, mask_phone, public_contact

TEMPLATE_DIR = Path(__file__).parent / "templates"
MAX_SCANNED_BYTES = 64 * 1024 * 1024  # a decompressed file larger than this is scanned in its first 64 MB
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot",
                    ".mp3", ".mp4", ".webm", ".zip", ".pdf"}


@dataclass(frozen=True)
class Secret:
    kind: str  # "name" or "phone"
    needle: str  # normalised: a name without spaces, or the significant digits of a phone
    subject: str  # whose value it is, for the message
    shown: str  # a masked form that is safe to print

    @property
    def what(self) -> str:
        return "姓名" if self.kind == "name" else "电话"


# ---------------------------------------------------------------- what is private

# A value that is a phone number and nothing else, as the schemas' phone fields hold one (13912345678,
# 0573-85012345), maybe spaced or with +86: digits and the signs that separate them.
_PHONE_VALUE = re.compile(r"\+?[0-9](?:[\s\-()]*[0-9]){6,}")


def is_phone_value(value: str) -> bool:
    """Whether a private value (a feature's `private_names`) is a phone number, to be looked for as one."""
    return bool(_PHONE_VALUE.fullmatch(normalise(value).strip()))


def private_values(network: Network, other_names: dict[str, str] | None = None) -> list[Secret]:
    """Every leader name and phone number the data does not allow to be published.

    `other_names` maps further private values (from features, e.g. who raised a topic
    and their phone) to whose they are: one written as a phone number is looked for as
    a phone, in any spelling, and any other as a name.
    """
    strings = _public_strings(network) + _boilerplate()
    published = normalise("\x1f".join(strings))  # \x1f: no value runs into the next
    public_text, public_digits = _squeeze(published), " ".join(_digit_runs(published))
    secrets: dict[tuple[str, str], Secret] = {}

    def name(value: str, subject: str) -> None:
        needle = _squeeze(normalise(value))
        if len(needle) >= 2 and needle not in public_text:
            secrets.setdefault(("name", needle), Secret("name", needle, subject, mask_name(value)))

    def phone(value: str, subject: str) -> None:
        needle = phone_needle(value)
        if len(needle) >= 7 and needle not in public_digits:
            secrets.setdefault(("phone", needle), Secret("phone", needle, subject, mask_phone(value)))

    for point in network.points.values():
        leader, subject = point.leader, f"友邻点 {point.id} 负责人"
        contact = public_contact(leader)
        if leader.name and contact.name is None:
            name(leader.name, subject)
        if leader.phone and contact.tel is None:
            phone(leader.phone, subject)
    for value, subject in (other_names or {}).items():
        (phone if is_phone_value(value) else name)(value, subject)
    return list(secrets.values())


def phone_needle(phone: str) -> str:
    """The digits that identify a number in any spelling: a landline without its trunk 0."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    return digits[1:] if digits.startswith("0") else digits


def _public_strings(network: Network) -> list[str]:
    """Every text the network publishes: all fields but private leader data, plus what leaders allowed."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, Leader):
            contact = public_contact(value)
            found.extend(v for v in (contact.name, contact.phone if contact.tel else None) if v)
        elif isinstance(value, str):
            found.append(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if not f.name.startswith("_"):
                    walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(network)
    return found


def _boilerplate() -> list[str]:
    """Words every site shows whatever the data: the labels and the templates' own text.

    A private name that is also such a word (运行, 社区) cannot be told from it.
    """
    labels = [*STATUS_NAMES.values(), *AREA_NAMES.values(), *TIER_NAMES.values()]
    templates = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(TEMPLATE_DIR.glob("*.j2"))]
    return labels + templates


# ---------------------------------------------------------------- spellings

_JSON_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-f]{4})", re.IGNORECASE)
_PERCENT = re.compile(r"(?:%[0-9a-f]{2})+", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,300}>")
_IGNORED_IN_NAMES = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u00ad]+")
_DIGIT_RUN = re.compile(r"[0-9](?:[\s\u200b\\\-.()/+]{0,3}[0-9]){6,}")  # \\: a Markdown escape


def normalise(text: str) -> str:
    """Undo the encodings a value may wear in a built site, then fold full-width forms (NFKC)."""
    text = _JSON_PAIR.sub(lambda m: chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10)
                                        + int(m.group(2), 16) - 0xDC00), text)
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = html.unescape(text)
    text = _PERCENT.sub(lambda m: unquote(m.group(0)), text)
    text = unicodedata.normalize("NFKC", text)
    return _TAG.sub("", text)


def _squeeze(text: str) -> str:
    return _IGNORED_IN_NAMES.sub("", text)


def _digit_runs(text: str) -> list[str]:
    return [re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(text)]


class _Finder:
    """Finds the secrets in normalised text."""

    def __init__(self, secrets: list[Secret]):
        names = sorted((s for s in secrets if s.kind == "name"), key=lambda s: -len(s.needle))
        self.names = {s.needle: s for s in names}
        self.name_pattern = re.compile("|".join(re.escape(s.needle) for s in names)) if names else None
        self.phones = {s.needle: s for s in secrets if s.kind == "phone"}
        self.lengths = sorted({len(n) for n in self.phones})

    def find(self, normalised: str) -> list[Secret]:
        found: dict[str, Secret] = {}
        if self.name_pattern is not None:
            for match in self.name_pattern.finditer(_squeeze(normalised)):
                found.setdefault(match.group(0), self.names[match.group(0)])
        if self.phones:
            for digits in _digit_runs(normalised):
                for length in self.lengths:
                    for start in range(len(digits) - length + 1):
                        secret = self.phones.get(digits[start:start + length])
                        if secret is not None:
                            found.setdefault(secret.needle, secret)
        return list(found.values())


# ---------------------------------------------------------------- the scan


def scan_for_leaks(site_dir: Path, network: Network, other_names: dict[str, str] | None = None,
                   sources: Mapping[str, PageSource | None] | None = None) -> list[Problem]:
    """A `leak` problem for each private value found in a file of the built site.

    `sources` are the data each generated file shows, by its path in the site (build.GenerateResult.sources):
    a leak there is blamed on that data, one anywhere else on hand-written pages, templates and the theme.
    """
    sources = sources or {}
    secrets = private_values(network, other_names)
    if not secrets:
        return []
    finder = _Finder(secrets)
    problems = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        text = _read(path)
        if text is None:
            continue
        rel = path.relative_to(site_dir).as_posix()
        found = finder.find(normalise(text))
        entries = _index_entries(text) if found and rel == SEARCH_INDEX else []
        for secret in found:
            problems.append(problem("leak", rel, _line_of(text, secret), what=secret.what,
                                    subject=secret.subject, found=secret.shown,
                                    origin=_origin(rel, secret, sources, entries)))
    return problems


def scan_text(text: str, network: Network) -> list[Secret]:
    """The private values present in one text (for tests and one-off checks)."""
    secrets = private_values(network)
    return _Finder(secrets).find(normalise(text)) if secrets else []


def _read(path: Path) -> str | None:
    if path.suffix.lower() in _BINARY_SUFFIXES:
        return None
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as stream:
                data = stream.read(MAX_SCANNED_BYTES)
        else:
            with path.open("rb") as stream:
                data = stream.read(MAX_SCANNED_BYTES)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\x00" in data[:8192]:
        return None  # binary: images, fonts
    return data.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- where a page's text comes from

_FROM_DATA = "{page}来自{source}，请在那里删掉这个{what}"
_NOT_FROM_DATA = "请找出写入它的手写页面、模板或主题并删除"
SEARCH_INDEX = "search/search_index.json"


def source_of(rel: str, sources: Mapping[str, PageSource | None]) -> str | None:
    """How a hint names the data a file of the built site shows; None if it is not made from data."""
    source = sources.get(rel)
    return _named(source) if source is not None else None


def _named(source: PageSource) -> str:
    return f" {source.text}" if source.text[0].isascii() else source.text  # a path is set off by a space


def _origin(rel: str, secret: Secret, sources: Mapping[str, PageSource | None], entries: list[tuple[str, str]]) -> str:
    """Where to remove a leak: the data a generated file shows, else hand-written pages and templates.

    `entries` are the search index's pages, when `rel` is the index: the narrowest page that holds the
    value tells where it was written (a topic's title is on its meetings' pages too, but was written
    in the topic).
    """
    source = sources.get(rel)
    if source is not None:
        page = "这个网页" if rel.endswith(".html") else "这个文件"
        return _FROM_DATA.format(page=page, source=_named(source), what=secret.what)
    single = _Finder([secret])
    located = [(hit, page) for page, text in entries
               if single.find(text) and (hit := sources.get(_page_file(page))) is not None]
    if located:
        source, page = min(located, key=lambda item: item[0].rank)
        return _FROM_DATA.format(page=f"搜索索引中的这段文字（网页 {page or '首页'}）", source=_named(source),
                                 what=secret.what)
    return _NOT_FROM_DATA


def _page_file(location: str) -> str:
    """The file of a search index entry's page: meetings/M2/ → meetings/M2/index.html, the home page "" → index.html."""
    return location + "index.html" if location == "" or location.endswith("/") else location


def _index_entries(text: str) -> list[tuple[str, str]]:
    """The search index's entries: each one's page (without its #anchor) and normalised title and text."""
    try:
        docs = json.loads(text).get("docs", [])
    except (ValueError, AttributeError):
        return []
    return [(str(doc.get("location", "")).split("#")[0], normalise(f"{doc.get('title', '')}\x1f{doc.get('text', '')}"))
            for doc in docs if isinstance(doc, dict)]


def _line_of(text: str, secret: Secret) -> int:
    """The first line by which the secret has appeared (it may be spread over several)."""
    lines = text.split("\n")
    single = _Finder([secret])
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if single.find(normalise("\n".join(lines[:middle]))):
            high = middle
        else:
            low = middle + 1
    return low
