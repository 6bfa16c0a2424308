"""How well a mentor suits a mentee: the program's matching weights and the pure scorer.

A suggestion's score is the sum of its reasons' points; each reason says what it rewards (or,
for past declines, penalises) so a portal can show why a mentor is suggested. The scorer only
ranks pairs the rules allow: who is allowed is decided by the conflict rules and the mentor's
offer (``domain.conflicts``, ``MentorEnrolment.check_can_take``), never here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from domain.errors import InvalidValue

MAX_WEIGHT = 100.0


@dataclass(frozen=True)
class MatchingWeights:
    """The points each reason is worth in a program (defaults when an admin never set them).

    ``level_gap_target`` is the job-level gap (mentor minus mentee) a program prefers; the
    level-gap reason earns its full weight at that gap, less the further the gap is from it.
    ``past_decline`` is a penalty per request this mentor declined from this mentee.
    """

    topic: float = 3.0
    free_capacity: float = 1.0
    cross_department: float = 1.0
    level_gap: float = 1.0
    level_gap_target: int = 2
    location: float = 0.5
    past_decline: float = 2.0

    @classmethod
    def of(cls, source: object) -> MatchingWeights:
        """The weights held by the same-named attributes of ``source`` (an event, a command)."""
        return cls(**{field.name: getattr(source, field.name) for field in fields(cls)})

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "level_gap_target":
                if not -20 <= value <= 20:
                    raise InvalidValue(f"level_gap_target must be -20..20, not {value}")
            elif not (math.isfinite(value) and 0 <= value <= MAX_WEIGHT):
                raise InvalidValue(f"weight {field.name} must be 0..{MAX_WEIGHT:g}, not {value}")


@dataclass(frozen=True)
class Reason:
    """One part of a score: its name, the points it adds (negative: a penalty) and a note."""

    name: str
    points: float
    detail: str


@dataclass(frozen=True)
class PairFacts:
    """What the scorer knows about one allowed pair (HRIS facts and the mentor's offer)."""

    mentor_id: str
    mentor_topics: tuple[str, ...]
    wanted_topics: tuple[str, ...]
    free_slots: int
    capacity: int
    mentee_department: str | None
    mentor_department: str | None
    mentee_level: int
    mentor_level: int
    mentee_location: str | None
    mentor_location: str | None
    past_declines: int = 0


@dataclass(frozen=True)
class Scored:
    """A pair's score, the topic it would work on and the reasons behind the score."""

    mentor_id: str
    score: float
    topic: str
    reasons: tuple[Reason, ...]


def pair_topic(facts: PairFacts) -> str:
    """The topic the pair would work on: the first wanted topic the mentor offers, else the
    mentor's first topic (a mentor is only ever assigned a topic they offer)."""
    offered = [topic for topic in facts.wanted_topics if topic in facts.mentor_topics]
    return offered[0] if offered else facts.mentor_topics[0]


def score_pair(facts: PairFacts, weights: MatchingWeights) -> Scored:
    """Score an allowed pair: the sum of its reasons (each rounded to 3 decimals)."""
    reasons = tuple(
        Reason(name, points, _detail(name, facts, weights))
        for name, points in _points(facts, weights)
    )
    return Scored(facts.mentor_id, total_score(facts, weights), pair_topic(facts), reasons)


def total_score(facts: PairFacts, weights: MatchingWeights) -> float:
    """The score alone (what ``score_pair`` answers, without building its reasons)."""
    return round(sum(points for _, points in _points(facts, weights)), 3)


def _points(facts: PairFacts, weights: MatchingWeights) -> list[tuple[str, float]]:
    """Each reason's points (rounded to 3 decimals), leaving out the reasons worth nothing."""
    wanted = facts.wanted_topics
    shared = sum(1 for topic in wanted if topic in facts.mentor_topics)
    gap = facts.mentor_level - facts.mentee_level
    parts = [
        ("topic_match", weights.topic * shared / len(wanted) if wanted else 0.0),
        ("free_capacity", weights.free_capacity * facts.free_slots / max(facts.capacity, 1)),
        ("cross_department",
         weights.cross_department if facts.mentor_department != facts.mentee_department else 0),
        ("level_gap",
         weights.level_gap * max(0.0, 1 - abs(gap - weights.level_gap_target) / 3)),
        ("location", weights.location if facts.mentor_location is not None
         and facts.mentor_location == facts.mentee_location else 0),
        ("past_declines", -weights.past_decline * facts.past_declines),
    ]
    return [(name, round(points, 3)) for name, points in parts if round(points, 3) != 0]


def _detail(name: str, facts: PairFacts, weights: MatchingWeights) -> str:
    """What a reason rewards (or penalises), in words."""
    if name == "topic_match":
        shared = [topic for topic in facts.wanted_topics if topic in facts.mentor_topics]
        return f"offers {', '.join(shared)}"
    if name == "free_capacity":
        return f"{facts.free_slots} of {facts.capacity} slots free"
    if name == "cross_department":
        return f"from {facts.mentor_department}, another department"
    if name == "level_gap":
        gap = facts.mentor_level - facts.mentee_level
        return f"{gap:+d} levels (the program prefers {weights.level_gap_target:+d})"
    if name == "location":
        return f"also in {facts.mentor_location}"
    return f"declined {facts.past_declines} earlier request(s) from this mentee"
