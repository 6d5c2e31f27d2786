"""Covenants as typed objects, and the rules of their lifecycle.

Discussion (several rounds allowed) → public notice → soliciting opinions →
residents' vote → signing → in force; a covenant may later be superseded. A
covenant can be signed or in force only after a vote that met its rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

from ..corrections import did_you_mean
from ..model import TIER_NAMES, Network, Source
from ..rules import OTHER_SEPARATOR
from ..problems import Problem, problem, register_messages
from ..validation import Tables, TypedRow
from .source import CovenantSource, CovenantText, numbered_label

STAGES = ("discussion", "notice", "consultation", "vote", "signing", "in_force", "superseded")
STAGE_NAMES = {
    "discussion": "讨论",
    "notice": "公示",
    "consultation": "征求意见",
    "vote": "居民表决",
    "signing": "居民签约",
    "in_force": "正式实施",
    "superseded": "已被取代",
}
COMMUNITY_NAMES = {"urban": "社区", "rural": "村"}  # by a community's area
KIND_NAMES = {"community": "社区居民公约", "compound": "居民自治公约", "topic": "专项自治公约"}
RULE_NAMES = {
    "majority_of_eligible": "同意户数超过有表决权户数的一半",
    "two_thirds_of_eligible": "同意户数达到有表决权户数的三分之二",
    "majority_of_votes": "同意户数超过参加表决户数的一半",
}

register_messages({
    "stage-order": ("{subject}的阶段「{found}」排在「{previous}」之后，顺序不对", "阶段顺序：讨论（可多轮）→ 公示 → 征求意见 → 居民表决 → 居民签约 → 正式实施"),
    "stage-repeated": ("{subject}的阶段「{found}」出现了不止一次", "只有“讨论”可以有多轮"),
    "stage-date-order": ("{subject}的阶段「{found}」日期 {date} 早于上一阶段的 {previous}", "各阶段的日期不能倒退"),
    "status-mismatch": ("{subject}的当前阶段写的是「{found}」，但最后一个阶段是「{expected}」", "请让 status 与 stages 的最后一项一致"),
    "vote-missing": ("{subject}已到「{found}」阶段，但没有表决结果", "签约和实施都要在表决通过之后；请填写 vote"),
    "vote-not-passed": ("{subject}的表决没有通过（{result}），不能进入「{found}」阶段", "通过规则：{rule}"),
    "tally-exceeds": ("{subject}的同意、反对、弃权共 {found} 户，超过有表决权的 {expected} 户", "请核对表决统计"),
    "signatures-exceed": ("{subject}的签约户数 {found} 超过有表决权的 {expected} 户", "请核对签约统计"),
    "scope-separator": ("{subject}的适用范围「{found}」是几个编号写在了一起", "编号之间用英文逗号加空格分隔：写成 [{expected}]"),
    "scope-unknown": ("{subject}的适用范围中 {found} 不是已有的友邻点、友邻站或社区（村）", "可选值见 data/hubs.yaml 和 data/points.csv"),
    "scope-name": ("{subject}的适用范围中「{found}」是{tier}的名称，不是编号", "适用范围写编号：写成 {expected}"),
    "scope-id-case": ("{subject}的适用范围中 {found} 与{tier}「{name}」的编号 {expected} 只差大小写",
                      "编号要一字不差：写成 {expected}"),
    "superseded-unknown": ("{subject}写明被 {found} 取代，但没有这个公约", "superseded_by 应为另一个公约的文件名（不含 .md）"),
    "covenant-sheet-rows": ("{subject}的 sheet_rows 是 {found} 行，但签约表（{sheet}）一张 A4 只排 {expected} 行", "请把 sheet_rows 改为 {expected} 或更少（不写就是 {expected} 行）：多出的行会印到没有计数的第二页"),
    "keyword-several": ("{subject}的搜索词「{found}」是几个词写在了一起", "每项只写一个词，用英文逗号加空格分开：写成 [{expected}]"),
    "keyword-form": ("{subject}的搜索词「{found}」不是一个词", "每项写一个两个字以上的词，只用汉字、字母或数字，如 [养狗, 狗粪]：一个字搜不到，标点和空格会把词拆开"),
    "keyword-repeated": ("{subject}的搜索词「{found}」写了不止一次", "删去重复的一项"),
    "version-gap": ("{subject}的历史版本应为第 1 到第 {expected} 版，实际有：{found}", "历史版本放在 content/covenants/<编号>/v1.md、v2.md……，当前版本的 version 比最新的历史版本大 1"),
})


@dataclass(frozen=True)
class Stage:
    stage: str
    date: date
    until: date | None
    note: str | None
    line: int

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.stage]


@dataclass(frozen=True)
class Vote:
    eligible_households: int
    for_: int
    against: int
    abstain: int
    rule: str
    line: int

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    @property
    def passed(self) -> bool:
        if self.rule == "majority_of_eligible":
            return Fraction(self.for_, self.eligible_households) > Fraction(1, 2)
        if self.rule == "two_thirds_of_eligible":
            return Fraction(self.for_, self.eligible_households) >= Fraction(2, 3)
        return self.cast > 0 and Fraction(self.for_, self.cast) > Fraction(1, 2)

    @property
    def rule_name(self) -> str:
        return RULE_NAMES[self.rule]


@dataclass(frozen=True)
class Version:
    number: int
    date: date | None
    note: str | None
    text: CovenantText


@dataclass(frozen=True)
class Covenant:
    id: str
    title: str
    kind: str
    topic: str | None
    # Everyday words residents search for it by (养狗 for a covenant on 犬): shown on its page and indexed as its
    # front matter's `tags` (templates/_front.md.j2).
    keywords: tuple[str, ...]
    scope: tuple[str, ...]
    version: int
    status: str
    signatures: int | None
    superseded_by: str | None
    sheet_rows: int | None  # rows on one printed sign sheet; None: as many as fit (the covenant form's `rows`)
    stages: tuple[Stage, ...]
    vote: Vote | None
    text: CovenantText
    history: tuple[Version, ...]  # earlier versions, oldest first
    source: Source
    field_lines: dict[str, int] = field(default_factory=dict)  # of the front matter's keys, for messages

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.source.line)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind] + (f"（{self.topic}）" if self.topic else "")

    @property
    def status_name(self) -> str:
        return STAGE_NAMES[self.status]

    @property
    def signing_scope(self) -> tuple[str, ...]:
        """Where residents sign it now: its scope after a vote that met its rule, until it is superseded."""
        signable = self.vote is not None and self.vote.passed and self.status != "superseded"
        return self.scope if signable else ()

    def stage_date(self, stage: str) -> date | None:
        dates = [s.date for s in self.stages if s.stage == stage]
        return dates[-1] if dates else None


def build_covenants(sources: list[CovenantSource], tables: Tables) -> list[Covenant]:
    by_id = {row.values["id"]: row for row in tables.all("covenants")}
    stages: dict[str, list[TypedRow]] = {}
    for row in tables.all("covenant_stages"):
        stages.setdefault(row.values["covenant"], []).append(row)
    votes = {row.values["covenant"]: row for row in tables.all("covenant_votes")}
    versions: dict[str, list[TypedRow]] = {}
    for row in tables.all("covenant_versions"):
        versions.setdefault(row.values["covenant"], []).append(row)
    covenants = []
    for source in sources:
        v = by_id[source.id].values
        vote = votes.get(source.id)
        covenants.append(Covenant(
            id=source.id,
            title=v["title"],
            kind=v["kind"],
            topic=v.get("topic"),
            keywords=tuple(v.get("keywords") or ()),
            scope=tuple(v.get("scope") or ()),
            version=v["version"],
            status=v["status"],
            signatures=v.get("signatures"),
            superseded_by=v.get("superseded_by"),
            sheet_rows=v.get("sheet_rows"),
            stages=tuple(Stage(r.values["stage"], r.values["date"], r.values.get("until"), r.values.get("note"),
                               r.record.line) for r in stages.get(source.id, [])),
            vote=Vote(vote.values["eligible_households"], vote.values["for"], vote.values["against"],
                      vote.values["abstain"], vote.values["rule"], vote.record.line) if vote else None,
            text=source.text,
            history=tuple(sorted(
                (Version(r.values["version"], r.values.get("date"), r.values.get("note"),
                         source.versions[r.values["version"]])
                 for r in versions.get(source.id, []) if r.values["version"] in source.versions),
                key=lambda version: version.number)),
            source=Source(source.file, 1),
            field_lines=dict(by_id[source.id].record.field_lines),
        ))
    return covenants


def check_covenants(covenants: list[Covenant], network: Network) -> list[Problem]:
    problems: list[Problem] = []
    ids = {c.id for c in covenants}
    hubs = set(network.communities) | set(network.stations) | set(network.points)
    for covenant in covenants:
        subject = f"公约「{covenant.title}」"
        file = covenant.source.file
        problems += _check_stages(covenant, subject, file)
        vote = covenant.vote
        if vote and vote.cast > vote.eligible_households:
            problems.append(problem("tally-exceeds", file, vote.line, subject=subject, found=vote.cast,
                                    expected=vote.eligible_households))
        if vote and covenant.signatures is not None and covenant.signatures > vote.eligible_households:
            problems.append(problem("signatures-exceed", file, covenant.line_of("signatures"), subject=subject,
                                    found=covenant.signatures, expected=vote.eligible_households))
        for hub in covenant.scope:
            if hub in hubs:
                continue
            parts = OTHER_SEPARATOR.split(hub.strip().replace("、", ","))
            if len(parts) > 1 and all(part in hubs for part in parts):  # [P01，S1]: one item to YAML
                problems.append(problem("scope-separator", file, covenant.line_of("scope"), subject=subject, found=hub,
                                        expected=", ".join(parts)))
            elif meant := _meant_hub(network, hub):
                problems.append(problem(meant[0], file, covenant.line_of("scope"), subject=subject, found=hub,
                                        tier=meant[1], name=meant[2], expected=meant[3]))
            else:
                told = problem("scope-unknown", file, covenant.line_of("scope"), subject=subject, found=hub)
                problems.append(replace(told, hint=did_you_mean(hub, hubs) + told.hint))
        problems += _check_keywords(covenant, subject, file)
        if covenant.superseded_by and covenant.superseded_by not in ids:
            problems.append(problem("superseded-unknown", file, covenant.line_of("superseded_by"), subject=subject,
                                    found=covenant.superseded_by))
        numbers = [v.number for v in covenant.history]
        if numbers != list(range(1, covenant.version)):
            problems.append(problem("version-gap", file, covenant.line_of("version"), subject=subject,
                                    found="、".join(f"第 {n} 版" for n in numbers) or "没有",
                                    expected=covenant.version - 1))
        problems += _check_numbering(covenant.text, subject)
        for version in covenant.history:
            problems += _check_numbering(version.text, f"{subject}第 {version.number} 版")
    return problems


def _meant_hub(network: Network, value: str) -> tuple[str, str, str, str] | None:
    """(code, tier, name, id) of the community, station or point a scope's value that is no id stood for: written by
    its name (东湖社区), or its id in other case (s1); None when it names none, or several."""
    text = value.strip()
    hubs = [*(((COMMUNITY_NAMES.get(c.area, "社区（村）"), c.name, c.id) for c in network.communities.values())),
            *((TIER_NAMES["station"], s.name, s.id) for s in network.stations.values()),
            *((TIER_NAMES["point"], p.name, p.id) for p in network.points.values())]
    for code, found in (("scope-id-case", [h for h in hubs if h[2].casefold() == text.casefold()]),
                        ("scope-name", [h for h in hubs if h[1] == text])):
        if len(found) == 1:
            return (code, *found[0])
    return None


def check_sheet_rows(covenants: list[Covenant], rows: int, sheet: str) -> list[Problem]:
    """A covenant asks for no more rows (`sheet_rows`) than one sign sheet holds: the covenant form's `rows`, from
    `sheet` (the street's own, data/forms/covenant.yaml, may hold fewer than the schema's most)."""
    return [problem("covenant-sheet-rows", c.source.file, c.line_of("sheet_rows"), subject=f"公约「{c.title}」",
                    found=c.sheet_rows, expected=rows, sheet=sheet)
            for c in covenants if c.sheet_rows is not None and c.sheet_rows > rows]


def _check_stages(covenant: Covenant, subject: str, file: str) -> list[Problem]:
    problems = []
    previous: Stage | None = None
    for stage in covenant.stages:
        if previous is not None:
            if STAGES.index(stage.stage) < STAGES.index(previous.stage):
                problems.append(problem("stage-order", file, stage.line, subject=subject, found=stage.name,
                                        previous=previous.name))
            elif stage.stage == previous.stage and stage.stage != "discussion":
                problems.append(problem("stage-repeated", file, stage.line, subject=subject, found=stage.name))
            if stage.date < previous.date:
                problems.append(problem("stage-date-order", file, stage.line, subject=subject, found=stage.name,
                                        date=stage.date.isoformat(), previous=previous.date.isoformat()))
        previous = stage
    if covenant.stages and covenant.stages[-1].stage != covenant.status:
        problems.append(problem("status-mismatch", file, covenant.line_of("status"), subject=subject,
                                found=STAGE_NAMES[covenant.status], expected=covenant.stages[-1].name))
    for stage in covenant.stages:
        if stage.stage in ("signing", "in_force"):
            vote = covenant.vote
            if vote is None:
                problems.append(problem("vote-missing", file, stage.line, subject=subject, found=stage.name))
            elif not vote.passed:
                problems.append(problem("vote-not-passed", file, stage.line, subject=subject, found=stage.name,
                                        result=f"同意 {vote.for_} 户，有表决权 {vote.eligible_households} 户",
                                        rule=vote.rule_name))
            break
    return problems


# A search word: two characters or more, of Han characters, letters and digits only. Material's search indexes each
# tag as one token cut at the mkdocs.yml separator (white space, -), and a word of one character would cut every
# search that begins with it (see mkdocs.yml); punctuation would be part of the word residents must type.
_KEYWORD = re.compile(r"[^\W_]{2,}")
_KEYWORD_SEPARATOR = re.compile(r"[\s,，、;；/]+")


def _check_keywords(covenant: Covenant, subject: str, file: str) -> list[Problem]:
    problems, seen = [], set()
    line = covenant.line_of("keywords")
    for word in covenant.keywords:
        parts = [part for part in _KEYWORD_SEPARATOR.split(word.strip()) if part]
        if _KEYWORD.fullmatch(word):
            if word in seen:
                problems.append(problem("keyword-repeated", file, line, subject=subject, found=word))
            seen.add(word)
        elif len(parts) > 1 and all(_KEYWORD.fullmatch(part) for part in parts):  # [养狗、狗粪]: one item to YAML
            problems.append(problem("keyword-several", file, line, subject=subject, found=word,
                                    expected=", ".join(parts)))
        else:
            problems.append(problem("keyword-form", file, line, subject=subject, found=word))
    return problems


def _check_numbering(text: CovenantText, subject: str) -> list[Problem]:
    problems = []
    if not text.articles:
        return [problem("article-missing", text.file, text.body_line, subject=subject)]
    numbered = [c for c in text.chapters if c.number is not None]
    for what, items in (("章", numbered), ("条", text.articles)):
        for expected, (before, item) in enumerate(zip([None, *items], items), start=1):
            if item.number != expected:
                problems.append(problem("article-gap", text.file, item.line, what=what, found=item.label,
                                        previous=before.label if before else "开头",
                                        expected=numbered_label(expected, what, [i.label for i in items])))
                break  # one gap explains the rest
    return problems
