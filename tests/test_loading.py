"""Reading files: encodings, CSV structure and the strict YAML loader."""

from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURE
from generator.loading import parse_yaml, read_csv, read_yaml


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def codes(problems) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


# ---------------------------------------------------------------- encodings


def test_gbk_csv_is_refused_with_the_line_and_how_to_convert(tmp_path):
    text = "id,name\nP1,晨光苑\n"
    path = write(tmp_path, "points.csv", text.encode("gb18030"))
    table, problems = read_csv(path, "data/points.csv")
    assert table is None
    assert codes(problems) == [("encoding-gbk", 2)]
    assert problems[0].format() == (
        "data/points.csv:2: [encoding-gbk] 文件不是 UTF-8 编码（看起来是 GBK/GB18030，中文版 Excel/WPS 的默认编码）"
        " — 请在 Excel/WPS 中“另存为 → CSV UTF-8（逗号分隔）”，或运行 iconv -f GB18030 -t UTF-8 "
        "data/points.csv -o 新文件名.csv 后替换原文件"
    )


def test_utf16_and_nul_bytes_are_refused(tmp_path):
    utf16 = write(tmp_path, "a.csv", "id\nP1\n".encode("utf-16"))
    assert codes(read_csv(utf16, "a.csv")[1]) == [("encoding-utf16", 1)]
    nul = write(tmp_path, "b.csv", b"id\nP1\n\x00\n")
    assert codes(read_csv(nul, "b.csv")[1]) == [("nul-byte", 3)]


def test_bom_and_windows_line_ends_are_accepted(tmp_path):
    path = write(tmp_path, "a.csv", b"\xef\xbb\xbfid,name\r\nP1,\xe6\x99\xa8\r\n")
    table, problems = read_csv(path, "a.csv")
    assert problems == []
    assert table.header == ["id", "name"]
    assert table.records[0].values == {"id": "P1", "name": "晨"}


def test_missing_file(tmp_path):
    assert codes(read_csv(tmp_path / "nope.csv", "data/nope.csv")[1]) == [("file-missing", None)]


# ---------------------------------------------------------------- CSV structure


def test_csv_records_know_their_starting_line_across_quoted_newlines_and_blank_lines(tmp_path):
    path = write(tmp_path, "a.csv", 'id,note\nP1,"two\nlines"\n\nP2, x \n')
    table, problems = read_csv(path, "a.csv")
    assert problems == []
    assert [(r.line, r.values["id"]) for r in table.records] == [(2, "P1"), (5, "P2")]
    assert table.records[1].values["note"] == "x"  # stray spaces trimmed
    assert table.records[0].file == "a.csv"


def test_wrong_cell_count_is_reported_per_row(tmp_path):
    path = write(tmp_path, "a.csv", "id,name\nP1\nP2,b,c\nP3,c\n")
    table, problems = read_csv(path, "a.csv")
    assert codes(problems) == [("cell-count", 2), ("cell-count", 3)]
    assert [r.values["id"] for r in table.records] == ["P3"]


def test_unclosed_quote(tmp_path):
    path = write(tmp_path, "a.csv", 'id,name\nP1,"open\nP2,b\n')
    table, problems = read_csv(path, "a.csv")
    assert table is None
    assert [p.code for p in problems] == ["csv-syntax"]


@pytest.mark.parametrize(
    ("header", "code"),
    [("id,,name", "header-blank"), ("id,name,id", "header-duplicate"), ("id，name，station", "header-separator")],
)
def test_bad_headers(tmp_path, header, code):
    path = write(tmp_path, "a.csv", header + "\nP1,a,b\n")
    table, problems = read_csv(path, "a.csv")
    assert table is None
    assert codes(problems) == [(code, 1)]


# ---------------------------------------------------------------- YAML


def test_yaml_values_stay_as_typed_and_remember_their_lines(tmp_path):
    path = write(tmp_path, "h.yaml", 'street:\n  id: x\n  phone: "0571-1"\nstations:\n  - id: S1\n    count: 3\n')
    document, problems = read_yaml(path, "data/hubs.yaml")
    assert problems == []
    assert document.data == {"street": {"id": "x", "phone": "0571-1"}, "stations": [{"id": "S1", "count": "3"}]}
    record = document.records(("stations",))[0]
    assert (record.line, record.line_of("count"), record.file) == (5, 6, "data/hubs.yaml")
    assert record.implicit == {"count": "int"}


def test_unquoted_values_yaml_would_convert_are_remembered(tmp_path):
    path = write(tmp_path, "h.yaml", "a:\n  t: 8:30\n  p: 13800001234\n  b: no\n  d: 2017-05-18\n  q: '08:30'\n")
    document, problems = read_yaml(path, "h.yaml")
    assert problems == []
    assert document.record(("a",)).implicit == {"t": "int", "p": "int", "b": "bool", "d": "timestamp"}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3),
        ("a: &x 1\nb: *x\n", "yaml-alias", 1),
        ("a: 1\nb: &x 2\n", "yaml-alias", 2),  # an anchor alone is refused too: it only serves an alias
        ("a: !!python/object:os.system 1\n", "yaml-tag", 1),
        ("[a, b]: 1\n", "yaml-syntax", 1),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2),
        ("a:\n\t- 1\n", "yaml-syntax", 2),
        ("a: [1, 2\n", "yaml-syntax", 2),
    ],
)
def test_yaml_refusals(tmp_path, text, code, line):
    path = write(tmp_path, "h.yaml", text)
    _, problems = read_yaml(path, "h.yaml")
    assert codes(problems) == [(code, line)]


def test_a_duplicate_keys_value_is_skipped_whole(tmp_path):
    text = "a:\n  x: 1\na:\n  y: !!binary 2\nb: [3]\n"
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-duplicate-key", 3)]
    assert problems[0].message == "键 a 重复出现（第一次在第 1 行）"
    assert document.data == {"a": {"x": "1"}, "b": ["3"]}
    assert (document.line(("a", "x")), document.line(("b", 0)), document.implicit(("b", 0))) == (2, 5, "int")


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\n'
    _, problems = read_yaml(write(tmp_path, "h.yaml", bomb), "h.yaml")
    assert codes(problems) == [("yaml-alias", 1)]


_PARITY_TEXTS = [
    "a: 1\nb:\n  - x\n  - {c: 2017-05-18, d: '08:30'}\n",
    "# only a comment\n",
    "",
    "---\n",
    "plain scalar\n",
    "a: ! 12\nb: !!str 13\nc: ~\nd:\n",
    "a: 1\na: 2\n",
    "a: !!set {x}\nb: 2\n",
    "a: [1, 2\n",
    "a: 1\n---\nb: 2\n",
    "a: &x 1\n",
]


@pytest.mark.parametrize("text", _PARITY_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(
    (FIXTURE / "data").glob("*.yaml"))], ids=lambda text: text[:20])
def test_libyaml_and_the_pure_python_parser_read_the_same(text, monkeypatch):
    """libyaml reads fast; the pure-Python parser words the errors. Both feed one builder, so a file
    reads the same whichever ran."""
    fast = parse_yaml(text, "h.yaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert parse_yaml(text, "h.yaml") == fast
