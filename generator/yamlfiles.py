"""Read YAML files strictly into plain values that remember their lines.

The loader refuses what a data file has no use for and an editor can get wrong
without noticing: duplicate keys, anchors and aliases, explicit tags, several
documents. It tells a list's new item typed without its "- " as such, not as
duplicate keys, and warns of an unquoted value cut short by a " #" (`yamlmistakes`).
Every scalar is kept as the text the office typed; the schema stage decides its
type. A plain (unquoted) scalar that YAML 1.1 would turn into a number,
boolean or date is remembered, so a field that must be text (a phone number, an id,
a time) can be reported instead of silently changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cache import cached
from .loading import MAX_FILE_BYTES, Record, read_text
from .problems import Problem, problem
from .yamlmistakes import (cut_by_comment, glued_comment_lines, line_texts, missing_dash, starts_item,
                           syntax_problem)


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
            return _from_events(loader.get_event, rel, text)
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    try:
        loader = yaml.SafeLoader(text)  # checks every character before parsing
    except yaml.reader.ReaderError as exc:
        return None, [syntax_problem(exc, rel, text)]
    try:
        return _from_events(loader.get_event, rel, text)
    except yaml.YAMLError as exc:
        return None, [syntax_problem(exc, rel, text)]
    finally:
        loader.dispose()


_WANTS_KEY = object()  # a mapping's frame between a value and the next key
_SKIPS_VALUE = object()  # a mapping's frame after a duplicate key
_RESOLVER = yaml.resolver.Resolver()


def _from_events(next_event, rel: str, text: str) -> tuple[YamlDocument | None, list[Problem]]:
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
    glued, cut_starts = glued_comment_lines(text)
    row = line_texts(text)
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
                if key in container:  # in a list's item, it may begin the next item (see `starts_item`)
                    item_line = stack[-2][2][parent[-1]] if parent and type(parent[-1]) is int else None
                    if item_line and starts_item(key, event.start_mark.column, row(line), row(item_line)):
                        problems.append(missing_dash(rel, line, row(line), repeated=True))
                        frame[:3] = _new_item(document, stack[-2], parent, line)
                        frame[3], frame[4] = key, line
                        continue
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
            if cut_starts and line in cut_starts and not event.style and value:  # may end on a line with a " #x"
                cut = cut_by_comment(event, key, glued, rel)
                if cut is not None:
                    problems.append(cut)
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


def _new_item(document: YamlDocument, list_frame: list, item_path: tuple, line: int) -> list:
    """Begin the next item of the list in `list_frame` here: the rest is read as if its "- " were typed."""
    items, index = list_frame[0], len(list_frame[0])
    items.append(item := {})
    list_frame[2][index] = line
    path = item_path[:-1] + (index,)
    document.lines_in[path] = item_lines = {}
    return [item, path, item_lines]


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


def yaml_kind_name(kind: str) -> str:
    """How to tell the office what YAML would have made of an unquoted value."""
    return _KIND_NAMES.get(kind, kind)
