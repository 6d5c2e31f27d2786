"""Reading data/topics.yaml and data/meetings.yaml into checked, typed objects.

Both files are read with the project's strict YAML loader (line numbers, no
aliases, no tags) and every table in them — nested ones too — is checked with its
frictionless Table Schema in generator/schemas/ by the same schema stage as the
hub network. Nested lists (a topic's escalations and 五民 steps, a meeting's
agenda and minutes) become tables of their own whose rows remember their parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..cache import FileGroup
from ..loading import MAX_TABLE_BYTES, Record
from ..model import EscalationStep, Source
from ..problems import Problem, problem
from ..tables import TableSpec, shape_name, spaced
from ..validation import Tables, validate_tables
from ..yamlfiles import YamlDocument, read_yaml
from .hubrefs import RECORD_TIERS, WrittenHub, as_written, told_which_hub, written_hubs
from .model import (STAGES, AgendaItem, Consultation, Escalation, HubDirectory, LoopStep, Meeting, MeetingType,
                    Minutes, Topic, parse_time)
from .targets import WrittenStep, plan_reach, told_what_to_write

TOPICS_FILE = "data/topics.yaml"
MEETINGS_FILE = "data/meetings.yaml"

# top-level key -> table, per file
_TOPIC_KEYS = ("categories", "topics")
_MEETING_KEYS = ("types", "meetings")


@dataclass(frozen=True)
class _Spec(TableSpec):
    """A table whose rows are named in messages by their place in the file (议题 T1 的第 2 次上报)."""

    labels: tuple[str, ...] = ()

    def subject(self, values: dict[str, Any], index: int) -> str:
        if 0 <= index < len(self.labels):
            return spaced(self.labels[index])
        return super().subject(values, index)


@dataclass
class _Collected:
    """Records of every table, and for nested rows the index of their parent row."""

    records: dict[str, list[Record]]
    parents: dict[str, list[int]]
    labels: dict[str, list[str]]

    def add(self, table: str, record: Record, label: str, parent: int = -1) -> None:
        self.records.setdefault(table, []).append(record)
        self.parents.setdefault(table, []).append(parent)
        self.labels.setdefault(table, []).append(label)


def read_consultation(data_dir: Path, hubs: HubDirectory, escalation: Sequence[EscalationStep] = ()
                      ) -> tuple[Consultation | None, list[Problem]]:
    """Read and schema-check both files; a file that does not exist counts as empty.

    Only these files are read, so what they hold is kept between runs under their bytes (see cache.py).
    A hub the schema refuses (a hub's name) is told the id to write, from `hubs`; an escalation's also from the
    plan's `escalation`.
    """
    read, problems, (steps, written) = consultation_files(data_dir).read()
    if read is None:
        problems = told_which_hub(problems, written, lambda: hubs)
        return None, told_what_to_write(problems, steps, TOPICS_FILE, hubs, plan_reach(escalation))
    return Consultation(hubs, *read), problems


def consultation_files(data_dir: Path) -> FileGroup[tuple[_Read | None, list[Problem], _Written]]:
    return FileGroup("consultation", data_dir, tuple(Path(rel).name for rel in (TOPICS_FILE, MEETINGS_FILE)),
                     lambda: _read(data_dir))


# What the files hold, in the order of Consultation's fields after the hubs.
_Read = tuple[list[str], dict[str, MeetingType], dict[str, Topic], dict[str, Meeting]]
# The escalations, and the other hub fields, as written: what a schema error's hint needs (see targets.py, hubrefs.py).
_Written = tuple[tuple[WrittenStep, ...], tuple[WrittenHub, ...]]


def _read(data_dir: Path) -> tuple[_Read | None, list[Problem], _Written]:
    """What the files hold; None when they have errors, and then the hub fields as written (for their hints)."""
    collected = _Collected({}, {}, {})
    problems: list[Problem] = []
    for rel, keys, collect in ((TOPICS_FILE, _TOPIC_KEYS, _collect_topics),
                               (MEETINGS_FILE, _MEETING_KEYS, _collect_meetings)):
        path = data_dir / Path(rel).name
        if not path.exists():
            continue
        document, found = read_yaml(path, rel, MAX_TABLE_BYTES)  # lists that grow with the network
        problems += found
        if document is None:
            continue
        data = document.data
        if not isinstance(data, dict):
            problems.append(problem("yaml-shape", rel, 1, subject="整个文件", expected="键值表", found=shape_name(data)))
            continue
        for key in data:
            if key not in keys:
                problems.append(problem("unknown-field", rel, document.line((key,)), subject=f"{Path(rel).name} 顶层",
                                        found=key, expected="、".join(keys)))
        problems += collect(document, collected)
    if not collected.records:  # nothing to check: a street that has not started yet
        return (None if any(p.is_error for p in problems) else ([], {}, {}, {})), problems, ((), ())
    specs = {name: _Spec(name, spec.title, spec.file, nested=spec.nested, labels=tuple(collected.labels.get(name, ())))
             for name, spec in SPECS.items()}
    for name in specs:
        collected.records.setdefault(name, [])
    tables, found = validate_tables(collected.records, specs)
    problems += found
    if any(p.is_error for p in problems):
        return None, problems, (_written_steps(collected), _written_hubs(collected))
    return _build(tables, collected), problems, ((), ())


def _written_steps(collected: _Collected) -> tuple[WrittenStep, ...]:
    """Every topic's escalations as written, each with where the topic was before it."""
    topics, at = collected.records.get("topics", []), {}
    steps = []
    for record, parent in zip(collected.records.get("topic_escalations", []),
                              collected.parents.get("topic_escalations", [])):
        values, lines = record.values, record.field_lines
        where = at.get(parent, topics[parent].values.get("raised_at"))
        steps.append(WrittenStep(as_written(where), as_written(values.get("from")), as_written(values.get("to")),
                                 lines.get("from"), lines.get("to")))
        at[parent] = values.get("to")
    return tuple(steps)


def _written_hubs(collected: _Collected) -> tuple[WrittenHub, ...]:
    """Where each topic was raised and each meeting held, as written."""
    return (written_hubs(collected.records.get("topics", []), "raised_at")
            + written_hubs(collected.records.get("meetings", []), "hub", (*RECORD_TIERS, "street")))


# The consultation's tables. A topic's escalations and loop, and a meeting's agenda and minutes, are
# collected as rows of tables of their own.
SPECS = {spec.name: spec for spec in (
    TableSpec("topic_categories", "议题分类", TOPICS_FILE),
    TableSpec("topics", "议题", TOPICS_FILE, nested=("escalations", "loop")),
    TableSpec("topic_escalations", "议题上报", TOPICS_FILE),
    TableSpec("topic_loop", "五民环节", TOPICS_FILE),
    TableSpec("meeting_types", "会议类型", MEETINGS_FILE),
    TableSpec("meetings", "会议", MEETINGS_FILE, nested=("agenda", "minutes")),
    TableSpec("agenda_items", "议程", MEETINGS_FILE),
    TableSpec("meeting_minutes", "会议纪要", MEETINGS_FILE),
)}


def _list_at(document: YamlDocument, path: tuple, subject: str, problems: list[Problem]) -> list:
    """The list at `path` ([] when absent), or a problem when something else is there."""
    value = document.get(path)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(problem("yaml-shape", document.rel, document.line(path), subject=subject,
                                expected="列表（每项以 - 开头）", found=shape_name(value)))
        return []
    return value


def _mappings(document: YamlDocument, path: tuple, subject: str, problems: list[Problem]) -> list[int]:
    """Indexes of the items of the list at `path` that are mappings; the others are reported."""
    indexes = []
    for i, item in enumerate(_list_at(document, path, subject, problems)):
        if isinstance(item, dict):
            indexes.append(i)
        else:
            problems.append(problem("yaml-shape", document.rel, document.line(path + (i,)),
                                    subject=f"{subject}第 {i + 1} 项", expected="键值表（每行一个“字段: 值”）",
                                    found=shape_name(item)))
    return indexes


def _pop(record: Record, key: str) -> Any:
    record.field_lines.pop(key, None)
    record.implicit.pop(key, None)
    return record.values.pop(key, None)


def _collect_topics(document: YamlDocument, into: _Collected) -> list[Problem]:
    problems: list[Problem] = []
    for i, name in enumerate(_list_at(document, ("categories",), "categories", problems)):
        line = document.line(("categories", i)) or 1
        if isinstance(name, (dict, list)):
            problems.append(problem("yaml-shape", document.rel, line, subject=f"第 {i + 1} 个分类",
                                    expected="一个名称", found=shape_name(name)))
            continue
        kind = document.implicit(("categories", i))
        implicit = {"name": kind} if kind else {}
        into.add("topic_categories", Record(document.rel, line, {"name": name}, {"name": line}, implicit),
                 f"分类「{name}」")
    for i in _mappings(document, ("topics",), "topics ", problems):
        record = document.record(("topics", i))
        topic = _named("议题", record)
        escalations = ("topics", i, "escalations")
        loop = ("topics", i, "loop")
        _pop(record, "escalations")
        _pop(record, "loop")
        parent = len(into.records.get("topics", []))
        into.add("topics", record, topic)
        for n, j in enumerate(_mappings(document, escalations, f"{topic}的 escalations ", problems)):
            into.add("topic_escalations", document.record(escalations + (j,)), f"{topic}的第 {n + 1} 次上报",
                     parent)
        for j in _mappings(document, loop, f"{topic}的 loop ", problems):
            step = document.record(loop + (j,))
            stage = step.values.get("stage")
            # A step is named by its stage (议题 T1 的“民议”环节); one whose stage is wrong or missing by its topic, as
            # that error names the field 环节 itself (议题 T1 的环节「民意」不是可选的值).
            label = f"{topic}的“{stage}”环节" if stage in STAGES[1:] else topic
            into.add("topic_loop", step, label, parent)
    return problems


def _collect_meetings(document: YamlDocument, into: _Collected) -> list[Problem]:
    problems: list[Problem] = []
    for i in _mappings(document, ("types",), "types ", problems):
        record = document.record(("types", i))
        into.add("meeting_types", record, f"会议类型「{record.values.get('type') or i + 1}」")
    for i in _mappings(document, ("meetings",), "meetings ", problems):
        record = document.record(("meetings", i))
        meeting = _named("会议", record)
        _pop(record, "agenda")
        minutes = _pop(record, "minutes")
        parent = len(into.records.get("meetings", []))
        into.add("meetings", record, meeting)
        agenda = ("meetings", i, "agenda")
        for n, j in enumerate(_mappings(document, agenda, f"{meeting}的 agenda ", problems)):
            into.add("agenda_items", document.record(agenda + (j,)), f"{meeting}的第 {n + 1} 项议程", parent)
        if minutes is None:
            continue
        path = ("meetings", i, "minutes")
        if not isinstance(minutes, dict):
            problems.append(problem("yaml-shape", document.rel, document.line(path),
                                    subject=f"{meeting}的 minutes",
                                    expected="键值表（attendance、summary、follow_ups）", found=shape_name(minutes)))
            continue
        # Named as the meeting: its fields read 会议 M1 的纪要, 会议 M1 的参会人数.
        into.add("meeting_minutes", document.record(path), meeting, parent)
    return problems


def _named(title: str, record: Record) -> str:
    """How a topic's or a meeting's messages name it, its nested rows' too: by its id (会议 M1 ); without one, by the
    line where it starts, the one shown beside the message (第 36 行的会议), as TableSpec.subject_of names a CSV row."""
    key = record.values.get("id")
    return spaced(f"{title} {key}") if key not in (None, "") else f"第 {record.line} 行的{title}"


# ---------------------------------------------------------------- typed rows -> objects


def _source(row) -> Source:
    return Source(row.record.file, row.record.line)


def _lines(row) -> dict[str, int]:
    return dict(row.record.field_lines)


def _children(tables: Tables, collected: _Collected, table: str) -> dict[int, list]:
    found: dict[int, list] = {}
    for row, parent in zip(tables.all(table), collected.parents.get(table, [])):
        found.setdefault(parent, []).append(row)
    return found


def _build(tables: Tables, collected: _Collected) -> _Read:
    escalations = _children(tables, collected, "topic_escalations")
    loops = _children(tables, collected, "topic_loop")
    topics = {}
    for index, row in enumerate(tables.all("topics")):
        v = row.values
        topics[v["id"]] = Topic(
            id=v["id"], title=v["title"], category=v["category"], description=v.get("description"),
            raised_at=v["raised_at"], raised_on=v["raised_on"], raised_by=v.get("raised_by"),
            raised_by_phone=v.get("raised_by_phone"),
            decision=v.get("decision"), carried_out_by=v.get("carried_out_by"), due=v.get("due"),
            done_on=v.get("done_on"), outcome=v.get("outcome"),
            escalations=[Escalation(e.values["from"], e.values["to"], e.values["date"], e.values["reason"],
                                    e.values.get("to_body"), _source(e), _lines(e))
                         for e in escalations.get(index, [])],
            loop=[LoopStep(s.values["stage"], s.values["date"], s.values.get("note"), s.values.get("satisfied"),
                           s.values.get("basically_satisfied"), s.values.get("dissatisfied"), _source(s), _lines(s))
                  for s in loops.get(index, [])],
            source=_source(row), field_lines=_lines(row),
        )
    agendas = _children(tables, collected, "agenda_items")
    minutes = _children(tables, collected, "meeting_minutes")
    meetings = {}
    for index, row in enumerate(tables.all("meetings")):
        v = row.values
        written = (minutes.get(index) or [None])[0]
        meetings[v["id"]] = Meeting(
            id=v["id"], hub=v["hub"], type=v["type"], title=v.get("title"), date=v["date"],
            start=parse_time(v["start"]), end=parse_time(v["end"]), place=v["place"],
            agenda=[AgendaItem(a.values.get("topic"), a.values.get("item"), a.values["duration"],
                               a.values["presenter"], a.values.get("outcome"), _source(a), _lines(a))
                    for a in agendas.get(index, [])],
            minutes=None if written is None else Minutes(written.values["attendance"], written.values.get("summary"),
                                                         tuple(written.values.get("follow_ups") or ()),
                                                         _source(written), _lines(written)),
            source=_source(row), field_lines=_lines(row),
        )
    types = {}
    for row in tables.all("meeting_types"):
        v = row.values
        types[v["type"]] = MeetingType(v["type"], v["tier"], v["length"], v["opening"], v["per_topic"], v["closing"],
                                       _source(row))
    categories = [row.values["name"] for row in tables.all("topic_categories")]
    return categories, types, topics, meetings
