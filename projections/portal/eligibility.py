"""Which mentors a mentee may be paired with, and how well each suits them (pure, no I/O).

The read side's rows become small stand-ins of the aggregates, and the domain's own rules
judge them: ``domain.conflicts.check_pair`` (self-match, employment, reporting line, same
manager, junior mentors, pairs already active, and whatever rules the program adds),
``Employee.check_employed_on`` and ``MentorEnrolment.check_can_take`` (active, training, topic,
capacity), borrowed as methods. So a suggestion is never a pair a command would refuse, and a
rule added to the domain reaches the suggestions without a copy here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import cast
from uuid import UUID

from domain.conflicts import check_pair
from domain.employees import Employee
from domain.errors import DomainError
from domain.matching import (
    MatchingWeights,
    PairFacts,
    Scored,
    pair_topic,
    score_pair,
    total_score,
)
from domain.mentors import MentorEnrolment
from domain.programs import ConflictRules


@dataclass
class Person:
    """An employee as the read side knows them, with the Employee methods the rules call."""

    hris_id: str
    department: str | None
    job_level: int
    manager_id: str | None
    location: str | None
    hired_on: date
    left_on: date | None = None
    mentorships: dict[UUID, tuple[UUID, str, str]] = field(default_factory=dict)
    """Active mentorships: id → (program id, partner's HRIS id, role), as on the aggregate."""

    check_employed_on = Employee.check_employed_on
    is_paired_with = Employee.is_paired_with

    @property
    def as_employee(self) -> Employee:
        """Itself, typed as the aggregate whose attributes and methods it carries."""
        return cast(Employee, self)


@dataclass
class Offer:
    """A mentor enrolment as the read side knows it, with the enrolment's own capacity rule."""

    employee_id: str
    status: str
    trained: bool
    topics: tuple[str, ...]
    capacity: int
    taken: int

    check_active = MentorEnrolment.check_active
    check_can_take = MentorEnrolment.check_can_take

    @property
    def mentees(self) -> tuple[None, ...]:
        """As many entries as mentees taken (the rule's message counts them)."""
        return (None,) * self.taken

    @property
    def free_slots(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def as_enrolment(self) -> MentorEnrolment:
        """Itself, typed as the aggregate whose attributes and methods it carries."""
        return cast(MentorEnrolment, self)


@dataclass(frozen=True)
class Judged:
    """The refusal of one mentor for one mentee (None: allowed) and, if allowed, its score."""

    mentor_id: str
    refusal: str | None
    scored: Scored | None = None


@dataclass(frozen=True)
class Setting:
    """What the judgement needs besides the two people: the program, its rules and weights."""

    program_id: UUID
    rules: ConflictRules
    weights: MatchingWeights
    day: date
    chains: Mapping[str, tuple[str, ...]]
    """Each person's reporting chain (HRIS ids, nearest manager first)."""


def pair_facts(
    mentee: Person, mentor: Person, offer: Offer, wanted: tuple[str, ...], declines: int = 0
) -> PairFacts:
    """What the scorer knows of the pair."""
    return PairFacts(
        mentor_id=mentor.hris_id, mentor_topics=offer.topics, wanted_topics=wanted,
        free_slots=offer.free_slots, capacity=offer.capacity,
        mentee_department=mentee.department, mentor_department=mentor.department,
        mentee_level=mentee.job_level, mentor_level=mentor.job_level,
        mentee_location=mentee.location, mentor_location=mentor.location,
        past_declines=declines,
    )


def judge(
    setting: Setting, mentee: Person, mentor: Person, offer: Offer, topic: str | None,
    facts: PairFacts,
) -> Judged:
    """Whether the program allows the pair now (the domain rules' message if not), and its
    score if it does. ``topic`` is the topic asked for (None: the best the mentor offers)."""
    try:
        offer.as_enrolment.check_can_take(
            topic or (pair_topic(facts) if offer.topics else None),
            setting.rules.require_training,
        )
        check_pair(
            rules=setting.rules, program_id=setting.program_id, mentee=mentee.as_employee,
            mentor=mentor.as_employee, mentee_chain=setting.chains.get(mentee.hris_id, ()),
            mentor_chain=setting.chains.get(mentor.hris_id, ()), day=setting.day,
        )
    except DomainError as refused:
        return Judged(mentor.hris_id, refused.message)
    return Judged(mentor.hris_id, None, score_pair(facts, setting.weights))


def rank(
    setting: Setting, mentee: Person, candidates: Iterable[tuple[Person, Offer]],
    topic: str | None, wanted: tuple[str, ...], declines: Mapping[str, int],
    limit: int | None = None,
) -> tuple[list[Scored], list[Judged]]:
    """The allowed mentors, best first (score, then HRIS id), at most ``limit`` of them, and
    the refused ones among those judged. Candidates are scored first (cheap) and judged by the
    rules best first, so a short list judges few more mentors than it lists."""
    weights = setting.weights
    scored = [
        (pair_facts(mentee, mentor, offer, wanted, declines.get(mentor.hris_id, 0)), mentor, offer)
        for mentor, offer in candidates
    ]
    scored.sort(key=lambda item: (-total_score(item[0], weights), item[1].hris_id))
    allowed: list[Scored] = []
    refused: list[Judged] = []
    for facts, mentor, offer in scored:
        if limit is not None and len(allowed) >= limit:
            break
        judged = judge(setting, mentee, mentor, offer, topic, facts)
        if judged.scored is not None:
            allowed.append(judged.scored)
        else:
            refused.append(judged)
    return allowed, refused
