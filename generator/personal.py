"""The network's cross-checks on a point leader's personal data: what is published has a consent date, and
what is not published is not written into a field the site shows.

rules.check_network runs them with the network's other cross-checks, in the same pass. Other private
phones (a resident's, kept with their topic) are looked for with the same `phones_in` in the texts
`shown_texts` lists: see consultation/rules.py.
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
from .model import Centre, Network, Point, Source, Station, Street
from .problems import Problem, problem
from .public import mask_name, mask_phone, public_contact
from .tables import table_schema

# (table, tier's name, hub), as rules._hubs lists them in the files' order.
Hubs = Sequence[tuple[str, str, Street | Centre | Station | Point]]
Owner = TypeVar("Owner")


def _at(source: Source, code: str, **kwargs) -> Problem:
    return problem(code, source.file, source.line, **kwargs)


def consent(network: Network) -> list[Problem]:
    problems = []
    for point in network.points.values():
        leader, subject = point.leader, f"友邻点 {point.id} "
        if leader.phone_publication != "none" and not leader.phone:
            problems.append(_at(point.source, "consent-unused", subject=subject, found=leader.phone_publication))
        publishes = [("电话", leader.phone_publication != "none"), ("姓名", leader.name_public)]
        for what, published in publishes:
            if published and leader.consent_date is None:
                problems.append(_at(point.source, "consent-missing", subject=subject, field=what))
    return problems


# A run of digits as a phone may be written in text: full-width, split by spaces, dashes, dots or brackets.
_DIGIT_RUN = re.compile(r"[0-9０-９](?:[\s\-.()/+－（）]{0,3}[0-9０-９]){6,}")


def private_in_public(hubs: Hubs) -> list[Problem]:
    """A leader's unpublished phone or name written into a field the site shows (the hours, the point's name).

    The site would publish it with that field, and the scan of the built site cannot tell it from the
    field's own text. A phone is looked for in every hub's fields, a name only in the leader's own point
    (two people may share a name). A field that is the value and nothing else is a public role the same
    person or line also has, as a station's office line or the point's instructor, and is not reported.
    """
    private_phones: dict[str, Point] = {}
    names: dict[int, str] = {}  # by place in `hubs`: each point leader's name that is not shown
    for i, (_, _, hub) in enumerate(hubs):
        if isinstance(hub, Point):
            leader, contact = hub.leader, public_contact(hub.leader)
            if leader.phone and contact.tel is None and len(needle := phone_needle(leader.phone)) >= 7:
                private_phones.setdefault(needle, hub)
            # One character could be a word of any text.
            if leader.name and contact.name is None and len(name := "".join(leader.name.split())) >= 2:
                names[i] = name
    # Every hub's text at once, one hub after another: a city's hubs are looked at field by field
    # only where a digit run or the leader's own name is found.
    everything = "\1".join("\0".join(_texts(table, hub)) for table, _, hub in hubs)
    starts = [0, *(m.end() for m in re.finditer("\1", everything))]
    with_digits = ({bisect_right(starts, m.start()) - 1 for m in _DIGIT_RUN.finditer(everything)}
                   if private_phones else set())
    with_name = {i for i, text in enumerate("".join(everything.split()).split("\1")) if i in names and names[i] in text}
    lengths = {len(needle) for needle in private_phones}
    problems = []
    for i in sorted({*with_digits, *with_name}):
        table, tier, hub = hubs[i]
        subject = f"{tier} {hub.id} "
        for field, text in _shown_fields(table, hub):
            if i in with_digits and not _DIGIT_RUN.fullmatch(text.strip()):
                for owner in phones_in(text, private_phones, lengths):
                    problems.append(_at(hub.source, "private-in-public", subject=subject, field=field, what="电话",
                                        whose=f"友邻点 {owner.id} 负责人", found=mask_phone(owner.leader.phone),
                                        column="leader_phone_publication"))
            squeezed = "".join(text.split())
            if i in with_name and names[i] in squeezed and squeezed != names[i]:
                problems.append(_at(hub.source, "private-in-public", subject=subject, field=field, what="姓名",
                                    whose="负责人", found=mask_name(hub.leader.name), column="leader_name_public"))
    return problems


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


def _shown_fields(table: str, hub) -> list[tuple[str, str]]:
    """The hub's text fields the site shows (all but the leader's own), by title."""
    return [(title, text) for _, title, text in shown_texts(table, hub)]


def _texts(table: str, hub) -> list[str]:
    """The text of each of the hub's text fields, a list's items joined; empty where there is none."""
    _, _, read = _text_fields(table, type(hub))
    return [value if value.__class__ is str else "、".join(value or ()) for value in read(hub)]


_TEXT_TYPES = ("str", "str | None", "list[str]", "tuple[str, ...]")  # as the models' annotations spell them


@cache
def _text_fields(table: str, kind: type) -> tuple[list[str], list[str], Callable[[object], tuple]]:
    """The names and titles of the record's fields that hold text or lists of text and that the site shows
    (not those the schema marks `"published": false`), and how to read them all at once."""
    titles = {f["name"]: f.get("title", f["name"]) for f in table_schema(table)["fields"] if is_published(f)}
    names = [f.name for f in dataclasses.fields(kind) if f.name in titles and f.type in _TEXT_TYPES]
    read = attrgetter(*names)
    return names, [titles[name] for name in names], (read if len(names) > 1 else lambda record: (read(record),))


def _folded(text: str) -> str:
    """Full-width digits and signs as ASCII."""
    return unicodedata.normalize("NFKC", text)
