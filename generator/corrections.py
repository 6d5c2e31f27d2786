"""What a cell in error could be written as instead, added to its problem's hint.

A clerk types a value as it looks on paper or as a spreadsheet left it: ￥120.50, 90户,
“0571-80000011” in Chinese quotes, full-width digits, a phone Excel turned into
1.39E+10, a date written 2020/3/10 or as Excel's count of days 43900. Each rule
below offers a corrected value only when that value passes the field's own checks,
so a hint never leads to another error. Only cells frictionless has already refused
are looked at: valid data never pays for this.

An id (or a name) that is not there is asked about the one it is close to, where exactly
one is (`meant_id`: SO1 for S01, P001 for P0001): by the schema stage's foreign keys here,
and by every feature's own check of the ids its records name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Collection

from .loading import Record
from .spreadsheet import Unfixable, is_money, money_amount, repair_cell, written_date
from .tables import TableSpec, table_schema

if TYPE_CHECKING:
    from frictionless import Schema


# The hint added to a cell's problem: each offers a value only when that value passes the field's checks.
_FIX_WORDS = {
    "exponent-lost": "Excel 把号码变成了科学计数法，后面的数字已经丢了：请把这一列设为“文本”后重新输入号码",
    "exponent": "Excel 把号码变成了科学计数法：写成 {value}，并把这一列设为“文本”，免得再被改掉",
    "quotes-english": "引号用了中文引号{marks}：改成英文引号 {value}",
    "quotes-delete": "引号用了中文引号{marks}：删掉引号，写成 {value}",
    "full-width": "「{found}」里有全角字符，改成半角是「{value}」",
    "money": "金额只写数字：写成 {value}",
    "count": "只写数字：{value}",
    "date": "写成 {value}",
    "date-serial": "像是 Excel 的日期序号，即 {value}：写成 {value}",
    "repaired": "写成 {value}",
}


class Corrections:
    """What a cell in error could be written as instead: only ever a value that passes that field's checks
    (its type and constraints, its table's key and the table its values refer to).

    Made only once frictionless has reported errors, and asked only about cells in error: valid data never pays.
    """

    def __init__(self, specs: list[TableSpec], schemas: list[Schema], records: dict[str, list[Record]]):
        self._schemas = {spec.name: schema for spec, schema in zip(specs, schemas)}
        self._records = records
        self._readers: dict[tuple[str, str], Callable] = {}
        self._columns: dict[tuple[str, str], set] = {}

    def hint(self, spec: TableSpec, name: str, record: Record) -> str:
        """Words that say what is wrong and what to write instead; "" when no value that passes is known."""
        typed = record.values.get(name)
        if not isinstance(typed, str):
            return ""  # a mistyped text; YAML's own numbers and dates are told by the problem itself
        definition = next(f for f in table_schema(spec.name)["fields"] if f["name"] == name)
        csv = record.file.endswith(".csv")
        passes = lambda text: text != typed and self.passes(spec.name, name, text)  # noqa: E731
        return next((words for fix in _FIX_RULES if (words := fix(typed, definition, csv, passes))), "")

    def passes(self, table: str, name: str, text: str) -> bool:
        """Whether a cell holding `text` would pass its field's checks."""
        schema = self._schemas[table]
        if (table, name) not in self._readers:
            self._readers[table, name] = schema.get_field(name).create_cell_reader()
        value, notes = self._readers[table, name](text)
        if notes:
            return False
        if schema.primary_key == [name] or schema.get_field(name).constraints.get("unique"):
            if text in self._column(table, name):
                return False
        for fk in schema.foreign_keys:
            reference = fk["reference"]
            if fk["fields"] == [name] and not {value, text} & self._column(reference["resource"] or table,
                                                                           reference["fields"][0]):
                return False
        return True

    def did_you_mean(self, table: str, name: str, typed: object) -> str:
        """`did_you_mean` of a value of foreign key `name` that is not in the column it refers to."""
        fk = next((fk for fk in self._schemas[table].foreign_keys if fk["fields"] == [name]), None)
        if fk is None:
            return ""
        reference = fk["reference"]
        return did_you_mean(typed, self._column(reference["resource"] or table, reference["fields"][0]))

    def _column(self, table: str, name: str) -> set:
        if (table, name) not in self._columns:
            values = (record.values.get(name) for record in self._records.get(table, ()))
            self._columns[table, name] = {v for v in values if not isinstance(v, (list, dict))}  # nested: reported
        return self._columns[table, name]


def _folded(text: str) -> str:
    # A Chinese input method types full-width digits, letters and signs (１２０.５０, Ｓ１, ￥, ，) that look right.
    return unicodedata.normalize("NFKC", text).strip()


# Excel shows a number of more than 11 digits as 1.39E+10 and saves it so in a CSV; as importing.py, a longer
# exponent is not Excel's doing.
_EXPONENT = re.compile(r"^[0-9]+(\.[0-9]+)?[eE]\+?[0-9]{1,2}$")


def _excel_exponent(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """A phone or an id that Excel turned into a number in scientific notation (only a spreadsheet does that)."""
    text = _folded(typed)
    if not csv or "pattern" not in definition.get("constraints", {}) or not _EXPONENT.match(text):
        return ""
    number = Decimal(text)
    whole = str(int(number))
    if _digits_lost(text):
        return _FIX_WORDS["exponent-lost"]
    return _FIX_WORDS["exponent"].format(value=whole) if number == int(number) and passes(whole) else ""


def _digits_lost(exponent: str) -> bool:
    """Whether a number in Excel's scientific notation kept fewer digits than the number has (1.35668E+10)."""
    kept = len(exponent.lower().split("e")[0].replace(".", "").lstrip("0"))
    return kept < len(str(int(Decimal(exponent))))


# A date as Excel and WPS save a date cell in a CSV: the short date of a Chinese Windows (2017/4/2), with the time
# when the cell had one (2017/4/2 0:00); a typed date is as often 2017.4.2 or 2017年4月2日.
_EXCEL_DATE = re.compile(r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")


def spreadsheet_kind(typed: object, definition: dict) -> str:
    """What a spreadsheet made of a CSV cell it saved: "date" (2017/4/2, or the count of days 42827), "exponent"
    (a long number in scientific notation, all its digits kept) or "exponent-lost"; "" for a cell as typed."""
    if not isinstance(typed, str):
        return ""
    text = typed.strip()
    if definition["type"] == "date":
        written = written_date(text)
        return "date" if written and written.iso and (written.serial or _EXCEL_DATE.match(text)) else ""
    if _EXPONENT.match(text):
        return "exponent-lost" if _digits_lost(text) else "exponent"
    return ""


def spreadsheet_value(typed: str, kind: str) -> str:
    """The value a cell of `spreadsheet_kind` stood for: the date as 年-月-日, the number in full."""
    if kind == "date":
        return written_date(typed.strip()).iso
    return str(int(Decimal(typed.strip())))


# Quotation marks a Chinese input method types for " and ', as the office would see them named.
_QUOTES = {"“": "“”", "”": "“”", "‘": "‘’", "’": "‘’", "「": "「」", "」": "「」"}
_NO_QUOTES = str.maketrans(dict.fromkeys(_QUOTES, ""))


def _chinese_quotes(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """“0571-80000011”: YAML takes a Chinese quotation mark for part of the text; so does a CSV file."""
    if not any(mark in typed for mark in _QUOTES):
        return ""
    bare = typed.translate(_NO_QUOTES).strip()
    for text in dict.fromkeys((bare, _folded(bare))):
        if passes(text):
            marks = "".join(dict.fromkeys(_QUOTES[c] for c in typed if c in _QUOTES))
            if csv or definition["type"] in ("integer", "number", "boolean"):  # quotes would change nothing
                return _FIX_WORDS["quotes-delete"].format(marks=marks, value=text)
            return _FIX_WORDS["quotes-english"].format(marks=marks, value=json.dumps(text, ensure_ascii=False))
    return ""


def _full_width(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """Ｓ２, １２０.５０: full-width letters and digits, typed by a Chinese input method."""
    if unicodedata.is_normalized("NFKC", typed):
        return ""
    folded = _folded(typed)
    return _FIX_WORDS["full-width"].format(found=typed, value=folded) if passes(folded) else ""


# A number as it is written by hand: thousands separated only where thousands are (120,50 may be 120.50).
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
# Units typed after a count or an area (㎡ is m2 folded).
_COUNT = re.compile(rf"({_NUMBER})\s*(?:户|人|个|元|次|名|平方米|m2)?")


def _money(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """￥120.50, 120.50元, 12,345.67: an amount written as on a receipt, read as import reads it."""
    amount = money_amount(typed) if is_money(definition) else None
    value = amount[0] if amount else ""
    return _FIX_WORDS["money"].format(value=value) if value and passes(value) else ""


def _count(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """90户, 800平方米, 1,200: a whole number written with its unit or thousands separators."""
    match = _COUNT.fullmatch(_folded(typed)) if definition["type"] == "integer" else None
    value = str(int(match.group(1).replace(",", ""))) if match else ""
    return _FIX_WORDS["count"].format(value=value) if value and passes(value) else ""


def _date(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """2020/3/10, 2020年3月10日, 20200310, Excel's 43900: a date as import would write it (a day that does not exist
    is told by the problem itself, see wording.py)."""
    written = written_date(typed) if definition["type"] == "date" else None
    value = written.iso if written else None
    if not value or not passes(value):
        return ""
    return _FIX_WORDS["date-serial" if written.serial else "date"].format(value=value)


def _as_imported(typed: str, definition: dict, csv: bool, passes: Callable[[str], bool]) -> str:
    """What `import` would have made of the cell: 139 0000 7777, +86 139…, 运行中 for active."""
    try:
        value, _ = repair_cell(typed, definition, code_like=True)
    except Unfixable:
        return ""
    return _FIX_WORDS["repaired"].format(value=value) if passes(value) else ""


# In this order: Excel's notation first, as no other rule can bring its digits back; folding alone is told as
# such, before the rules that also fold say only what to write; last, whatever else import repairs.
_FIX_RULES = (_excel_exponent, _chinese_quotes, _full_width, _money, _count, _date, _as_imported)


# Leads the hint of an id (or a name) that is not there but close to exactly one that is (`meant_id`).
MEANT_ID = "是不是 {id}？"


def did_you_mean(typed: object, known: Collection) -> str:
    """MEANT_ID of the one value of `known` that `typed` is close to; "" when none or several are."""
    meant = meant_id(typed, known)
    return MEANT_ID.format(id=meant) if meant is not None else ""


def meant_id(typed: object, known: Collection) -> str | None:
    """The one value of `known` that `typed`, not one of them, is close to; None when none is, or several are.

    Close in a way the clerk sees once told, in this order, the first way any value is close deciding: the same
    but for look-alikes (SO1 for S01, Ｐ０００１, p0001, "S 01"), or for zeros that pad a number (P001 for P0001,
    T2018-0001 for T2018-001), or for one slip of the keyboard: a character added, left out, replaced or swapped
    with the next (锦华园 for 锦华苑, dongfnag for dongfang). Of several values close the same way none is offered:
    a guess would send the clerk to the wrong record.
    """
    text = "" if typed is None else str(typed)
    return _close_ids(known).meant(text) if text.strip() else None


# Characters typed, or read off paper, for a digit: the letter O for 0, the letters l and I for 1.
_LOOK_ALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
# The zeros that pad a number: at the start of a run of digits, with a digit after them.
_PADDING = re.compile(r"(?<![0-9])0+(?=[0-9])")
# Shorter values are too many characters away from each other for one to stand for the other (东苑, 西苑).
_ONE_OFF_LENGTH = 3


def _looks(text: str) -> str:
    return "".join(_folded(text).translate(_LOOK_ALIKES).casefold().split())


class _CloseIds:
    """The values of a collection by the ways a typed value may be close to them (see `meant_id`), so that each
    unknown value of a city's records is looked up, not compared with each of its 25,000 ids."""

    def __init__(self, known: Collection):
        self.size = len(known)
        self._looks: dict[str, set[str]] = {}
        self._unpadded: dict[str, set[str]] = {}
        for value in known:
            if value is not None and not isinstance(value, (list, dict)):
                looks = _looks(str(value))
                self._looks.setdefault(looks, set()).add(str(value))
                self._unpadded.setdefault(_PADDING.sub("", looks), set()).add(str(value))
        # Made when first asked (most typos are close in an earlier way): by each value with one character left
        # out, and by that and where it was left out.
        self._short: dict[str, set[str]] | None = None
        self._short_at: dict[tuple[int, str], set[str]] = {}

    def meant(self, typed: str) -> str | None:
        looks = _looks(typed)
        for found in (self._looks.get(looks), self._unpadded.get(_PADDING.sub("", looks)), self._one_off(looks)):
            if found:
                return next(iter(found)) if len(found) == 1 and typed not in found else None
        return None

    def _one_off(self, looks: str) -> set[str]:
        """The values one character added, left out, replaced or swapped with the next away (a replaced character
        leaves both the same with it left out); none for a short value, which would be close to too much."""
        if len(looks) < _ONE_OFF_LENGTH:
            return set()
        if self._short is None:
            self._short = {}
            for value, values in self._looks.items():
                for i in range(len(value)) if len(value) >= _ONE_OFF_LENGTH else ():
                    self._short.setdefault(value[:i] + value[i + 1:], set()).update(values)
                    self._short_at.setdefault((i, value[:i] + value[i + 1:]), set()).update(values)
        found = set(self._short.get(looks, ()))  # typed one short
        for i in range(len(looks)):
            shorter = looks[:i] + looks[i + 1:]
            if len(shorter) >= _ONE_OFF_LENGTH:
                found.update(self._looks.get(shorter, ()))  # typed one over
            found.update(self._short_at.get((i, shorter), ()))  # one replaced
            if i + 1 < len(looks) and looks[i] != looks[i + 1]:  # two typed the wrong way round (dongfnag)
                found.update(self._looks.get(looks[:i] + looks[i + 1] + looks[i] + looks[i + 2:], ()))
        return found


# The collections last asked about, by identity (each kept, so that its id is not another's) and size: a check
# asks about the same table's ids for each of its unknown values.
_INDEXES: dict[int, tuple[Collection, _CloseIds]] = {}
_KEPT_INDEXES = 8


def _close_ids(known: Collection) -> _CloseIds:
    kept = _INDEXES.get(id(known))
    if kept is not None and kept[0] is known and kept[1].size == len(known):
        return kept[1]
    index = _CloseIds(known)
    if len(_INDEXES) >= _KEPT_INDEXES:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(known)] = (known, index)
    return index
