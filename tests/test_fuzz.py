"""Fuzzing the loaders: any input gives valid data or the project's own problems, never a traceback.

The loaders (bytes → records) are fast and get 200 examples each. The whole
check (records → frictionless → network → cross-checks) takes about half a second
per run, so it gets fewer, structured examples: YAML values of every shape in
place of a table or a field, and arbitrary text in a CSV cell.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE
from generator.build import check
from generator.hygiene import lint_content, text_issues
from generator.importing import import_table
from generator.loading import read_csv
from generator.yamlfiles import read_yaml
from generator.problems import MESSAGES, Problem
from generator.project import Project
from generator.tables import read_tables

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HUBS = (FIXTURE / "data" / "hubs.yaml").read_text(encoding="utf-8")
POINTS = (FIXTURE / "data" / "points.csv").read_text(encoding="utf-8")

# Text that looks like what an office's files contain, and what breaks parsers.
PIECES = st.sampled_from([",", "，", '"', "'", "\n", "\r\n", "\t", " ", ":", "- ", "-", "#", "&a", "*a", "!!str", "!x",
                          "{", "}", "[", "]", "|", ">", "---", "...", "%YAML 1.1", "?", "@", "`", "\x00", "\ufeff",
                          "\u3000", "１", "on", "no", "8:30", "0x1F", "1e3", "2020-01-01", "<script>", "{{", "=1+1",
                          "友邻", "S1", "P01", "null", "~", "\\"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def assert_problems(problems) -> None:
    for item in problems:
        assert isinstance(item, Problem) and item.code in MESSAGES
        assert item.message


# ---------------------------------------------------------------- the loaders


@FAST
@given(data=st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_csv_never_raises(scratch, data):
    table, problems = read_csv(write(scratch, "a.csv", data), "data/a.csv")
    assert_problems(problems)
    if table is not None:
        assert all(len(r.values) == len(table.header) for r in table.records)


@FAST
@given(data=st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_yaml_never_raises(scratch, data):
    document, problems = read_yaml(write(scratch, "h.yaml", data), "data/hubs.yaml")
    assert_problems(problems)
    assert document is not None or problems


@FAST
@given(position=st.integers(0, len(HUBS)), insert=TEXT, delete=st.integers(0, 6))
def test_a_damaged_hubs_file_is_read_or_reported(scratch, position, insert, delete):
    text = HUBS[:position] + insert + HUBS[position + delete:]
    document, problems = read_yaml(write(scratch, "h.yaml", text.encode("utf-8", "surrogatepass")), "data/hubs.yaml")
    assert_problems(problems)


@FAST
@given(data=st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.builds(lambda p, i: (POINTS[:p] + i + POINTS[p:]).encode("gb18030", "replace"),
                                st.integers(0, len(POINTS)), TEXT)))
def test_import_never_raises(scratch, data):
    result = import_table(write(scratch, "export.csv", data))
    assert_problems(result.problems)
    assert (result.text is None) == bool(result.problems)
    if result.text is not None:
        assert not result.text.startswith("\ufeff") and "\r" not in result.text.replace('"\r', "")


@FAST
@given(text=st.one_of(TEXT, st.text()), url=st.booleans())
def test_text_hygiene_never_raises(text, url):
    for code, found, _ in text_issues(text, url=url):
        assert code in MESSAGES and isinstance(found, str)


@FAST
@given(data=st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_lint_content_never_raises(data):
    assert_problems(lint_content({"about.md": data, "x.html": data, "a.png": data}))


# ---------------------------------------------------------------- the whole check

YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=10), TEXT),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=6), children, max_size=3)),
    max_leaves=8,
)


def _yaml_scalar(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # JSON is YAML: any value, safely quoted


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("fuzz-project") / "network"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("build", "site"))
    return Project(root)


@FAST
@given(position=st.integers(0, len(POINTS)), insert=TEXT)
def test_read_tables_survives_a_damaged_points_file(project, position, insert):
    (project.data_dir / "points.csv").write_text(POINTS[:position] + insert + POINTS[position:], encoding="utf-8",
                                                 errors="surrogatepass")
    (project.data_dir / "hubs.yaml").write_text(HUBS, encoding="utf-8")
    records, problems = read_tables(project.data_dir)
    assert_problems(problems)


@SLOW
@given(key=st.sampled_from(["street", "centre", "policy", "plan", "tiers", "targets", "annexes", "stations",
                            "milestones", "plan_notes", "escalation"]),
       value=YAML_VALUES)
def test_check_survives_any_shape_in_place_of_a_table(project, key, value):
    lines = HUBS.split("\n")
    start = lines.index(f"{key}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))), len(lines))
    text = "\n".join(lines[:start] + [f"{key}: {_yaml_scalar(value)}"] + lines[end:])
    (project.data_dir / "hubs.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (project.data_dir / "points.csv").write_text(POINTS, encoding="utf-8")
    result = check(project)
    assert_problems(result.report.problems)


@SLOW
@given(row=st.integers(1, 4), column=st.integers(0, 19), value=st.one_of(TEXT, st.text(max_size=20)))
def test_check_survives_any_text_in_a_csv_cell(project, row, column, value):
    rows = list(csv.reader(io.StringIO(POINTS)))
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (project.data_dir / "points.csv").write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    (project.data_dir / "hubs.yaml").write_text(HUBS, encoding="utf-8")
    result = check(project)
    assert_problems(result.report.problems)
    assert result.network is not None or not result.report.ok
