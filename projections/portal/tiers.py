"""One mentee's candidate mentors in a program, in tiers of equal score, best tier first.

A mentor's score depends only on a few facts of the pair (``domain.matching.PairFacts``): how
many wanted topics they offer, their capacity and mentees taken, their level, whether their
department differs and their location matches, and their past declines of this mentee. The
program's mentors with a free slot come grouped by those facts of theirs
(``projections.portal.mentor_pool``); for one mentee the groups fold into keys of the pair's
facts, each key scored once by the domain's scorer, leaving out those the rules would
certainly refuse (untrained where training is required, not offering the topic asked for,
the mentee themself, junior where the program forbids it, the mentee's manager's other
reports where the program forbids it). So only the mentors of the best tiers are then read in
full and judged by the rules (``eligibility.judge``), never every mentor of the program.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from uuid import UUID

from domain.matching import total_score
from projections.portal.eligibility import Offer, Person, pair_facts
from projections.portal.matching_reads import ProgramFacts
from projections.portal.mentor_pool import Group, Member, MentorPool


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
    """Mentors whose pairs with the mentee score the same, in HRIS id order (read lazily:
    a shortlist rarely goes past its first tiers)."""

    score: float
    members: Iterable[tuple[Group, Member]]


Key = tuple[int, int, int, int, bool, bool, int]
"""The pair's facts the score reads: shared topics, capacity, taken, level, another
department, same location, past declines."""


def tiers(
    pool: MentorPool, facts: ProgramFacts, mentee: Mentee, day: date, topic: str | None
) -> list[Tier]:
    """The candidate mentors in tiers of equal score, best first; within a tier by HRIS id."""
    rules, person = facts.rules, mentee.person
    same_manager = (
        str(mentee.manager_id) if rules.forbid_same_manager and mentee.manager_id else None
    )
    declined = [
        (*pool.by_mentor[str(mentor_id)], count) for mentor_id, count in mentee.declined.items()
        if str(mentor_id) in pool.by_mentor
    ]
    moved = {group.hris_ids[i] for group, i, _ in declined}
    """Left out of their groups: mentors this mentee's declines score apart."""
    keyed: dict[Key, tuple[Group, list[Iterable[tuple[Group, Member]]]]] = {}
    """Each key's first group (whose facts are scored) and the runs of members it holds."""

    def add(group: Group, members: Iterable[tuple[Group, Member]], declines: int) -> None:
        if rules.require_training and not group.trained:
            return
        if topic is not None and topic not in group.topics:
            return
        if group.level < person.job_level and not rules.allow_junior_mentors:
            return
        key = (
            sum(1 for wanted in mentee.wanted if wanted in group.topics), group.capacity,
            group.taken, group.level, group.department != person.department,
            group.location is not None and group.location == person.location, declines,
        )
        keyed.setdefault(key, (group, []))[1].append(members)

    for group, index, count in declined:
        add(group, _run(group, person.hris_id, same_manager, set(), (index,)), count)
    for group in pool.groups:
        add(group, _run(group, person.hris_id, same_manager, moved), 0)
    scored = sorted(
        ((_score(facts, mentee, keyed[key][0], key[-1], day), key) for key in keyed),
        key=lambda item: -item[0],
    )
    return [
        Tier(score, _merged([run for _, key in same for run in keyed[key][1]]))
        for score, same in groupby(scored, key=lambda item: item[0])
    ]


def _run(
    group: Group, mentee: str, same_manager: str | None, moved: set[str],
    indexes: Iterable[int] | None = None,
) -> Iterator[tuple[Group, Member]]:
    """The group's members (lazily, in HRIS id order; only ``indexes`` if given), leaving out
    the mentee, those under ``same_manager`` (the same-manager rule; None: no such rule) and
    those ``moved`` to a tier of their own."""
    for index in range(len(group.hris_ids)) if indexes is None else indexes:
        hris_id = group.hris_ids[index]
        if hris_id == mentee or hris_id in moved:
            continue
        if same_manager is not None and group.manager_ids[index] == same_manager:
            continue
        yield group, group.member(index)


def _merged(runs: list[Iterable[tuple[Group, Member]]]) -> Iterable[tuple[Group, Member]]:
    """The members of runs sorted by HRIS id, in that order."""
    if len(runs) == 1:
        return runs[0]
    return heapq.merge(*runs, key=lambda pair: (pair[1].hris_id, pair[1].enrolment_id))


def _score(facts: ProgramFacts, mentee: Mentee, group: Group, declines: int, day: date) -> float:
    """The domain's score of the group's pairs with the mentee (every member scores the
    same)."""
    member = Person(group.hris_ids[0], group.department, group.level, None,
                    group.location, day)
    offer = Offer(member.hris_id, "active", True, group.topics, group.capacity, group.taken)
    return total_score(
        pair_facts(mentee.person, member, offer, mentee.wanted, declines), facts.weights
    )


def members(
    tiers_found: list[Tier], first: int, size: int
) -> Iterator[list[tuple[float, Group, Member]]]:
    """The tiers' members in order, ``first`` then ``size`` at a time (across tiers), each with
    its tier's score and group."""
    batch: list[tuple[float, Group, Member]] = []
    wanted = first
    for tier in tiers_found:
        for group, member in tier.members:
            batch.append((tier.score, group, member))
            if len(batch) == wanted:
                yield batch
                batch, wanted = [], size
    if batch:
        yield batch
