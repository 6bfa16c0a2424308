"""The MatchingProposal aggregate: the pairs cohort matching proposed for a program's round.

An admin asks for a proposal (computed on the read side) and confirms it later; confirming
starts each proposed mentorship with an id derived from the proposal and the mentee, so a
retried confirmation can never start a pair twice. The proposal keeps the free slots each
mentor had when it was made: if they changed since, the proposal is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.base import MentoringAggregate, Stamp, natural_id
from domain.errors import Conflict, InvalidValue, NotFound


class ProposalNotFound(NotFound):
    """No cohort-matching proposal with this id in this program."""

    rule = "proposal-not-found"


class ProposalStale(Conflict):
    """What the proposal relied on changed since it was made; ``changes`` says what."""

    rule = "proposal-stale"

    def __init__(self, changes: tuple[str, ...]) -> None:
        super().__init__("the proposal is stale: " + "; ".join(changes))
        self.changes = changes


@dataclass(frozen=True)
class ProposedPair:
    """One pair of a proposal."""

    mentee_id: str
    mentor_id: str
    topic: str
    score: float


class MatchingProposal(MentoringAggregate):
    """Pairs proposed for every waiting mentee of a round, confirmed at most once."""

    not_found = ProposalNotFound
    noun = "matching proposal"

    class Proposed(MentoringAggregate.Created):
        """Cohort matching proposed these pairs (parallel tuples, one entry per pair) and saw
        these mentors with these free slots."""

        program_id: UUID
        round_number: int
        mentee_ids: tuple[str, ...]
        mentor_ids: tuple[str, ...]
        topics: tuple[str, ...]
        scores: tuple[float, ...]
        mentors_seen: tuple[str, ...]
        free_slots_seen: tuple[int, ...]

    class Confirmed(MentoringAggregate.Event):
        """An admin confirmed the proposal: its mentorships started in the same save."""

        mentorship_ids: tuple[UUID, ...]

        def apply(self, aggregate: MatchingProposal) -> None:
            aggregate.mentorship_ids = tuple(self.mentorship_ids)

    @classmethod
    def propose(
        cls,
        *,
        proposal_id: UUID,
        program_id: UUID,
        round_number: int,
        pairs: tuple[ProposedPair, ...],
        free_slots_seen: dict[str, int],
        stamp: Stamp,
    ) -> MatchingProposal:
        """Record a proposal; every mentor it uses must be among those seen, within their slots."""
        used: dict[str, int] = {}
        for pair in pairs:
            used[pair.mentor_id] = used.get(pair.mentor_id, 0) + 1
        if len({pair.mentee_id for pair in pairs}) != len(pairs):
            raise InvalidValue("a proposal pairs each mentee at most once")
        for mentor_id, count in used.items():
            if count > free_slots_seen.get(mentor_id, 0):
                raise InvalidValue(f"the proposal gives {mentor_id} more mentees than free slots")
        return cls._create(
            cls.Proposed,
            id=proposal_id,
            program_id=program_id,
            round_number=round_number,
            mentee_ids=tuple(pair.mentee_id for pair in pairs),
            mentor_ids=tuple(pair.mentor_id for pair in pairs),
            topics=tuple(pair.topic for pair in pairs),
            scores=tuple(float(pair.score) for pair in pairs),
            mentors_seen=tuple(free_slots_seen),
            free_slots_seen=tuple(free_slots_seen.values()),
            **stamp.fields,
        )

    def __init__(
        self,
        program_id: UUID,
        round_number: int,
        mentee_ids: tuple[str, ...],
        mentor_ids: tuple[str, ...],
        topics: tuple[str, ...],
        scores: tuple[float, ...],
        mentors_seen: tuple[str, ...],
        free_slots_seen: tuple[int, ...],
    ) -> None:
        self.program_id = program_id
        self.round_number = round_number
        self.pairs = tuple(
            ProposedPair(mentee, mentor, topic, score)
            for mentee, mentor, topic, score in zip(
                mentee_ids, mentor_ids, topics, scores, strict=True
            )
        )
        self.free_slots_seen = dict(zip(mentors_seen, free_slots_seen, strict=True))
        self.mentorship_ids: tuple[UUID, ...] | None = None

    @staticmethod
    def mentorship_id_for(proposal_id: UUID, mentee_id: str) -> UUID:
        """The id of the mentorship the proposal starts for ``mentee_id`` once confirmed."""
        return natural_id("cohort-mentorship", proposal_id, mentee_id)

    @property
    def is_confirmed(self) -> bool:
        """Whether an admin confirmed it (its mentorships started)."""
        return self.mentorship_ids is not None

    def check_of_program(self, program_id: UUID) -> None:
        """Refuse a proposal addressed through another program (as if it did not exist)."""
        if self.program_id != program_id:
            raise ProposalNotFound(f"matching proposal {self.id} not found in this program")

    def confirm(self, *, stamp: Stamp) -> tuple[UUID, ...]:
        """Record the confirmation; the ids of the mentorships it starts."""
        ids = tuple(self.mentorship_id_for(self.id, pair.mentee_id) for pair in self.pairs)
        if not self.is_confirmed:
            self.trigger_event(self.Confirmed, mentorship_ids=ids, **stamp.fields)
        return ids
