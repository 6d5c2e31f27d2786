"""What a covenant's printed A4 sheet is at its stage: the 公示稿 before the vote, the text to post from it on."""

from __future__ import annotations

from dataclasses import dataclass

from ..render import date_zh
from .lifecycle import STAGES, Covenant


@dataclass(frozen=True)
class Printable:
    """The sheet's heading, the line under its title, and how the covenant's page and the sheet name it."""

    kicker: str  # above the title, what a resident at the notice board reads first
    when: str | None  # the notice period, the day it took effect, or the stage in plain words
    link_text: str
    title: str


def stage_printable(covenant: Covenant, replacement: Covenant | None) -> Printable:
    """In discussion a draft; then the 公示稿 until the vote; from the vote on, the covenant to post as it stands."""
    status = covenant.status
    if status == "discussion":  # not yet the text put to public notice: a draft to comment on
        return Printable("讨论稿", _period("讨论：", covenant, "discussion", open_end="起，欢迎提意见"),
                         "打印讨论稿（A4）", "讨论稿")
    if STAGES.index(status) < STAGES.index("vote"):
        return Printable("公示", _period("公示期：", covenant, "notice"), "打印公示稿（A4）", "公示稿")
    on = date_zh(day) if (day := covenant.stage_date(status)) else ""
    if status == "superseded":
        by = f"被《{replacement.title}》" if replacement else "被新的公约"
        return Printable("已被取代", f"本公约已{'于' + on if on else ''}{by}取代，不再实施，仅供查阅",
                         "打印公约全文（A4，已被取代，仅供查阅）", "全文，已被取代")
    if status == "in_force":
        when = f"自{on}起实施" if on else "正式实施"
    elif status == "signing":
        when = f"居民表决已通过，{on}起居民签约" if on else "居民表决已通过，正在居民签约"
    elif covenant.vote:  # counted
        when = f"{on}居民表决，" + ("已通过" if covenant.vote.passed else "未通过")
    else:
        when = _period("居民表决：", covenant, "vote", open_end="起")
    return Printable("公告" if status == "in_force" else "居民公约", when, "打印公约全文（A4，张贴用）", "全文，张贴用")


def _period(label: str, covenant: Covenant, stage: str, open_end: str = "") -> str | None:
    """The days of the covenant's latest `stage` after `label` (公示期：X 至 Y); None if it had no such stage."""
    found = [s for s in covenant.stages if s.stage == stage]
    if not found:
        return None
    return f"{label}{date_zh(found[-1].date)}" + (f" 至 {date_zh(found[-1].until)}" if found[-1].until else open_end)
