"""The public view: personal data only as each leader agreed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from generator.model import EscalationStep, Leader, Source
from generator.build import check
from generator.public import (PublicPoint, PublicSubsidy, escalation_route, mask_phone, public_contact, public_subsidy,
                              street_unit, top_step, whole_street)

CONSENT = date(2020, 1, 1)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812341234", "138****1234"), ("0573-85012345", "0573-****2345"), ("057385012345", "********2345")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name_public", "publication", "consent", "expected"),
    [
        (False, "none", None, (None, None, None)),
        (True, "none", CONSENT, ("王芳", None, None)),
        (True, "masked", CONSENT, ("王芳", "138****1234", None)),
        (False, "full", CONSENT, (None, "13812341234", "13812341234")),
        # without a recorded consent nothing is published, whatever the flags say
        (True, "full", None, (None, None, None)),
    ],
)
def test_public_contact_follows_the_recorded_choice(name_public, publication, consent, expected):
    leader = Leader(name="王芳", name_public=name_public, phone="13812341234",
                    phone_publication=publication, consent_date=consent)
    contact = public_contact(leader)
    assert (contact.name, contact.phone, contact.tel) == expected


def test_the_public_point_has_no_private_field():
    names = {f.name for f in dataclasses.fields(PublicPoint)}
    assert not names & {"leader", "leader_name", "leader_phone", "phone_publication", "consent_date"}


@pytest.mark.parametrize(
    ("amount", "reason", "status", "established", "expected"),
    [
        (500, None, "active", date(2020, 3, 10), PublicSubsidy(500, None, 500, None)),
        # Set up in July: half a year's subsidy that year, the standard every year after.
        (250, "7 月设立，当年按半年拨付", "active", date(2020, 7, 1), PublicSubsidy(500, 2020, 250, "7 月设立，当年按半年拨付")),
        (0, "筹建中，设立后拨付", "planned", None, PublicSubsidy(None, None, 0, "筹建中，设立后拨付")),
        (500, None, "closed", date(2020, 3, 10), PublicSubsidy(None, None, 500, None)),
    ],
)
def test_a_subsidy_is_shown_as_the_ledger_allocates_it(fixture_project, amount, reason, status, established, expected):
    network = check(fixture_project).network
    point = dataclasses.replace(network.points["P01"], subsidy_yuan=amount, subsidy_exception=reason, status=status,
                                established=established)
    assert public_subsidy(point, network.policy) == expected


# ---------------------------------------------------------------- how the street's own level and way up are said


@pytest.mark.parametrize(("name", "unit", "whole"), [
    ("当湖街道", "街道", "全街道"), ("青溪镇", "镇", "全镇"), ("黄湖乡", "乡", "全乡"),
    # a name without a township unit is its own word; a name that is only a unit is no unit to strip
    ("高新区", "高新区", "全高新区"), ("镇", "镇", "全镇"),
])
def test_the_streets_level_is_the_unit_its_name_ends_with(name, unit, whole):
    assert (street_unit(name), whole_street(name)) == (unit, whole)


def _steps(*pairs: tuple[str, str, str]) -> list[EscalationStep]:
    return [EscalationStep(number, low, high, what, Source("data/hubs.yaml", number))
            for number, (low, high, what) in enumerate(pairs, start=1)]


def test_the_way_up_is_the_plans_from_the_first_tier_it_names():
    steps = _steps(("居民", "友邻点", "提出"), ("友邻点", "友邻站", "汇总"), ("友邻站", "友邻中心", "反映"),
                   ("友邻中心", "镇", "报镇党委研究。"))
    assert escalation_route(steps) == "友邻点 → 所属友邻站 → 友邻中心 → 镇"
    assert escalation_route(list(reversed(steps))) == "友邻点 → 所属友邻站 → 友邻中心 → 镇"  # by step number
    assert top_step(steps) == "报镇党委研究"


def test_a_way_up_that_stops_at_the_centre_has_no_step_to_the_street():
    steps = _steps(("友邻点", "友邻站", "汇总"), ("友邻站", "友邻中心", "反映"))
    assert escalation_route(steps) == "友邻点 → 所属友邻站 → 友邻中心"
    assert top_step(steps) is None


def test_a_plan_without_a_way_up_says_none():
    assert (escalation_route([]), top_step([])) == (None, None)
