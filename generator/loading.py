"""Read the office's files into records that remember where each value came from.

YAML is read with a loader that refuses what a data file has no use for and an
editor can get wrong without noticing: duplicate keys, anchors and aliases,
explicit tags, several documents. Every scalar is kept as the text the office
typed; the schema stage decides its type. A plain (unquoted) scalar that YAML 1.1
would turn into a number, boolean or date is remembered, so a field that must be
text (a phone number, an id, a time) can be reported instead of silently changed.

CSV must be UTF-8 (a BOM is accepted, as Excel writes one); a GBK/GB18030 or
UTF-16 file gets a problem saying so and how to convert it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, problem


@dataclass
class Record:
    """One row of a table: its values as typed by the office, and their lines."""

    file: str
    line: int
    values: dict[str, Any]
    field_lines: dict[str, int] = field(default_factory=dict)
    # field -> what YAML 1.1 would have made of an unquoted value ("int", "bool", ...)
    implicit: dict[str, str] = field(default_factory=dict)

    def line_of(self, name: str | None) -> int:
        return self.field_lines.get(name, self.line) if name else self.line


@dataclass
class CsvTable:
    header: list[str]
    records: list[Record]


# ---------------------------------------------------------------- text and encodings

UTF8_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode a data file as UTF-8, or say precisely why it is not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [problem("file-missing", rel, None)]
    except OSError as exc:
        return None, [problem("file-unreadable", rel, None, reason=exc.strerror)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("encoding-utf16", rel, 1)]
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    if b"\x00" in raw:
        return None, [problem("nul-byte", rel, raw[: raw.index(b"\x00")].count(b"\n") + 1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        code = "encoding-gbk" if _is_gb18030(raw) else "encoding-invalid"
        return None, [problem(code, rel, line)]
    # Windows line ends are normal in exported files; parsers see plain newlines.
    return text.replace("\r\n", "\n"), []


def _is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- CSV


def read_csv(path: Path, rel: str) -> tuple[CsvTable | None, list[Problem]]:
    """Read a CSV file; each record's line is where the record starts."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records: list[Record] = []
    consumed = 0
    try:
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are harmless; spreadsheets leave them
            if header is None:
                header = [cell.strip() for cell in cells]
                header_problems = _check_header(header, rel, line)
                if header_problems:
                    return None, header_problems
                continue
            if len(cells) != len(header):
                problems.append(problem("cell-count", rel, line, found=len(cells), expected=len(header)))
                continue
            values = {name: (cell.strip() or None) for name, cell in zip(header, cells)}
            records.append(Record(file=rel, line=line, values=values))
    except csv.Error as exc:
        problems.append(problem("csv-syntax", rel, consumed + 1, reason=_csv_reason(exc)))
        return None, problems
    if header is None:
        problems.append(problem("header-missing", rel, 1, found="（整个文件是空的）", expected="见 README"))
        return None, problems
    return CsvTable(header=header, records=records), problems


def _check_header(header: list[str], rel: str, line: int) -> list[Problem]:
    if len(header) == 1 and "，" in header[0]:
        return [problem("header-separator", rel, line)]
    problems = []
    seen: set[str] = set()
    for column, name in enumerate(header, start=1):
        if not name:
            problems.append(problem("header-blank", rel, line, column=column))
        elif name in seen:
            problems.append(problem("header-duplicate", rel, line, found=name))
        seen.add(name)
    return problems


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return "引号没有闭合（文件在引号内结束）"
    return text


# ---------------------------------------------------------------- YAML


class _Rejected(Exception):
    def __init__(self, item: Problem):
        super().__init__(item.message)
        self.problem = item


# Tags the resolver assigns by itself; any other tag was written explicitly.
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_KIND_NAMES = {"int": "数字", "float": "数字", "bool": "是/否（布尔值）", "timestamp": "日期"}


class _StrictComposer(yaml.SafeLoader):
    """A safe loader that also refuses anchors and aliases (alias bombs, hidden sharing)."""

    rel = ""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            name = ("*" if isinstance(event, yaml.AliasEvent) else "&") + str(event.anchor)
            raise _Rejected(problem("yaml-alias", self.rel, event.start_mark.line + 1, found=name))
        return super().compose_node(parent, index)


@dataclass
class YamlDocument:
    """A YAML file as plain values (every scalar is the text typed), with positions."""

    rel: str
    data: Any
    lines: dict[tuple, int]
    implicit: dict[tuple, str]

    def line(self, path: tuple) -> int | None:
        return self.lines.get(path)

    def record(self, path: tuple) -> Record:
        """The mapping at `path` as one record."""
        mapping = self.get(path)
        values = dict(mapping) if isinstance(mapping, dict) else {}
        return Record(
            file=self.rel,
            line=self.lines.get(path, 1),
            values=values,
            field_lines={k: self.lines[path + (k,)] for k in values if path + (k,) in self.lines},
            implicit={k: self.implicit[path + (k,)] for k in values if path + (k,) in self.implicit},
        )

    def records(self, path: tuple) -> list[Record]:
        items = self.get(path)
        if not isinstance(items, list):
            return []
        return [self.record(path + (i,)) for i in range(len(items))]

    def get(self, path: tuple) -> Any:
        value = self.data
        for key in path:
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value


def read_yaml(path: Path, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    loader = _StrictComposer(text)
    loader.rel = rel
    try:
        node = loader.get_single_node()
    except _Rejected as exc:
        return None, [exc.problem]
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            mark = exc.problem_mark
            return None, [problem("yaml-multiple-documents", rel, mark.line + 1 if mark else None)]
        return None, [_syntax_problem(exc, rel)]
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, rel)]
    finally:
        loader.dispose()
    document = YamlDocument(rel=rel, data=None, lines={}, implicit={})
    problems = []
    document.data = _plain(node, (), document, problems, loader) if node is not None else {}
    return document, problems


def _syntax_problem(exc: yaml.YAMLError, rel: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    if "\t" in reason or "'\\t'" in reason:
        reason = "出现了 Tab 字符"
    return problem("yaml-syntax", rel, mark.line + 1 if mark else None, reason=reason)


def _plain(node, path: tuple, doc: YamlDocument, problems: list[Problem], loader) -> Any:
    """Turn a composed node into dicts, lists and strings, recording positions."""
    doc.lines[path] = node.start_mark.line + 1
    if node.tag not in _STANDARD_TAGS:
        problems.append(problem("yaml-tag", doc.rel, node.start_mark.line + 1, found=node.tag))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                problems.append(
                    problem("yaml-duplicate-key", doc.rel, line, found=key, first_line=doc.lines[path + (key,)])
                )
                continue
            result[key] = _plain(value_node, path + (key,), doc, problems, loader)
            doc.lines[path + (key,)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (i,), doc, problems, loader) for i, item in enumerate(node.value)]
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if node.style is None and kind in _KIND_NAMES:
        doc.implicit[path] = kind
    return node.value


def yaml_kind_name(kind: str) -> str:
    """How to tell the office what YAML would have made of an unquoted value."""
    return _KIND_NAMES.get(kind, kind)
