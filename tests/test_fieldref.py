"""The field reference (`python -m generator fields`): every schema, worded for the office, and its filter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import FIXTURE, REPO, copy_project
from generator.cli import main
from generator.fieldref import (FILLED_IN, LIST, MAPPING, NAMES, by_file, field_reference, file_reference, known_tables,
                                place_of, tables_in_use)
from generator.tables import HUB_TABLES, SCHEMA_DIR, table_schema

HEADER = "| 字段名 | 中文名 | 必填 | 类型/格式 | 可选值 | 说明 |"
# Rows are read by position, so a wrong header fails its own test rather than every one.
COLUMNS = [cell.strip() for cell in HEADER.strip("|").split("|")]


def reference(capsys, *args: str) -> str:
    assert main(["--project", str(FIXTURE), "fields", *args]) == 0
    return capsys.readouterr().out


def parse(text: str) -> dict[str, dict]:
    """Each table of the Markdown by its name: its file, place, header line and rows by field name."""
    tables: dict[str, dict] = {}
    file = current = None
    for line in text.splitlines():
        if line.startswith("## "):
            file = line[3:].split("（")[0]
        elif match := re.fullmatch(r"### (.+)（([a-z_]+)）", line):
            current = tables[match[2]] = {"title": match[1], "file": file, "place": "", "unpublished": "",
                                          "header": None, "rows": {}}
        elif line.startswith("位置："):
            current["place"] = line
        elif line.startswith("不公开："):
            current["unpublished"] = line
        elif line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if current["header"] is None:
                current["header"] = line
                continue
            row = dict(zip(COLUMNS, cells))
            current["rows"][row["字段名"].strip("`")] = row
    return tables


@pytest.fixture(scope="module")
def everything() -> dict[str, dict]:
    # Read once: every test below looks at the whole reference.
    capture = subprocess.run([sys.executable, "-m", "generator", "--project", str(FIXTURE), "fields"],
                             cwd=REPO, capture_output=True, text=True, check=True)
    return parse(capture.stdout)


def test_every_schema_is_in_the_reference_with_all_its_fields(everything):
    # A schema added to generator/schemas/ that no registry names would be left out: this fails then.
    assert set(everything) == {path.stem for path in SCHEMA_DIR.glob("*.json")}
    for name, table in everything.items():
        assert list(table["rows"]) == [f["name"] for f in table_schema(name)["fields"]], name


def test_every_table_has_the_header_line(everything):
    assert {table["header"] for table in everything.values()} == {HEADER}


def test_required_fields_are_marked_and_filled_in_ones_say_so(everything):
    points = everything["points"]["rows"]
    assert (points["id"]["必填"], points["leader_name"]["必填"]) == ("必填", "选填")
    assert everything["communities"]["rows"]["annex"]["必填"] == "自动"
    for name, table in everything.items():
        for field in table_schema(name)["fields"]:
            expected = ("自动" if (name, field["name"]) in FILLED_IN
                        else "必填" if field.get("constraints", {}).get("required") else "选填")
            assert table["rows"][field["name"]]["必填"] == expected, (name, field["name"])


def test_allowed_values_are_listed(everything):
    assert everything["points"]["rows"]["status"]["可选值"].split("、") == ["planned", "active", "paused", "closed"]
    assert everything["spending"]["rows"]["detail_public"]["可选值"] == "是、否"
    for name, table in everything.items():
        for field in table_schema(name)["fields"]:
            if "enum" in field.get("constraints", {}):
                assert table["rows"][field["name"]]["可选值"].split("、") == field["constraints"]["enum"]


def test_formats_are_in_plain_words(everything):
    formats = {(name, field): row["类型/格式"]
               for name, table in everything.items() for field, row in table["rows"].items()}
    assert formats["spending", "amount_yuan"] == "金额（元，最多两位小数）"
    assert formats["points", "compounds"] == "多个用“、”隔开"
    assert formats["points", "established"] == "日期（年-月-日，如 2017-05-18）"
    assert formats["topics", "title"] == "文字，最多 60 个字"
    assert formats["covenants", "sheet_rows"] == "整数，5 到 15"
    # Every pattern a schema uses has its words: no regular expression reaches the office.
    assert not [key for key, words in formats.items() if "格式见说明" in words or "^" in words]


def test_what_the_site_never_shows_is_said_with_its_table(everything):
    # The schemas' "published": false, so that a clerk knows what stays in the data files.
    assert everything["topics"]["unpublished"] == (
        "不公开：`raised_by`、`raised_by_phone` 只留在数据文件里，不会出现在网站上。")
    # The callback phone a resident may leave on the topic form: said as private, optional, a phone.
    phone = everything["topics"]["rows"]["raised_by_phone"]
    assert (phone["中文名"], phone["必填"], phone["类型/格式"]) == ("提出人电话（不公开）", "选填", "电话号码（手机或带区号的座机）")
    for name in ("evaluations", "applications"):
        assert everything[name]["unpublished"] == "不公开：这张表的内容只留在数据文件里，不会出现在网站上。"
    assert {name for name, table in everything.items() if table["unpublished"]} == {"topics", "evaluations",
                                                                                  "applications"}


def test_files_come_in_the_order_a_clerk_meets_them(capsys):
    files = re.findall(r"^## (\S+)（", reference(capsys), re.MULTILINE)
    assert files[:3] == ["data/hubs.yaml", "data/points.csv", "data/compounds.csv"]
    assert len(files) == len(set(files))  # each file once, its tables together


def test_a_place_is_named_with_its_file_and_keys(everything):
    assert everything["stations"]["place"].startswith("位置：`data/hubs.yaml` → `stations`")
    assert everything["topic_escalations"]["place"].startswith("位置：`data/topics.yaml` → `topics` 的每一项 → `escalations`")
    assert everything["points"]["file"] == "data/points.csv"


def _front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _documents(spec, place) -> list:
    if place.file.startswith("content/covenants/<编号>/"):
        return [_front_matter(path) for path in (FIXTURE / "content/covenants").glob("*/v*.md")]
    if place.file:
        return [_front_matter(path) for path in (FIXTURE / "content/covenants").glob("*.md")]
    return [yaml.safe_load((FIXTURE / spec.file).read_text(encoding="utf-8"))]


def _at(value, path: tuple[str, ...]):
    """The values at `path`, through every item of the lists on the way."""
    if not path:
        yield value
    elif isinstance(value, dict) and path[0] in value:
        child = value[path[0]]
        if len(path) == 1:
            yield child
        elif isinstance(child, list):
            for item in child:
                yield from _at(item, path[1:])


_SHAPES = {MAPPING: lambda v: isinstance(v, dict),
           LIST: lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
           NAMES: lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v)}


def test_every_yaml_place_is_where_the_fixture_writes_that_table():
    # The places are written down in fieldref.py: the fixture network uses every YAML table, so a wrong key shows.
    for spec in known_tables(FIXTURE / "data"):
        place = place_of(spec)
        if spec.file.endswith(".csv"):
            continue
        found = [value for document in _documents(spec, place) for value in _at(document, place.path)]
        assert found and all(_SHAPES[place.shape](value) for value in found), spec.name


def test_every_nested_key_of_a_table_has_a_place():
    specs = known_tables(FIXTURE / "data")
    for spec in specs:
        for key in spec.nested:
            places = [place_of(other).path for other in specs if other.file == spec.file]
            assert any(path[-1:] == (key,) for path in places), (spec.name, key)


@pytest.mark.parametrize("name", ["points", "points.csv", "data/points.csv", "友邻点", "POINTS"])
def test_a_file_table_or_title_selects_its_tables(capsys, name):
    assert list(parse(reference(capsys, name))) == ["points"]


@pytest.mark.parametrize("name, tables", [
    ("hubs.yaml", [spec.name for spec in HUB_TABLES]),
    ("topics", ["topic_categories", "topics", "topic_escalations", "topic_loop"]),
    ("议题上报", ["topic_escalations"]),
    ("民评记录", ["evaluations"]),  # the schema's title, as well as the form's
])
def test_a_file_selects_all_its_tables(capsys, name, tables):
    assert list(parse(reference(capsys, name))) == tables


def test_an_unknown_name_exits_1_and_lists_the_known_ones(capsys):
    assert main(["--project", str(FIXTURE), "fields", "友邻店"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("没有叫「友邻店」的数据文件或表")
    assert "  data/points.csv：points（友邻点）" in err.splitlines()


@pytest.mark.parametrize("word, tables", [
    ("支出", ["spending"]),  # what the table records, in its fields' titles
    ("phone", ["street", "centre", "stations", "points", "topics", "applications"]),  # a field's name
])
def test_a_word_that_names_no_table_lists_the_tables_that_mention_it(capsys, word, tables):
    assert main(["--project", str(FIXTURE), "fields", word]) == 0
    out, err = capsys.readouterr()
    assert list(parse(out)) == tables
    assert err == f"没有叫「{word}」的数据文件或表；下面是写到「{word}」的表（表名、说明或字段名里有这个词）。\n"


def test_a_reader_that_stops_early_is_not_an_error():
    # `fields | head`: the pipe is closed before the reference is written.
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "generator", "--project", str(FIXTURE), "fields"],
                              cwd=REPO, stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


def _without_cards(lines: list[str]) -> list[str]:
    """The site's lines (cards=True) as the command writes them: no labels, no .yl-stack block, no spans keeping
    times whole, headings one deeper."""
    plain = [re.sub(r'<span class="yl-(?:time|date)">([^<]*)</span>', r"\1",
                    re.sub(r'<span class="yl-stack__label">[^<]*</span>', "", line))
             for line in lines if not line.startswith(("<div ", "</div>"))]
    text = re.sub(r"^## ", "### ", "\n".join(plain), flags=re.MULTILINE)
    return re.sub(r"\n\n\n+", "\n\n", text).split("\n")


def test_the_sites_pages_are_the_commands_reference_with_labelled_cells(everything):
    # The site's pages of the reference (opendata/fields.py) are made by the same functions as `fields`: only the
    # headings' level and the cards' labels differ.
    specs = known_tables(FIXTURE / "data")
    text = field_reference(specs)
    for file, tables in by_file(specs):
        site = file_reference(file, tables, level=2, cards=True)
        section = text.split(f"## {file}（")[1].split("\n\n", 1)[1].split("\n## ")[0].rstrip("\n")
        assert "\n".join(_without_cards(site)).rstrip("\n") == section, file
    points = file_reference("data/points.csv", [s for s in specs if s.name == "points"], level=2, cards=True)
    row = next(line for line in points if line.startswith("| `leader_phone_publication` |"))
    assert row.split(" | ")[1:5] == ['<span class="yl-stack__label">中文名</span>电话公开方式',
                                      '<span class="yl-stack__label">是否必填</span>选填',
                                      '<span class="yl-stack__label">类型/格式</span>可选值之一',
                                      '<span class="yl-stack__label">可选值</span>none、masked、full']
    # An empty cell stays empty, so that its card leaves the line out (cards.css, td:empty).
    assert next(line for line in points if line.startswith("| `name` |")).endswith(" |  |  |")
    assert ('<div class="yl-stack yl-fields" markdown>' in points) and ("<div" not in text)


def test_only_the_files_a_project_has_are_in_use(tmp_path):
    # A street without meetings has no data/meetings.yaml, and no covenants: its site's reference leaves them out.
    project = copy_project(FIXTURE, tmp_path / "network")
    (project.data_dir / "meetings.yaml").unlink()
    shutil.rmtree(project.content_dir / "covenants")
    specs = known_tables(project.data_dir)
    used = {spec.name for spec in tables_in_use(specs, project.root)}
    assert used == {spec.name for spec in specs} - {"meeting_types", "meetings", "agenda_items", "meeting_minutes",
                                                     "covenants", "covenant_stages", "covenant_votes",
                                                     "covenant_versions"}
    # The network's files are in use even where one is missing: `check` says it is, the reference says how to write it.
    (project.data_dir / "compounds.csv").unlink()
    assert "compounds" in {spec.name for spec in tables_in_use(specs, project.root)}
