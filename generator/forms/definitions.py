"""Form definitions: a Table Schema for the record, plus a small form layer.

Each form is defined once, in ``generator/forms/definitions/<id>.yaml``: which
Table Schema in ``generator/schemas/`` its records follow and which data file they
go to, then the form layer — title, introduction, field labels and hints, their
order in groups, a "show this if that answer" rule, the hub tiers that use it, and
what the printed sheet adds (signature lines, numbered rows). A street may replace
a form's layer with ``data/forms/<id>.yaml`` (same keys); the schema and the data
file stay the generator's, because other features read those files.

A form that serves another feature says so: ``needs`` lists what the site must have
(`FEATURES`) for the form to be offered at all, and a sentence of its ``destination``
(then a list of sentences, some ``{text, needs}``) may need something of its own. So a
site without topics, a ledger or meetings neither offers forms for them nor speaks
of them. A street's definition without ``needs`` keeps the shipped form's: what a form
is for does not change with its wording.

The same `FormDef` (model.py) drives the web form, the printed form and the intake check.
Definitions are checked like any data: unknown keys, fields not in the schema,
required fields left out, show-if rules naming missing fields or answers, a counted
sheet (``tally``) with more rows than one printed page holds, a sheet with no column to sign
in. A sheet another feature prints and counts (`COUNTED_SHEETS`: the covenants' sign sheet)
stays a counted sheet in a street's copy, which is what that feature prints.
"""

from __future__ import annotations

import copy
from pathlib import Path

from ..problems import Problem, Severity, problem
from ..tables import shape_name, table_schema
from ..yamlfiles import YamlDocument, read_yaml
from . import messages  # noqa: F401  (registers the feature's problem codes)
from .model import TIERS, Column, FormDef, FormField, Group, ShowIf
from .reader import DefinitionReader

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
OVERRIDE_DIR = "data/forms"
WIDGETS = ("text", "textarea", "radios", "select", "date", "number", "tel", "hidden")
KINDS = ("record", "sheet")
# The order forms are listed in: the resident's first, then the office's.
ORDER = ("topic", "evaluation", "signin", "covenant", "spending", "application")
# What a form or a sentence of its destination may need the site to have (`needs`), found when the forms are loaded
# (see forms/__init__.py, `site_features`).
FEATURES = {
    "topic-categories": "议题分类（data/topics.yaml 的 categories）",
    "topics": "议题（data/topics.yaml 的 topics）",
    "meetings": "会议（data/meetings.yaml 的会议类型）",
    "ledger": "补助台账（data/spending.csv，或导航中的补助台账页）",
    "covenants": "居民公约（content/covenants/）",
}

_RECORD_KEYS = ("title", "intro", "destination", "needs", "kind", "schema", "store", "tiers", "hub_field", "date_field",
                "id_prefix", "id_digits", "unique", "groups", "print")
_SHEET_KEYS = ("title", "intro", "destination", "needs", "kind", "tiers", "header", "columns", "rows", "tally")
# The most rows one printed A4 sheet holds under a sign sheet's heading: a counted sheet (`tally`) is one page each
# copy, its rows counted from 1, and a second page would go uncounted. The most a covenant's own `sheet_rows` may ask
# for (its schema's maximum), and the shipped covenant sheet's rows (a test keeps the two equal).
SHEET_ROWS = next(field["constraints"]["maximum"] for field in table_schema("covenants")["fields"]
                  if field["name"] == "sheet_rows")
# Sheets another feature prints and adds up copy by copy, by form id: the covenants feature prints the covenant form's
# sheet for every covenant and scope (`CovenantFeature.use_sheet`), and its copies are counted by their `tally`.
COUNTED_SHEETS = ("covenant",)
_SENTENCE_KEYS = ("text", "needs")
_FIELD_KEYS = ("name", "label", "hint", "widget", "show_if", "choices")
_GROUP_KEYS = ("legend", "fields")
_PRINT_KEYS = ("signatures",)
_SHOW_IF_KEYS = ("field", "equals")
_ID_FIELD = "id"  # assigned at intake, never typed by the resident


def load_definitions(data_dir: Path, choices: dict[str, tuple[str, ...]] | None = None,
                     features: frozenset[str] | None = None,
                     shipped_dir: Path = DEFINITIONS_DIR) -> tuple[dict[str, FormDef], list[Problem]]:
    """Every form the site has what it needs for, shipped or replaced by the street's ``data/forms/<id>.yaml``.

    `choices` are answer lists that come from the data (topic categories), by the
    name a field's ``choices`` refers to them; `features` are what the site has (of
    `FEATURES`), None for all of them.
    """
    choices = choices or {}
    problems: list[Problem] = []
    shipped = {path.stem: path for path in sorted(shipped_dir.glob("*.yaml"),
                                                  key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))}
    overrides = {}
    override_dir = data_dir / Path(OVERRIDE_DIR).name
    if override_dir.is_dir():
        for path in sorted(override_dir.glob("*.yaml")):
            rel = f"{OVERRIDE_DIR}/{path.name}"
            if path.stem not in shipped:
                problems.append(problem("form-unknown", rel, None, found=path.stem, expected=sorted(shipped)))
                continue
            overrides[path.stem] = (path, rel)
    forms = {}
    for form_id, shipped_path in shipped.items():
        path, rel = overrides.get(form_id, (shipped_path, f"generator/forms/definitions/{shipped_path.name}"))
        document, found = read_yaml(path, rel)
        problems += found
        if document is None or any(p.is_error for p in found):
            continue  # a warning (a value cut short by " #") still leaves the form
        needs = _shipped_needs(shipped_path) if path != shipped_path else ()
        form, found = parse_definition(form_id, document, choices, features, needs)
        problems += found
        if form is not None and not any(p.is_error for p in found):
            forms[form_id] = form
        elif form is None and not found and isinstance(document.data, dict):
            problems += _records_not_used(data_dir, document, needs, features)
    return forms, problems


def record_files(data_dir: Path, shipped_dir: Path = DEFINITIONS_DIR) -> tuple[str, ...]:
    """The data files forms keep their records in (`store`), whether or not the site uses the form.

    A street's own definition may keep its records elsewhere; a definition that cannot be read names none.
    """
    paths = {path.stem: path for path in shipped_dir.glob("*.yaml")}
    override_dir = data_dir / Path(OVERRIDE_DIR).name
    if override_dir.is_dir():
        paths.update((path.stem, path) for path in override_dir.glob("*.yaml") if path.stem in paths)
    stores = []
    for form_id, path in sorted(paths.items()):
        document, _ = read_yaml(path, form_id)
        store = document.get(("store",)) if document is not None else None
        if isinstance(store, str):
            stores.append(store)
    return tuple(stores)


def _records_not_used(data_dir: Path, document: YamlDocument, needs: tuple[str, ...],
                      features: frozenset[str] | None) -> list[Problem]:
    """For a form the site lacks what it needs for: a warning if its CSV of records is kept all the same.

    Such records (evaluations.csv without topics) are neither checked nor used, and nothing else would say
    so: the file's name is one the generator knows (see datafolder.py).
    """
    store, title = document.get(("store",)), document.get(("title",))
    if "needs" in document.data:
        needs = document.get(("needs",))
    missing = [FEATURES[name] for name in needs if isinstance(name, str) and name in FEATURES
               and features is not None and name not in features] if isinstance(needs, (list, tuple)) else []
    if not (missing and isinstance(store, str) and store.endswith(".csv") and (data_dir / Path(store).name).is_file()):
        return []
    return [problem("form-records-not-used", store, None, found=title if isinstance(title, str) else store,
                    expected="、".join(missing), severity=Severity.WARNING)]


def _shipped_needs(path: Path) -> tuple[str, ...]:
    """What the shipped form needs: the default of a street's definition of it."""
    document, _ = read_yaml(path, path.name)
    return tuple(document.get(("needs",)) or ()) if document is not None and isinstance(document.data, dict) else ()


def shipped_definition(form_id: str) -> FormDef:
    """A shipped definition as it is, every sentence kept (for features that print its sheet, like covenants)."""
    document, problems = read_yaml(DEFINITIONS_DIR / f"{form_id}.yaml", f"generator/forms/definitions/{form_id}.yaml")
    form, found = parse_definition(form_id, document, {})
    assert form is not None and not problems and not found, (problems, found)
    return form


def parse_definition(form_id: str, document: YamlDocument, choices: dict[str, tuple[str, ...]],
                     features: frozenset[str] | None = None,
                     needs: tuple[str, ...] = ()) -> tuple[FormDef | None, list[Problem]]:
    """One form from its definition document; None, with no problem, where the site lacks what it needs.

    `features` are what the site has (None: everything); `needs` what the form needs if the document does not say.
    """
    reader = DefinitionReader(document, f"表单 {form_id} ")
    data = document.data if isinstance(document.data, dict) else {}
    kind = data.get("kind", "record")
    if kind not in KINDS:
        reader.bad_value(("kind",), "kind", kind, "record（填写后收录的表）或 sheet（纸质的签名表）")
        return None, reader.problems
    if form_id in COUNTED_SHEETS and kind != "sheet":
        reader.bad_value(("kind",), "kind", kind, "sheet（这张签名表按张打印、按张计数，不能改成填写后收录的表）")
        return None, reader.problems
    top = reader.keys((), _RECORD_KEYS if kind == "record" else _SHEET_KEYS, f"表单 {form_id} ")
    if "needs" in top:
        needs = reader.names(top, (), "needs", FEATURES)
    if not _has(features, needs):
        # Not checked further: the topic form's choices, the topic categories, are what it needs.
        return None, reader.problems
    title = reader.text(top, (), "title", required=True)
    intro = reader.text(top, (), "intro")
    destination = _destination(reader, top, features)
    tiers = reader.texts(top, (), "tiers")
    for i, tier in enumerate(tiers):
        if tier not in TIERS:
            reader.bad_value(("tiers", i), "tiers", tier, "、".join(TIERS))
    if kind == "sheet":
        columns = []
        value = top.get("columns")
        if not isinstance(value, list) or not value:
            reader.problems.append(problem("form-key-missing", document.rel, 1, subject=reader.subject,
                                           found="columns", hint="写出签名表的各列（label、width）"))
            value = []
        for i in range(len(value)):
            column = reader.keys(("columns", i), ("label", "width"), f"表单 {form_id} 的第 {i + 1} 列")
            columns.append(Column(reader.text(column, ("columns", i), "label", required=True),
                                  reader.number(column, ("columns", i), "width", 20)))
        form = FormDef(form_id, title, intro, kind, tiers, document.rel, destination, header=reader.texts(top, (), "header"),
                       columns=tuple(columns), rows=reader.number(top, (), "rows", SHEET_ROWS),
                       tally=reader.text(top, (), "tally") or "")
        if form.tally and form.rows > SHEET_ROWS:
            reader.problems.append(problem("form-sheet-rows", document.rel, reader.line(("rows",)),
                                           subject=reader.subject, found=form.rows, expected=SHEET_ROWS))
        if form_id in COUNTED_SHEETS and not form.tally:
            reader.problems.append(problem("form-key-missing", document.rel, reader.line(("tally",)),
                                           subject=reader.subject, found="tally",
                                           hint="这张签名表按张计数，写上每张表下要填的数，如 tally: 本张签约＿＿＿户（每户一行）"))
        # The first column is printed with the rows' numbers (_form_sheet_table.md.j2): residents write in the others.
        if len(columns) == 1:
            reader.problems.append(problem("form-sheet-columns", document.rel, reader.line(("columns",)),
                                           subject=reader.subject, found=columns[0].label))
        return form, reader.problems
    schema_name = reader.text(top, (), "schema", required=True, hint="写上记录的表结构名称，如 schema: spending")
    try:
        schema = table_schema(schema_name) if schema_name else None
    except FileNotFoundError:
        reader.bad_value(("schema",), "schema", schema_name, "generator/schemas/ 中某个表结构的名称")
        schema = None
    if schema is None:
        return None, reader.problems
    by_name = {f["name"]: f for f in schema["fields"]}
    groups = _groups(reader, top, by_name, schema_name, choices)
    names = [f.name for g in groups for f in g.fields]
    for key in ("hub_field", "date_field"):
        value = reader.text(top, (), key, required=True)
        if value and value not in names:
            reader.bad_value((key,), key, value, f"表单中的一个字段（{'、'.join(names)}）")
    for i, name in enumerate(reader.texts(top, (), "unique")):
        if name not in names:
            reader.bad_value(("unique", i), "unique", name, f"表单中的一个字段（{'、'.join(names)}）")
    missing = [name for name, f in by_name.items()
               if f.get("constraints", {}).get("required") and name != _ID_FIELD and name not in names]
    if missing:
        reader.problems.append(problem("form-field-missing", document.rel, reader.line(("groups",)),
                                       subject=reader.subject, found=missing, schema=schema_name, id_field=_ID_FIELD))
    _check_show_if(reader, groups)
    printing = reader.keys(("print",), _PRINT_KEYS, f"表单 {form_id} 的 print") if "print" in top else {}
    store = reader.text(top, (), "store", required=True)
    if store and not (store.startswith("data/") and store.endswith((".csv", ".yaml"))):
        reader.bad_value(("store",), "store", store, "data/ 下的 .csv 或 .yaml 文件")
    prefix = reader.text(top, (), "id_prefix", required=True)
    if prefix and not (prefix.isascii() and prefix.isalpha()):
        reader.bad_value(("id_prefix",), "id_prefix", prefix, "英文字母，如 T")
    form = FormDef(
        form_id, title, intro, kind, tiers, document.rel, destination, schema_name=schema_name, store=store,
        hub_field=top.get("hub_field", ""), date_field=top.get("date_field", ""), id_prefix=prefix,
        id_digits=reader.number(top, (), "id_digits", 3), unique=reader.texts(top, (), "unique"),
        groups=tuple(groups), signatures=reader.texts(printing, ("print",), "signatures") if printing else (),
    )
    return form, reader.problems


def _has(features: frozenset[str] | None, needs: tuple[str, ...]) -> bool:
    return features is None or set(needs) <= features


def _destination(reader: DefinitionReader, top: dict, features: frozenset[str] | None) -> str:
    """What happens to the form once handed in: one text, or sentences of which only those the site makes true are kept."""
    value = top.get("destination")
    if not isinstance(value, list):
        return reader.text(top, (), "destination")
    kept = []
    for i, item in enumerate(value):
        path = ("destination", i)
        sentence = {"text": item} if isinstance(item, str) else reader.keys(
            path, _SENTENCE_KEYS, f"{reader.subject}的 destination 第 {i + 1} 句")
        text = reader.text(sentence, path, "text", required=True, hint="写成一段文字，或 {text: …, needs: [...]}")
        if text and _has(features, reader.names(sentence, path, "needs", FEATURES)):
            kept.append(text)
    return "；".join(kept)


def _groups(reader: DefinitionReader, top: dict, by_name: dict, schema_name: str,
            choices: dict[str, tuple[str, ...]]) -> list[Group]:
    value = top.get("groups")
    if not isinstance(value, list):
        reader.problems.append(problem("yaml-shape", reader.doc.rel, reader.line(("groups",)),
                                       subject=f"{reader.subject}的 groups", expected="列表（每组有 legend 和 fields）",
                                       found=shape_name(value)))
        return []
    groups, seen = [], set()
    for i in range(len(value)):
        group = reader.keys(("groups", i), _GROUP_KEYS, f"{reader.subject}的第 {i + 1} 组")
        fields = []
        items = group.get("fields")
        if not isinstance(items, list):
            reader.problems.append(problem("yaml-shape", reader.doc.rel, reader.line(("groups", i, "fields")),
                                           subject=f"{reader.subject}的第 {i + 1} 组的 fields",
                                           expected="列表（每项是一个字段）", found=shape_name(items)))
            items = []
        for j, item in enumerate(items):
            path = ("groups", i, "fields", j)
            spec = {"name": item} if isinstance(item, str) else reader.keys(path, _FIELD_KEYS, f"{reader.subject}的字段")
            name = spec.get("name")
            if name not in by_name or name == _ID_FIELD:
                reader.problems.append(problem(
                    "form-field-unknown", reader.doc.rel, reader.line(path), subject=reader.subject,
                    found=name, schema=schema_name, expected="、".join(n for n in by_name if n != _ID_FIELD)))
                continue
            if name in seen:
                reader.problems.append(problem("form-field-twice", reader.doc.rel, reader.line(path),
                                               subject=reader.subject, found=name))
                continue
            seen.add(name)
            fields.append(_field(reader, path, spec, by_name[name], choices))
        groups.append(Group(reader.text(group, ("groups", i), "legend", required=True), tuple(fields)))
    return groups


def _field(reader: DefinitionReader, path: tuple, spec: dict, base: dict, choices: dict[str, tuple[str, ...]]) -> FormField:
    schema = copy.deepcopy(base)
    constraints = schema.setdefault("constraints", {})
    source = reader.text(spec, path, "choices")
    if source:
        if source in choices:
            constraints["enum"] = list(choices[source])
        else:
            reader.bad_value(path + ("choices",), "choices", source, "、".join(choices) or "（没有可用的选项表）")
    if not constraints:
        schema.pop("constraints")
    widget = reader.text(spec, path, "widget") or _default_widget(schema)
    if widget not in WIDGETS:
        reader.bad_value(path + ("widget",), "widget", widget, "、".join(WIDGETS))
        widget = "text"
    if widget in ("radios", "select") and not constraints.get("enum") and schema["type"] != "boolean":
        reader.bad_value(path + ("widget",), "widget", widget, "text 或 textarea（这个字段没有可选值）")
        widget = "text"
    show_if = None
    if "show_if" in spec:
        rule = reader.keys(path + ("show_if",), _SHOW_IF_KEYS, f"{reader.subject}字段 {spec['name']} 的 show_if")
        equals = rule.get("equals")
        values = (equals,) if isinstance(equals, str) else tuple(equals) if isinstance(equals, list) else ()
        show_if = ShowIf(rule.get("field", ""), values) if rule else None
    return FormField(
        name=schema["name"],
        label=reader.text(spec, path, "label") or schema.get("title", schema["name"]),
        hint=reader.text(spec, path, "hint") or schema.get("description", ""),
        widget=widget,
        required=bool(constraints.get("required")),
        schema=schema,
        show_if=show_if,
    )


def _default_widget(schema: dict) -> str:
    enum = schema.get("constraints", {}).get("enum")
    if schema["type"] == "boolean":
        return "radios"
    if enum:
        return "radios" if len(enum) <= 5 else "select"
    return {"date": "date", "integer": "number", "number": "number"}.get(schema["type"], "text")


def _check_show_if(reader: DefinitionReader, groups: list[Group]) -> None:
    """A rule names an earlier field with answers to choose from, one of its answers, and a field that may be empty."""
    earlier: dict[str, FormField] = {}
    for i, group in enumerate(groups):
        for field in group.fields:
            rule = field.show_if
            if rule is not None:
                path = _field_path(reader, field.name) + ("show_if",)
                target = earlier.get(rule.field)
                if target is None:
                    reader.problems.append(problem(
                        "form-show-if", reader.doc.rel, reader.line(path), subject=f"{reader.subject}字段 {field.name} ",
                        reason=f"引用的字段「{rule.field}」不在它前面",
                        hint="show_if 的 field 写这个字段前面的、有可选答案的字段名"))
                elif not rule.values or any(v not in target.options for v in rule.values):
                    reader.problems.append(problem(
                        "form-show-if", reader.doc.rel, reader.line(path), subject=f"{reader.subject}字段 {field.name} ",
                        reason=f"的答案「{'、'.join(rule.values) or '（空）'}」不是 {rule.field} 的可选答案",
                        hint=f"equals 可选：{'、'.join(target.options) or '（这个字段没有可选答案）'}"))
                if field.required:
                    reader.problems.append(problem(
                        "form-show-if", reader.doc.rel, reader.line(path), subject=f"{reader.subject}字段 {field.name} ",
                        reason="用在了必填的字段上",
                        hint="有时不显示的字段不能必填：请在表结构中去掉 required，或删除 show_if"))
            earlier[field.name] = field


def _field_path(reader: DefinitionReader, name: str) -> tuple:
    for i, group in enumerate(reader.doc.get(("groups",)) or []):
        for j, item in enumerate((group or {}).get("fields") or [] if isinstance(group, dict) else []):
            if item == name or (isinstance(item, dict) and item.get("name") == name):
                return ("groups", i, "fields", j)
    return ("groups",)
