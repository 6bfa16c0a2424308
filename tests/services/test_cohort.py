"""Cohort matching's commands: weights, proposals, confirmation (all or none, once), staleness."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.base import Stamp
from domain.errors import InvalidValue
from domain.matching import MatchingWeights
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.proposals import ProposalNotFound, ProposalStale, ProposedPair
from services.cohort import ChangeMatchingWeights, ConfirmMatching, ProposeMatching
from services.mentoring import MentoringService
from tests.services.scenario import DAY, Scenario, last_position, new_event_names


def cohort(service: MentoringService) -> Scenario:
    """Mentees T1, T2 (enrolled) and mentors M1 (capacity 2), M2 (capacity 1)."""
    world = Scenario(service)
    for person in ("T1", "T2", "T3", "M1", "M2"):
        world.hire(person)
    world.program()
    for mentee in ("T1", "T2", "T3"):
        world.mentee(world.program_id, mentee)
    world.mentor(world.program_id, "M1", capacity=2)
    world.mentor(world.program_id, "M2", capacity=1)
    return world


def propose(world: Scenario, *pairs: tuple[str, str], slots: dict[str, int] | None = None
            ) -> UUID:
    return world.service.handle(ProposeMatching(
        stamp=Stamp("A1", DAY), program_id=world.program_id, round_number=1,
        pairs=tuple(ProposedPair(mentee, mentor, "sales", 1.0) for mentee, mentor in pairs),
        free_slots_seen=slots if slots is not None else {"M1": 2, "M2": 1},
    ))


def confirm(world: Scenario, proposal_id: UUID) -> tuple[UUID, ...]:
    result: tuple[UUID, ...] = world.service.handle(ConfirmMatching(
        stamp=Stamp("A1", DAY), program_id=world.program_id, proposal_id=proposal_id
    ))
    return result


def test_confirming_starts_each_proposed_pair_as_cohort_matched(
    service: MentoringService,
) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M1"), ("T2", "M2"))
    ids = confirm(world, proposal_id)
    mentorships = [service.load(Mentorship, mentorship_id) for mentorship_id in ids]
    assert [(m.mentee_id, m.mentor_id) for m in mentorships] == [("T1", "M1"), ("T2", "M2")]
    assert {m.proposal_id for m in mentorships} == {proposal_id}


def test_a_retried_confirmation_starts_nothing_twice(service: MentoringService) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M1"))
    first = confirm(world, proposal_id)
    position = last_position(service)
    assert confirm(world, proposal_id) == first
    assert new_event_names(service, position) == []


def test_a_proposal_is_stale_once_its_mentor_took_a_mentee_meanwhile(
    service: MentoringService,
) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M2"))
    world.pair(world.program_id, "T3", "M2")
    with pytest.raises(ProposalStale) as refused:
        confirm(world, proposal_id)
    assert any("M2 had 1 free slot(s), now 0" in change for change in refused.value.changes)


def test_a_proposal_is_stale_once_its_mentee_was_paired_meanwhile(
    service: MentoringService,
) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M1"), slots={"M1": 2})
    world.pair(world.program_id, "T1", "M2")
    with pytest.raises(ProposalStale) as refused:
        confirm(world, proposal_id)
    assert refused.value.changes == ("T1 has been paired in this program meanwhile",)


def test_a_stale_proposal_starts_no_pair(service: MentoringService) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M1"), ("T2", "M2"))
    world.pair(world.program_id, "T3", "M2")
    position = last_position(service)
    with pytest.raises(ProposalStale):
        confirm(world, proposal_id)
    assert new_event_names(service, position) == []


def test_a_proposal_is_not_found_through_another_program(service: MentoringService) -> None:
    world = cohort(service)
    proposal_id = propose(world, ("T1", "M1"))
    with pytest.raises(ProposalNotFound):
        service.handle(ConfirmMatching(
            stamp=Stamp("A1", DAY), program_id=uuid4(), proposal_id=proposal_id
        ))


def test_a_proposal_giving_a_mentor_more_mentees_than_free_slots_is_refused(
    service: MentoringService,
) -> None:
    world = cohort(service)
    with pytest.raises(InvalidValue):
        propose(world, ("T1", "M2"), ("T2", "M2"))


def test_an_admin_sets_the_program_s_matching_weights(service: MentoringService) -> None:
    world = cohort(service)
    service.handle(ChangeMatchingWeights(
        stamp=Stamp("A1", DAY), program_id=world.program_id, topic=5.0, free_capacity=0.0,
        cross_department=2.0, level_gap=1.0, level_gap_target=1, location=0.0, past_decline=3.0,
    ))
    weights = service.load(Program, world.program_id).matching_weights
    assert weights == MatchingWeights(
        topic=5.0, free_capacity=0.0, cross_department=2.0, level_gap=1.0, level_gap_target=1,
        location=0.0, past_decline=3.0,
    )
