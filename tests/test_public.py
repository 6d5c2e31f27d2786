"""The public view: personal data only as each leader agreed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from generator.model import Leader
from generator.build import check
from generator.public import PublicPoint, PublicSubsidy, mask_phone, public_contact, public_subsidy

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
