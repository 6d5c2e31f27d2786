"""What a form is, once its definition is read (see definitions.py): the web form, the printed
sheet and the intake check are all made from a `FormDef`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import TIER_NAMES
from ..tables import table_schema

TIERS = TIER_NAMES  # the hubs a form may be for, by tier, as residents call them

# A label that asks (您对办理结果满意吗, 属于哪一类, 是否公开…) rather than names a thing (联系电话): glued into a
# sentence as a noun it reads wrong (请选择您对办理结果满意吗), so messages quote it as the question it is.
_QUESTION = re.compile(r"[吗呢么？?]$|是否|哪|什么|多少|怎么|如何")


def is_question(label: str) -> bool:
    return bool(_QUESTION.search(label))


def asked(label: str) -> str:
    """A question-shaped label as a question, ending with its question mark (您对办理结果满意吗 → …满意吗？)."""
    return label if label.endswith(("？", "?")) else f"{label}？"


@dataclass(frozen=True)
class ShowIf:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    hint: str
    widget: str
    required: bool
    schema: dict  # the Table Schema field, enum filled in for data-driven choices
    show_if: ShowIf | None = None

    @property
    def options(self) -> tuple[str, ...]:
        """The answers to choose from: the enum, or a boolean's true and false values."""
        if self.schema["type"] == "boolean":
            return (*self.schema.get("trueValues", ["true"])[:1], *self.schema.get("falseValues", ["false"])[:1])
        return tuple(self.schema.get("constraints", {}).get("enum", ()))


@dataclass(frozen=True)
class Group:
    legend: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # percent of the sheet's width


@dataclass(frozen=True)
class FormDef:
    id: str
    title: str
    intro: str
    kind: str  # "record": filled in online or on paper, taken in; "sheet": numbered rows on paper only
    tiers: tuple[str, ...]  # the hubs that use it; none: another feature prints it (covenant sheets)
    source: str  # the definition file, for messages
    # What happens to it once handed in, for the office and residents: the sentences that are true of the site.
    destination: str = ""
    schema_name: str = ""
    store: str = ""
    hub_field: str = ""
    date_field: str = ""
    id_prefix: str = ""
    id_digits: int = 3
    unique: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    signatures: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: int = 0
    # A sheet counted over many copies (a covenant's): what each copy counts, to fill in under its rows; the copy
    # prints as one A4 page, numbered by hand (第＿＿＿张), with no page number of its own (forms.css, yl-sheet).
    tally: str = ""

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for g in self.groups for f in g.fields)

    def field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)

    def condition(self, field: FormField) -> str:
        """When a show-if `field` is to be filled in, on the web form and on paper: "上一题选“不满意”时填写" after
        the question it follows; further on, a question named as asked, a noun label as it is."""
        if field.show_if is None:
            return ""
        target = self.field(field.show_if.field)
        names = [f.name for f in self.fields if f.widget != "hidden"]
        before = names[names.index(field.name) - 1] if field.name in names[1:] else None
        if before == target.name and is_question(target.label):
            named = "上一题"
        else:
            named = f"“{asked(target.label)}”" if is_question(target.label) else target.label
        return f"{named}选“{'”或“'.join(field.show_if.values)}”时填写"

    @property
    def online(self) -> bool:
        return self.kind == "record"

    def table_schema(self) -> dict:
        """The Table Schema of a submitted record: the store's schema, limited to the form's fields, in its order."""
        base = table_schema(self.schema_name)
        return {"title": self.title, "description": base.get("description", self.intro),
                "fields": [f.schema for f in self.fields]}

    def store_schema(self) -> dict:
        return table_schema(self.schema_name)
