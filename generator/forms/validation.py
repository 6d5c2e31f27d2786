"""Checking one submitted record against its form, and the same rules for the browser.

Python checks a record with frictionless against the form's Table Schema, like
every table of the project. The browser cannot run frictionless, so the build
writes each form's rules as JSON (`browser_spec`): the Table Schema fields, the
form layer, and for every constraint the Chinese message both sides show. One
small hand-written script (theme/assets/javascripts/forms.js) interprets it;
tests run a shared table of values through both and require the same answers.

One message per field, the first failing rule in `RULES` order, as a person
fixing the form needs it (GOV.UK: one error per field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import FormDef, FormField, asked, is_question

RULES = ("required", "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum")
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
# A constant extra column: frictionless reports an all-empty row as "blank row" instead of
# naming the required fields, and a resident may well submit an empty form.
_SENTINEL = "_row"


@dataclass(frozen=True)
class FieldError:
    field: str
    rule: str  # one of RULES
    message: str


def field_messages(field: FormField) -> dict[str, str]:
    """The message for each rule the field has, as the resident reads it beside the field.

    A label that names a thing is the sentence's subject (请填写联系电话, 联系电话的格式不对); one that asks a
    question is asked whole, with its question mark, before what to do (请选择：您对办理结果满意吗？)."""
    label, schema = field.label, field.schema
    question = is_question(label)
    subject = asked(label) if question else label  # what a message about the answer begins with
    of = subject if question else f"{label}的"  # 联系电话的格式不对; 您的电话是多少？格式不对
    constraints = schema.get("constraints", {})
    choose = field.widget in ("radios", "select")
    verb = "选择" if choose else "填写"
    messages = {"required": f"请{verb}：{subject}" if question else f"请{verb}{label}"}
    kind = schema["type"]
    if kind == "date":
        # The example the field's hint gives, so the hint and the message agree.
        example = re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", field.hint or "")
        messages["type"] = f"{subject}要写成年-月-日，如 {example.group(0) if example else '2018-03-15'}"
    elif kind == "integer":
        messages["type"] = f"{subject}要填整数，如 12"
    elif kind == "number":
        messages["type"] = f"{subject}要填数字，如 12.5"
    elif kind == "boolean":
        messages["type"] = f"{subject}请选择：{'或'.join(field.options)}"
    if "enum" in constraints:
        messages["enum"] = f"{subject}请从这几项中选择：{'、'.join(constraints['enum'])}"
    if "pattern" in constraints:
        messages["pattern"] = f"{of}格式不对" + (f"：{field.hint}" if field.hint else "")
    if "minLength" in constraints:
        messages["minLength"] = f"{subject}至少要写 {constraints['minLength']} 个字"
    if "maxLength" in constraints:
        messages["maxLength"] = f"{subject}最多写 {constraints['maxLength']} 个字"
    if "minimum" in constraints:
        messages["minimum"] = f"{subject}不能小于 {constraints['minimum']}"
    if "maximum" in constraints:
        messages["maximum"] = f"{subject}不能大于 {constraints['maximum']}"
    return messages


def shown(form: FormDef, values: dict[str, str | None]) -> set[str]:
    """The fields a resident sees given the answers: a show-if field only when its rule holds."""
    return {f.name for f in form.fields if f.show_if is None or values.get(f.show_if.field) in f.show_if.values}


def cell_text(field: FormField, value: Any) -> str | None:
    """A submitted value as the text of a CSV cell; JSON's true/false and numbers become their text."""
    if value is None:
        return None
    if isinstance(value, bool) and field.schema["type"] == "boolean":
        options = field.options
        return options[0] if value else options[1]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value).strip()
    if field.schema["type"] in ("date", "integer", "number"):
        text = text.translate(_FULL_WIDTH)
    return text or None


# Full-width digits, minus and point, as a Chinese input method types them (forms.js does the same).
_FULL_WIDTH = {0xFF10 + d: 0x30 + d for d in range(10)} | {0xFF0D: 0x2D, 0xFF0E: 0x2E}


def clean_record(form: FormDef, values: dict[str, Any]) -> dict[str, str | None]:
    """Submitted values as CSV texts, fields the resident did not see (show-if) left empty."""
    cells = {f.name: cell_text(f, values.get(f.name)) for f in form.fields}
    visible = shown(form, cells)
    return {name: (text if name in visible else None) for name, text in cells.items()}


def check_record(form: FormDef, values: dict[str, Any]) -> list[FieldError]:
    """Every field's first failing rule, in the form's order, for values as submitted (texts or JSON values)."""
    from frictionless import Resource, Schema  # here: `check` and `build` never check a form's record

    fields = form.fields
    cells = clean_record(form, values)
    header = [f.name for f in fields] + [_SENTINEL]
    row = [cells[f.name] for f in fields] + ["1"]
    schema = Schema.from_descriptor({"fields": [f.schema for f in fields] + [{"name": _SENTINEL, "type": "string"}]})
    found: dict[str, set[str]] = {}
    with Resource(data=[header, row], schema=schema) as resource:
        for checked in resource.row_stream:
            for error in checked.errors:
                name = getattr(error, "field_name", None)
                if error.type == "type-error":
                    found.setdefault(name, set()).add("type")
                elif error.type == "constraint-error":
                    match = _CONSTRAINT.search(error.note)
                    if match:
                        found.setdefault(name, set()).add(match.group(1))
    errors = []
    for field in fields:
        rules = found.get(field.name, set())
        rule = next((r for r in RULES if r in rules), None)
        if rule is not None:
            errors.append(FieldError(field.name, rule, field_messages(field)[rule]))
    return errors


# ---------------------------------------------------------------- what the build publishes


def browser_spec(form: FormDef, endpoint: str | None) -> dict:
    """The form's rules and messages for the browser's validator (embedded in the form page)."""
    return {
        "id": form.id,
        "title": form.title,
        "hub_field": form.hub_field,
        "date_field": form.date_field,
        "endpoint": endpoint,
        "fields": [
            {
                "name": f.name,
                "label": f.label,
                "type": f.schema["type"],
                "widget": f.widget,
                "constraints": f.schema.get("constraints", {}),
                **({"trueValues": list(f.options[:1]), "falseValues": list(f.options[1:])}
                   if f.schema["type"] == "boolean" else {}),
                "show_if": {"field": f.show_if.field, "values": list(f.show_if.values)} if f.show_if else None,
                "messages": field_messages(f),
            }
            for f in form.fields
        ],
    }


def json_schema(form: FormDef, site_url: str | None) -> dict:
    """A JSON Schema (2020-12) of what the form POSTs: ``{"form": id, "record": {...}}``."""
    properties, required = {}, []
    for f in form.fields:
        constraints = f.schema.get("constraints", {})
        kind = f.schema["type"]
        prop: dict[str, Any] = {"title": f.schema.get("title", f.name)}
        if f.schema.get("description"):
            prop["description"] = f.schema["description"]
        if kind == "boolean":
            prop["type"] = "boolean"
        elif kind in ("integer", "number"):
            prop["type"] = kind
            prop.update({k: constraints[k] for k in ("minimum", "maximum") if k in constraints})
        else:
            prop["type"] = "string"
            if kind == "date":
                prop["format"] = "date"
            for key in ("pattern", "minLength", "maxLength", "enum"):
                if key in constraints:
                    prop[key] = constraints[key]
        properties[f.name] = prop
        if constraints.get("required"):
            required.append(f.name)
    base = (site_url or "").rstrip("/")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **({"$id": f"{base}/forms/{form.id}/schema.json"} if base else {}),
        "title": form.title,
        "type": "object",
        "required": ["form", "record"],
        "properties": {
            "form": {"const": form.id},
            "submitted": {"type": "string", "description": "提交时间（浏览器时钟，ISO 8601）"},
            "record": {"type": "object", "required": required, "properties": properties,
                       "additionalProperties": False},
        },
    }
