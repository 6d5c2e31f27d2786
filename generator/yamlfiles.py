"""Read YAML files strictly into plain values that remember their lines.

The loader refuses what a data file has no use for and an editor can get wrong
without noticing: duplicate keys, anchors and aliases, explicit tags, several
documents. Every scalar is kept as the text the office typed; the schema stage
decides its type. A plain (unquoted) scalar that YAML 1.1 would turn into a number,
boolean or date is remembered, so a field that must be text (a phone number, an id,
a time) can be reported instead of silently changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cache import cached
from .loading import MAX_FILE_BYTES, Record, read_text
from .problems import Problem, problem


# Tags the resolver assigns by itself; any other tag was written explicitly.
_TAG_PREFIX = "tag:yaml.org,2002:"
_STANDARD_TAGS = {  # tag -> its type's name
    _TAG_PREFIX + name: name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_STR_TAG = _TAG_PREFIX + "str"
_KIND_NAMES = {"int": "数字", "float": "数字", "bool": "是/否（布尔值）", "timestamp": "日期"}


@dataclass
class YamlDocument:
    """A YAML file as plain values (every scalar is the text typed), with positions.

    Positions are kept per mapping and list, not per value: a record's lines are then one
    dict already made, and a city's meetings keep a few hundred thousand small dicts
    instead of a million paths.
    """

    rel: str
    data: Any
    root_line: int = 1
    # by the path of each mapping and list: the line of each of its values (a field's is its key's)
    lines_in: dict[tuple, dict[str | int, int]] = field(default_factory=dict)
    # by the same paths: what YAML 1.1 would have made of an unquoted value ("int", "bool", ...)
    implicit_in: dict[tuple, dict[str | int, str]] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        if not path:
            return self.root_line
        return self.lines_in.get(path[:-1], {}).get(path[-1])

    def implicit(self, path: tuple) -> str | None:
        return self.implicit_in.get(path[:-1], {}).get(path[-1]) if path else None

    def record(self, path: tuple) -> Record:
        """The mapping at `path` as one record."""
        mapping = self.get(path)
        if not isinstance(mapping, dict):
            return Record(file=self.rel, line=self.line(path) or 1, values={})
        return Record(
            file=self.rel,
            line=self.line(path) or 1,
            values=dict(mapping),
            field_lines=dict(self.lines_in.get(path, {})),
            implicit=dict(self.implicit_in.get(path, {})),
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


def read_yaml(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(path, rel, limit)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def parse_yaml(text: str, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text strictly (see the module docstring); lines count from the text's start.

    Front matter is parsed by passing the file's text up to its closing ``---``
    with the opening one blanked out, so lines stay the file's lines.
    """
    if len(text) < CACHED_TEXT_CHARS:
        return _parse_yaml(text, rel)
    return cached("yaml", rel.encode() + b"\0" + text.encode("utf-8"), lambda: _parse_yaml(text, rel))


# Smaller files parse faster than a kept result is read back.
CACHED_TEXT_CHARS = 64 * 1024


def _parse_yaml(text: str, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    if getattr(yaml, "__with_libyaml__", False):
        # libyaml parses a city's meetings in a second; on any error the pure-Python
        # parser below reads the file again, as its messages and positions are the ones we explain.
        loader = yaml.CSafeLoader(text)
        try:
            return _from_events(loader.get_event, rel)
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    try:
        loader = yaml.SafeLoader(text)  # checks every character before parsing
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [problem("yaml-syntax", rel, line, reason=f"出现了不能出现在 YAML 中的控制字符 U+{exc.character:04X}")]
    try:
        return _from_events(loader.get_event, rel)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, rel, text)]
    finally:
        loader.dispose()


_WANTS_KEY = object()  # a mapping's frame between a value and the next key
_SKIPS_VALUE = object()  # a mapping's frame after a duplicate key
_RESOLVER = yaml.resolver.Resolver()


def _from_events(next_event, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Build plain values (dicts, lists, the text of every scalar) and their positions from a parser's events.

    Building from events, not composed nodes, skips a node object and a resolver call
    per value. Anchors and aliases are refused where they are first written, before
    anything is expanded, so an alias bomb costs nothing. Equal strings are made one
    object through `shared`: a kept result pickles each string object apart, and a
    city's meetings repeat a few dozen field names and statuses a million times.
    """
    document = YamlDocument(rel=rel, data={})
    problems: list[Problem] = []
    shared: dict[str, str] = {}
    plain_tags: dict[str, str] = {}
    next_event()  # the stream's start
    if isinstance(next_event(), yaml.StreamEndEvent):
        return document, problems  # an empty file is an empty mapping
    # One frame per open mapping or list: [container, its path, its lines, the key whose value
    # comes next (None in a list; _WANTS_KEY, _SKIPS_VALUE), that key's line].
    stack: list[list] = []
    while True:
        event = next_event()
        kind = type(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if stack:
                continue
            break
        if kind is yaml.AliasEvent or event.anchor is not None:
            return None, [_alias_problem(event, rel)]
        line = event.start_mark.line + 1
        if stack:
            frame = stack[-1]
            container, parent, lines, key = frame[0], frame[1], frame[2], frame[3]
            if key is _WANTS_KEY:
                if kind is not yaml.ScalarEvent:
                    return None, [problem("yaml-syntax", rel, line, reason="冒号前的名称不能是列表或映射")]
                key = shared.setdefault(event.value, event.value)
                if key in container:
                    problems.append(problem("yaml-duplicate-key", rel, line, found=key, first_line=lines[key]))
                    frame[3] = _SKIPS_VALUE
                else:
                    frame[3], frame[4] = key, line
                continue
            if key is _SKIPS_VALUE:
                frame[3] = _WANTS_KEY
                alias = _skip(event, next_event)
                if alias is not None:
                    return None, [_alias_problem(alias, rel)]
                continue
            if key is None:
                key = len(container)
                lines[key] = line
            else:
                frame[3] = _WANTS_KEY
                lines[key] = frame[4]
        else:
            parent, key = None, None
            document.root_line = line
        tag = event.tag
        child = None
        if kind is yaml.ScalarEvent:
            value = event.value
            if tag is None or tag == "!":  # not written: resolved as YAML 1.1 would
                tag = plain_tags.get(value) if event.implicit[0] else _STR_TAG
                if tag is None:
                    tag = plain_tags[value] = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
            type_name = _STANDARD_TAGS.get(tag)
            if type_name is None:
                problems.append(problem("yaml-tag", rel, line, found=_shown_tag(tag)))
                value = None
            elif type_name == "null":
                value = None
            else:
                if not event.style and type_name in _KIND_NAMES and parent is not None:  # plain: unquoted
                    document.implicit_in.setdefault(parent, {})[key] = type_name
                value = shared.setdefault(value, value)
        elif tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            problems.append(problem("yaml-tag", rel, line, found=_shown_tag(tag)))
            alias = _skip(event, next_event)
            if alias is not None:
                return None, [_alias_problem(alias, rel)]
            value = None
        else:
            value = {} if kind is yaml.MappingStartEvent else []
            path = () if parent is None else parent + (key,)
            document.lines_in[path] = child_lines = {}
            child = [value, path, child_lines, _WANTS_KEY if kind is yaml.MappingStartEvent else None, 0]
        if parent is None:
            document.data = value
        elif type(container) is list:
            container.append(value)
        else:
            container[key] = value
        if child is not None:
            stack.append(child)
        elif not stack:
            break  # the document is one scalar
    next_event()  # the document's end
    event = next_event()
    if not isinstance(event, yaml.StreamEndEvent):
        return None, [problem("yaml-multiple-documents", rel, event.start_mark.line + 1)]
    return document, problems


def _skip(event, next_event):
    """Read past the node that `event` starts; the first anchor or alias in it, if any."""
    depth = 0
    while True:
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif type(event) is yaml.AliasEvent or event.anchor is not None:
            return event
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        if depth == 0:
            return None
        event = next_event()


def _alias_problem(event, rel: str) -> Problem:
    name = ("*" if type(event) is yaml.AliasEvent else "&") + str(event.anchor)
    return problem("yaml-alias", rel, event.start_mark.line + 1, found=name)


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


# PyYAML's complaints, as the office would understand them.
_YAML_REASONS = [
    ("found character '\\t'", "出现了 Tab 字符：缩进只能用空格，不能用 Tab"),
    ("found unexpected end of stream", "引号没有闭合（文件在引号内结束）"),
    ("found unknown escape character", "双引号内的反斜杠 \\ 后面跟了不认识的字符；请改用单引号"),
    ("expected alphabetic or numeric character", "以 * 或 & 开头的文字会被当作 YAML 的别名或锚点：请给这段文字加英文引号"),
    ("expected URI", "以 ! 开头的文字会被当作 YAML 的类型标签：请给这段文字加英文引号"),
    ("expected '!'", "以 ! 开头的文字会被当作 YAML 的类型标签：请给这段文字加英文引号"),
    ("sequence entries are not allowed here", "这里不能出现“- ”：以“- ”开头的文字请加英文引号，列表项请检查缩进"),
    ("mapping keys are not allowed here", "这里不能出现“? ”：以“? ”开头的文字请加英文引号"),
    ("expected <block end>", "缩进不一致，或引号结束后还有多余的文字"),
    ("mapping values are not allowed here", "这里不能出现冒号“:”；含冒号的文字请加英文引号"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确结束"),
    ("expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("that cannot start any token", "出现了不能放在开头的字符（如 @ 或 `）；请给这段文字加英文引号"),
    ("found undefined alias", "出现了 * 开头的别名"),
    ("expected a comment or a line break", "引号结束后还有多余的内容"),
]
# What PyYAML was reading when it failed, where that says more than the complaint itself.
_YAML_CONTEXTS = [
    ("block scalar", "以 | 或 > 开头的文字会被当作多行文字的标记：请给这段文字加英文引号"),
]
# Slips PyYAML reports a line later, or as something else: a key's colon typed in Chinese, a colon with
# no space after it, indentation typed with the ideographic space of a Chinese input method, a value
# that starts with a bracketed word.
_LINE_SLIPS = [
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]* *："), "冒号用了中文“：”：键后面要用英文冒号“:”，再加一个空格"),
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]*:[^\s/]"), "冒号“:”后面要加一个空格"),
    (re.compile(r"^[ ]*\u3000"), "缩进用了中文全角空格：缩进只能用英文空格"),
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]*: *[\[{][^\]}]*[\]}] *[^\s#,]"),
     "以 [ 或 { 开头的文字会被当作列表或映射：请给这段文字加英文引号"),
]


def _syntax_problem(exc: yaml.YAMLError, rel: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    original = getattr(exc, "problem", None) or str(exc)
    reason = next((zh for en, zh in _YAML_REASONS if en in original), f"无法解析（{original}）")
    if "quoted scalar" in context and context_mark is not None:
        mark = context_mark  # point at the opening quote, not at the end of the file
    elif (slip := _slip_near(text, mark.line if mark else None)) is not None:
        line, reason = slip
        return problem("yaml-syntax", rel, line, reason=reason)
    elif (known := next((zh for en, zh in _YAML_CONTEXTS if en in context), None)) is not None:
        reason = known
        mark = context_mark or mark
    elif mark is not None and original.startswith(("expected <block end>", "mapping values", "could not find")):
        quote = _unbalanced_quote_before(text, mark.line)
        if quote is not None:
            reason += f"；第 {quote} 行的引号可能没有闭合"
    return problem("yaml-syntax", rel, mark.line + 1 if mark else None, reason=reason)


def _slip_near(text: str, line_index: int | None) -> tuple[int, str] | None:
    """A slip on the failing line or the one before (the line number to show, and what it is)."""
    if line_index is None:
        return None
    lines = text.split("\n")
    for index in (line_index - 1, line_index):
        if 0 <= index < len(lines):
            content = lines[index].split(" #", 1)[0]
            for pattern, reason in _LINE_SLIPS:
                if pattern.search(content):
                    return index + 1, reason
    return None


def _unbalanced_quote_before(text: str, line_index: int) -> int | None:
    """The nearest earlier line with an odd number of double quotes (a likely unclosed string)."""
    lines = text.split("\n")
    for index in range(min(line_index, len(lines)) - 1, max(line_index - 30, 0) - 1, -1):
        content = lines[index].split(" #", 1)[0]
        if (content.count('"') - content.count('\\"')) % 2 == 1:
            return index + 1
    return None


def yaml_kind_name(kind: str) -> str:
    """How to tell the office what YAML would have made of an unquoted value."""
    return _KIND_NAMES.get(kind, kind)
