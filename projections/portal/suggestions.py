"""Suggested mentors and cohort-matching proposals, from the read side's tables (never the
aggregates, never the log): the rows are loaded by ``matching_reads``, ``mentee_read`` and
``mentor_pool``, the judgement is ``eligibility``'s and the assignment ``cohort``'s.

One mentee's suggestions read only what they need: the program's settings and mentor pool
(once per read-side position with the read model's ``ProgramCache``), the mentee in point
queries, and the pool's mentors tier by tier, best score first (``tiers``), with their
reporting chains, until ``limit`` are allowed; every lookup of people goes through an index.
Cohort matching judges every waiting mentee against every mentor (``judge_mentees``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import duckdb
import structlog

from domain.errors import DomainError, EmployeeNotFound
from domain.matching import Scored, total_score
from projections.handlers.base import person
from projections.portal import mentee_read
from projections.portal.cohort import Assignment, assign
from projections.portal.eligibility import Judged, Person, Setting, judge, pair_facts, rank
from projections.portal.lookups import LOOKUP_BATCH
from projections.portal.matching_reads import (
    Managers,
    ProgramFacts,
    RoundView,
    chain,
    climb,
    declines,
    people,
    program_facts,
    settle,
    wanted_topics,
)
from projections.portal.mentor_pool import ProgramCache, ProgramView, candidate, read_program
from projections.portal.tiers import Mentee, members, tiers

__all__ = [
    "ProgramCache", "ProgramFacts", "program_facts", "propose", "suggestions", "waiting_mentees",
]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Judgement:
    """Every mentee's allowed mentors (best first) and refusals, within one program."""

    facts: ProgramFacts
    allowed: dict[str, list[Scored]]
    refused: dict[str, list[Judged]]
    not_eligible: dict[str, str]
    """Mentees the round itself refuses (or who are not employed), with the reason."""


def judge_mentees(
    cursor: duckdb.DuckDBPyConnection, facts: ProgramFacts, mentees: set[str], day: date,
    topic: str | None = None, limit: int | None = None,
) -> Judgement:
    """Judge the active mentors for every mentee of ``mentees`` on ``day`` (best first, until
    ``limit`` are allowed; None: every one)."""
    mentee_ids: dict[UUID, str] = {}
    for hris_id in mentees:
        employee_id = person(hris_id)
        if employee_id is not None:
            mentee_ids[employee_id] = hris_id
    mentor_ids = {employee_id: hris_id for hris_id, employee_id in facts.mentor_ids.items()}
    known, chain_of = people(
        cursor, {**mentor_ids, **mentee_ids}, facts.program_id,
        facts.rules.reporting_line_levels,
    )
    setting = Setting(facts.program_id, facts.rules, facts.weights, day, chain_of)
    topics = wanted_topics(cursor, facts.program_id, mentee_ids)
    declined = declines(cursor, mentee_ids, mentor_ids)
    result = Judgement(facts, {}, {}, {})
    candidates = [
        (known[mentor], offer) for mentor, offer in sorted(facts.offers.items())
        if mentor in known and (topic is None or topic in offer.topics)
    ]
    for mentee_id in sorted(mentees):
        refusal = _round_refusal(facts.round, known.get(mentee_id), mentee_id, day)
        if refusal is not None:
            result.not_eligible[mentee_id] = refusal
            continue
        mentee = known[mentee_id]
        wanted = (topic,) if topic is not None else topics.get(mentee_id, ())
        allowed, refused = rank(
            setting, mentee, candidates, topic, wanted, declined[mentee_id], limit
        )
        result.allowed[mentee_id] = allowed
        result.refused[mentee_id] = refused
    return result


def _round_refusal(
    round_view: RoundView, mentee: Person | None, mentee_id: str, day: date
) -> str | None:
    """Why the mentee cannot be paired in the program's open round now (None: they can)."""
    try:
        if mentee is None:
            raise EmployeeNotFound(f"employee {mentee_id} not found")
        mentee.as_employee.check_employed_on(day)
        program = round_view.as_program
        program.check_round_open(day, mentee.department)
        program.check_round_admits_mentee(day, mentee_id, mentee.hired_on)
    except DomainError as refused:
        return refused.message
    return None


def suggestions(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, mentee_id: str, day: date,
    topic: str | None, limit: int, cache: ProgramCache | None = None, position: int = 0,
) -> tuple[list[Scored], str | None]:
    """The best ``limit`` mentors the program allows for the mentee on ``day``, and, when there
    are none because the mentee cannot be paired at all, why. With ``cache`` (the read model's),
    the program's settings and mentor pool are read once per ``position`` (the read model's
    published position, taken before ``cursor``)."""
    program = (
        read_program(cursor, program_id) if cache is None
        else cache.get(cursor, program_id, position)
    )
    facts = program.facts
    mentee = _mentee(cursor, facts, mentee_id, topic, program.managers)
    refusal = _round_refusal(
        facts.round, mentee.person if mentee is not None else None, mentee_id, day
    )
    if refusal is not None or mentee is None:
        return [], refusal
    try:
        return _shortlist(cursor, program, mentee, day, topic, limit), None
    except _TierMismatch as mismatch:
        log.warning("suggestion_tiers_mismatch", mentor=str(mismatch), program=str(program_id))
        judged = judge_mentees(cursor, program_facts(cursor, program_id), {mentee_id}, day,
                               topic, limit)
        return judged.allowed[mentee_id][:limit], None


class _TierMismatch(Exception):
    """A mentor's score differs from their tier's: the tiers miss a fact the scorer reads."""


def _mentee(
    cursor: duckdb.DuckDBPyConnection, facts: ProgramFacts, mentee_id: str, topic: str | None,
    managers: Managers,
) -> Mentee | None:
    """The mentee with their wanted topics and past declines (None: not projected), in point
    queries (``mentee_read``), met in ``managers``; their reporting chain is climbed with the
    first mentors' (``_shortlist``)."""
    employee_id = person(mentee_id)
    assert employee_id is not None
    found = mentee_read.employee(cursor, employee_id, mentee_id, facts.program_id, managers)
    if found is None:
        return None
    wanted = (topic,) if topic is not None else mentee_read.wanted(
        cursor, facts.program_id, employee_id
    )
    declined = mentee_read.declines(cursor, employee_id)
    return Mentee(found, employee_id, managers[employee_id][1], wanted, declined)


FIRST_BATCH_MARGIN = 4
"""Mentors read beyond ``limit`` in the first batch: the tiers leave out most refusals, so a
first batch a little larger than the shortlist usually fills it in one statement."""


def _shortlist(
    cursor: duckdb.DuckDBPyConnection, program: ProgramView, mentee: Mentee, day: date,
    topic: str | None, limit: int,
) -> list[Scored]:
    """The best ``limit`` allowed mentors: the tiers' members a batch at a time, their
    reporting chains climbed (``climb``: only managers the program's view has not met) and
    each judged by the rules, best first, until ``limit`` are allowed."""
    facts, pool, managers = program.facts, program.pool(cursor), program.managers
    levels = facts.rules.reporting_line_levels
    chain_of: dict[str, tuple[str, ...]] = {}
    setting = Setting(facts.program_id, facts.rules, facts.weights, day, chain_of)
    allowed: list[Scored] = []
    seen: set[str] = set()
    ranked = tiers(pool, facts, mentee, day, topic)
    for batch in members(ranked, min(limit + FIRST_BATCH_MARGIN, LOOKUP_BATCH), LOOKUP_BATCH):
        for *_, member in batch:
            managers.setdefault(member.mentor_id, (member.hris_id, member.manager_id))
        climb(cursor, managers,
              {member.manager_id for *_, member in batch} | {mentee.manager_id}, levels)
        chain_of[mentee.person.hris_id] = settle(
            mentee.person, mentee.employee_id, managers, levels
        )
        for score, group, member in batch:
            if member.hris_id in seen:
                continue
            seen.add(member.hris_id)
            mentor, offer = candidate(group, member, managers)
            chain_of[member.hris_id] = chain(managers, member.mentor_id, levels)
            pair = pair_facts(mentee.person, mentor, offer, mentee.wanted,
                              mentee.declined.get(member.mentor_id, 0))
            if total_score(pair, facts.weights) != score:
                raise _TierMismatch(member.hris_id)
            judged = judge(setting, mentee.person, mentor, offer, topic, pair)
            if judged.scored is not None:
                allowed.append(judged.scored)
                if len(allowed) >= limit:
                    return allowed
    return allowed


def waiting_mentees(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, round_no: int
) -> set[str]:
    """The mentees enrolled in the round who have no active mentorship in the program."""
    rows = cursor.execute(
        "SELECT emp.hris_id FROM mentee_enrolments e "
        "JOIN employees emp ON emp.employee_id = e.mentee_id "
        "WHERE e.program_id = ? AND e.round_no = ? AND NOT EXISTS ("
        "  SELECT 1 FROM mentorships m WHERE m.program_id = e.program_id "
        "  AND m.mentee_id = e.mentee_id AND m.ended_on IS NULL)",
        [program_id, round_no],
    ).fetchall()
    return {row[0] for row in rows}


@dataclass(frozen=True)
class Proposal:
    """Cohort matching's answer: the round, the assignment, why each unmatched mentee is, and
    the free slots of every mentor it saw."""

    round_no: int
    assignment: Assignment
    why_unmatched: dict[str, str]
    free_slots: dict[str, int]


def propose(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, day: date,
    among: set[str] | None = None,
) -> Proposal:
    """The optimal assignment of the open round's waiting mentees (RoundNotOpen if none is);
    with ``among``, of those of them only (HRIS ids)."""
    facts = program_facts(cursor, program_id)
    number = facts.round.as_program.check_round_open(day)
    waiting = waiting_mentees(cursor, program_id, number)
    judged = judge_mentees(cursor, facts, waiting if among is None else waiting & among, day)
    free = {mentor: offer.free_slots for mentor, offer in facts.offers.items()}
    assignment = assign(judged.allowed, free)
    why = dict(judged.not_eligible)
    for mentee in assignment.unmatched:
        why[mentee] = _why_unmatched(judged.allowed[mentee], judged.refused[mentee])
    return Proposal(number, assignment, why, free)


def _why_unmatched(allowed: list[Scored], refused: list[Judged]) -> str:
    if allowed:
        return (
            f"the free slots of the {len(allowed)} mentor(s) the rules allow went to other"
            " mentees (a larger or better-scoring matching)"
        )
    if not refused:
        return "no active mentor with a free slot in this program"
    common = Counter(judged.refusal for judged in refused).most_common(1)[0][0]
    return f"every active mentor with a free slot is refused, e.g. {common}"
