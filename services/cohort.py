"""Cohort matching: an admin sets a program's matching weights, records a proposal of pairs
(computed on the read side) and confirms it, which starts every proposed mentorship at once.

Confirming decides again on the aggregates: a proposal whose mentors' free slots changed, whose
mentees got paired meanwhile, or whose pairs a rule now refuses is refused whole (``ProposalStale``,
saying what changed). The mentorship ids derive from the proposal and the mentee, and the
proposal records its confirmation in the same save, so a retried confirmation starts nothing
twice and answers the same ids.
"""

from __future__ import annotations

import json
from dataclasses import field
from datetime import date
from uuid import UUID, uuid4

from domain.errors import DomainError
from domain.matching import MatchingWeights
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.proposals import MatchingProposal, ProposalStale, ProposedPair
from domain.vocabulary import Role
from services import policies
from services.changes import Changes
from services.command import Change, Command, command, handles
from services.matching import check_pair_allowed


@command
class ChangeMatchingWeights(Change[UUID]):
    """An admin sets how suggestions and matching weigh each reason; returns the program id."""

    program_id: UUID
    topic: float
    free_capacity: float
    cross_department: float
    level_gap: float
    level_gap_target: int
    location: float
    past_decline: float


@command
class ProposeMatching(Command[UUID]):
    """Record the pairs cohort matching proposes for the program's open round; returns the
    proposal id."""

    program_id: UUID
    round_number: int
    pairs: tuple[ProposedPair, ...]
    free_slots_seen: dict[str, int]
    proposal_id: UUID = field(default_factory=uuid4)


@command
class ConfirmMatching(Command[tuple[UUID, ...]]):
    """An admin confirms a proposal: every proposed mentorship starts; returns their ids."""

    program_id: UUID
    proposal_id: UUID

    def encode_result(self, result: tuple[UUID, ...]) -> str:
        return json.dumps([str(mentorship_id) for mentorship_id in result])

    def decode_result(self, text: str) -> tuple[UUID, ...]:
        return tuple(UUID(mentorship_id) for mentorship_id in json.loads(text))


@handles(ChangeMatchingWeights)
def change_matching_weights(command: ChangeMatchingWeights, changes: Changes) -> UUID:
    weights = MatchingWeights.of(command)
    return changes.change(
        Program,
        command.program_id,
        command.expected_version,
        lambda program: program.change_matching_weights(weights=weights, stamp=command.stamp),
    )


@handles(ProposeMatching)
def propose_matching(command: ProposeMatching, changes: Changes) -> UUID:
    program = changes.get(Program, command.program_id)
    program.check_round_open(command.stamp.effective_date)
    proposal = MatchingProposal.propose(
        proposal_id=command.proposal_id,
        program_id=program.id,
        round_number=command.round_number,
        pairs=tuple(command.pairs),
        free_slots_seen=dict(command.free_slots_seen),
        stamp=command.stamp,
    )
    return changes.add(proposal).id


@handles(ConfirmMatching)
def confirm_matching(command: ConfirmMatching, changes: Changes) -> tuple[UUID, ...]:
    proposal = changes.get(MatchingProposal, command.proposal_id)
    proposal.check_of_program(command.program_id)
    if proposal.is_confirmed:
        return proposal.confirm(stamp=command.stamp)
    program = changes.get(Program, command.program_id)
    stale = what_changed(changes, program, proposal, command.stamp.effective_date)
    if stale:
        raise ProposalStale(stale)
    ids = proposal.confirm(stamp=command.stamp)
    for pair, mentorship_id in zip(proposal.pairs, ids, strict=True):
        mentorship = Mentorship.assign(
            mentorship_id=mentorship_id,
            mentee_id=pair.mentee_id,
            mentor_id=pair.mentor_id,
            program_id=program.id,
            topic=pair.topic,
            proposal_id=proposal.id,
            stamp=command.stamp,
        )
        policies.start_mentorship(
            changes, program, mentorship, changes.employee(pair.mentee_id),
            changes.employee(pair.mentor_id), stamp=command.stamp,
        )
    return ids


def what_changed(
    changes: Changes, program: Program, proposal: MatchingProposal, day: date
) -> tuple[str, ...]:
    """Everything the proposal relied on that no longer holds (empty: it can be confirmed)."""
    found: list[str] = []
    try:
        if program.check_round_open(day) != proposal.round_number:
            found.append(f"round {proposal.round_number} is no longer the open round")
    except DomainError as error:
        found.append(error.message)
    for mentor_id, seen in proposal.free_slots_seen.items():
        enrolment = changes.get(
            MentorEnrolment, MentorEnrolment.create_id(program.id, mentor_id)
        )
        if enrolment.free_slots != seen:
            found.append(f"{mentor_id} had {seen} free slot(s), now {enrolment.free_slots}")
    for pair in proposal.pairs:
        found.extend(_pair_changes(changes, program, pair, day))
    return tuple(found)


def _pair_changes(
    changes: Changes, program: Program, pair: ProposedPair, day: date
) -> list[str]:
    """What refuses one proposed pair now: the mentee paired meanwhile, or a rule."""
    mentee = changes.employee(pair.mentee_id)
    if any(
        program_id == program.id and role == Role.MENTEE
        for program_id, _, role in mentee.mentorships.values()
    ):
        return [f"{pair.mentee_id} has been paired in this program meanwhile"]
    try:
        program.check_round_open(day, mentee.department)
        mentor = changes.employee(pair.mentor_id)
        check_pair_allowed(changes, program, mentee, mentor, day)
        enrolment = changes.get(
            MentorEnrolment, MentorEnrolment.create_id(program.id, pair.mentor_id)
        )
        enrolment.check_can_take(pair.topic, program.rules.require_training)
    except DomainError as error:
        return [f"{pair.mentee_id} with {pair.mentor_id}: {error.message}"]
    return []
