"""Records' references to hubs (a topic's raised_at, a meeting's hub, a spending row's or a project's hub …), checked
alike by every feature that has them: consultation, the ledger, progress.

- A value that is no hub's id may be a hub's name (怡银苑友邻点) or its id in other case (p0001): `meant_hub`
  says which id it stood for, from the network's data; else it may be a typo close to one id (SO1, P001 for
  P0001): `close_hub` asks whether that was meant (corrections.py). An id in other case passes the schema and is
  told by the feature's own unknown-hub error (`unknown_hub_advice`); a name is refused by the schema's `pattern`,
  before the records are read into objects, so the values are kept as written (`WrittenHub`) for `told_which_hub`.
- A file most of whose records name hubs this network does not have was copied from elsewhere: a street that
  forks the project keeps the sample's optional files, which are another street's records. An error per record,
  each hinting that a closed hub's row may have been deleted (problems.CLOSED_HUB), would be wrong and drown the
  one real problem; `one_per_copied_file` tells it once for the file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Mapping

from ..corrections import MEANT_ID, meant_id
from ..loading import Record
from ..problems import CLOSED_HUB, Problem, problem, register_messages
from .messages import MEANT_CASE, MEANT_NAME
from .model import Hub, HubDirectory
from .views import tier_name

register_messages({
    "file-of-another-network": (
        "{file} 的记录{share}属于{street}的友邻网络：{found}记录写的站点编号都不在{street}的数据中",
        "这个文件像是从别处的数据（如本仓库自带的示例数据）复制来的：{street}要记{what}，就把它换成自己的记录；"
        "不记的话，删掉这个文件{off}。如果这些编号确是{street}的，那是 data/points.csv 或 data/hubs.yaml 少了它们的行："
        "请恢复",
    ),
})

# A file is taken as copied when at least this many of its records, and most of them, name hubs this network does
# not have, at least COPIED_HUBS different ids. Most, not all: a street that numbers its hubs as the sample does
# (S01, P0001) has some of its ids by chance. One or two stray rows are a typo or a closed hub's deleted row; so
# are many records of one hub (a deleted hub is one id), and a few hubs' records among many of known hubs (a closed
# station's deleted rows): those keep their own errors, with the advice to restore the rows.
COPIED_RECORDS = 3
COPIED_HUBS = 2
SHOWN_IDS = 3  # how many of the unknown ids the error names
RECORD_TIERS = ("point", "station", "centre")  # where records happen; the street only meets and is reported to
# Where the ids of RECORD_TIERS are: the hint of an unknown hub when nothing better is known.
RECORD_HUB_IDS = "友邻点的编号见 data/points.csv，友邻站和友邻中心的编号见 data/hubs.yaml" + CLOSED_HUB


@dataclass(frozen=True)
class HubReference:
    """One id a record writes where a hub goes: the record's file and line, and whether this network has the hub."""

    file: str
    line: int  # the record's (its first line), whatever field of it names the hub
    hub: str
    known: bool


@dataclass(frozen=True)
class Part:
    """What a file holds, for the hint of one copied from elsewhere: its records, and what deleting it does."""

    what: str  # 运作项目, 议题 …
    off: str  # said after “删掉这个文件”: how a street without that part goes on


def one_per_copied_file(problems: list[Problem], references: Iterable[HubReference],
                        hubs: Callable[[], HubDirectory], parts: Mapping[str, Part],
                        codes: Collection[str]) -> list[Problem]:
    """`problems` with the per-record errors (`codes`) of each copied file (see COPIED_RECORDS) told once, where the
    first of them was. `parts` names what each file holds; `hubs` gives the network's, asked only for a copied
    file (the ledger and progress check against the network and make a directory only to say what it has)."""
    if not any(item.code in codes for item in problems):
        return problems  # the usual case: `references` (a city's every record) need not be gone through
    by_file: dict[str, list[HubReference]] = {}
    for reference in references:
        by_file.setdefault(reference.file, []).append(reference)
    told = {file: _copied(file, found, hubs(), parts[file]) for file, found in by_file.items()
            if file in parts and _is_copied(found)}
    if not told:
        return problems
    kept = []
    for item in problems:
        if item.file in told and item.code in codes:
            if told[item.file] is not None:
                kept.append(told[item.file])
                told[item.file] = None  # told once
        else:
            kept.append(item)
    return kept + [item for item in told.values() if item is not None]


def _is_copied(references: list[HubReference]) -> bool:
    unknown = [r for r in references if not r.known]
    records = len({r.line for r in unknown})
    return (records >= COPIED_RECORDS and 2 * records > len({r.line for r in references})
            and len({r.hub for r in unknown}) >= COPIED_HUBS)


def _copied(file: str, references: list[HubReference], hubs: HubDirectory, part: Part) -> Problem:
    unknown = [r for r in references if not r.known]
    ids = list(dict.fromkeys(r.hub for r in unknown))
    records, of_all = len({r.line for r in unknown}), len({r.line for r in references})
    shown = "、".join(ids[:SHOWN_IDS])
    found = f"{shown} 等 {records} 条" if records > SHOWN_IDS else f"{shown} 共 {records} 条"
    share = "没有一条" if records == of_all else f"（共 {of_all} 条）大多不"
    street = hubs.hubs[hubs.street_id].name
    examples = "、".join(hub.id for tier in ("centre", "station", "point") for hub in hubs.of_tier(tier)[:1])
    return problem("file-of-another-network", file, min(r.line for r in unknown), found=found,
                   expected=f"{street}的友邻中心、友邻站、友邻点的编号（如 {examples}）", street=street,
                   share=share, what=part.what, off=part.off)


def meant_hub(hubs: HubDirectory, value: str, likely: Hub | None = None) -> tuple[Hub, str] | None:
    """The hub a value that is no id stood for, and the hint that says so: its id in other case, or its name.

    Ids differ in more than case (the network's check), names need not: of several hubs of that name, only
    `likely` (the hub the step should name) is a guess.
    """
    text = value.strip()
    hub = hubs.by_folded_id.get(text.casefold())
    if hub is not None:
        return hub, MEANT_CASE.format(found=text, tier=tier_name(hubs, hub.tier), name=hub.name, id=hub.id)
    by_name = hubs.by_name.get(text, [])
    hub = by_name[0] if len(by_name) == 1 else likely if likely in by_name else None
    if hub is None:
        return None
    return hub, MEANT_NAME.format(found=text, tier=tier_name(hubs, hub.tier), id=hub.id)


def close_hub(hubs: HubDirectory, value: str, tiers: Collection[str]) -> str:
    """MEANT_ID (是不是 P0001？) of a value that is no hub's id but close to the id of one hub, of `tiers` (see
    corrections.meant_id); "" when it is close to none, or to several."""
    meant = meant_id(value, hubs.hubs)
    hub = hubs.get(meant) if meant is not None else None
    return MEANT_ID.format(id=meant) if hub is not None and hub.tier in tiers else ""


def unknown_hub_advice(hubs: HubDirectory, value: str, default: str = RECORD_HUB_IDS,
                       tiers: Collection[str] = RECORD_TIERS) -> str:
    """The hint of a value that is no hub's id: which hub of `tiers` it stood for (see `meant_hub`), else `default`,
    led by the id of `tiers` it is close to (`close_hub`)."""
    meant = meant_hub(hubs, value)
    return meant[1] if meant and meant[0].tier in tiers else close_hub(hubs, value, tiers) + default


@dataclass(frozen=True)
class WrittenHub:
    """A hub field as the file writes it, before the schema stage: enough to say which hub a refused value meant."""

    file: str
    line: int | None
    value: str | None
    tiers: tuple[str, ...] = RECORD_TIERS  # those the field takes


def written_hubs(records: Iterable[Record], name: str,
                 tiers: tuple[str, ...] = RECORD_TIERS) -> tuple[WrittenHub, ...]:
    """The hub field `name` of a table's records as written: what a schema error there needs."""
    return tuple(WrittenHub(record.file, record.line_of(name), as_written(record.values.get(name)), tiers)
                 for record in records)


def as_written(value: object) -> str | None:
    """A value as the file wrote it, for a hint: YAML may have read it as a number or a date."""
    return None if value is None else str(value)


def told_which_hub(problems: list[Problem], written: Iterable[WrittenHub],
                   hubs: Callable[[], HubDirectory]) -> list[Problem]:
    """`problems` with the schema's `pattern` error of a hub field written as a hub's name telling the hub's id.

    `hubs` is asked only when there is such an error (a feature checking against the network makes a directory).
    """
    fields = {(item.file, item.line, item.value): item for item in written if item.value is not None}
    refused = [key for item in problems if item.code == "pattern"
               and (key := (item.file, item.line, item.found)) in fields]
    if not refused:
        return problems
    directory, hints = hubs(), {}
    for key in refused:
        meant = meant_hub(directory, key[2])
        if meant and meant[0].tier in fields[key].tiers:
            hints[key] = meant[1], meant[0].id
    return with_hints(problems, hints)


Hints = Mapping[tuple[str, int | None, str], tuple[str, str | None]]  # (file, line, value) -> hint, expected


def with_hints(problems: list[Problem], hints: Hints) -> list[Problem]:
    """`problems` with the schema's `pattern` error of each value in `hints` given its hint (and expected, if any)."""
    told = []
    for item in problems:
        hint, expected = hints.get((item.file, item.line, item.found), ("", None)) if item.code == "pattern" \
            else ("", None)
        told.append(replace(item, hint=hint, expected=expected or item.expected) if hint else item)
    return told
