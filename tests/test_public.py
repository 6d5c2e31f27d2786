"""The public view: personal data only as each leader agreed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from generator.model import Leader
from generator.public import PublicPoint, mask_phone, public_contact

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
