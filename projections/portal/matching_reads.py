"""The read side's rows that judging pairs needs: a program's rules, weights, open round and
mentor offers (program_mentors), people with their reporting chains and active mentorships,
past declines and wanted topics. Every lookup of people is keyed by read-side id, so a few
dozen ids are found through the ART indexes of ``projections.schema.INDEXES`` (point lookups,
no table scan).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast
from uuid import UUID

import duckdb

from domain.errors import ProgramNotFound
from domain.matching import MatchingWeights
from domain.programs import ConflictRules, Program, RoundHires
from projections.portal.eligibility import Offer, Person
from projections.portal.lookups import batches, indexed

PEOPLE = (
    "SELECT e.employee_id, e.hris_id, e.department, e.level, e.manager_id, e.location, "
    "s.hired_on, CASE WHEN e.employed THEN NULL ELSE coalesce(s.left_on, s.hired_on) END "
    "FROM employees e "
    "JOIN (SELECT employee_id, arg_max(hired_on, spell_no) AS hired_on, "
    "      arg_max(left_on, spell_no) AS left_on FROM employment_spells "
    "      WHERE employee_id IN (SELECT unnest(?)) GROUP BY employee_id) s "
    "  ON s.employee_id = e.employee_id "
    "WHERE e.employee_id IN (SELECT unnest(?))"
)
MET = (
    "SELECT employee_id, hris_id, manager_id FROM employees "
    "WHERE employee_id IN (SELECT unnest(?))"
)
"""HRIS ids and managers of some employees (managers up a chain, partners): by the index, never
a join of every employee with itself."""
OFFERS = (  # the program's own rows of program_mentors (projections/portal/mentor_table.py)
    "SELECT mentor_id, hris_id, status, trained, topics, capacity, taken FROM program_mentors "
    "WHERE program_id = ? AND status = 'active' AND hris_id IS NOT NULL"
)
MENTORSHIPS = (
    "SELECT mentorship_id, mentee_id, mentor_id, 'mentee' FROM {by_mentee} "
    "WHERE program_id = ? AND ended_on IS NULL UNION ALL "
    "SELECT mentorship_id, mentee_id, mentor_id, 'mentor' FROM {by_mentor} "
    "WHERE program_id = ? AND ended_on IS NULL"
).format(
    by_mentee=indexed("mentorships", "mentee_id"), by_mentor=indexed("mentorships", "mentor_id")
)


@dataclass
class RoundView:
    """A program's open round as the read side knows it, judged by the Program's own rules."""

    name: str
    is_closed: bool
    open_round: int | None
    open_round_since: date | None
    open_round_departments: tuple[str, ...]
    open_round_hires: RoundHires = field(default_factory=RoundHires)

    check_not_closed = Program.check_not_closed
    check_round_open = Program.check_round_open
    check_round_admits_mentee = Program.check_round_admits_mentee

    @property
    def as_program(self) -> Program:
        """Itself, typed as the aggregate whose attributes and methods it carries."""
        return cast(Program, self)


@dataclass(frozen=True)
class ProgramFacts:
    """A program's rules, weights and open round, and its active mentors' offers."""

    program_id: UUID
    rules: ConflictRules
    weights: MatchingWeights
    round: RoundView
    offers: dict[str, Offer]
    mentor_ids: dict[str, UUID] = field(default_factory=dict)
    """The read side's id of each mentor, by HRIS id."""


def program_settings(cursor: duckdb.DuckDBPyConnection, program_id: UUID) -> ProgramFacts:
    """A program's rules, weights and open round, without its offers (ProgramNotFound if it is
    not projected): two point queries (one with the round's join plans slower than both)."""
    rows = cursor.execute(
        "SELECT p.name, p.closed_on IS NOT NULL, m.rules, m.weights FROM programs p "
        "JOIN program_matching m USING (program_id) WHERE program_id = ?", [program_id]
    ).fetchall()
    if not rows:
        raise ProgramNotFound(f"program {program_id} not found")
    name, closed, rules, weights = rows[0]
    number, departments, since, after, tenure = cursor.execute(  # the open round, if any
        "SELECT max_by((round_no, departments, opened_on, hired_on_or_after, max_tenure_days), "
        "round_no) FROM program_rounds WHERE program_id = ? AND closed_on IS NULL", [program_id]
    ).fetchall()[0][0] or (None, None, None, None, None)
    return ProgramFacts(
        program_id, _known(ConflictRules, rules), _known(MatchingWeights, weights),
        RoundView(name, closed, number, since, tuple(departments or ()), RoundHires(after, tenure)),
        {},
    )


def program_facts(cursor: duckdb.DuckDBPyConnection, program_id: UUID) -> ProgramFacts:
    """What judging pairs of the program needs (ProgramNotFound if it is not projected)."""
    settings = program_settings(cursor, program_id)
    rows = cursor.execute(OFFERS, [program_id]).fetchall()
    return ProgramFacts(
        settings.program_id, settings.rules, settings.weights, settings.round,
        *_offers(rows),
    )


def _offers(rows: list[Any]) -> tuple[dict[str, Offer], dict[str, UUID]]:
    return (
        {row[1]: Offer(row[1], row[2], row[3], tuple(row[4]), row[5], row[6]) for row in rows},
        {row[1]: row[0] for row in rows},
    )


def _known(kind: Any, text: str) -> Any:
    """A settings dataclass from its JSON, keeping the fields it knows."""
    values = json.loads(text)
    return kind(**{name: values[name] for name in kind.__dataclass_fields__ if name in values})


Managers = dict[UUID, tuple[str, UUID | None]]
"""Employees met so far: read-side id → (HRIS id, manager's read-side id)."""


def people(
    cursor: duckdb.DuckDBPyConnection, ids: dict[UUID, str], program_id: UUID, levels: int,
    managers: Managers | None = None, *, mentorships: bool = True, chains: bool = True,
) -> tuple[dict[str, Person], dict[str, tuple[str, ...]]]:
    """The employees named (``ids``: read-side id → HRIS id), with (if ``mentorships``) their
    active mentorships in the program and their managers' HRIS ids, and each one's reporting
    chain up to ``levels`` (nearest manager first). ``managers`` (filled in) keeps the people
    met across calls; the chains are climbed a level at a time, looking up only the managers
    not met yet (not at all without ``chains``: the caller climbs them later, ``settle``)."""
    uuids = list(ids)
    rows = cursor.execute(PEOPLE, [uuids, uuids]).fetchall()
    managers = {} if managers is None else managers
    for row in rows:
        managers[row[0]] = (row[1], row[4])
    if chains:
        climb(cursor, managers, {row[4] for row in rows}, levels)
    found = {
        row[1]: Person(row[1], row[2], row[3] or 0, hris_of(managers, row[4]), row[5], row[6],
                       row[7])
        for row in rows
    }
    if mentorships:
        add_mentorships(cursor, found, ids, program_id, managers)
    return found, {
        hris_id: chain(managers, employee_id, levels) for employee_id, hris_id in ids.items()
    }


def settle(person: Person, employee_id: UUID, managers: Managers, levels: int) -> tuple[str, ...]:
    """Name the person's manager once the chains are climbed (``people`` without ``chains``);
    their reporting chain up to ``levels``."""
    person.manager_id = hris_of(managers, managers[employee_id][1])
    return chain(managers, employee_id, levels)


def climb(
    cursor: duckdb.DuckDBPyConnection, managers: Managers, above: set[UUID | None], levels: int
) -> None:
    """Meet the managers ``above`` some people and theirs, up to ``levels`` (at least 1)."""
    for _ in range(max(levels, 1)):
        meet(cursor, managers, above)
        above = {managers[manager][1] for manager in above if manager in managers}


def meet(cursor: duckdb.DuckDBPyConnection, managers: Managers, ids: set[UUID | None]) -> None:
    """Add to ``managers`` the employees of ``ids`` not met yet (index lookups, ``LOOKUP_BATCH``
    at a time; many at once in one query)."""
    missing = [employee_id for employee_id in ids if employee_id and employee_id not in managers]
    for batch in batches(missing):
        for employee_id, hris_id, manager_id in cursor.execute(MET, [batch]).fetchall():
            managers[employee_id] = (hris_id, manager_id)


def hris_of(managers: Managers, employee_id: UUID | None) -> str | None:
    """The HRIS id of a manager; one never hired is named by their read-side id (which equals
    no HRIS id, and equals itself, as the HRIS id the aggregates hold would)."""
    if employee_id is None:
        return None
    known = managers.get(employee_id)
    return known[0] if known is not None else str(employee_id)


def chain(managers: Managers, employee_id: UUID, levels: int) -> tuple[str, ...]:
    """The HRIS ids of the employee's managers, nearest first, up to ``levels``."""
    climbed: list[str] = []
    manager = managers.get(employee_id, ("", None))[1]
    while manager is not None and len(climbed) < levels:
        hris_id, above = managers.get(manager, (str(manager), None))
        if hris_id in climbed:
            break
        climbed.append(hris_id)
        manager = above
    return tuple(climbed)


def add_mentorships(
    cursor: duckdb.DuckDBPyConnection, found: dict[str, Person], ids: dict[UUID, str],
    program_id: UUID, managers: Managers,
) -> None:
    """Each person's active mentorships in the program, as the Employee aggregate holds them
    (the partner by HRIS id; one never hired by read-side id)."""
    rows = cursor.execute(MENTORSHIPS, [list(ids), program_id] * 2).fetchall()
    meet(cursor, managers, {mentor if role == "mentee" else mentee for _, mentee, mentor, role
                            in rows})
    for mentorship_id, mentee_uuid, mentor_uuid, role in rows:
        who = ids[mentee_uuid if role == "mentee" else mentor_uuid]
        partner_id = hris_of(managers, mentor_uuid if role == "mentee" else mentee_uuid)
        if who in found and partner_id is not None:
            found[who].mentorships[mentorship_id] = (program_id, partner_id, role)


def declines(
    cursor: duckdb.DuckDBPyConnection, mentees: dict[UUID, str], mentors: dict[UUID, str]
) -> dict[str, Counter[str]]:
    """How many requests each of these mentors declined from each of these mentees (any
    program); both by read-side id → HRIS id."""
    found: dict[str, Counter[str]] = {mentee: Counter() for mentee in mentees.values()}
    for mentee, mentor, count in declined_by(cursor, list(mentees)):
        if mentor in mentors:
            found[mentees[mentee]][mentors[mentor]] = count
    return found


def declined_by(
    cursor: duckdb.DuckDBPyConnection, mentees: list[UUID]
) -> list[tuple[UUID, UUID, int]]:
    """(mentee, mentor, how many of the mentee's requests the mentor declined), any program:
    the mentees' requests are found by index, then their answers by request id."""
    mentee_of: dict[UUID, UUID] = {}
    for batch in batches(mentees):
        mentee_of.update(cursor.execute(
            f"SELECT request_id, mentee_id FROM {indexed('requests', 'mentee_id')}", [batch]
        ).fetchall())
    declined: Counter[tuple[UUID, UUID]] = Counter()
    for batch in batches(list(mentee_of)):
        for request_id, mentor_id in cursor.execute(
            f"SELECT request_id, mentor_id FROM {indexed('request_answers', 'request_id')} "
            "WHERE answer = 'declined'", [batch]
        ).fetchall():
            declined[(mentee_of[request_id], mentor_id)] += 1
    return [(mentee, mentor, count) for (mentee, mentor), count in declined.items()]


def wanted_topics(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, mentees: dict[UUID, str]
) -> dict[str, tuple[str, ...]]:
    """The topics each mentee stated when enrolling in the program (their latest round's)."""
    rows = cursor.execute(
        "SELECT mentee_id, arg_max(coalesce(topics, []), coalesce(round_no, -1)) "
        f"FROM {indexed('mentee_enrolments', 'mentee_id')} "
        "WHERE program_id = ? GROUP BY mentee_id",
        [list(mentees), program_id],
    ).fetchall()
    return {mentees[mentee]: tuple(topics) for mentee, topics in rows}
