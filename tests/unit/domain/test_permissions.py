"""Who may act: participants end mentorships; the sponsor and allowed employees nominate."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.base import HRIS_ACTOR, SYSTEM_ACTOR, Stamp
from domain.errors import NotAParticipant
from domain.mentorships import Mentorship
from domain.permissions import NotAllowedToNominate, acts_with_authority
from tests.unit.domain.support import DAY, PROGRAM_ID, given, new_events, program

LATER = date(2024, 3, 15)


def mentorship() -> Mentorship:
    """Mentee T1 and mentor M1, matched on 2024-03-01."""
    return given(Mentorship.match(
        mentee_id="T1", mentor_id="M1", program_id=PROGRAM_ID, request_id=uuid4(),
        topic="sales", stamp=Stamp("M1", DAY),
    ))


@pytest.mark.parametrize("actor", ["admin:3f9a0c1d2e4b", "hris:00aa11bb22cc", SYSTEM_ACTOR,
                                   HRIS_ACTOR, "scheduler"])
def test_admins_and_service_actors_act_with_authority(actor: str) -> None:
    assert acts_with_authority(actor)


@pytest.mark.parametrize("actor", ["E1", "admin", "portal:3f9a0c1d2e4b", "analyst:1", ""])
def test_employees_and_other_roles_do_not(actor: str) -> None:
    assert not acts_with_authority(actor)


@pytest.mark.parametrize("actor", ["T1", "M1", "admin:3f9a0c1d2e4b", SYSTEM_ACTOR])
def test_a_participant_an_admin_or_the_system_ends_a_mentorship(actor: str) -> None:
    pair = mentorship()
    pair.end(reason="no_fault", note="", stamp=Stamp(actor, LATER))
    assert new_events(pair) == ["Ended"]


def test_an_employee_outside_the_pair_cannot_end_it() -> None:
    pair = mentorship()
    with pytest.raises(NotAParticipant):
        pair.end(reason="completed", note="", stamp=Stamp("X9", LATER))
    assert pair.is_active


def test_the_sponsor_and_the_nominees_managers_nominate_by_default() -> None:
    launched = given(program())
    for nominator in ("E0", "MGR", "SKIP"):
        launched.check_may_nominate(nominator_id=nominator, nominator_level=5,
                                    nominee_line=("MGR", "SKIP"))


def test_anyone_else_cannot_nominate_by_default() -> None:
    launched = given(program())
    with pytest.raises(NotAllowedToNominate):
        launched.check_may_nominate(nominator_id="PEER", nominator_level=12,
                                    nominee_line=("MGR",))


def test_a_program_may_let_employees_at_or_above_a_level_nominate() -> None:
    launched = given(program())
    launched.set_nominator_level(nominator_level=8, stamp=Stamp("admin:1", DAY))
    launched.check_may_nominate(nominator_id="VP", nominator_level=8, nominee_line=())
    launched.check_may_nominate(nominator_id="E0", nominator_level=None, nominee_line=())
    with pytest.raises(NotAllowedToNominate):
        launched.check_may_nominate(nominator_id="MGR", nominator_level=7, nominee_line=("MGR",))
    assert new_events(launched) == ["NominatorLevelSet"]
