"""Recompute the derived employee tables from employee_changes, for the dirty employees.

Batches add the employees they touch to `dirty_employees` in their own transaction; the
refresh runs in a batch's transaction too (every batch by default; while catching up, with
the batch that catches up and at least every minute), so derived tables are never half-built
and no touched employee is forgotten across a crash.

Recomputing from the append-only change log (ordered by effective date, then notification id)
keeps the history right even when an HR fact arrives back-dated. The same refresh rewrites the
recomputed employees' rows of program_mentors (projections/portal/mentor_table.py).
"""

from __future__ import annotations

import duckdb

from projections.portal import mentor_table

SLICE = 50_000
"""Employees recomputed per pass: the window functions hold every partition of a pass in
memory, so a large dirty set (a long catch-up) is refreshed in slices, within the DuckDB
memory limit, instead of all at once."""
REFRESHING = "refreshing_employees"
TOUCHED = f"SELECT employee_id FROM {REFRESHING}"
DIRTY = "SELECT count(*) FROM dirty_employees"

HISTORY = f"""
INSERT INTO employee_history
SELECT employee_id, effective_date AS valid_from,
       LEAD(effective_date) OVER (PARTITION BY employee_id ORDER BY effective_date) AS valid_to,
       department, level, manager_id, location
FROM (
    SELECT employee_id, effective_date, notification_id,
        LAST_VALUE(department IGNORE NULLS) OVER w AS department,
        LAST_VALUE(level IGNORE NULLS) OVER w AS level,
        (LAST_VALUE(CASE WHEN change IN ('hired', 'rehired', 'manager_changed')
                    THEN [manager_id] END IGNORE NULLS) OVER w)[1] AS manager_id,
        LAST_VALUE(location IGNORE NULLS) OVER w AS location
    FROM employee_changes
    WHERE employee_id IN ({TOUCHED})
    WINDOW w AS (PARTITION BY employee_id ORDER BY effective_date, notification_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY employee_id, effective_date ORDER BY notification_id DESC) = 1
)
"""

SPELLS = f"""
INSERT INTO employment_spells
SELECT employee_id, spell_no,
       MIN(effective_date) FILTER (WHERE change IN ('hired', 'rehired')) AS hired_on,
       MAX(effective_date) FILTER (WHERE change = 'left') AS left_on,
       ARG_MAX(exit_reason, notification_id) FILTER (WHERE change = 'left') AS exit_reason,
       ARG_MAX(exit_reason, notification_id) FILTER (WHERE change = 'left') = 'voluntary'
FROM (
    SELECT *, SUM(CASE WHEN change IN ('hired', 'rehired') THEN 1 ELSE 0 END) OVER (
        PARTITION BY employee_id ORDER BY effective_date, notification_id) AS spell_no
    FROM employee_changes
    WHERE change IN ('hired', 'rehired', 'left') AND employee_id IN ({TOUCHED})
)
WHERE spell_no > 0
GROUP BY employee_id, spell_no
"""

EMPLOYEES = f"""
INSERT INTO employees
SELECT c.employee_id,
       ARG_MAX(c.hris_id, c.notification_id) FILTER (WHERE c.hris_id IS NOT NULL),
       ARG_MAX(c.demographic_group, c.notification_id)
           FILTER (WHERE c.demographic_group IS NOT NULL),
       MIN(c.effective_date) FILTER (WHERE c.change = 'hired'),
       ANY_VALUE(h.department), ANY_VALUE(h.level), ANY_VALUE(h.manager_id),
       ANY_VALUE(h.location),
       COALESCE(BOOL_OR(s.employee_id IS NOT NULL AND s.left_on IS NULL), FALSE)
FROM employee_changes c
LEFT JOIN (
    SELECT * FROM employee_history WHERE valid_to IS NULL AND employee_id IN ({TOUCHED})
) h ON h.employee_id = c.employee_id
LEFT JOIN (
    SELECT employee_id, left_on FROM employment_spells WHERE employee_id IN ({TOUCHED})
    QUALIFY ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY spell_no DESC) = 1
) s ON s.employee_id = c.employee_id
WHERE c.employee_id IN ({TOUCHED})
GROUP BY c.employee_id
"""


def statements() -> list[str]:
    """The statements, in order, that refresh the derived tables for one slice of
    dirty_employees (run them until ``DIRTY`` counts none: see ``refresh``)."""
    deletes = [
        f"DELETE FROM {table} WHERE employee_id IN ({TOUCHED})"
        for table in ("employee_history", "employment_spells", "employees")
    ]
    return [
        f"CREATE OR REPLACE TEMP TABLE {REFRESHING} AS "
        f"SELECT DISTINCT employee_id FROM dirty_employees LIMIT {SLICE}",
        *deletes, HISTORY, SPELLS, EMPLOYEES, *mentor_table.for_employees(TOUCHED),
        f"DELETE FROM dirty_employees WHERE employee_id IN ({TOUCHED})",
    ]


def dirty(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether any employee waits in dirty_employees."""
    return bool(connection.execute(DIRTY).fetchall()[0][0])


def refresh_slice(connection: duckdb.DuckDBPyConnection) -> None:
    """Refresh the derived tables for one slice of dirty_employees (``statements``)."""
    for statement in statements():
        connection.execute(statement)


def refresh(connection: duckdb.DuckDBPyConnection) -> None:
    """Refresh the derived tables for every dirty employee, slice by slice, in the caller's
    transaction."""
    while dirty(connection):
        refresh_slice(connection)
