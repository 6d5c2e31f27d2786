"""The network's cross-checks on personal data: what a point leader publishes has a consent date, and a
private value is not written into a field the site shows.

rules.check_network runs `consent` and `private_in_public` with the network's other cross-checks, in the
same pass. `kept_phones_in_public` looks for the phones the features keep (a resident's callback number,
kept with their topic) in the same fields, once the features are read (build.check). The leak scan of the
built site cannot find a value that is written into the network's text, which it takes for published: these
checks are where such a value is refused. Phones kept with topics and meetings are looked for in their own
texts with the same `phones_in` and `shown_texts`: see consultation/rules.py.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from bisect import bisect_right
from functools import cache
from operator import attrgetter
from typing import Callable, Mapping, Sequence, TypeVar

from .hygiene import is_published
from .leaks import phone_needle
from .model import Network, Point
from .problems import Problem, problem_at
from .public import mask_name, mask_phone, public_contact
from .tables import table_schema, titled

# (table, subject, record): each record of the network the site shows, as rules.shown_records lists them.
Shown = Sequence[tuple[str, str, object]]
Owner = TypeVar("Owner")


def consent(network: Network) -> list[Problem]:
    problems = []
    for point in network.points.values():
        leader, subject = point.leader, f"友邻点 {point.id} "
        if leader.phone_publication != "none" and not leader.phone:
            problems.append(problem_at(point.source, "consent-unused", subject=subject, found=leader.phone_publication))
        publishes = [("电话", leader.phone_publication != "none"), ("姓名", leader.name_public)]
        for what, published in publishes:
            if published and leader.consent_date is None:
                column, private = _WITHDRAW[what]
                problems.append(problem_at(point.source, "consent-missing", subject=subject, field=what,
                                            column=_titled(column), private=private))
    return problems


# What publishes each of a leader's values, and the value that stops it: the consent hint names the right one.
_WITHDRAW = {"电话": ("leader_phone_publication", "none（不公开）"), "姓名": ("leader_name_public", "否")}


def _titled(column: str) -> str:
    """A column of data/points.csv as the messages name it."""
    return titled(next(f for f in table_schema("points")["fields"] if f["name"] == column))


# A run of digits as a phone may be written in text: full-width, split by spaces, dashes, dots or brackets.
_DIGIT_RUN = re.compile(r"[0-9０-９](?:[\s\-.()/+－（）]{0,3}[0-9０-９]){6,}")


def private_in_public(shown: Shown) -> list[Problem]:
    """A leader's unpublished phone or name written into a field the site shows (the hours, the point's name).

    The site would publish it with that field, and the scan of the built site cannot tell it from the
    field's own text. A phone is looked for in every record's fields, a name only in the leader's own point
    (two people may share a name). A field that is the value and nothing else is a public role the same
    person or line also has, as a station's office line or the point's instructor, and is not reported;
    a number such a field publishes is public wherever else it is written, as the leak scan takes it.
    """
    private_phones: dict[str, Point] = {}
    names: dict[int, str] = {}  # by place in `shown`: each point leader's name that is not shown
    for i, (_, _, record) in enumerate(shown):
        if isinstance(record, Point):
            leader, contact = record.leader, public_contact(record.leader)
            if leader.phone and contact.tel is None and len(needle := phone_needle(leader.phone)) >= 7:
                private_phones.setdefault(needle, record)
            # One character could be a word of any text.
            if leader.name and contact.name is None and len(name := "".join(leader.name.split())) >= 2:
                names[i] = name
    texts = _record_texts(shown)
    phones = {(i, name): needles for i, name, _, needles in _phones_written(shown, texts, set(private_phones))}
    with_name = {i for i, text in enumerate(texts) if i in names and names[i] in "".join(text.split())}
    problems = []
    for i in sorted({i for i, _ in phones} | with_name):
        table, subject, record = shown[i]
        for name, field, text in shown_texts(table, record):
            for owner in (private_phones[needle] for needle in phones.get((i, name), ())):
                problems.append(problem_at(record.source, "private-in-public", subject=subject, field=field, what="电话",
                                            whose=f"友邻点 {owner.id} 负责人", found=mask_phone(owner.leader.phone),
                                            column="leader_phone_publication"))
            squeezed = "".join(text.split())
            if i in with_name and names[i] in squeezed and squeezed != names[i]:
                problems.append(problem_at(record.source, "private-in-public", subject=subject, field=field, what="姓名",
                                            whose="负责人", found=mask_name(record.leader.name),
                                            column="leader_name_public"))
    return problems


def kept_phones_in_public(shown: Shown, kept: Mapping[str, str]) -> list[Problem]:
    """A phone a feature keeps and never publishes (a resident's callback number), written into a field of the
    network the site shows: `resident-phone-in-public`, at the record's line, with the column named.

    `kept` are the features' private values (value -> whose, their `private_names`), names among them: those
    written as a phone are looked for. A leader's phone is not: a private one is `private_in_public`'s, which
    says whose it is, and one published in full is public wherever it is written, as the leak scan takes it.
    """
    leaders = {phone_needle(p.leader.phone) for _, _, p in shown if isinstance(p, Point) and p.leader.phone}
    phones: dict[str, tuple[str, str]] = {}  # by needle: the value as written, and whose it is
    for value, whose in kept.items():
        if len(needle := phone_needle(value)) >= 7 and needle not in leaders:
            phones.setdefault(needle, (value, whose))
    problems = []
    for i, name, title, needles in _phones_written(shown, _record_texts(shown), set(phones)):
        _, subject, record = shown[i]
        for value, whose in (phones[needle] for needle in needles):
            problems.append(problem_at(record.source, "resident-phone-in-public", subject=subject, field=title,
                                        column=name, whose=whose, found=mask_phone(value)))
    return problems


def _phones_written(shown: Shown, texts: list[str], needles: set[str]) -> list[tuple[int, str, str, list[str]]]:
    """(place in `shown`, field's name, its title, needles) of each shown field with phones of `needles` written in it.

    A field that is a number and nothing else is not one (a station's office line the same person also
    uses), nor is a number such a field publishes: it is public wherever else it is written. `texts` are
    each record's text (`_record_texts`): a city's records are looked at field by field only where a digit
    run is found.
    """
    if not needles:
        return []
    everything = "\1".join(texts)
    starts = [0, *(m.end() for m in re.finditer("\1", everything))]
    with_digits = sorted({bisect_right(starts, m.start()) - 1 for m in _DIGIT_RUN.finditer(everything)})
    lengths = {len(needle) for needle in needles}
    mine = {needle: needle for needle in needles}
    written, public = [], set()
    for i in with_digits:
        table, _, record = shown[i]
        for name, title, text in shown_texts(table, record):
            if _DIGIT_RUN.fullmatch(text.strip()):
                public.add(phone_needle(text))
            elif found := phones_in(text, mine, lengths):
                written.append((i, name, title, found))
    return [(i, name, title, kept) for i, name, title, found in written
            if (kept := [needle for needle in found if needle not in public])]


def phones_in(text: str, phones: Mapping[str, Owner], lengths: set[int]) -> list[Owner]:
    """The owners of the phones written in a text, each once; `phones` are by `phone_needle`, of these lengths."""
    found: dict[str, Owner] = {}
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", _folded(run))
        for n in lengths:
            for start in range(len(digits) - n + 1):
                needle = digits[start:start + n]
                if needle in phones:
                    found.setdefault(needle, phones[needle])
    return list(found.values())


def shown_texts(table: str, record) -> list[tuple[str, str, str]]:
    """(name, title, text) of each of the record's text fields the site shows and that is not empty."""
    names, titles, _ = _text_fields(table, type(record))
    return [(name, title, text) for name, title, text in zip(names, titles, _texts(table, record)) if text]


def _record_texts(shown: Shown) -> list[str]:
    """Each record's shown text, its fields joined by \\0: where to look at all, before looking field by field."""
    return ["\0".join(_texts(table, record)) for table, _, record in shown]


def _texts(table: str, record) -> list[str]:
    """The text of each of the record's text fields, a list's items joined; empty where there is none."""
    _, _, read = _text_fields(table, type(record))
    return [value if value.__class__ is str else "、".join(value or ()) for value in read(record)]


_TEXT_TYPES = ("str", "str | None", "list[str]", "tuple[str, ...]")  # as the models' annotations spell them


@cache
def _text_fields(table: str, kind: type) -> tuple[list[str], list[str], Callable[[object], tuple]]:
    """The names and titles of the record's fields that hold text or lists of text and that the site shows
    (not those the schema marks `"published": false`), and how to read them all at once."""
    titles = {f["name"]: f.get("title", f["name"]) for f in table_schema(table)["fields"] if is_published(f)}
    names = [f.name for f in dataclasses.fields(kind) if f.name in titles and f.type in _TEXT_TYPES]
    if not names:
        return names, [], lambda record: ()
    read = attrgetter(*names)
    return names, [titles[name] for name in names], (read if len(names) > 1 else lambda record: (read(record),))


def _folded(text: str) -> str:
    """Full-width digits and signs as ASCII."""
    return unicodedata.normalize("NFKC", text)
