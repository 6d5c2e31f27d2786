"""Problems found in the office's data, as data.

A problem has a stable English code, a file and line, the value found, what was
expected and a hint; its message is Chinese. Every stage returns problems instead
of raising, so one run reports everything at once; only the CLI turns a report
into an exit status.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .messages import CORE_MESSAGES


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


# code -> (message template, hint template): the core codes (messages.py), and each feature's as it registers them.
MESSAGES: dict[str, tuple[str, str]] = dict(CORE_MESSAGES)


def register_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Add a feature's own codes to the catalogue; a code may be defined only once."""
    clash = set(messages) & set(MESSAGES)
    if clash:
        raise ValueError(f"problem codes defined twice: {sorted(clash)}")
    MESSAGES.update(messages)


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    line: int | None
    message: str
    hint: str
    found: str | None = None
    expected: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """One line: ``file:line: [code] message — hint`` (warnings say 警告)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        level = "" if self.is_error else "警告 "
        text = f"{where}: {level}[{self.code}] {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def problem(
    code: str,
    file: str,
    line: int | None,
    *,
    found: object = None,
    expected: object = None,
    severity: Severity = Severity.ERROR,
    **params: object,
) -> Problem:
    """Make a problem from the message catalogue; unknown codes are a programming error."""
    message, hint = MESSAGES[code]
    values = {"file": file, "found": _text(found), "expected": _text(expected), **params}
    return Problem(
        code=code,
        file=file,
        line=line,
        message=message.format(**values),
        hint=hint.format(**values),
        found=None if found is None else _text(found),
        expected=None if expected is None else _text(expected),
        severity=severity,
    )


def problem_at(where, code: str, /, **params: object) -> Problem:
    """`problem` at what `where` was read from: anything with a `file` and a `line` (a record's model.Source)."""
    return problem(code, where.file, where.line, **params)


def _text(value: object) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


# A warning, and the errors that say the same of the same value in the same file, better: a phone written into a
# shown text is a warning, as it may be an office's public line; where a check knows whose private phone it is,
# the clerk is told that once.
_TOLD_BETTER_BY = {"phone-in-text": ("private-in-public", "resident-phone-in-public", "topic-phone-in-public")}


def told_once(problems: list[Problem]) -> list[Problem]:
    """`problems` without the warnings that an error about the same value in the same file tells better."""
    told = {(p.code, p.file, p.found) for p in problems if p.is_error}
    return [p for p in problems if p.is_error
            or not any((code, p.file, p.found) in told for code in _TOLD_BETTER_BY.get(p.code, ()))]


SITE_REFUSED = "网站未生成：请先改正错误。"
# Added to the hint of a record whose hub is not there: often a closed hub's row was deleted, and the
# easiest way to silence the errors, deleting the records too, would lose their history.
CLOSED_HUB = "；如果编号没写错，而是删掉了那个站点的一行：请恢复它，把 status 改为 closed——撤销的站点不删，它的记录仍然有效"


@dataclass
class Report:
    """Every problem one run found, in the order files and lines appear."""

    problems: list[Problem] = field(default_factory=list)
    # What the run did not get to because of errors found before it: fixing them shows more.
    unchecked: list[str] = field(default_factory=list)
    # The data files in the order each is read after those it refers to (hubs.yaml before points.csv, topics.yaml
    # before meetings.yaml): one mistake shows in the files after its own too, and its cause should be told first.
    file_order: list[str] = field(default_factory=list)

    def add(self, item: Problem) -> None:
        self.problems.append(item)

    def extend(self, items) -> None:
        self.problems.extend(items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        """By file, in `file_order` and then by name; in a file, by line."""
        rank = {name: index for index, name in enumerate(self.file_order)}
        return sorted(self.problems, key=lambda p: (rank.get(p.file, len(rank)), p.file, p.line or 0, p.code))

    def summary(self, refused: str = SITE_REFUSED) -> str:
        """Counts, and what the errors stopped."""
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "数据检查通过，没有发现问题。"
        if not errors:
            # In the words README tells the clerk to wait for: the shipped site_url warning stays until the
            # site is deployed, and a summary without 数据检查通过 sent the clerk checking again and again.
            return f"数据检查通过：没有错误，有 {warnings} 个警告（警告不影响生成网站）。"
        if self.unchecked:
            refused += f"因为这些错误，还没有检查：{'；'.join(self.unchecked)}。改正后请再检查一次。"
        return f"发现 {errors} 个错误、{warnings} 个警告。{refused}"
