"""Suggestions and cohort matching: the weights body, suggested mentors, proposals."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from domain.matching import MAX_WEIGHT, MatchingWeights
from gateways.entrypoints.http.models.common import CommandBody
from services import cohort

DEFAULTS = MatchingWeights()


def _weight(default: float, what: str) -> float:
    return Field(default=default, ge=0, le=MAX_WEIGHT, allow_inf_nan=False, description=what)


class ChangeMatchingWeights(CommandBody, command=cohort.ChangeMatchingWeights):
    """How many points each reason of a suggestion's score is worth in the program."""

    topic: float = _weight(DEFAULTS.topic, "for offering the topics wanted (by share)")
    free_capacity: float = _weight(DEFAULTS.free_capacity, "for free slots (by share)")
    cross_department: float = _weight(
        DEFAULTS.cross_department, "for a mentor of another department (0: indifferent)"
    )
    level_gap: float = _weight(DEFAULTS.level_gap, "for a level gap near the target")
    level_gap_target: int = Field(
        default=DEFAULTS.level_gap_target, ge=-20, le=20,
        description="the preferred job-level gap, mentor minus mentee",
    )
    location: float = _weight(DEFAULTS.location, "for the same location")
    past_decline: float = _weight(
        DEFAULTS.past_decline, "penalty per request this mentor declined from this mentee"
    )


class ReasonItem(BaseModel):
    """One part of a score."""

    name: str = Field(examples=["topic_match"])
    points: float
    detail: str


class SuggestedMentor(BaseModel):
    """A mentor the program's rules allow for the mentee, with the score's reasons."""

    mentor_id: str
    score: float
    topic: str = Field(description="the topic the pair would work on")
    reasons: list[ReasonItem]


class Suggestions(BaseModel):
    """The mentee's best allowed mentors, best first."""

    program_id: UUID
    employee_id: str
    items: list[SuggestedMentor]
    none_because: str | None = Field(
        default=None, description="why the mentee cannot be paired at all now (no items)"
    )
    position: int = Field(description="the log position the read side answered at")


class ProposedPairItem(SuggestedMentor):
    """A pair of the proposal."""

    mentee_id: str


class UnmatchedMentee(BaseModel):
    """A waiting mentee the proposal leaves unpaired, and why."""

    mentee_id: str
    reason: str


class MatchingProposal(BaseModel):
    """Pairs for every waiting mentee of the open round: the most pairs, then the best total."""

    proposal_id: UUID
    program_id: UUID
    round_number: int
    pairs: list[ProposedPairItem]
    unmatched: list[UnmatchedMentee]
    total_score: float
    position: int = Field(description="the log position the read side answered at")


class ConfirmMatching(CommandBody, command=cohort.ConfirmMatching):
    """Confirm a proposal: every pair it proposed starts (all or none)."""


class MatchingConfirmed(BaseModel):
    """The mentorships the confirmed proposal started (the same on a retry)."""

    proposal_id: UUID
    program_id: UUID
    mentorship_ids: list[UUID]
