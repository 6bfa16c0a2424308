"""One mentee's candidate mentors in a program, in tiers of equal score, best tier first.

A mentor's score depends only on a few facts of the pair (``domain.matching.PairFacts``): how
many wanted topics they offer, their capacity and mentees taken, their level, whether their
department differs and their location matches, and their past declines of this mentee. One
query groups the program's active mentors (``program_mentors``: the program's own rows, never a
join with every employee) by those facts, leaving out those the rules would certainly refuse
(inactive, untrained where training is required, not offering the topic asked for, at capacity,
not employed, the mentee themself, junior where the program forbids it, the mentee's manager's
other reports where the program forbids it); the domain's scorer scores one
member of each group. So only the mentors of the best tiers are then read in full and judged
by the rules (``eligibility.judge``), never every mentor of the program.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from uuid import UUID

import duckdb

from domain.matching import total_score
from projections.portal.eligibility import Offer, Person, pair_facts
from projections.portal.matching_reads import ProgramFacts

GROUPS = """
WITH candidates AS (
    SELECT enrolment_id, topics, capacity, taken, hris_id, department,
           coalesce(level, 0) AS level, location,
           len(list_filter($wanted, lambda w: list_contains(topics, w))) AS shared,
           coalesce($declines[list_position($declined, mentor_id)], 0) AS declines
    FROM program_mentors
    WHERE program_id = $program AND status = 'active' AND (trained OR NOT $require_training)
      AND ($topic IS NULL OR list_contains(topics, $topic))
      AND capacity > taken AND employed AND hris_id <> $mentee AND hired_on IS NOT NULL
      AND (coalesce(level, 0) >= $level OR $allow_junior)
      AND NOT coalesce($forbid_same_manager AND manager_id = $manager, false)
)
SELECT shared, capacity, taken, level, department IS DISTINCT FROM $department,
       coalesce(location = $location, false), declines,
       first(topics), first(department), first(location),
       list(hris_id), list(CAST(enrolment_id AS VARCHAR))
FROM candidates GROUP BY ALL
"""


@dataclass(frozen=True)
class Mentee:
    """The mentee as the tiers need them: the person, their read-side id and manager's, the
    topics they want and how often each mentor (read-side id) declined them."""

    person: Person
    employee_id: UUID
    manager_id: UUID | None
    wanted: tuple[str, ...]
    declined: dict[UUID, int]


@dataclass(frozen=True)
class Tier:
    """Mentors whose pairs with the mentee score the same, by HRIS id, with their enrolments
    (ids as text: only the few judged are made UUIDs)."""

    score: float
    members: list[tuple[str, str]]


def tiers(
    cursor: duckdb.DuckDBPyConnection, facts: ProgramFacts, mentee: Mentee, day: date,
    topic: str | None,
) -> list[Tier]:
    """The candidate mentors in tiers of equal score, best first; within a tier by HRIS id."""
    rules, person = facts.rules, mentee.person
    rows = cursor.execute(GROUPS, {
        "program": facts.program_id, "require_training": rules.require_training,
        "topic": topic, "wanted": list(mentee.wanted), "declines": list(mentee.declined.values()),
        "declined": list(mentee.declined), "mentee": person.hris_id, "level": person.job_level,
        "allow_junior": rules.allow_junior_mentors,
        "forbid_same_manager": rules.forbid_same_manager, "manager": mentee.manager_id,
        "department": person.department, "location": person.location,
    }).fetchall()
    scored = sorted(
        ((_score(facts, mentee, row, day), row) for row in rows), key=lambda item: -item[0]
    )
    return [
        Tier(score, sorted(member for _, row in group for member in zip(row[10], row[11],
                                                                         strict=True)))
        for score, group in groupby(scored, key=lambda item: item[0])
    ]


def _score(facts: ProgramFacts, mentee: Mentee, row: tuple, day: date) -> float:
    """The domain's score of the group's first member (every member scores the same)."""
    shared, capacity, taken, level, _, _, declines, topics, department, location = row[:10]
    member = Person(row[10][0], department, level, None, location, day)
    offer = Offer(member.hris_id, "active", True, tuple(topics), capacity, taken)
    return total_score(
        pair_facts(mentee.person, member, offer, mentee.wanted, declines), facts.weights
    )


def members(tiers_found: list[Tier], size: int) -> Iterator[list[tuple[float, str, UUID]]]:
    """The tiers' members in order, ``size`` at a time (across tiers), each as (its tier's
    score, HRIS id, enrolment id)."""
    batch: list[tuple[float, str, UUID]] = []
    for tier in tiers_found:
        for hris_id, enrolment_id in tier.members:
            batch.append((tier.score, hris_id, UUID(enrolment_id)))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch
