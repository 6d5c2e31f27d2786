"""The consultation feature's problem codes, in Chinese, for the office."""

from __future__ import annotations

from ..problems import CLOSED_HUB, register_messages

# Where the ids are: the hint of an unknown hub when nothing better is known.
HUB_IDS = "友邻点的编号见 data/points.csv，友邻站、友邻中心和{top}的编号见 data/hubs.yaml" + CLOSED_HUB
# The hint of an escalation's `from` or `to` that is no hub's id, in parts joined by "；" (see targets.py).
MEANT_CASE = "{found} 与{tier}「{name}」的编号 {id} 只差大小写，编号要一字不差"
MEANT_NAME = "「{found}」是{tier}的名称，不是编号：它的编号是 {id}"
STEP_TO = "这一步从{from_tier} {from_id} 报到{to_tier}，写成 to: {expected}"
STEP_NONE = "议题在{tier} {id} 已到上报路线的最高一级（{stop}），不再往上报"
STEP_FROM = "这一步从议题当时所在的{tier} {id} 上报，写成 from: {id}"
# A street-level meeting whose hub is no id here (a copied sample's street id, 全街道 written out): the one to write.
STREET_MEETING = "「{type}」是{tier}一级的会议，召开单位写{tier}的编号：hub: {id}"

MESSAGES = {
    # where things are
    "topic-hub-unknown": (
        "{subject}的{field} {found} 不是{expected}的编号",
        "{advice}",  # HUB_IDS, or what to write instead (targets.py)
    ),
    "meeting-hub-unknown": (
        "{subject}的召开单位 {found} 不是友邻点、友邻站、友邻中心或{top}的编号",
        "{advice}",  # HUB_IDS, or the hub whose name or id in other case was written (hubrefs.meant_hub)
    ),
    "topic-category-unknown": (
        "{subject}的分类「{found}」不在分类表中",
        "可选：{expected}；需要新的分类时，先把它加到 data/topics.yaml 的 categories 中",
    ),
    # what residents leave for the social worker stays with the office
    "topic-phone-in-public": (
        "{subject}的“{field}”中写有{whose}不公开的电话（{found}）",
        "网站会照原样公开这一栏：请把它删掉；提出人的电话只写在议题的 raised_by_phone 中，只供社工回电话",
    ),
    # escalation along the tree ({route}: the plan's way up, see `rules.route_hint`; {top}: the street's own level)
    "escalation-chain": (
        "{subject}从 {found} 上报，但议题当时在 {expected}",
        "每次上报的 from 应是议题当时所在的地方：第一次是 raised_at，之后是上一次的 to",
    ),
    "escalation-sideways": (
        "{subject}从{from_tier} {from_id} 报到了同级的{to_tier} {found}",
        "{route}；不能报给同级，应报到 {expected}",
    ),
    "escalation-skips-tier": (
        "{subject}从{from_tier} {from_id} 直接报到{to_tier} {found}，跳过了{skipped}",
        "{route}；这一步应报到 {expected}",
    ),
    "escalation-wrong-station": (
        "{subject}：友邻点 {from_id} 属于友邻站 {expected}，不能报到友邻站 {found}",
        "友邻点的议题只能报到自己所属的友邻站（见 data/points.csv 的 station 列）",
    ),
    "escalation-downward": (
        "{subject}从{from_tier} {from_id} 报到了下级的{to_tier} {found}",
        "{route}；不能往下报",
    ),
    "escalation-beyond-street": (
        "{subject}从{top} {from_id} 再往上报到 {found}",
        "{top}是最高一级：议题报到{top}为止，不再往上报",
    ),
    "escalation-beyond-plan": (
        "{subject}从{from_tier} {from_id} 报到了{to_tier} {found}，但建设方案的上报路线到{stop}为止",
        "{route}；请在{stop}协商解决这个议题，或在 data/hubs.yaml 的 escalation 中加上 {stop} → {to_tier} 这一步",
    ),
    "escalation-after-decision": (
        "{subject}的日期 {found} 晚于议题作出决定（民决）的 {expected}",
        "已经议定的议题不再上报；如需重新协商，请新建一个议题",
    ),
    # the 五民 loop
    "loop-order": (
        "{subject}不符合五民顺序：这里应是“{expected}”，写的是“{found}”",
        "五民环节依次为 民提（即 raised_on）→ 民议 → 民决 → 民办 → 民评，每个环节写一次，不能跳过或颠倒",
    ),
    "loop-field-missing": (
        "{subject}已到“{stage}”环节，但没有填写{field}",
        "{hint}",
    ),
    "loop-field-early": (
        "{subject}填写了{field}，但还没有到“{expected}”环节",
        "请先在 loop 中加上“{expected}”环节及日期，或删除 {name}",
    ),
    "loop-evaluation-missing": (
        "{subject}没有填写评议人数",
        "民评要写 satisfied（满意）、basically_satisfied（基本满意）、dissatisfied（不满意）的人数",
    ),
    "loop-evaluation-misplaced": (
        "{subject}填写了评议人数，但评议人数只属于“民评”环节",
        "请把 satisfied、basically_satisfied、dissatisfied 移到“民评”环节下",
    ),
    # dates
    "topic-date-order": (
        "{subject}的{field} {found} 早于{earlier} {expected}",
        "日期要按先后顺序：提出 → 上报、民议 → 民决 → 民办 → 办结 → 民评",
    ),
    "topic-date-future": (
        "{subject}的{field} {found} 晚于今天（{expected}）",
        "这里记录已经发生的事；请检查年份和月份",
    ),
    "topic-before-hub": (
        "{subject}的日期 {found} 早于{hub}的设立日期 {expected}",
        "请核对日期，或 data/hubs.yaml、data/points.csv 中的设立日期",
    ),
    "topic-hub-planned": (
        "{subject}的{field} {found}（{hub}）还是“{status}”，尚未设立",
        "筹建中的站点还不接待居民、不协商议题：请核对编号；如果它已经设立，请把 data/hubs.yaml 或 data/points.csv "
        "中它的 status 改为 active，并写上设立日期 established",
    ),
    "meeting-before-hub": (
        "{subject}的日期 {found} 早于{hub}的设立日期 {expected}",
        "请核对会议日期，或 data/hubs.yaml、data/points.csv 中的设立日期",
    ),
    # meetings
    "meeting-type-unknown": (
        "{subject}的会议类型「{found}」不在会议类型表中",
        "可选：{expected}（见 data/meetings.yaml 的 types）",
    ),
    "meeting-type-tier": (
        "{subject}是“{found}”，这类会议由{expected}召开，但 {hub} 是{tier}",
        "请改正会议类型或召开单位",
    ),
    "meeting-time-order": (
        "{subject}的结束时间 {found} 不晚于开始时间 {expected}",
        "时间用 24 小时制，如 \"14:00\" 到 \"16:00\"",
    ),
    "meeting-small-hours": (
        "{subject}的开始时间 {found} 在凌晨",
        "时间用 24 小时制：下午 {found} 写成 \"{expected}\"；会议确实在凌晨就不用改",
    ),
    "meeting-minutes-early": (
        "{subject}的会议日期是 {found}，还没有召开（今天 {expected}），却已有{what}",
        "会议纪要和各项结果在会后填写；请检查会议日期",
    ),
    "agenda-duration-mismatch": (
        "{subject}各项议程合计 {found} 分钟，会议从 {start} 到 {end} 共 {expected} 分钟",
        "各项议程的 duration 之和应等于会议时长；请调整各项时长或会议时间",
    ),
    "agenda-item-shape": (
        "{subject}{found}",
        "每项议程写 topic（议题编号）或 item（其他事项）二者之一",
    ),
    "agenda-topic-unknown": (
        "{subject}的议题 {found} 不存在",
        "议题编号见 data/topics.yaml",
    ),
    "agenda-topic-not-here": (
        "{subject}的议题 {found} 在 {date} 不在{hub}协商（当时在 {expected}）",
        "议程中的议题必须是会议当天在本级协商的议题：议题要先逐级上报到这里，才能列入这里的会议",
    ),
    "agenda-topic-not-open": (
        "{subject}的议题 {found} 在 {date} {reason}",
        "议程中的议题必须在会议当天仍在办理中：已提出，且还没有完成民评",
    ),
    "agenda-topic-duplicate": (
        "{subject}的议题 {found} 在这次会议的议程中出现了两次",
        "同一个议题在一次会议中只列一项；需要更多时间请加长它的 duration",
    ),
}

register_messages(MESSAGES)
