"""README.md's examples, done as a clerk reads them: its rows added to a copy of the shipped project pass
`check`, with the file as shipped and as `import` rewrites it (a column more); the headers it shows are ones
`import` knows; the columns it lists for a new point are the schema's names and titles (README: 怎样修改数据,
补助台账和电子台账)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator.build import check
from generator.importing import import_table, run_import
from generator.loading import known_names
from generator.project import Project
from generator.tables import table_schema

README = (REPO / "README.md").read_text(encoding="utf-8")
POINTS_SECTION = "### 新增一个友邻点"

# A ```csv block, indented as in a numbered step; the file it is for is the last data file named above it.
_BLOCK = re.compile(r"^( *)```csv\n(.*?)^\1```", re.M | re.S)
_FILE = re.compile(r"`(?:data/)?(\w+)\.csv`")
_HEADING = re.compile(r"^#+ .*$", re.M)


def csv_blocks() -> list[tuple[str, list[list[str]]]]:
    """Each csv block of the README: the table it is for (by the file named above it, in its section) and its rows."""
    blocks = []
    for match in _BLOCK.finditer(README):
        before = README[: match.start()]
        headings = list(_HEADING.finditer(before))
        section = before[headings[-1].end():] if headings else before
        files = _FILE.findall(section)
        assert files, f"no data file is named above the README's example {match.group(2)!r}"
        indent = len(match.group(1))
        lines = [line[indent:] for line in match.group(2).splitlines()]
        blocks.append((files[-1], list(csv.reader(lines))))
    return blocks


def is_header(table: str, row: list[str]) -> bool:
    """Whether `row` names columns of `table` (by field name or Chinese title), not a record's cells."""
    known = known_names([n for f in table_schema(table)["fields"] for n in (f["name"], f["title"])])
    return all(known_names([cell]) <= known for cell in row)


def example_rows() -> dict[str, list[list[str]]]:
    """The README's example records, by table."""
    rows: dict[str, list[list[str]]] = {}
    for table, block in csv_blocks():
        if records := [row for row in block if not is_header(table, row)]:
            rows.setdefault(table, []).extend(records)
    return rows


def shipped_copy(tmp_path: Path) -> Project:
    """A writable copy of the shipped project (its mkdocs.yml, data/ and content/ only: not the virtualenv)."""
    stage = tmp_path / "stage"
    stage.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", stage / "mkdocs.yml")
    for folder in ("data", "content"):
        shutil.copytree(REPO / folder, stage / folder)
    return copy_project(stage, tmp_path / "project")


def add_examples(project: Project) -> list[list[str]]:
    """Append to each data file the README's example row that has one cell per column of the file's header, as the
    README tells the clerk to; return the rows used. Compounds first: the README adds them before the point."""
    used = []
    for table, rows in example_rows().items():
        path = project.data_dir / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        width = len(next(csv.reader([text.splitlines()[0]])))
        fitting = [row for row in rows if len(row) == width]
        assert len(fitting) == 1, f"README 中没有一行、或有几行 {table} 例子正好 {width} 格：{rows}"
        out = text if text.endswith("\n") else text + "\n"
        path.write_text(out + ",".join(fitting[0]) + "\n", encoding="utf-8")
        used.append(fitting[0])
    return used


@pytest.mark.shipped_sample
def test_the_new_point_example_passes_the_check_on_the_shipped_data(tmp_path):
    project = shipped_copy(tmp_path)
    assert "points" in example_rows()
    add_examples(project)
    result = check(project)
    assert [p.format() for p in result.report.errors] == []
    assert "P0251" in result.network.points


@pytest.mark.shipped_sample
def test_the_new_point_example_passes_the_check_after_an_import(tmp_path):
    # import writes every column of the schema: points.csv gains closed_on, and the README's other row fits it.
    project = shipped_copy(tmp_path)
    points = project.data_dir / "points.csv"
    assert run_import(points, None, None, project.data_dir) == 0
    assert "closed_on" in points.read_text(encoding="utf-8").splitlines()[0].split(",")
    add_examples(project)
    assert [p.format() for p in check(project).report.errors] == []


@pytest.mark.shipped_sample
def test_every_example_row_fits_a_header_the_clerk_may_have(tmp_path):
    shipped = add_examples(shipped_copy(tmp_path / "shipped"))
    project = shipped_copy(tmp_path / "imported")
    run_import(project.data_dir / "points.csv", None, None, project.data_dir)
    imported = add_examples(project)
    assert all(row in shipped + imported for rows in example_rows().values() for row in rows)


def test_every_header_the_readme_shows_is_known_to_import(tmp_path):
    headers = [(table, row) for table, block in csv_blocks() for row in block if is_header(table, row)]
    assert "spending" in {table for table, _ in headers}
    # Typed in Chinese titles as well as in field names: the clerk's spreadsheet may have either.
    chinese = [row for table, row in headers if table == "spending" and re.search(r"[\u4e00-\u9fff]", "".join(row))]
    assert chinese
    for number, (table, row) in enumerate(headers):
        path = tmp_path / f"header-{number}.csv"
        path.write_text(",".join(row) + "\n", encoding="utf-8")
        result = import_table(path)
        assert [p.format() for p in result.problems] == []
        assert result.table == table


def test_the_point_columns_listed_are_the_schemas_names_and_titles():
    section = README[README.index(POINTS_SECTION):]
    section = section[: section.index("\n#", 1)]
    listed = dict(re.findall(r"^\s*\| `(\w+)` \| ([^|]+?) \|", section, re.M))
    assert listed == {f["name"]: f["title"] for f in table_schema("points")["fields"]}
