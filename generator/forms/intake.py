"""Intake: submitted form records (JSON or CSV) checked and appended to the office's data.

``python -m generator intake FILE...`` reads each file, finds which form each
record belongs to (the ``form`` key of the JSON a web form downloads; a CSV's
header), checks it with the same rules as the browser (validation.py), then
against the network: the hub exists and uses this form, a topic being evaluated
exists, the record is not already in the data or twice in the batch. Only when
every record is valid are they appended, with ids assigned — and only after the
changed data files pass the full ``check`` in a scratch copy of the project, so
intake can never leave the data invalid. The office reviews the diff and commits.

Ids: the form's prefix, the year of the record's date, and the next number after
the highest already used for that prefix and year (T2018-037, E2018-0004), in the
order the records are given on the command line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..build import check
from ..hygiene import check_table as check_text_hygiene
from ..loading import Record, read_csv, read_text
from ..model import Network
from ..problems import Problem, Report, problem
from ..project import Project
from . import known_topics
from .model import TIERS, FormDef
from .pages import FormsFeature
from .validation import check_record, clean_record

_ID_FIELD = "id"


@dataclass
class Submission:
    """One record of a submitted file."""

    file: str
    line: int | None
    number: int  # 1-based, within its file
    form: FormDef
    cells: dict[str, str | None]

    @property
    def subject(self) -> str:
        return f"第 {self.number} 条记录（{self.form.title}）"


@dataclass
class IntakeResult:
    report: Report
    accepted: list[tuple[Submission, str]] = field(default_factory=list)  # with the id given
    texts: dict[str, str] = field(default_factory=dict)  # data file (relative) -> its new text


# ---------------------------------------------------------------- reading submissions


def read_submissions(paths: list[Path], forms: dict[str, FormDef]) -> tuple[list[Submission], list[Problem]]:
    submissions, problems = [], []
    for path in paths:
        rel = str(path)
        if path.suffix.lower() == ".json":
            found, trouble = _read_json(path, rel, forms)
        elif path.suffix.lower() == ".csv":
            found, trouble = _read_csv(path, rel, forms)
        else:
            found, trouble = [], [problem("intake-unreadable", rel, None, subject="文件",
                                          reason="只能收录网页下载的 .json 或 .csv 文件")]
        submissions += found
        problems += trouble
    return submissions, problems


def _read_json(path: Path, rel: str, forms: dict[str, FormDef]) -> tuple[list[Submission], list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return [], problems
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [problem("intake-unreadable", rel, exc.lineno, subject="文件", reason=f"JSON 格式错误（{exc.msg}）")]
    items = data if isinstance(data, list) else [data]
    found = []
    online = sorted(f.id for f in forms.values() if f.online)
    for number, item in enumerate(items, 1):
        subject = f"第 {number} 条记录"
        form = forms.get(item.get("form")) if isinstance(item, dict) and isinstance(item.get("form"), str) else None
        if form is None or not form.online:
            shown = item.get("form") if isinstance(item, dict) else "不是键值表"
            problems.append(problem("intake-form-unknown", rel, None, subject=subject, found=shown, expected=online))
            continue
        record = item.get("record")
        if not isinstance(record, dict):
            problems.append(problem("intake-unreadable", rel, None, subject=subject, reason="没有 record（记录内容）"))
            continue
        names = {f.name for f in form.fields}
        unknown = [key for key in record if key not in names]
        if unknown:
            problems.append(problem("unknown-field", rel, None, subject=f"{subject}（{form.title}）", found=unknown,
                                    expected="、".join(names)))
            continue
        found.append(Submission(rel, None, number, form, clean_record(form, record)))
    return found, problems


def _read_csv(path: Path, rel: str, forms: dict[str, FormDef]) -> tuple[list[Submission], list[Problem]]:
    table, problems = read_csv(path, rel)
    if table is None:
        return [], problems
    header = set(table.header)
    matching = [f for f in forms.values() if f.online and header == {x.name for x in f.fields}]
    if not matching:  # a hand-made CSV may leave out optional columns
        matching = [f for f in forms.values() if f.online and header <= {x.name for x in f.fields}
                    and {x.name for x in f.fields if x.required} <= header]
    if len(matching) != 1:
        return [], problems + [problem("intake-form-unknown", rel, 1, subject="表头", found=table.header,
                                       expected=sorted(f.id for f in forms.values() if f.online))]
    form = matching[0]
    return [Submission(rel, record.line, number, form, clean_record(form, record.values))
            for number, record in enumerate(table.records, 1)], problems


# ---------------------------------------------------------------- the data files records go to


class Store:
    """A data file that records are appended to: what is in it already, and its new text."""

    def __init__(self, project: Project, form: FormDef):
        self.rel = form.store
        self.path = project.root / form.store
        self.form = form
        self.rows: list[dict[str, Any]] = []
        self.text = ""
        self.header: list[str] = [f["name"] for f in form.store_schema()["fields"]]
        self.added: list[dict[str, str | None]] = []
        self.added_from: list[Submission] = []  # the submission of each added row
        # Where `new_text` put the added rows: each row's lines in the new text, the first line after them,
        # and how far the office's own lines from there on moved.
        self.added_lines: list[range] = []
        self.resumes_at = 0
        self.moved_by = 0

    def read(self) -> list[Problem]:
        if not self.path.exists():
            return []
        if self.rel.endswith(".csv"):
            table, problems = read_csv(self.path, self.rel)
            if table is None:
                return [problem("intake-store-unreadable", self.rel, None, subject="收录", found=self.rel)]
            self.header = table.header
            self.rows = [r.values for r in table.records]
        else:
            text, problems = read_text(self.path, self.rel)
            data = _safe_yaml(text) if text is not None else None
            # `topics:` left empty, or `topics: []`, is a street's first topic still to come.
            items = (data.get("topics") or []) if isinstance(data, dict) and "topics" in data else None
            if not isinstance(items, list):
                return [problem("intake-store-unreadable", self.rel, None, subject="收录", found=self.rel)]
            self.rows = [{k: (str(v) if v is not None else None) for k, v in item.items()}
                         for item in items if isinstance(item, dict)]
        self.text = self.path.read_text(encoding="utf-8")
        return problems

    def add(self, row: dict[str, str | None], submission: Submission) -> None:
        self.added.append(row)
        self.added_from.append(submission)

    def ids(self) -> set[str]:
        return {str(r.get(_ID_FIELD)) for r in self.rows + self.added}

    def keys(self, fields: tuple[str, ...]) -> set[tuple]:
        return {tuple(r.get(name) for name in fields) for r in self.rows}

    def next_id(self, year: int) -> str:
        return next_id(f"{self.form.id_prefix}{year}-", self.form.id_digits, self.ids())

    def new_text(self) -> str:
        if self.rel.endswith(".csv"):
            return self._csv_text()
        return self._yaml_text()

    def _csv_text(self) -> str:
        def line(cells: list[str]) -> str:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(cells)
            return buffer.getvalue()

        head = self.text if not self.text or self.text.endswith("\n") else self.text + "\n"
        rows = [line([row.get(name) or "" for name in self.header]) for row in self.added]
        return self._joined(head or line(self.header), rows, "", 0)

    def _yaml_text(self) -> str:
        """The new topics written as text after the last one, so the office's comments and layout stay."""
        text = self.text
        key, topics = _topics_node(text)
        removed = 0  # lines taken out with the flow list
        if not isinstance(topics, yaml.SequenceNode) or not topics.value:
            # `topics: []` or `topics:` (Store.read let nothing else through): the list goes below the key.
            removed = topics.end_mark.line - topics.start_mark.line
            text = text[: topics.start_mark.index].rstrip(" ") + text[topics.end_mark.index :]
            key, topics = _topics_node(text)
        lines = text.splitlines(keepends=True)
        if isinstance(topics, yaml.SequenceNode):
            first = lines[topics.value[0].start_mark.line]
            indent = first[: len(first) - len(first.lstrip(" "))]
            end = topics.end_mark.line + (1 if topics.end_mark.column else 0)
        else:
            indent, end = "  ", key.start_mark.line + 1
        while end > 0 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1  # after the last topic, before blank lines and the next section's comments
        entries = []
        for row in self.added:
            keys = [k for k in self.header if row.get(k)]
            entry = f"{indent}- " + f"\n{indent}  ".join(f"{k}: {json.dumps(row[k], ensure_ascii=False)}" for k in keys)
            entries.append("\n" + entry + "\n")
        head = "".join(lines[:end])
        if head and not head.endswith("\n"):
            head += "\n"
        return self._joined(head, entries, "".join(lines[end:]), removed)

    def _joined(self, head: str, entries: list[str], tail: str, removed: int) -> str:
        """The new text, noting where each added row and the office's lines after them now are.

        `removed` counts the office's lines that were taken out of the head (a flow list's).
        """
        line = head.count("\n") + 1
        self.added_lines = []
        for entry in entries:
            first = line + len(entry) - len(entry.lstrip("\n"))  # an entry may start with a blank line
            self.added_lines.append(range(first, first + entry.strip("\n").count("\n") + 1))
            line += entry.count("\n")
        self.resumes_at = line
        self.moved_by = line - (head.count("\n") + 1 + removed)
        return head + "".join(entries) + tail

    def placed(self, found: Problem) -> Problem:
        """A problem the full check found in the new text, placed where the clerk can see it.

        On an added row it is the submission's; after the added rows, it is on the office's line as it is now.
        """
        if found.line is None:
            return found
        for lines, submission in zip(self.added_lines, self.added_from):
            if found.line in lines:
                return replace(found, file=submission.file, line=submission.line,
                               message=f"{submission.subject}：{found.message}")
        if found.line >= self.resumes_at:
            return replace(found, line=found.line - self.moved_by)
        return found


def next_id(stem: str, digits: int, used: Iterable[str]) -> str:
    """The id after the highest of `used` that is `stem` and a number (E2018-0004 after E2018-0003), the number
    written with `digits` digits at least; the first (E2018-0001) when none is. Import suggests it too."""
    pattern = re.compile(rf"^{re.escape(stem)}([0-9]+)$")
    numbers = [int(m.group(1)) for value in used if (m := pattern.match(value))]
    return f"{stem}{max(numbers, default=0) + 1:0{digits}d}"


def _topics_node(text: str) -> tuple[yaml.Node, yaml.Node]:
    """The `topics:` key of a topics file and its value, with their places in the text."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return next((key, value) for key, value in node.value if key.value == "topics")


def _safe_yaml(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


# ---------------------------------------------------------------- the intake


def intake(project: Project, paths: list[Path]) -> IntakeResult:
    """Check every submitted record; when all are valid, the new text of each data file they go to."""
    checked = check(project)
    report = Report(list(checked.report.errors))
    if checked.network is None:
        return IntakeResult(report)
    feature = next((f for f in checked.features if isinstance(f, FormsFeature)), None)
    forms = feature.forms if feature else {}
    submissions, problems = read_submissions(paths, forms)
    report.extend(problems)
    stores: dict[str, Store] = {}
    for form in {s.form.id: s.form for s in submissions}.values():
        store = stores.setdefault(form.store, Store(project, form))
        report.extend(store.read())
    _, topics = known_topics(project.data_dir, checked.features)
    seen: dict[tuple, Submission] = {}
    for submission in submissions:
        found = [problem("record-value", submission.file, submission.line, subject=submission.subject,
                         text=error.message, hint=submission.form.field(error.field).hint)
                 for error in check_record(submission.form, submission.cells)]
        # What a page or the office's spreadsheet could execute (<script>, =formula), as for every table.
        record = Record(submission.file, submission.line or 0, {k: v for k, v in submission.cells.items() if v})
        found += check_text_hygiene([f.schema for f in submission.form.fields], [record],
                                    lambda values, index, s=submission: s.subject)
        if not any(p.is_error for p in found):  # warnings do not stop the checks against the data
            found += _cross_check(submission, checked.network, stores[submission.form.store], topics, seen)
        report.extend(found)
    result = IntakeResult(report)
    if not report.ok or not submissions:
        return result
    for submission in submissions:
        form = submission.form
        store = stores[form.store]
        year = int(str(submission.cells[form.date_field])[:4])
        record_id = store.next_id(year)
        store.add({_ID_FIELD: record_id, **{k: v for k, v in submission.cells.items() if v is not None}}, submission)
        result.accepted.append((submission, record_id))
    for store in stores.values():
        missing = [k for row in store.added for k in row if k not in store.header]
        if missing:
            report.add(problem("header-missing", store.rel, 1, found=sorted(set(missing)), expected=store.header))
            continue
        result.texts[store.rel] = store.new_text()
    if report.ok:
        report.extend(stores[p.file].placed(p) if p.file in stores else p for p in _check_with(project, result.texts))
    if not report.ok:
        result.texts = {}
    return result


def _cross_check(submission: Submission, network: Network, store: Store, topics: set[str] | None,
                 seen: dict[tuple, Submission]) -> list[Problem]:
    form, cells = submission.form, submission.cells
    where = dict(file=submission.file, line=submission.line)
    problems = []
    hub = cells.get(form.hub_field)
    tier = ("centre" if hub == network.centre.id else "station" if hub in network.stations
            else "point" if hub in network.points else None)
    label = form.field(form.hub_field).label
    allowed = "、".join(TIERS[t] for t in form.tiers)
    if tier is None:
        problems.append(problem("intake-hub-unknown", where["file"], where["line"], subject=submission.subject,
                                field=label, found=hub, expected=allowed))
    elif tier not in form.tiers:
        problems.append(problem("intake-hub-tier", where["file"], where["line"], subject=submission.subject,
                                field=label, found=hub, tier=TIERS[tier], expected=allowed))
    if form.id == "evaluation" and topics is not None and cells.get("topic") not in topics:
        problems.append(problem("intake-topic-unknown", where["file"], where["line"], subject=submission.subject,
                                found=cells.get("topic")))
    if form.unique and all(cells.get(k) for k in form.unique):
        key = tuple(cells.get(k) for k in form.unique)
        shown = "、".join(f"{form.field(k).label} {v}" for k, v in zip(form.unique, key))
        if key in store.keys(form.unique):
            problems.append(problem("intake-duplicate", where["file"], where["line"], subject=submission.subject,
                                    where=f" {store.rel} 中已有的记录", found=shown))
        elif (form.id, key) in seen:
            first = seen[(form.id, key)]
            problems.append(problem("intake-duplicate", where["file"], where["line"], subject=submission.subject,
                                    where=f"{first.file} 的{first.subject}", found=shown))
        else:
            seen[(form.id, key)] = submission
    return problems


def _check_with(project: Project, texts: dict[str, str]) -> list[Problem]:
    """The whole project's check with the new data files, in a scratch copy: intake never leaves data invalid."""
    with tempfile.TemporaryDirectory(prefix="youlin-intake-") as scratch:
        root = Path(scratch) / "project"
        root.mkdir()
        for name in ("data", "content"):
            if (project.root / name).is_dir():
                shutil.copytree(project.root / name, root / name)
        shutil.copy2(project.config_file, root / project.config_file.name)
        for rel, text in texts.items():
            (root / rel).write_text(text, encoding="utf-8")
        return [p for p in check(Project(root)).report.errors]


def write_intake(project: Project, result: IntakeResult) -> None:
    """Replace each data file at once (write a sibling, then rename), so a crash never leaves half a file."""
    for rel, text in result.texts.items():
        target = project.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.intake")
        staging.write_text(text, encoding="utf-8", newline="")
        os.replace(staging, target)
