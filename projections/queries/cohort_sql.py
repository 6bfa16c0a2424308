"""The landmark cohort in SQL: who is in the population, in which group, and in or out.

Produces rows (group_label, is_participant, headcount, events) for an event chosen by the
caller (left in the window, promoted in the window), and from them one in-against-out
comparison per group.
"""

from __future__ import annotations

from typing import Any, Literal

import duckdb

from projections.queries.base import program_filter
from projections.queries.options import CohortQuery
from projections.queries.results import RateComparison

Event = Literal["left", "promoted"]

GROUP_KEYS = {
    None: "NULL",
    "department": "h.department",
    "level": "h.level",
    "location": "h.location",
    "hire_month": "date_trunc('month', p.hired_on)",
    "hire_quarter": "date_trunc('quarter', p.hired_on)",
    "hire_year": "date_trunc('year', p.hired_on)",
}
"""Per-person grouping keys (cheap to hash); labels are formatted after aggregation."""
GROUP_LABELS = {
    None: "NULL",
    "department": "group_key",
    "level": "CAST(group_key AS VARCHAR)",
    "location": "group_key",
    "hire_month": "strftime(group_key, '%Y-%m')",
    "hire_quarter": "strftime(group_key, '%Y') || '-Q' || CAST(quarter(group_key) AS VARCHAR)",
    "hire_year": "strftime(group_key, '%Y')",
}
NEEDS_HISTORY = ("department", "level", "location")

POPULATION = """
population AS (
    SELECT employee_id, hired_on, left_on, voluntary, CAST($start AS DATE) AS landmark
    FROM employment_spells
    WHERE hired_on <= $start AND (left_on IS NULL OR left_on > $start)
)"""

PARTICIPATIONS = f"""
eligible AS (
    SELECT employee_id, program_id, round_no
    FROM participations
    WHERE started_on <= $start AND list_contains($roles, role) AND {program_filter("program_id")}
)"""

HISTORY_AT_START = """
LEFT JOIN (
    SELECT employee_id, department, level, location FROM employee_history
    WHERE valid_from <= $start AND (valid_to IS NULL OR valid_to > $start)
) h ON h.employee_id = p.employee_id"""
"""The history row in force at the landmark (filtered first, then joined one to one)."""

EVENT_COLUMNS = {
    "left": "coalesce(p.left_on > $start AND p.left_on <= $end{voluntary}, false)",
    "promoted": (
        "p.employee_id IN (SELECT employee_id FROM promotions "
        "WHERE effective_date > $start AND effective_date <= $end)"
    ),
}

COUNTS = """
SELECT {label} AS group_label, is_participant, headcount, events FROM (
    SELECT group_key, is_participant, count(*) AS headcount,
           count(*) FILTER (WHERE had_event) AS events
    FROM members GROUP BY ALL
) ORDER BY ALL"""


def comparisons(
    connection: duckdb.DuckDBPyConnection, query: CohortQuery, event: Event, rate_of_events: bool
) -> list[RateComparison]:
    """In against out per group: the rate of `event` (or of its absence) with intervals."""
    sql, parameters = cohort_counts_sql(query, event)
    counts: dict[str | None, dict[bool, tuple[int, int]]] = {}
    for group, is_in, headcount, events in connection.execute(sql, parameters).fetchall():
        counts.setdefault(group, {})[bool(is_in)] = (int(headcount), int(events))
    return [RateComparison.of(g, c, rate_of_events) for g, c in counts.items()]


def cohort_counts_sql(query: CohortQuery, event: Event) -> tuple[str, dict[str, Any]]:
    """SQL and parameters counting (group, in/out) headcount and events for the query."""
    event_sql = EVENT_COLUMNS[event].format(
        voluntary=" AND p.voluntary" if query.voluntary_only else ""
    )
    parameters = query.parameters
    if query.group_by in ("program", "round"):
        return _per_program_sql(query, event_sql), parameters
    history = HISTORY_AT_START if query.group_by in NEEDS_HISTORY else ""
    sql = f"""
WITH {POPULATION}, {PARTICIPATIONS},
members AS (
    SELECT {GROUP_KEYS[query.group_by]} AS group_key,
           p.employee_id IN (SELECT employee_id FROM eligible) AS is_participant,
           {event_sql} AS had_event
    FROM population p {history}
)
{COUNTS.format(label=GROUP_LABELS[query.group_by])}"""
    return sql, parameters


def program_unit(query: CohortQuery) -> tuple[str, str]:
    """What a per-program comparison groups by (the program, or the program and round) and the
    label it shows (``e`` the eligible participations, ``pr`` the programs)."""
    by_round = query.group_by == "round"
    unit = "e.program_id, e.round_no" if by_round else "e.program_id"
    label = "COALESCE(pr.name, CAST(e.program_id AS VARCHAR))"
    if by_round:
        label += " || ' / round ' || CAST(e.round_no AS VARCHAR)"
    return unit, label


def _per_program_sql(query: CohortQuery, event_sql: str) -> str:
    """Each program (or round) compared with everyone not in that program (or round).

    "In" counts come from joining the unit's participants to the population; "out" is the
    population total minus them, so the population is scanned once, not once per unit.
    """
    unit, label = program_unit(query)
    return f"""
WITH {POPULATION}, {PARTICIPATIONS},
members AS (SELECT p.employee_id, {event_sql} AS had_event FROM population p),
totals AS (
    SELECT count(*) AS headcount, count(*) FILTER (WHERE had_event) AS events FROM members
),
units_in AS (
    SELECT {label} AS group_label, count(*) AS headcount,
           count(*) FILTER (WHERE m.had_event) AS events
    FROM (SELECT DISTINCT e.employee_id, {unit} FROM eligible e) e
    JOIN members m ON m.employee_id = e.employee_id
    LEFT JOIN programs pr ON pr.program_id = e.program_id
    GROUP BY ALL
)
SELECT group_label, true AS is_participant, headcount, events FROM units_in
UNION ALL
SELECT u.group_label, false, t.headcount - u.headcount, t.events - u.events
FROM units_in u, totals t
ORDER BY ALL"""
