"""The read side's rows that judging pairs needs: a program's rules, weights, open round and
mentor offers, people with their reporting chains and active mentorships, past declines and
wanted topics. Every lookup of people is keyed by read-side id, so a few dozen ids are found
through the ART indexes of ``projections.schema.INDEXES`` (point lookups, no table scan).
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

LOOKUP_BATCH = 48
"""Most ids looked up at once: at most DuckDB's ``dynamic_or_filter_threshold`` (50), so the
semi-join on the ids becomes an IN filter the ART index answers instead of a scan."""

PEOPLE = (
    "SELECT e.employee_id, e.hris_id, e.department, e.level, e.manager_id, e.location, "
    "s.hired_on, CASE WHEN e.employed THEN NULL ELSE coalesce(s.left_on, s.hired_on) END"
    "{managers} FROM employees e "
    "JOIN (SELECT employee_id, arg_max(hired_on, spell_no) AS hired_on, "
    "      arg_max(left_on, spell_no) AS left_on FROM employment_spells "
    "      WHERE employee_id IN (SELECT unnest(?)) GROUP BY employee_id) s "
    "  ON s.employee_id = e.employee_id{chain} "
    "WHERE e.employee_id IN (SELECT unnest(?))"
)
OFFERS = (
    "SELECT e.mentor_id, emp.hris_id, e.status, e.trained_on IS NOT NULL AS trained, "
    "coalesce(e.topics, []) AS topics, coalesce(e.capacity, 0) AS capacity, "
    "coalesce(taken.n, 0) AS taken "
    "FROM mentor_enrolments e JOIN employees emp ON emp.employee_id = e.mentor_id "
    "LEFT JOIN (SELECT enrolment_id, count(*) AS n FROM mentor_slots "
    "  WHERE released_on IS NULL AND enrolment_id IN ({enrolments}) GROUP BY enrolment_id) "
    "  taken USING (enrolment_id) "
    "WHERE e.program_id = ? AND e.status = 'active' AND e.enrolment_id IN ({enrolments})"
)
MENTORSHIPS = (
    "SELECT m.mentorship_id, m.mentee_id, m.mentor_id, 'mentee', p.hris_id FROM mentorships m "
    "LEFT JOIN employees p ON p.employee_id = m.mentor_id "
    "WHERE m.mentee_id IN (SELECT unnest($ids)) AND m.program_id = $program "
    "AND m.ended_on IS NULL UNION ALL "
    "SELECT m.mentorship_id, m.mentee_id, m.mentor_id, 'mentor', p.hris_id FROM mentorships m "
    "LEFT JOIN employees p ON p.employee_id = m.mentee_id "
    "WHERE m.mentor_id IN (SELECT unnest($ids)) AND m.program_id = $program "
    "AND m.ended_on IS NULL"
)


def people_sql(levels: int) -> str:
    """PEOPLE with each person's managers up to ``levels`` (at least 1) above them, as
    (read-side id, HRIS id, manager's read-side id) triples: one join per level."""
    depth = range(1, max(levels, 1) + 1)
    return PEOPLE.format(
        managers="".join(f", m{n}.employee_id, m{n}.hris_id, m{n}.manager_id" for n in depth),
        chain="".join(
            f" LEFT JOIN employees m{n} ON m{n}.employee_id = "
            f"{'e' if n == 1 else f'm{n - 1}'}.manager_id"
            for n in depth
        ),
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
    not projected)."""
    rows = cursor.execute(
        "SELECT p.name, p.closed_on IS NOT NULL, m.rules, m.weights FROM programs p "
        "JOIN program_matching m USING (program_id) WHERE program_id = ?", [program_id]
    ).fetchall()
    if not rows:
        raise ProgramNotFound(f"program {program_id} not found")
    name, closed, rules, weights = rows[0]
    opened = cursor.execute(
        "SELECT round_no, departments, opened_on, hired_on_or_after, max_tenure_days "
        "FROM program_rounds WHERE program_id = ? AND closed_on IS NULL "
        "ORDER BY round_no DESC LIMIT 1", [program_id]
    ).fetchall()
    number, departments, since, after, tenure = (
        opened[0] if opened else (None, [], None, None, None)
    )
    return ProgramFacts(
        program_id, _known(ConflictRules, rules), _known(MatchingWeights, weights),
        RoundView(name, closed, number, since, tuple(departments or ()), RoundHires(after, tenure)),
        {},
    )


def program_facts(cursor: duckdb.DuckDBPyConnection, program_id: UUID) -> ProgramFacts:
    """What judging pairs of the program needs (ProgramNotFound if it is not projected)."""
    settings = program_settings(cursor, program_id)
    enrolments = "SELECT enrolment_id FROM mentor_enrolments WHERE program_id = ?"
    rows = cursor.execute(
        OFFERS.format(enrolments=enrolments), [program_id, program_id, program_id]
    ).fetchall()
    return ProgramFacts(
        settings.program_id, settings.rules, settings.weights, settings.round,
        *_offers(rows),
    )


def offers_of(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, enrolment_ids: list[UUID]
) -> tuple[dict[str, Offer], dict[str, UUID]]:
    """The active offers among these enrolments of the program (index lookups when there are
    at most ``LOOKUP_BATCH``), and each mentor's read-side id, by HRIS id."""
    rows = cursor.execute(
        OFFERS.format(enrolments="SELECT unnest(?)"), [enrolment_ids, program_id, enrolment_ids]
    ).fetchall()
    return _offers(rows)


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
    managers: Managers | None = None, *, mentorships: bool = True,
) -> tuple[dict[str, Person], dict[str, tuple[str, ...]]]:
    """The employees named (``ids``: read-side id → HRIS id), with (if ``mentorships``) their
    active mentorships in the program and their managers' HRIS ids, and each one's reporting
    chain up to ``levels`` (nearest manager first). ``managers`` (filled in) keeps the people
    met across calls; the chains are read in the same query (one join per level)."""
    uuids = list(ids)
    rows = cursor.execute(people_sql(levels), [uuids, uuids]).fetchall()
    managers = {} if managers is None else managers
    for row in rows:
        managers[row[0]] = (row[1], row[4])
        for start in range(8, len(row), 3):
            if row[start] is not None:
                managers[row[start]] = (row[start + 1], row[start + 2])
    found = {
        row[1]: Person(row[1], row[2], row[3] or 0, _hris(managers, row[4]), row[5], row[6],
                       row[7])
        for row in rows
    }
    if mentorships:
        _add_mentorships(cursor, found, ids, program_id)
    return found, {
        hris_id: _chain(managers, employee_id, levels) for employee_id, hris_id in ids.items()
    }


def _hris(managers: Managers, employee_id: UUID | None) -> str | None:
    """The HRIS id of a manager; one never hired is named by their read-side id (which equals
    no HRIS id, and equals itself, as the HRIS id the aggregates hold would)."""
    if employee_id is None:
        return None
    known = managers.get(employee_id)
    return known[0] if known is not None else str(employee_id)


def _chain(managers: Managers, employee_id: UUID, levels: int) -> tuple[str, ...]:
    """The HRIS ids of the employee's managers, nearest first, up to ``levels``."""
    chain: list[str] = []
    manager = managers.get(employee_id, ("", None))[1]
    while manager is not None and len(chain) < levels:
        hris_id, above = managers.get(manager, (str(manager), None))
        if hris_id in chain:
            break
        chain.append(hris_id)
        manager = above
    return tuple(chain)


def _add_mentorships(
    cursor: duckdb.DuckDBPyConnection, found: dict[str, Person], ids: dict[UUID, str],
    program_id: UUID,
) -> None:
    """Each person's active mentorships in the program, as the Employee aggregate holds them
    (the partner by HRIS id; one never hired by read-side id)."""
    for mentorship_id, mentee_uuid, mentor_uuid, role, partner_hris in cursor.execute(
        MENTORSHIPS, {"ids": list(ids), "program": program_id}
    ).fetchall():
        who = ids[mentee_uuid if role == "mentee" else mentor_uuid]
        partner_id = partner_hris or str(mentor_uuid if role == "mentee" else mentee_uuid)
        if who in found:
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
    return cast(list[tuple[UUID, UUID, int]], cursor.execute(
        "SELECT r.mentee_id, a.mentor_id, count(*) FROM request_answers a "
        "JOIN (SELECT request_id, mentee_id FROM requests WHERE mentee_id IN (SELECT unnest(?))"
        ") r USING (request_id) WHERE a.answer = 'declined' GROUP BY ALL",
        [mentees],
    ).fetchall())


def wanted_topics(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, mentees: dict[UUID, str]
) -> dict[str, tuple[str, ...]]:
    """The topics each mentee stated when enrolling in the program (their latest round's)."""
    rows = cursor.execute(
        "SELECT mentee_id, arg_max(coalesce(topics, []), coalesce(round_no, -1)) "
        "FROM mentee_enrolments "
        "WHERE mentee_id IN (SELECT unnest(?)) AND program_id = ? GROUP BY mentee_id",
        [list(mentees), program_id],
    ).fetchall()
    return {mentees[mentee]: tuple(topics) for mentee, topics in rows}
