"""Who may act, through the service: the pair (or an admin) ends a mentorship; the sponsor,
an admin or the nominee's managers nominate (or those at the program's nominator level)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.base import Stamp
from domain.errors import NotAParticipant
from domain.mentorships import Mentorship
from domain.permissions import NotAllowedToNominate
from domain.vocabulary import EndReason
from services.enrolment import NominateMentor, SetNominatorLevel
from services.mentoring import MentoringService
from services.mentorships import EndMentorship
from tests.services.scenario import DAY, Scenario, company

LATER = date(2024, 3, 20)


def end(mentorship_id: UUID, actor: str) -> EndMentorship:
    """``actor`` ends the mentorship as completed."""
    return EndMentorship(stamp=Stamp(actor, LATER), mentorship_id=mentorship_id,
                         reason=EndReason.COMPLETED, note="")


def test_an_employee_outside_the_pair_cannot_end_it(service: MentoringService) -> None:
    world = company(service, "M1")
    world.hire("X1")
    mentorship_id = world.pair(world.program_id, "T1", "M1")
    with pytest.raises(NotAParticipant):
        service.handle(end(mentorship_id, "X1"))
    assert service.load(Mentorship, mentorship_id).is_active


def test_an_admin_ends_a_mentorship_in_its_own_name(service: MentoringService) -> None:
    world = company(service, "M1")
    mentorship_id = world.pair(world.program_id, "T1", "M1")
    service.handle(end(mentorship_id, "admin:3f9a0c1d2e4b"))
    assert not service.load(Mentorship, mentorship_id).is_active


def org(service: MentoringService) -> Scenario:
    """N1 reports to MGR, MGR to VP; PEER (level 8) elsewhere; the sponsor is E0."""
    world = Scenario(service)
    world.hire("VP", job_level=9)
    world.hire("MGR", manager_id="VP", job_level=7)
    world.hire("N1", manager_id="MGR", job_level=4)
    world.hire("PEER", job_level=8)
    world.program()
    return world


def nominate(world: Scenario, nominator: str) -> NominateMentor:
    """``nominator`` nominates N1."""
    return NominateMentor(stamp=Stamp(nominator, DAY), program_id=world.program_id,
                          employee_id="N1")


@pytest.mark.parametrize("nominator", ["E0", "MGR", "VP", "admin:3f9a0c1d2e4b"])
def test_the_sponsor_an_admin_and_the_nominees_managers_nominate(
    service: MentoringService, nominator: str
) -> None:
    world = org(service)
    assert service.handle(nominate(world, nominator))


def test_a_senior_peer_cannot_nominate_unless_the_program_sets_a_level(
    service: MentoringService,
) -> None:
    world = org(service)
    with pytest.raises(NotAllowedToNominate):
        service.handle(nominate(world, "PEER"))
    service.handle(SetNominatorLevel(stamp=Stamp("admin:1", DAY), program_id=world.program_id,
                                     nominator_level=8))
    assert service.handle(nominate(world, "PEER"))
