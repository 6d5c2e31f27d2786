"""A check report in the forms the places that show it understand.

- text: one line a problem, for a terminal (``file:line: [code] message — hint``);
- github: workflow commands, so each problem is an annotation on the changed line;
- gitlab: a Code Quality report (Code Climate JSON), shown on the merge request;
- json: the problems as data, for any other tool;
- a Markdown table in Chinese for a job summary, for the person who merges.
"""

from __future__ import annotations

import hashlib
import json

from .problems import Problem, Report

FORMATS = ("text", "github", "json", "gitlab")
# What a failed check stopped: only itself. `build` says the site was not made (problems.SITE_REFUSED).
CHECK_REFUSED = "数据检查未通过：请先改正错误。"


def format_report(report: Report, fmt: str) -> str:
    if fmt == "github":
        return "".join(f"{github_annotation(p)}\n" for p in report.sorted()) + report.summary(CHECK_REFUSED) + "\n"
    if fmt == "json":
        return json.dumps(report_as_data(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "gitlab":
        return json.dumps([code_quality_issue(p) for p in report.sorted()], ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{p.format()}\n" for p in report.sorted()) + report.summary(CHECK_REFUSED) + "\n"


def report_as_data(report: Report) -> dict:
    return {
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "summary": report.summary(CHECK_REFUSED),
        "problems": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "file": p.file,
                "line": p.line,
                "message": p.message,
                "hint": p.hint,
                "found": p.found,
                "expected": p.expected,
            }
            for p in report.sorted()
        ],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(item: Problem) -> str:
    """`::error file=…,line=…,title=…::message` as GitHub Actions reads it."""
    properties = [f"file={_escape_property(item.file)}"]
    if item.line:
        properties.append(f"line={item.line}")
    level = "error" if item.is_error else "warning"
    # The title heads the annotation on the changed line: in Chinese, for the clerk; the code stays, to look it up.
    title = f"{'数据错误' if item.is_error else '数据警告'} [{item.code}]"
    properties.append(f"title={_escape_property(title)}")
    body = f"{item.message} — {item.hint}" if item.hint else item.message
    return f"::{level} {','.join(properties)}::{_escape_data(body)}"


def code_quality_issue(item: Problem) -> dict:
    """One issue of a GitLab Code Quality report."""
    fingerprint = hashlib.sha256(f"{item.code}|{item.file}|{item.line}|{item.message}".encode()).hexdigest()
    return {
        "description": f"[{item.code}] {item.message}" + (f" — {item.hint}" if item.hint else ""),
        "check_name": item.code,
        "fingerprint": fingerprint,
        "severity": "major" if item.is_error else "minor",
        "location": {"path": item.file, "lines": {"begin": item.line or 1}},
    }


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def summary_table(report: Report) -> str:
    """A Chinese Markdown table for a job summary: what is wrong, where, how to fix it."""
    lines = ["## 数据检查", "", report.summary(CHECK_REFUSED), ""]
    if report.problems:
        lines += ["| 级别 | 位置 | 问题 | 怎么改 |", "|---|---|---|---|"]
        for p in report.sorted():
            where = f"{p.file}:{p.line}" if p.line else p.file
            level = "错误" if p.is_error else "警告"
            lines.append(f"| {level} | `{where}` | {_cell(p.message)} `[{p.code}]` | {_cell(p.hint)} |")
        lines.append("")
    return "\n".join(lines) + "\n"
