"""One mentee as their suggestions need them, in point queries (issue 16).

``matching_reads`` reads many people at once (cohort matching): each lookup takes a list of
keys and groups by person. For one mentee the same rows come from an equality on the indexed
key, which DuckDB plans in a fraction of that time (a statement's planning, not its few rows,
is most of its cost: about 0.3 ms for a point query against 1-2 ms for the list forms).
"""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import duckdb

from projections.portal.eligibility import Person
from projections.portal.lookups import batches
from projections.portal.matching_reads import Managers, add_mentorships

EMPLOYEE = (
    "SELECT hris_id, department, level, manager_id, location, employed FROM employees "
    "WHERE employee_id = ?"
)
LATEST_SPELL = (  # the lookup alone (OFFSET 0): a sort beside it would scan the table
    "SELECT hired_on, left_on FROM (SELECT * FROM employment_spells WHERE employee_id = ? "
    "OFFSET 0) ORDER BY spell_no DESC LIMIT 1"
)
WANTED = (
    "SELECT arg_max(coalesce(topics, []), coalesce(round_no, -1)) FROM "
    "(SELECT * FROM mentee_enrolments WHERE mentee_id = ? OFFSET 0) WHERE program_id = ?"
)
REQUESTS = "SELECT request_id FROM requests WHERE mentee_id = ?"
DECLINED = (
    "SELECT mentor_id, count(*) FROM (SELECT * FROM request_answers "
    "WHERE request_id IN (SELECT unnest(?)) OFFSET 0) WHERE answer = 'declined' GROUP BY ALL"
)


def employee(
    cursor: duckdb.DuckDBPyConnection, employee_id: UUID, hris_id: str, program_id: UUID,
    managers: Managers,
) -> Person | None:
    """The employee with their active mentorships in the program, as ``matching_reads.people``
    reads one without chains (None: not projected or never hired); the manager is named once
    the chains are climbed (``matching_reads.settle``). Adds them to ``managers``."""
    found = cursor.execute(EMPLOYEE, [employee_id]).fetchall()
    spell = cursor.execute(LATEST_SPELL, [employee_id]).fetchall()
    if not found or not spell:
        return None
    hris, department, level, manager_id, location, employed = found[0]
    hired_on, left_on = spell[0]
    managers[employee_id] = (hris, manager_id)
    person = Person(hris, department, level or 0, None, location, hired_on,
                    None if employed else left_on if left_on is not None else hired_on)
    add_mentorships(cursor, {hris_id: person}, {employee_id: hris_id}, program_id, managers)
    return person


def wanted(
    cursor: duckdb.DuckDBPyConnection, program_id: UUID, employee_id: UUID
) -> tuple[str, ...]:
    """The topics the mentee stated when enrolling in the program (their latest round's)."""
    topics = cursor.execute(WANTED, [employee_id, program_id]).fetchall()[0][0]
    return tuple(topics or ())


def declines(cursor: duckdb.DuckDBPyConnection, employee_id: UUID) -> dict[UUID, int]:
    """How many of the mentee's requests (any program) each mentor declined, by read-side id."""
    requests = [row[0] for row in cursor.execute(REQUESTS, [employee_id]).fetchall()]
    declined: Counter[UUID] = Counter()
    for batch in batches(requests):
        declined.update(dict(cursor.execute(DECLINED, [batch]).fetchall()))
    return dict(declined)
