"""The field reference: every data file's tables and fields, in Chinese Markdown, for the office.

`python -m generator fields [名称]` prints it. It is made from the same TableSpecs and
Table Schemas the checks use, found where the pipeline and the features keep them, so
it cannot fall behind a schema: for each table, where its rows are written (a CSV
file, or a place in a YAML file or a covenant's front matter), then each field's
name, Chinese title, whether it is required, its format in plain words, its allowed
values and its description. A table names the fields the site never shows (`"published": false`).
The site shows the same reference, of the files the project has, for an office with only a browser
(opendata/fields.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hygiene import is_published
from .render import whole_in_markdown
from .tables import COMPOUNDS_FILE, CSV_TABLES, HUB_TABLES, HUBS_FILE, POINTS_FILE, TABLES, TableSpec, table_schema
from .wording import TYPE_NAMES  # the words type errors use, so the reference and the check agree

if TYPE_CHECKING:
    from .forms.model import FormDef

HEADER = "| 字段名 | 中文名 | 必填 | 类型/格式 | 可选值 | 说明 |"
# What a phone's card says before each cell after the field's name (the site's pages: file_reference): "必填：选填"
# read as a contradiction.
CARD_LABELS = ("中文名", "是否必填", "类型/格式", "可选值", "说明")
REQUIRED, OPTIONAL, AUTOMATIC = "必填", "选填", "自动"
NOT_PUBLISHED = "不公开"
LEGEND = "“必填”的字段每条都要写；“选填”的可以不写或留空；“自动”的不用写，由生成器按所在位置填上。"
_REQUIRED_FILES = frozenset(spec.file for spec in TABLES.values())  # the network's: every project has them

# The order a clerk meets the files in (README, “怎样修改数据”); the optional files follow as found.
_FIRST_FILES = (HUBS_FILE, POINTS_FILE, COMPOUNDS_FILE)

MAPPING, LIST, NAMES, ROWS = "键值表", "列表", "名称列表", "行"


@dataclass(frozen=True)
class Place:
    """Where a table's rows are written.

    `path` are the YAML keys from the top of the file, each but the last under every
    item of the list before it; () for a CSV file's rows or a whole front matter.
    `file` names the file when the table's TableSpec does not (covenants: one file each).
    """

    path: tuple[str, ...]
    shape: str  # MAPPING, LIST, NAMES (a list of bare names) or ROWS (a CSV file)
    file: str = ""


_COVENANT_FILE = "content/covenants/<编号>.md"

# Tables whose rows are not at the top-level key named like the table (as hubs.yaml's are).
_PLACES = {
    "communities": Place(("annexes", "rows"), LIST),
    "topic_categories": Place(("categories",), NAMES),
    "topic_escalations": Place(("topics", "escalations"), LIST),
    "topic_loop": Place(("topics", "loop"), LIST),
    "meeting_types": Place(("types",), LIST),
    "agenda_items": Place(("meetings", "agenda"), LIST),
    "meeting_minutes": Place(("meetings", "minutes"), MAPPING),
    "covenants": Place((), MAPPING, _COVENANT_FILE),
    "covenant_stages": Place(("stages",), LIST, _COVENANT_FILE),
    "covenant_votes": Place(("vote",), MAPPING, _COVENANT_FILE),
    "covenant_versions": Place((), MAPPING, "content/covenants/<编号>/v1.md、v2.md……"),
}

# Fields the reader fills in from where the row is written: the office never types them.
FILLED_IN = {
    ("communities", "annex"): "所在附件的 id",
    ("covenants", "id"): "文件名",
    ("covenant_stages", "covenant"): "公约的文件名",
    ("covenant_votes", "covenant"): "公约的文件名",
    ("covenant_versions", "covenant"): "所在文件夹的名称",
}

# The schemas' patterns in plain words; a regular expression means nothing to the office.
_PATTERNS = {
    "^[A-Za-z0-9][A-Za-z0-9_-]*$": "编号（英文字母、数字、- 或 _）",
    "^(0|[1-9][0-9]{0,6})(\\.[0-9]{1,2})?$": "金额（元，最多两位小数）",
    "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$": "电话号码（手机或带区号的座机）",
    "^([01]?[0-9]|2[0-3]):[0-5][0-9]$": "时间（时:分，24 小时制）",
}
UNWORDED_PATTERN = "文字（格式见说明）"


def known_tables(data_dir: Path, forms: dict[str, FormDef] | None = None) -> list[TableSpec]:
    """Every table the generator reads, in the order a clerk meets their files.

    The features' tables are taken from where the features keep them (not copied), so a
    table added to a feature shows up here. `data_dir` is for the street's own form
    definitions, which may store records elsewhere; `forms`, those definitions as a run has
    read them already (the forms feature's: reading them again parses topics.yaml again).
    """
    from .consultation.reading import SPECS as CONSULTATION_SPECS  # late: features import the pipeline
    from .covenants import SPECS as COVENANT_SPECS
    from .forms import read_forms
    from .ledger import SPENDING
    from .progress import SPECS as PROGRESS_SPECS

    specs = [*HUB_TABLES, *CSV_TABLES]
    specs += CONSULTATION_SPECS.values()
    specs.append(SPENDING)
    # As forms/records.py checks them: records kept in a CSV file of their own; the others are listed already.
    if forms is None:
        forms, _ = read_forms(data_dir)  # its problems are `check`'s to report
    known = {spec.name for spec in specs}
    for form in forms.values():
        if form.online and form.store.endswith(".csv") and form.schema_name not in known:
            specs.append(TableSpec(form.schema_name, form.title.removesuffix("表"), form.store))
            known.add(form.schema_name)
    specs += PROGRESS_SPECS.values()
    specs += COVENANT_SPECS.values()
    files = list(dict.fromkeys([*_FIRST_FILES, *(spec.file for spec in specs)]))
    return sorted(specs, key=lambda spec: files.index(spec.file))  # stable: a file's tables keep their order


def place_of(spec: TableSpec) -> Place:
    """Where the rows of a table are written."""
    if spec.name in _PLACES:
        return _PLACES[spec.name]
    if spec.file.endswith(".csv"):
        return Place((), ROWS)
    return Place((spec.name,), MAPPING if spec.single else LIST)


def select_tables(specs: list[TableSpec], name: str) -> list[TableSpec]:
    """The tables a name asks for: a file (points、points.csv、data/points.csv), a table (stations) or a title (友邻站)."""
    wanted = name.strip().casefold()
    return [spec for spec in specs if wanted in _names(spec)]


def tables_mentioning(specs: list[TableSpec], word: str) -> list[TableSpec]:
    """The tables whose title, description or a field's name or title has `word` in it (支出, 电话, phone).

    For a name `select_tables` does not know: a clerk often asks by what the table records, not its name.
    """
    wanted = word.strip().casefold()
    if not wanted:
        return []
    return [spec for spec in specs if any(wanted in text.casefold() for text in _words(spec))]


def _words(spec: TableSpec) -> list[str]:
    schema = table_schema(spec.name)
    texts = [spec.title, schema.get("title", ""), schema.get("description", "")]
    for field in schema["fields"]:
        texts += [field["name"], field.get("title", "")]
    return texts


def _names(spec: TableSpec) -> set[str]:
    file = Path(spec.file)
    names = {spec.name, spec.title, table_schema(spec.name).get("title", ""), spec.file, spec.file.rstrip("/"),
             file.name, file.stem}
    return {n.casefold() for n in names if n}


def known_names(specs: list[TableSpec]) -> str:
    """The names `select_tables` knows, a line per file, for a clerk who mistyped one."""
    lines = []
    for file, tables in by_file(specs):
        listed = "、".join(f"{spec.name}（{spec.title}）" for spec in tables)
        lines.append(f"  {file}：{listed}")
    return "\n".join(lines)


def by_file(specs: list[TableSpec]) -> list[tuple[str, list[TableSpec]]]:
    """The tables by their file, the files in the order of their first table."""
    groups: dict[str, list[TableSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.file, []).append(spec)
    return list(groups.items())


def field_reference(specs: list[TableSpec]) -> str:
    """The Markdown reference of these tables, grouped by file in the order given."""
    out = [
        "# 数据字段参考",
        "",
        "由生成器的表结构（`generator/schemas/`）生成，与 `python -m generator check` 的检查一致。",
        LEGEND,
    ]
    for file, tables in by_file(specs):
        out += ["", f"## {file}（{file_presence(file)}）", "", *file_reference(file, tables)]
    return "\n".join(out) + "\n"


def file_presence(file: str) -> str:
    """Whether every project has the file: 必须有, or 可以没有 for a feature's."""
    return "必须有" if file in _REQUIRED_FILES else "可以没有"


def file_reference(file: str, tables: list[TableSpec], level: int = 3, cards: bool = False) -> list[str]:
    """A file's part of the reference, its lines: how the file is written, then each table, headed at `level`.

    `cards` is for the site's pages of the reference (opendata/fields.py): each table in a .yl-stack block and each
    of a row's cells after the field's name behind its column's label, so that on a phone a field is a card
    (cards.css) rather than six columns behind a sideways swipe.
    """
    lines = [_file_note(file)]
    for spec in tables:
        lines += ["", *_table_section(spec, level, cards)]
    return lines


def tables_in_use(specs: list[TableSpec], root: Path) -> list[TableSpec]:
    """The tables of the files a project has: the network's, which every project has, and each optional file there.

    A street that holds no meetings has no data/meetings.yaml, and a reference listing it would only puzzle its
    office. A folder (content/covenants/) counts when it holds a Markdown file, as the covenants feature reads them.
    """
    def present(file: str) -> bool:
        path = root / file
        return path.is_file() or (path.is_dir() and any(path.glob("*.md")))

    return [spec for spec in specs if spec.file in _REQUIRED_FILES or present(spec.file)]


def _file_note(file: str) -> str:
    if file.endswith(".csv"):
        return "CSV 文件（用 WPS/Excel 编辑时保存为“CSV UTF-8”）：第一行是表头，写下表的字段名；之后每行一条。"
    if file.endswith(".yaml"):
        return ("YAML 文件：缩进只能用空格；日期、时间、电话和全是数字的编号加英文引号，如 \"2019-01-08\"。"
                "列表的每一项以“- ”开头，键值表每行写一个“字段名: 值”。")
    return "每份公约一个 Markdown 文件，开头两行 --- 之间写公约信息（YAML），之后是条文；见 README“居民公约”。"


def _table_section(spec: TableSpec, level: int = 3, cards: bool = False) -> list[str]:
    schema = table_schema(spec.name)
    lines = [f"{'#' * level} {spec.title}（{spec.name}）", "", f"位置：{_place_words(spec)}"]
    if schema.get("description"):
        lines += ["", schema["description"]]
    unpublished = published_words(schema)
    if unpublished:
        lines += ["", unpublished]
    rows = [[_cell(c) for c in _field_row(spec, schema, field)] for field in schema["fields"]]
    if cards:
        rows = [[row[0], *(_labelled(label, cell) for label, cell in zip(CARD_LABELS, row[1:]))] for row in rows]
    table = [HEADER, "|---|---|---|---|---|---|", *("| " + " | ".join(row) + " |" for row in rows)]
    if cards:
        table = ['<div class="yl-stack yl-fields" markdown>', "", *table, "", "</div>"]
    return [*lines, "", *table]


def _labelled(label: str, cell: str) -> str:
    # An empty cell stays empty: its card leaves the line out (cards.css, td:empty). An example's time range
    # (每周二 9:00-11:00) is kept whole, as the site keeps the hubs' own.
    return f'<span class="yl-stack__label">{label}</span>{whole_in_markdown(cell)}' if cell else cell


def unpublished_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of a table the site never shows (`"published": false`)."""
    return [f for f in schema["fields"] if not is_published(f)]


def published_words(schema: dict[str, Any]) -> str:
    """Which of a table's fields the site never shows, in a sentence; "" when it may show them all."""
    hidden = unpublished_fields(schema)
    if not hidden:
        return ""
    if len(hidden) == len(schema["fields"]):
        return f"{NOT_PUBLISHED}：这张表的内容只留在数据文件里，不会出现在网站上。"
    names = "、".join(f"`{f['name']}`" for f in hidden)
    return f"{NOT_PUBLISHED}：{names} 只留在数据文件里，不会出现在网站上。"


def _place_words(spec: TableSpec) -> str:
    place = place_of(spec)
    file = place.file or spec.file
    if place.shape == ROWS:
        return f"`{file}`，每行一条"
    if not place.path:
        return f"`{file}` 开头的 --- 之间，一个键值表"
    keys = " 的每一项 → ".join(f"`{key}`" for key in place.path)
    shape = {MAPPING: "一个键值表", LIST: "一个列表，每项是下表字段组成的键值表",
             NAMES: "一个列表，每项只写名称，即下表的 name"}[place.shape]
    return f"`{file}` → {keys}（{shape}）"


def _field_row(spec: TableSpec, schema: dict[str, Any], field: dict[str, Any]) -> list[str]:
    filled_from = FILLED_IN.get((spec.name, field["name"]))
    constraints = field.get("constraints", {})
    required = AUTOMATIC if filled_from else REQUIRED if constraints.get("required") else OPTIONAL
    notes = [f"不用写，由生成器填上：{filled_from}"] if filled_from else []
    if field.get("description"):
        notes.append(field["description"])
    if not filled_from:
        notes += _key_notes(schema, field["name"])
    return [f"`{field['name']}`", field["title"], required, field_format(field), "、".join(allowed_values(field)),
            "；".join(notes)]


def field_format(field: dict[str, Any]) -> str:
    """A field's type and format in the words of the checks, with its limits."""
    constraints = field.get("constraints", {})
    pattern = constraints.get("pattern")
    if pattern is not None:
        words = _PATTERNS.get(pattern, UNWORDED_PATTERN)
    elif "enum" in constraints:
        words = "可选值之一"
    elif field["type"] == "list":
        words = f"多个用“{field.get('delimiter', ',')}”隔开"
    elif field["type"] == "array":
        words = "列表（每项以 - 开头）"
    else:
        words = TYPE_NAMES.get(field["type"], field["type"])
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if low is not None and high is not None:
        words += f"，{low} 到 {high}"
    elif low is not None:
        words += f"，不小于 {low}"
    elif high is not None:
        words += f"，不大于 {high}"
    if "minLength" in constraints:
        words += f"，至少 {constraints['minLength']} 个字"
    if "maxLength" in constraints:
        words += f"，最多 {constraints['maxLength']} 个字"
    return words


def allowed_values(field: dict[str, Any]) -> list[str]:
    """The values a field takes, when they are few: its enum, or a yes/no field's two words."""
    if field["type"] == "boolean":
        return [*field.get("trueValues", ["true"])[:1], *field.get("falseValues", ["false"])[:1]]
    return [str(value) for value in field.get("constraints", {}).get("enum", ())]


def _key_notes(schema: dict[str, Any], name: str) -> list[str]:
    notes = []
    key = schema.get("primaryKey") or []
    titles = {f["name"]: f["title"] for f in schema["fields"]}
    if key == [name]:
        notes.append("不能重复")
    elif name in key:
        others = "、".join(f"“{titles[k]}”" for k in key if k != name)
        notes.append(f"与{others}合起来不能重复")
    for foreign in schema.get("foreignKeys", []):
        if name in foreign["fields"]:
            target = foreign["reference"]["resource"]
            spec = TABLES.get(target)  # the network's tables; the features' keys are filled in (FILLED_IN)
            title = spec.title if spec else table_schema(target).get("title", target)
            fields = {f["name"]: f["title"] for f in table_schema(target)["fields"]}
            what = "、".join(fields.get(k, k) for k in foreign["reference"]["fields"])
            notes.append(f"必须是已有{title}的{what}" + (f"（见 {spec.file}）" if spec else ""))
    return notes


def _cell(text: str) -> str:
    # A | would end the cell, a line break the row.
    return " ".join(text.split("\n")).replace("|", "\\|")
