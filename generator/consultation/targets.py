"""What an escalation should say, for the hints of a `from` or `to` that is no hub's id.

A clerk who typed the town's name (青溪镇) where its id goes, or an id in other case (Qingxi), needs the value to
write: for `to`, the hub above where the topic was, if the plan's way up goes that far; for `from`, where the topic
was. Where the value is a hub's name, or its id in other case, the hint also says which id it stood for. All of it
from the network's data and the plan's `escalation` steps.

The schema stage refuses a value that is no id at all (青溪镇), before the topics are read into objects; the steps
are then taken as written (`WrittenStep`), so that its `pattern` error gets the same hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model import TIER_NAMES, EscalationStep
from ..problems import Problem
from .hubrefs import meant_hub, with_hints
from .messages import STEP_FROM, STEP_NONE, STEP_TO
from .model import TIER_RANK, Hub, HubDirectory
from .views import tier_name

Reach = tuple[str, str] | None  # the tier where the plan's way up stops and its name for it; None: no limit


def plan_reach(escalation: Sequence[EscalationStep]) -> Reach:
    """The tier where the plan's way up stops: one it names as a tier, else the street (街道党委, 镇…)."""
    if not escalation:
        return None
    stop = max(escalation, key=lambda step: step.step).to
    tiers = {name: tier for tier, name in TIER_NAMES.items()}
    return tiers.get(stop, "street"), stop


def step_target(hubs: HubDirectory, origin: Hub, reach: Reach) -> Hub | None:
    """The hub a topic at `origin` goes up to: its parent, unless the plan's way up stops at `origin`'s tier."""
    parent = hubs.get(origin.parent) if origin.parent else None
    if parent is None or (reach is not None and TIER_RANK[parent.tier] > TIER_RANK[reach[0]]):
        return None
    return parent


def to_hint(hubs: HubDirectory, value: str, origin: Hub | None, reach: Reach) -> tuple[str, str | None]:
    """The hint for a `to` that is no hub's id, and the id to write; ("", None) when nothing is known to say.

    `origin` is where the topic was (the chain's, or the step's own `from`), None when that is unknown too.
    """
    target = step_target(hubs, origin, reach) if origin is not None else None
    meant = meant_hub(hubs, value, target)
    parts = [meant[1]] if meant else []
    if target is not None:
        parts.append(STEP_TO.format(from_tier=tier_name(hubs, origin.tier), from_id=origin.id,
                                    to_tier=tier_name(hubs, target.tier), expected=target.id))
    elif origin is not None:
        stop = reach[1] if reach else tier_name(hubs, origin.tier)
        parts.append(STEP_NONE.format(tier=tier_name(hubs, origin.tier), id=origin.id, stop=stop))
    return "；".join(parts), (target.id if target else None)


def from_hint(hubs: HubDirectory, value: str, at: Hub | None) -> tuple[str, str | None]:
    """The hint for a `from` that is no hub's id, and the id to write: `at`, where the topic was."""
    meant = meant_hub(hubs, value, at)
    parts = [meant[1]] if meant else []
    if at is not None:
        parts.append(STEP_FROM.format(tier=tier_name(hubs, at.tier), id=at.id))
    return "；".join(parts), (at.id if at else None)


@dataclass(frozen=True)
class WrittenStep:
    """An escalation as the file writes it, before the schema stage: enough to say what it should have said."""

    at: str | None  # where the topic was before it: the topic's raised_at, or the step before's to
    from_: str | None
    to: str | None
    from_line: int | None
    to_line: int | None


def told_what_to_write(problems: list[Problem], steps: Sequence[WrittenStep], file: str, hubs: HubDirectory,
                       reach: Reach) -> list[Problem]:
    """`problems` with the schema's `pattern` errors of an escalation's `from` and `to` hinting the value to write."""
    hints = {}
    for step in steps:
        origin = hubs.get(step.at) if step.at else None
        if step.to is not None:
            hints[file, step.to_line, step.to] = to_hint(hubs, step.to, origin or hubs.get(step.from_ or ""), reach)
        if step.from_ is not None:
            hints[file, step.from_line, step.from_] = from_hint(hubs, step.from_, origin)
    return with_hints(problems, hints)
