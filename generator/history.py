"""When each page's source data last changed, from the git history of the data files.

`git blame` gives the date of every line of a data file in one call per file, so a
point page can say when its own row last changed, not merely when anyone last
touched points.csv. Outside a git checkout (or for a file git does not track)
there is no history and pages simply show no date.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path

import yaml

from .model import Source

_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)")


def _blame_dates(root: Path, rel: str) -> list[date] | None:
    """The commit date of each line of a file (index 0 is line 1), or None without history."""
    try:
        run = subprocess.run(["git", "blame", "--porcelain", "--", rel], cwd=root, capture_output=True,
                             text=True, encoding="utf-8", errors="replace", check=False)
    except OSError:
        return None
    if run.returncode != 0:
        return None
    times: dict[str, date] = {}
    dates: dict[int, date] = {}
    commit, line = "", 0
    for text in run.stdout.splitlines():
        header = _HEADER.match(text)
        if header:
            commit, line = header.group(1), int(header.group(2))
        elif text.startswith("committer-time "):
            times[commit] = datetime.fromtimestamp(int(text.split()[1]), tz=timezone.utc).date()
        elif text.startswith("\t"):
            dates[line] = times[commit]
    return [dates[i] for i in sorted(dates)]


def _mapping_spans(text: str) -> dict[int, int]:
    """For every YAML mapping, its first line → its last line (so a station's whole block counts)."""
    spans: dict[int, int] = {}
    try:
        # libyaml when available: a city's hubs.yaml takes seconds with the pure-Python composer
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return spans
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            end = node.end_mark.line + (1 if node.end_mark.column else 0)
            spans[node.start_mark.line + 1] = max(end, node.start_mark.line + 1)
            stack += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return spans


class DataHistory:
    """Dates of the lines of the project's data files, read from git when first asked for.

    `check` makes the features that hold one but never asks: blaming and composing a
    city's meetings.yaml takes seconds that only building pages needs.
    """

    def __init__(self, root: Path, files: list[str]):
        self._root = root
        self._files = list(files)

    @cached_property
    def _lines(self) -> dict[str, list[date]]:
        found = {rel: _blame_dates(self._root, rel) for rel in self._files}
        return {rel: dates for rel, dates in found.items() if dates is not None}

    @cached_property
    def _spans(self) -> dict[str, dict[int, int]]:
        return {rel: _mapping_spans((self._root / rel).read_text(encoding="utf-8"))
                for rel in self._lines if rel.endswith((".yaml", ".yml"))}

    def of_record(self, source: Source) -> date | None:
        """The latest date among the lines of one record (a CSV row, a YAML mapping)."""
        dates = self._lines.get(source.file)
        if not dates:
            return None
        end = self._spans.get(source.file, {}).get(source.line, source.line)
        chosen = dates[source.line - 1: end]
        return max(chosen) if chosen else None

    def of_records(self, sources) -> date | None:
        found = [d for d in (self.of_record(s) for s in sources) if d]
        return max(found) if found else None

    def latest(self) -> date | None:
        found = [max(d) for d in self._lines.values() if d]
        return max(found) if found else None
