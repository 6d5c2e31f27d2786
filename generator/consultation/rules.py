"""Cross-checks of topics and meetings against the network tree, the 五民 loop and the calendar.

- Escalation follows the tree one tier at a time: a point's topic goes to its own
  station, then the centre, then the street; never sideways, down or skipping a tier, nor above the
  tier where the plan's way up stops (a plan that sends nothing above the centre). The hints say the
  way up as the plan does, and the street's level by its own unit (街道, 镇).
- The loop goes 民提 → 民议 → 民决 → 民办 → 民评 without skipping or going back,
  every date in order, nothing dated after `today`.
- A decision, who carries it out and the due date belong to a decided topic; the
  outcome and the date it was done to a topic being (or been) carried out.
- A meeting's agenda adds up to its length, and each topic on it was at that hub
  and still open on the day.
- The phone a resident left for the social worker to call back (`raised_by_phone`) is not written into
  any text of the topics and meetings that the site shows, as a leader's private phone is not written
  into the network's (personal.py); the leak scan of the built site looks for it too.

A file most of whose hubs are not this network's was copied from elsewhere: one error for it (hubrefs.py).
Hubs opened after a date that mentions them, or still being set up (planned), give warnings, not errors.
A closed hub's topics are its valid records and are not questioned, nor held against its closing date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import NamedTuple, Sequence

from ..corrections import did_you_mean
from ..leaks import phone_needle
from ..model import STATUS_NAMES, EscalationStep
from ..personal import phones_in, shown_texts
from ..problems import Problem, Severity, problem
from ..public import escalation_route, mask_phone
from .hubrefs import RECORD_TIERS, HubReference, Part, close_hub, meant_hub, one_per_copied_file
from .messages import HUB_IDS, MESSAGES, STREET_MEETING
from .model import STAGES, TIER_RANK, Consultation, Escalation, Hub, Meeting, Topic
from .reading import MEETINGS_FILE, TOPICS_FILE
from .targets import from_hint, plan_reach, to_hint
from .views import tier_name

WARNING = Severity.WARNING
EARLIEST_START = time(6)  # a meeting begun before this was most likely meant in the afternoon
CODES = tuple(MESSAGES)  # every code these checks report (importing the messages registered them)
# What the files hold, for the error of one copied from elsewhere (hubrefs.py).
_OFF = "（不用协商议事的，把 data/topics.yaml、data/meetings.yaml 和 mkdocs.yml 导航中“协商议事”那一行都删掉，网站就没有这一栏）"
_PARTS = {TOPICS_FILE: Part("议题", _OFF), MEETINGS_FILE: Part("会议", _OFF)}


def check_consultation(data: Consultation, today: date, escalation: Sequence[EscalationStep]) -> list[Problem]:
    """`escalation` is the plan's way up (data/hubs.yaml): how far topics may go, and the words of the hints."""
    problems: list[Problem] = []
    plan = _PlanRoute(route_hint(escalation_route(escalation)), plan_reach(escalation))
    for topic in data.topics.values():
        problems += _topic(data, topic, today, plan)
    for meeting in data.meetings.values():
        problems += _meeting(data, meeting, today)
    problems += _callback_phones(data)
    return one_per_copied_file(problems, _hub_references(data), lambda: data.hubs, _PARTS,
                               ("topic-hub-unknown", "meeting-hub-unknown"))


def _hub_references(data: Consultation):
    """Every hub a topic (where it was raised, each step up) or a meeting names, by the record's line."""
    known = data.hubs.hubs
    for topic in data.topics.values():
        for hub_id in (topic.raised_at, *(hub for step in topic.escalations for hub in (step.from_, step.to))):
            yield HubReference(topic.source.file, topic.source.line, hub_id, hub_id in known)
    for meeting in data.meetings.values():
        yield HubReference(meeting.source.file, meeting.source.line, meeting.hub, meeting.hub in known)


def route_hint(route: str | None) -> str:
    return f"议题只能逐级上报：{route}" if route else "议题只能逐级上报"


class _PlanRoute(NamedTuple):
    hint: str  # the way up as a hint says it (`route_hint`)
    reach: tuple[str, str] | None  # the tier where it stops and the plan's name for it; None: no way up, no limit


def _subject(topic: Topic) -> str:
    return f"议题 {topic.id} "


def _lookup(data: Consultation, hub_id: str, file: str, line: int, subject: str, field: str,
            code: str, tiers: tuple[str, ...] | None = None, advice: str = "") -> tuple[Hub | None, list[Problem]]:
    """The hub with this id, or the problem saying why there is none (unknown, wrong tier).

    `advice`: what to write instead, for an id of no hub (targets.py); else the hint names the hub whose name
    or id in other case was written, where one of the tiers wanted is, or asks about the id it is close to.
    """
    hub = data.hubs.get(hub_id)
    if hub is None or (tiers is not None and hub.tier not in tiers):
        every = tiers or ("point", "station", "centre", "street")
        wanted = "、".join(tier_name(data.hubs, t) for t in every)
        top = tier_name(data.hubs, "street")
        meant = meant_hub(data.hubs, hub_id) if hub is None and not advice else None
        if meant and meant[0].tier in every:
            advice = meant[1]
        advice = advice or close_hub(data.hubs, hub_id, every) + HUB_IDS.format(top=top)
        if code == "meeting-hub-unknown":
            return None, [problem(code, file, line, subject=subject, found=hub_id, top=top, advice=advice)]
        return None, [problem(code, file, line, subject=subject, field=field, found=hub_id, expected=wanted,
                              top=top, advice=advice)]
    return hub, []


def _topic(data: Consultation, topic: Topic, today: date, plan: _PlanRoute) -> list[Problem]:
    file, subject = topic.source.file, _subject(topic)
    problems: list[Problem] = []
    if topic.category not in data.categories:
        problems.append(problem("topic-category-unknown", file, topic.line_of("category"), subject=subject,
                                found=topic.category, expected="、".join(data.categories) or "（分类表为空）"))
    raised, found = _lookup(data, topic.raised_at, file, topic.line_of("raised_at"), subject, "提出地点",
                            "topic-hub-unknown", RECORD_TIERS)
    problems += found
    problems += _future(file, topic.line_of("raised_on"), subject, "提出日期", topic.raised_on, today)
    if raised is not None:
        problems += (_before_hub("topic-before-hub", file, topic.line_of("raised_on"), subject, topic.raised_on, raised)
                     or _planned(file, topic.line_of("raised_at"), subject, "提出地点", raised))
    problems += _escalations(data, topic, today, plan)
    problems += _loop(topic, today)
    problems += _stage_fields(topic, today)
    return problems


def _future(file: str, line: int, subject: str, field: str, day: date | None, today: date) -> list[Problem]:
    if day is None or day <= today:
        return []
    return [problem("topic-date-future", file, line, subject=subject, field=field, found=day, expected=today)]


def _before_hub(code: str, file: str, line: int, subject: str, day: date, hub: Hub) -> list[Problem]:
    if hub.established is None or day >= hub.established:
        return []
    return [problem(code, file, line, subject=subject, found=day, expected=hub.established, hub=hub.name,
                    severity=WARNING)]


def _planned(file: str, line: int, subject: str, field: str, hub: Hub) -> list[Problem]:
    """A hub still being set up takes no topics yet: the id is likely a slip, or its status was not updated."""
    if hub.status != "planned":
        return []
    return [problem("topic-hub-planned", file, line, subject=subject, field=field, found=hub.id, hub=hub.name,
                    status=STATUS_NAMES[hub.status], severity=WARNING)]


def _order(file: str, line: int, subject: str, field: str, day: date, earlier: str, before: date) -> list[Problem]:
    if day >= before:
        return []
    return [problem("topic-date-order", file, line, subject=subject, field=field, found=day, earlier=earlier,
                    expected=before)]


def _escalations(data: Consultation, topic: Topic, today: date, plan: _PlanRoute) -> list[Problem]:
    problems: list[Problem] = []
    file = topic.source.file
    current_id = topic.raised_at
    previous, previous_name = topic.raised_on, "提出日期"
    decided = topic.decided_on
    for number, step in enumerate(topic.escalations, start=1):
        subject = f"议题 {topic.id} 的第 {number} 次上报"
        hubs, at = data.hubs, data.hubs.get(current_id)
        # Told what to write: where the topic was, and the hub above it (else above the step's own from).
        advice = from_hint(hubs, step.from_, at)[0] if hubs.get(step.from_) is None else ""
        origin, found = _lookup(data, step.from_, file, step.line_of("from"), subject, "上报单位（from）",
                                "topic-hub-unknown", advice=advice)
        problems += found
        advice = to_hint(hubs, step.to, at or origin, plan.reach)[0] if hubs.get(step.to) is None else ""
        target, found = _lookup(data, step.to, file, step.line_of("to"), subject, "上报到（to）", "topic-hub-unknown",
                                advice=advice)
        problems += found
        if origin is not None and step.from_ != current_id:
            problems.append(problem("escalation-chain", file, step.line_of("from"), subject=subject,
                                    found=step.from_, expected=current_id))
        if origin is not None and target is not None:
            problems += (_tree_step(data, step, origin, target, subject, file, plan.hint)
                         or _beyond_plan(data, step, origin, target, subject, file, plan))
            problems += (_before_hub("topic-before-hub", file, step.line_of("date"), subject, step.date, target)
                         or _planned(file, step.line_of("to"), subject, "上报到（to）", target))
        problems += _order(file, step.line_of("date"), subject, "上报日期", step.date, previous_name, previous)
        problems += _future(file, step.line_of("date"), subject, "上报日期", step.date, today)
        if decided is not None and step.date > decided:
            problems.append(problem("escalation-after-decision", file, step.line_of("date"), subject=subject,
                                    found=step.date, expected=decided))
        current_id = step.to
        previous, previous_name = max(previous, step.date), f"第 {number} 次上报的日期"
    return problems


def _tree_step(data: Consultation, step: Escalation, origin: Hub, target: Hub, subject: str,
               file: str, route: str) -> list[Problem]:
    """One step up the tree: the parent of where it came from, and nothing else."""
    line = step.line_of("to")
    names = dict(from_tier=tier_name(data.hubs, origin.tier), from_id=origin.id,
                 to_tier=tier_name(data.hubs, target.tier), found=target.id, route=route)
    if origin.tier == "street":
        return [problem("escalation-beyond-street", file, line, subject=subject, from_id=origin.id, found=target.id,
                        top=names["from_tier"])]
    rise = TIER_RANK[target.tier] - TIER_RANK[origin.tier]
    parent = origin.parent
    if rise == 0:
        return [problem("escalation-sideways", file, line, subject=subject, expected=parent, **names)]
    if rise < 0:
        return [problem("escalation-downward", file, line, subject=subject, **names)]
    if rise > 1:
        skipped = "、".join(tier_name(data.hubs, t) for t in _tiers_between(origin.tier, target.tier))
        return [problem("escalation-skips-tier", file, line, subject=subject, expected=parent, skipped=skipped,
                        **names)]
    if target.id != parent:
        return [problem("escalation-wrong-station", file, line, subject=subject, from_id=origin.id,
                        found=target.id, expected=parent)]
    return []


def _beyond_plan(data: Consultation, step: Escalation, origin: Hub, target: Hub, subject: str, file: str,
                 plan: _PlanRoute) -> list[Problem]:
    """A step up the tree that the plan's way up does not take: the plan stops below the tier it reaches."""
    if plan.reach is None or TIER_RANK[target.tier] <= TIER_RANK[plan.reach[0]]:
        return []
    return [problem("escalation-beyond-plan", file, step.line_of("to"), subject=subject,
                    from_tier=tier_name(data.hubs, origin.tier), from_id=origin.id,
                    to_tier=tier_name(data.hubs, target.tier), found=target.id, stop=plan.reach[1], route=plan.hint)]


def _tiers_between(low: str, high: str) -> list[str]:
    order = list(TIER_RANK)
    return order[TIER_RANK[low] + 1: TIER_RANK[high]]


def _loop(topic: Topic, today: date) -> list[Problem]:
    problems: list[Problem] = []
    file = topic.source.file
    previous, previous_name = topic.raised_on, "提出日期（民提）"
    in_order = True
    for index, step in enumerate(topic.loop):
        subject = f"议题 {topic.id} 的“{step.stage}”环节"
        expected = STAGES[index + 1] if index + 1 < len(STAGES) else None
        if in_order and step.stage != expected:
            problems.append(problem("loop-order", file, step.line_of("stage"),
                                    subject=f"议题 {topic.id} 的第 {index + 1} 个环节", found=step.stage,
                                    expected=expected or "（民评之后没有环节）"))
            in_order = False  # one mistake in the order is enough to say
        problems += _order(file, step.line_of("date"), subject, "日期", step.date, previous_name, previous)
        problems += _future(file, step.line_of("date"), subject, "日期", step.date, today)
        if step.stage == "民评":
            counts = [step.satisfied, step.basically_satisfied, step.dissatisfied]
            if not any(counts):
                problems.append(problem("loop-evaluation-missing", file, step.source.line, subject=subject))
        elif step.has_counts:
            problems.append(problem("loop-evaluation-misplaced", file, step.source.line, subject=subject))
        previous, previous_name = max(previous, step.date), f"“{step.stage}”环节的日期"
    return problems


_DECISION_FIELDS = (("decision", "决定（decision）"), ("carried_out_by", "承办（carried_out_by）"),
                    ("due", "办理期限（due）"))
_DONE_FIELDS = (("done_on", "办结日期（done_on）"), ("outcome", "办理结果（outcome）"))


def _stage_fields(topic: Topic, today: date) -> list[Problem]:
    """Decision fields from 民决 on; the outcome from 民办 on, and required by 民评."""
    problems: list[Problem] = []
    file, subject = topic.source.file, _subject(topic)
    reached = STAGES.index(topic.stage) if topic.stage in STAGES else 0
    rules = [(_DECISION_FIELDS, "民决", "民决", "民决环节要写明议定的办法（decision）、承办（carried_out_by）和办理期限（due）"),
             (_DONE_FIELDS, "民办", "民评", "民评之前要写明办结日期（done_on）和办理结果（outcome）")]
    for fields, allowed_from, required_from, hint in rules:
        for name, title in fields:
            value = getattr(topic, name)
            if value is not None and reached < STAGES.index(allowed_from):
                problems.append(problem("loop-field-early", file, topic.line_of(name), subject=subject, field=title,
                                        expected=allowed_from, name=name))
            elif value is None and reached >= STAGES.index(required_from):
                problems.append(problem("loop-field-missing", file, topic.source.line, subject=subject,
                                        stage=topic.stage, field=title, hint=hint))
    decided = topic.decided_on
    if topic.due is not None and decided is not None:
        problems += _order(file, topic.line_of("due"), subject, "办理期限", topic.due, "民决日期", decided)
    started = topic.stage_date("民办")
    if topic.done_on is not None:
        if started is not None:
            problems += _order(file, topic.line_of("done_on"), subject, "办结日期", topic.done_on, "民办日期", started)
        problems += _future(file, topic.line_of("done_on"), subject, "办结日期", topic.done_on, today)
        evaluation = topic.step("民评")
        if evaluation is not None:
            problems += _order(file, evaluation.line_of("date"), f"议题 {topic.id} 的“民评”环节", "日期",
                               evaluation.date, "办结日期", topic.done_on)
    return problems


def _callback_phones(data: Consultation) -> list[Problem]:
    """Each resident's callback phone written into a text the site shows, of any topic or meeting."""
    phones = {needle: topic for topic in data.topics.values()
              if topic.raised_by_phone and len(needle := phone_needle(topic.raised_by_phone)) >= 7}
    if not phones:
        return []
    lengths = {len(needle) for needle in phones}
    problems = []
    for subject, table, record in _shown_records(data):
        for name, field, text in shown_texts(table, record):
            for owner in phones_in(text, phones, lengths):
                whose = "提出人" if record is owner else f"议题 {owner.id} 的提出人"
                problems.append(problem("topic-phone-in-public", record.source.file, record.line_of(name),
                                        subject=subject, field=field, whose=whose,
                                        found=mask_phone(owner.raised_by_phone)))
    return problems


def _shown_records(data: Consultation):
    """(subject, table, record) for every topic and meeting and each of their nested rows."""
    for topic in data.topics.values():
        yield _subject(topic), "topics", topic
        for number, step in enumerate(topic.escalations, start=1):
            yield f"议题 {topic.id} 的第 {number} 次上报", "topic_escalations", step
        for step in topic.loop:
            yield f"议题 {topic.id} 的“{step.stage}”环节", "topic_loop", step
    for meeting in data.meetings.values():
        yield f"会议 {meeting.id} ", "meetings", meeting
        for number, item in enumerate(meeting.agenda, start=1):
            yield f"会议 {meeting.id} 的第 {number} 项议程", "agenda_items", item
        if meeting.minutes is not None:
            yield f"会议 {meeting.id} ", "meeting_minutes", meeting.minutes  # its fields read 会议 M1 的“纪要”


# ---------------------------------------------------------------- meetings


def _meeting(data: Consultation, meeting: Meeting, today: date) -> list[Problem]:
    file, subject = meeting.source.file, f"会议 {meeting.id} "
    problems: list[Problem] = []
    kind = data.types.get(meeting.type)
    street = kind is not None and kind.tier == "street" and meeting.hub not in data.hubs.hubs
    advice = STREET_MEETING.format(type=kind.type, tier=tier_name(data.hubs, "street"),
                                   id=data.hubs.street_id) if street else ""
    hub, found = _lookup(data, meeting.hub, file, meeting.line_of("hub"), subject, "召开单位", "meeting-hub-unknown",
                         advice=advice)
    problems += found
    if kind is None:
        problems.append(problem("meeting-type-unknown", file, meeting.line_of("type"), subject=subject,
                                found=meeting.type, expected="、".join(data.types) or "（会议类型表为空）"))
    elif hub is not None and kind.tier != hub.tier:
        problems.append(problem("meeting-type-tier", file, meeting.line_of("type"), subject=subject, found=kind.type,
                                expected=tier_name(data.hubs, kind.tier), hub=hub.name,
                                tier=tier_name(data.hubs, hub.tier)))
    if hub is not None:
        problems += _before_hub("meeting-before-hub", file, meeting.line_of("date"), subject, meeting.date, hub)
    if meeting.start < EARLIEST_START:  # "2:00" typed for two in the afternoon: published, and in every calendar
        afternoon = meeting.start.replace(hour=meeting.start.hour + 12)
        problems.append(problem("meeting-small-hours", file, meeting.line_of("start"), subject=subject,
                                found=f"{meeting.start.hour}:{meeting.start:%M}", expected=f"{afternoon:%H:%M}",
                                severity=WARNING))
    if meeting.end <= meeting.start:
        problems.append(problem("meeting-time-order", file, meeting.line_of("end"), subject=subject,
                                found=f"{meeting.end:%H:%M}", expected=f"{meeting.start:%H:%M}"))
    elif meeting.agenda:
        total = sum(item.duration for item in meeting.agenda)
        if total != meeting.length:
            problems.append(problem("agenda-duration-mismatch", file, meeting.line_of("end"), subject=subject,
                                    found=total, expected=meeting.length, start=f"{meeting.start:%H:%M}",
                                    end=f"{meeting.end:%H:%M}"))
    if meeting.date > today:
        written = [(meeting.minutes.source.line, "会议纪要")] if meeting.minutes else []
        written += [(item.line_of("outcome"), "议程结果") for item in meeting.agenda if item.outcome]
        for line, what in written:
            problems.append(problem("meeting-minutes-early", file, line, subject=subject, found=meeting.date,
                                    expected=today, what=what))
    problems += _agenda(data, meeting, hub)
    return problems


def _agenda(data: Consultation, meeting: Meeting, hub: Hub | None) -> list[Problem]:
    problems: list[Problem] = []
    file, seen = meeting.source.file, set()
    for number, item in enumerate(meeting.agenda, start=1):
        subject = f"会议 {meeting.id} 的第 {number} 项议程"
        if (item.topic is None) == (item.item is None):
            shape = "同时写了 topic 和 item" if item.topic else "既没有写 topic 也没有写 item"
            problems.append(problem("agenda-item-shape", file, item.source.line, subject=subject, found=shape))
            continue
        if item.topic is None:
            continue
        line = item.line_of("topic")
        topic = data.topics.get(item.topic)
        if topic is None:
            told = problem("agenda-topic-unknown", file, line, subject=subject, found=item.topic)
            problems.append(replace(told, hint=did_you_mean(item.topic, data.topics) + told.hint))
            continue
        if item.topic in seen:
            problems.append(problem("agenda-topic-duplicate", file, line, subject=subject, found=item.topic))
        seen.add(item.topic)
        day = meeting.date
        if not topic.open_on(day):
            reason = (f"还没有提出（{topic.raised_on} 提出）" if topic.raised_on > day
                      else f"已经完成民评（{topic.evaluated_on}），不再协商")
            problems.append(problem("agenda-topic-not-open", file, line, subject=subject, found=item.topic,
                                    date=day, reason=reason))
        elif hub is not None and meeting.hub not in topic.hubs_on(day):
            where = "、".join(topic.hubs_on(day)) or topic.raised_at
            problems.append(problem("agenda-topic-not-here", file, line, subject=subject, found=item.topic,
                                    date=day, hub=hub.name, expected=where))
    return problems
