"""program_mentors: one row per mentor enrolment (program × mentor) with what the portal's mentor
lists and the suggestions read of the mentor, so a program's mentors are read from that
program's own rows, never joined with every employee (issue 16).

A row is a pure function of its enrolment (``mentor_enrolments``), the mentee slots taken
(``mentor_slots``, not released) and the mentor's current facts (``employees``: HRIS id,
department, location, level, manager, employed; ``employment_spells``: their latest hire and,
if gone, when they left). It is rewritten (delete, insert) whenever one
of them changes:

* the enrolment projection's handlers collect the enrolments an event batch changed (offer,
  status, training, a slot taken or released) and rewrite them after the batch's rows
  (``refresh_enrolments``);
* the derived employee refresh (``projections.employee_history``) rewrites the enrolments of
  every employee it recomputed (``for_employees``): transfers, promotions, manager
  changes, exits, rehires, erasure;
* a file projected before the table existed is filled once when it opens (``BACKFILL``).

So the table always equals what a rebuild would write (no imports here: the employee refresh,
which the view imports, uses these statements).
"""

from __future__ import annotations

SELECT = """
SELECT e.enrolment_id, e.program_id, e.mentor_id, p.hris_id, e.round_no, e.route, e.status,
       e.trained_on IS NOT NULL, coalesce(e.topics, []), coalesce(e.capacity, 0),
       coalesce(e.hours_per_month, 0), coalesce(t.n, 0), p.department, p.location, p.level,
       p.manager_id, p.employed, s.hired_on,
       CASE WHEN p.employed THEN NULL ELSE coalesce(s.left_on, s.hired_on) END
FROM (SELECT * FROM mentor_enrolments WHERE {which}) e
LEFT JOIN (
    SELECT enrolment_id, count(*) AS n FROM mentor_slots
    WHERE released_on IS NULL
      AND enrolment_id IN (SELECT enrolment_id FROM mentor_enrolments WHERE {which})
    GROUP BY enrolment_id
) t USING (enrolment_id)
LEFT JOIN employees p ON p.employee_id = e.mentor_id
LEFT JOIN (
    SELECT employee_id, arg_max(hired_on, spell_no) AS hired_on,
           arg_max(left_on, spell_no) AS left_on
    FROM employment_spells
    WHERE employee_id IN (SELECT mentor_id FROM mentor_enrolments WHERE {which})
    GROUP BY employee_id
) s ON s.employee_id = e.mentor_id
"""
"""The rows of the enrolments ``{which}`` selects, from the tables they derive from."""
ROWS = "INSERT INTO program_mentors " + SELECT

BY_ENROLMENT = "enrolment_id IN (SELECT unnest(?))"


def _rewrite(which: str) -> list[str]:
    return [f"DELETE FROM program_mentors WHERE {which}", ROWS.format(which=which)]


def refresh_enrolments() -> list[str]:
    """Rewrite the rows of some enrolments: each ``?`` is the list of their ids."""
    return _rewrite(BY_ENROLMENT)


def for_employees(touched: str) -> list[str]:
    """Rewrite the rows of every enrolment of the employees the query ``touched`` selects."""
    return _rewrite(f"mentor_id IN ({touched})")


def fill_all() -> list[str]:
    """Rewrite every row (a generated read side, e.g. the benches')."""
    return _rewrite("true")


BACKFILL = ROWS.format(which="enrolment_id NOT IN (SELECT enrolment_id FROM program_mentors)")
"""Fills the table of a file projected before it existed (nothing once every enrolment has its
row, as the projection keeps it)."""
