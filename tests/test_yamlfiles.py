"""The strict YAML loader: values as typed, their lines, and what it refuses."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import FIXTURE, REPO, codes, write
from generator.yamlfiles import parse_yaml, read_yaml


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


@pytest.mark.parametrize(
    ("line", "shown_on", "reason"),
    [
        # Typed with a Chinese input method: a full-width colon, or full-width spaces as indentation.
        ('  phone："0571-1"', 3, "冒号用了中文“：”：键后面要用英文冒号“:”，再加一个空格"),
        ('  phone:"0571-1"', 3, "冒号“:”后面要加一个空格"),
        ('\u3000\u3000phone: "0571-1"', 3, "缩进用了中文全角空格：缩进只能用英文空格"),
        # A value starting with a character YAML gives a meaning to.
        ("  note: *重要* 先看这里", 3, "以 * 或 & 开头的文字会被当作 YAML 的别名或锚点：请给这段文字加英文引号"),
        ("  note: !重要 先看这里", 3, "以 ! 开头的文字会被当作 YAML 的类型标签：请给这段文字加英文引号"),
        ("  note: - 居民", 3, "这里不能出现“- ”：以“- ”开头的文字请加英文引号，列表项请检查缩进"),
        ("  note: [临时] 备注", 3, "以 [ 或 { 开头的文字会被当作列表或映射：请给这段文字加英文引号"),
        ("  note: | 备注", 3, "以 | 或 > 开头的文字会被当作多行文字的标记：请给这段文字加英文引号"),
    ],
)
def test_syntax_slips_are_told_in_chinese_on_their_own_line(tmp_path, line, shown_on, reason):
    path = write(tmp_path, "h.yaml", f"street:\n  id: x\n{line}\n  name: 示例\n")
    _, problems = read_yaml(path, "data/hubs.yaml")
    assert [p.format() for p in problems] == [
        f"data/hubs.yaml:{shown_on}: [yaml-syntax] YAML 格式错误：{reason} — 检查这一行及上一行的缩进、冒号和引号"]


def test_a_list_item_whose_dash_has_no_space_is_told_so(tmp_path):
    text = "stations:\n  - id: S1\n    name: 一站\n  -id: S2\n    name: 二站\n"
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "data/hubs.yaml")
    assert [p.format() for p in problems] == [
        "data/hubs.yaml:4: [yaml-syntax] YAML 格式错误：列表每一项开头的“-”后面要加一个空格，写成“- ”再接字段名"
        " — 检查这一行及上一行的缩进、冒号和引号"]


def test_a_duplicate_keys_value_is_skipped_whole(tmp_path):
    text = "a:\n  x: 1\na:\n  y: !!binary 2\nb: [3]\n"
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-duplicate-key", 3)]
    assert problems[0].message == "键 a 重复出现（第一次在第 1 行）"
    assert document.data == {"a": {"x": "1"}, "b": ["3"]}
    assert (document.line(("a", "x")), document.line(("b", 0)), document.implicit(("b", 0))) == (2, 5, "int")


_STATIONS = "stations:\n  - id: S01\n    name: 甲站\n    community: a\n{typed}    name: 乙站\n    community: b\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # typed at the item's keys' indentation: YAML reads duplicate keys
        (_STATIONS.format(typed="    id: S02\n"), 5),
        ("stations:\n- id: S01\n  name: 甲站\n  id: S02\n  name: 乙站\n", 4),
        # typed at the dashes' indentation, or between: YAML reads a block that ends too early
        (_STATIONS.format(typed="  id: S02\n"), 5),
        (_STATIONS.format(typed="   id: S02\n"), 5),
        ("stations:\n- id: S01\n  name: 甲站\nid: S02\n  name: 乙站\n", 4),
        ("stations:\n  - id: S01\n    name: 甲站\n  id: S02\n", 4),
        # comments in between, and a list inside a list's item
        ("stations:\n  - id: S01  # 第一个\n\n    # 说明\n    name: 甲站\n  # 下一个\n  id: S02  # 乙\n", 7),
        ("meetings:\n  - id: M1\n    agenda:\n      - title: a\n        minutes: 5\n        title: b\n", 6),
        ("meetings:\n  - id: M1\n    agenda:\n      - title: a\n        minutes: 5\n      title: b\n", 6),
    ],
)
def test_a_new_item_typed_without_its_dash_is_one_problem_on_its_line(tmp_path, text, line):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-missing-dash", line)]


def test_the_missing_dash_is_told_with_its_fix(tmp_path):
    text = _STATIONS.format(typed="    id: S02\n")
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "data/hubs.yaml")
    assert [p.format() for p in problems] == [
        "data/hubs.yaml:5: [yaml-missing-dash] 第 5 行像是新的一项，但前面少了「- 」 — "
        "列表的每一项都以「- 」开头：写成「- id: S02」，「- 」与上一项的「- 」对齐；如果仍是同一项，id 只能写一次"]
    # the rest is read as the new item it is, so what else is wrong with it is told on its own lines
    assert document.data == {"stations": [{"id": "S01", "name": "甲站", "community": "a"},
                                          {"id": "S02", "name": "乙站", "community": "b"}]}
    assert (document.line(("stations", 1)), document.line(("stations", 1, "community"))) == (5, 7)
    _, problems = read_yaml(write(tmp_path, "h.yaml", _STATIONS.format(typed="  id: S02\n")), "data/hubs.yaml")
    assert [p.format() for p in problems] == [
        "data/hubs.yaml:5: [yaml-missing-dash] 第 5 行像是新的一项，但前面少了「- 」 — "
        "列表的每一项都以「- 」开头：写成「- id: S02」，「- 」与上一项的「- 」对齐；如果不是新的一项，请检查这一行的缩进"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("stations:\n  - id: S01\n    name: 甲站\n    name: 乙站\n", 4),  # not the key the item starts with
        ("street:\n  id: a\n  name: b\n  id: c\n", 4),  # not in a list
        ("stations: [{id: a, id: b}]\n", 1),  # not on a line of its own
        ("stations:\n  - {id: a,\n     id: b}\n", 3),  # the item does not start with "- id:"
    ],
)
def test_other_repeated_keys_are_duplicates(tmp_path, text, line):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-duplicate-key", line)]


def test_a_value_cut_short_by_a_hash_is_warned_of(tmp_path):
    text = "a:\n  place: 3号楼 #201室\n  rooms:\n    - 甲 #3栋  # 说明\n"
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "data/hubs.yaml")
    assert codes(problems) == [("yaml-comment-in-value", 2), ("yaml-comment-in-value", 4)]
    assert not any(p.is_error for p in problems)
    assert [p.format() for p in problems] == [
        "data/hubs.yaml:2: 警告 [yaml-comment-in-value] 「3号楼」后面的「#201室」被当作注释，不会出现在网站上 — "
        "# 前面有空格时，YAML 把 # 和后面的文字当作注释；要保留整段文字，请加英文引号写成 place: \"3号楼 #201室\"",
        "data/hubs.yaml:4: 警告 [yaml-comment-in-value] 「甲」后面的「#3栋」被当作注释，不会出现在网站上 — "
        "# 前面有空格时，YAML 把 # 和后面的文字当作注释；要保留整段文字，请加英文引号写成 - \"甲 #3栋\""]
    assert document.data == {"a": {"place": "3号楼", "rooms": ["甲"]}}


@pytest.mark.parametrize("text", [
    "a:\n  place: 3号楼  # 说明\n",  # a comment of the usual kind
    "a:\n  place: \"3号楼 #201室\"\n  room: '3号楼' #201室\n",  # quoted: nothing is lost
    "a:\n  #说明\n  note: |\n    3号楼 #201室\n  hex: a#1\n",  # a comment line; a block; no space before #
    "a:\n  note: 第一行\n    第二行  # 说明\n  place: 3号楼  # 说明\n",  # the usual kind after several lines
    # A line of its own that starts with "#" is a comment, as editors show it: it ends the value above,
    # but nothing typed after that value's text is lost (text typed after it is refused, see below).
    "a:\n  note: 第一行\n    第二行\n    # 说明\n    #说明\n  place: 3号楼\n",
])
def test_nothing_is_lost_to_a_hash_here(tmp_path, text):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert problems == []


@pytest.mark.parametrize(("style", "value"), [("|", "第一行 #1\n第二行 #201室\n#3栋\n"),
                                              (">", "第一行 #1 第二行 #201室 #3栋\n")])
def test_in_a_block_a_hash_is_text(tmp_path, style, value):
    text = f"a:\n  note: {style}\n    第一行 #1\n    第二行 #201室\n    #3栋\n  place: 3号楼\n"
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert problems == []
    assert document.data == {"a": {"note": value, "place": "3号楼"}}


@pytest.mark.parametrize(("text", "line", "data"), [
    ("a:\n  note: 第一行\n    第二行 #201室\n  place: 3号楼\n", 3, {"a": {"note": "第一行 第二行", "place": "3号楼"}}),
    ("a:\n  note:\n    第一行\n    第二行\n    第三行 #201室  # 说明\n", 5, {"a": {"note": "第一行 第二行 第三行"}}),
    ("a:\n  - 第一行\n\n    第二行 #201室\n", 4, {"a": ["第一行\n第二行"]}),  # a blank line is kept as a line break
    ("a: [第一行,\n  第二行\n  第三行 #201室\n  ]\n", 3, {"a": ["第一行", "第二行 第三行"]}),
    ("a:\n  note: 8:30 集合\n    10:30 出发 #201室\n", 3, {"a": {"note": "8:30 集合 10:30 出发"}}),  # ":" but no ": "
])
def test_a_value_typed_over_several_lines_is_warned_of_where_it_is_cut(tmp_path, text, line, data):
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-comment-in-value", line)]
    assert "「#201室」" in problems[0].message and not problems[0].is_error
    assert document.data == data


def test_the_cut_in_a_value_of_several_lines_is_told_with_its_fix(tmp_path):
    text = "topics:\n  - id: T1\n    summary: 楼道堆物太多\n      影响通行 #3单元最严重\n    status: 进行中\n"
    document, problems = read_yaml(write(tmp_path, "h.yaml", text), "data/topics.yaml")
    assert [p.format() for p in problems] == [
        "data/topics.yaml:4: 警告 [yaml-comment-in-value] 「…影响通行」后面的「#3单元最严重」被当作注释，不会出现在网站上 — "
        "# 前面有空格时，YAML 把 # 和后面的文字当作注释；要保留整段文字，请加英文引号写成 "
        "summary: \"楼道堆物太多 影响通行 #3单元最严重\"（写在一行里）；"
        "或者把第一行写成「summary: |」，文字从下一行起缩进书写，换行会原样保留"]
    assert document.data["topics"][0]["summary"] == "楼道堆物太多 影响通行"


@pytest.mark.parametrize(("text", "line", "cause"), [
    # YAML ends the value at the comment, and then finds text where a key should be
    ("t:\n  - id: T1\n    summary: 楼道堆物太多\n      影响通行 #3单元最严重\n      希望物业清理\n", 4,
     "「#3单元最严重」前面有空格，被当作注释，没有引号的文字在这里结束，第 5 行的「希望物业清理」因此接不上；"
     "要保留整段文字，请给整段文字加英文引号，或改用 | 写多行文字"),
    ("t:\n  - 楼道堆物太多 #3单元\n\n    希望物业清理\n", 2, "「#3单元」前面有空格"),
    ("t:\n  s: 楼道堆物太多  # 说明\n    希望物业清理\n", 2, "「# 说明」前面有空格"),
    ("t:\n  s: 楼道堆物太多\n  # 说明\n    希望物业清理\n", 3,
     "这一行以 # 开头，被当作注释，上面没有引号的文字在这里结束，第 4 行的「希望物业清理」因此接不上；"
     "如果这一行是文字，请给整段文字加英文引号，或改用 | 写多行文字；如果是注释，请移到整段文字的前面或后面"),
])
def test_text_after_a_comment_that_ended_its_value_is_refused_with_the_cause(tmp_path, text, line, cause):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-syntax", line)]
    assert cause in problems[0].message


@pytest.mark.parametrize("text", ['t:\n  s: "楼道堆物太多"  # 说明\n    希望物业清理\n',
                                  't:\n  s: "楼道 #3单元" 多余\n'])
def test_a_comment_after_quotes_is_not_blamed(tmp_path, text):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-syntax", 2 if "多余" in text else 3)]
    assert "注释" not in problems[0].message


@pytest.mark.parametrize("path", sorted((FIXTURE / "data").glob("*.yaml")) + sorted((REPO / "data").glob("*.yaml")),
                         ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_the_shipped_yaml_files_read_without_problems(path):
    assert read_yaml(path, path.name)[1] == []


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
    _STATIONS.format(typed="    id: S02\n"),
    _STATIONS.format(typed="  id: S02\n"),
    "a:\n  place: 3号楼 #201室\n  rooms: [甲 #3栋\n    , 乙]\n",
    "a:\n  note: 第一行\n\n    第二行 #201室\n  rooms: [甲\n    乙 #3栋\n    , 丙]\n  b: |\n    x #1\n",
    "a:\n  note: 第一行\n    第二行 #201室\n    第三行\n",
]


@pytest.mark.parametrize("text", _PARITY_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(
    (FIXTURE / "data").glob("*.yaml"))], ids=lambda text: text[:20])
def test_libyaml_and_the_pure_python_parser_read_the_same(text, monkeypatch):
    """libyaml reads fast; the pure-Python parser words the errors. Both feed one builder, so a file
    reads the same whichever ran."""
    fast = parse_yaml(text, "h.yaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert parse_yaml(text, "h.yaml") == fast


_TOPICS = (FIXTURE / "data" / "topics.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("typed", "said"), [
    ("     category: 停车", "第 13 行缩进了 5 个空格，上一行 title 是 4 个 — 同一项的字段要对齐：改成 4 个空格"),
    ("   category: 停车", "第 13 行缩进了 3 个空格，上一行 title 是 4 个 — 同一项的字段要对齐：改成 4 个空格"),
])
def test_a_field_indented_off_its_siblings_is_told_the_indentation_to_use(tmp_path, typed, said):
    # one space too many reads as text going on from the line above, with a colon in it: quoting would not help
    text = _TOPICS.replace("\n    category: 停车\n", f"\n{typed}\n", 1)
    _, problems = read_yaml(write(tmp_path, "t.yaml", text), "data/topics.yaml")
    assert [p.format() for p in problems] == [f"data/topics.yaml:13: [yaml-indent] {said}"]
    assert (problems[0].found, problems[0].expected) == (str(len(typed) - len(typed.lstrip())), "4")


@pytest.mark.parametrize(("typed", "said"), [
    ("      raised_at: P01", "第 15 行缩进了 6 个空格，上一行 description 是 4 个"),
    ("     title: x", "第 12 行缩进了 5 个空格，上一行 id 连同前面的「- 」是 4 个"),  # "- " counts as indentation
])
def test_the_first_field_after_a_dash_and_a_field_two_spaces_off_are_measured_alike(tmp_path, typed, said):
    key = typed.split(":")[0].strip()
    text = re.sub(rf"\n    {key}: [^\n]*\n", f"\n{typed}\n", _TOPICS, count=1)
    _, problems = read_yaml(write(tmp_path, "t.yaml", text), "data/topics.yaml")
    assert [p.code for p in problems] == ["yaml-indent"] and problems[0].message == said


@pytest.mark.parametrize("indent", [0, 4])
def test_a_new_list_item_indented_off_the_others_is_told_to_line_up(tmp_path, indent):
    hubs = (FIXTURE / "data" / "hubs.yaml").read_text(encoding="utf-8")
    assert hubs.endswith('  - id: S3\n    name: 河西村友邻站\n    community: hexi\n    area: rural\n'
                         '    venue: 河西村村民服务中心\n    address: 河西村村委会旁\n    operator: 示例社工机构\n'
                         '    opening_hours: 周一至周五 8:30-16:30\n    subsidy_yuan: 2000\n    status: active\n'
                         '    established: "2021-03-01"\n')
    pad = " " * indent
    text = hubs + f"{pad}- id: S4\n{pad}  name: 新站\n"
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "data/hubs.yaml")
    found = f"有 {indent} 个空格" if indent else "没有空格"
    assert [p.format() for p in problems] == [
        f"data/hubs.yaml:182: [yaml-indent] 第 182 行「- 」前面{found}，上一项（第 171 行）的「- 」前面有 2 个 — "
        "同一列表的各项要对齐：改成 2 个空格"]


@pytest.mark.parametrize(("text", "line", "said"), [
    # the block's first field is the one off: the lines around it agree
    ("street:\n   id: x\n  name: y\n  phone: z\n", 2, "第 2 行缩进了 3 个空格，下一行 name 是 2 个"),
    ("a:\n  b: 1\nc: 2\n  d: 3\n", 3, "第 3 行没有缩进，下一行 d 是 2 个"),
    ("tiers:\n - tier: a\n    name: b\n    x: c\n", 2, "第 2 行 tier 连同前面的「- 」缩进了 3 个空格，下一行 name 是 4 个"),
])
def test_the_line_off_is_told_not_the_one_yaml_stopped_at(tmp_path, text, line, said):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert codes(problems) == [("yaml-indent", line)] and problems[0].message == said


@pytest.mark.parametrize("text", [
    "t:\n  - id: T1\n    title: a\n  category: b\n",  # as far from the item's fields as from t: either was meant
    "street:\n  id: x\n   name: y\ncentre: z\n",  # the first field or the second: nothing shows which
    "t:\n  s: 楼道堆物\n    影响通行\n   category: b\n",  # below text going on over lines
    "t:\n  s: |\n    a: 1\n   category: b\n",  # below a block of text
])
def test_indentation_is_not_blamed_where_the_text_does_not_show_it(tmp_path, text):
    _, problems = read_yaml(write(tmp_path, "h.yaml", text), "h.yaml")
    assert [p.code for p in problems] == ["yaml-syntax"]
