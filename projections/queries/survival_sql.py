"""Follow-up segments in SQL: (employee, entry day, exit day, exited, group) since the start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projections.queries.base import program_filter

if TYPE_CHECKING:
    from projections.queries.survival import SurvivalQuery

BASE = f"""
WITH spells AS (
    SELECT employee_id, hired_on, left_on, voluntary FROM employment_spells
    WHERE hired_on <= {{last_entry}} AND (left_on IS NULL OR left_on > $start)
),
joins AS (
    SELECT employee_id, min(started_on) AS joined_on FROM participations
    WHERE list_contains($roles, role) AND {program_filter("program_id")}
    GROUP BY employee_id
),
base AS (
    SELECT s.employee_id,
        greatest(date_diff('day', $start, s.hired_on), 0) AS entry,
        date_diff('day', $start, least(coalesce(s.left_on, $end), $end)) AS exit,
        coalesce(s.left_on <= $end{{voluntary}}, false) AS event,
        j.joined_on,
        date_diff('day', $start, j.joined_on) AS join_day
    FROM spells s LEFT JOIN joins j USING (employee_id)
)"""

TIME_VARYING = """,
segments AS (
    SELECT employee_id, entry,
        CASE WHEN join_day IS NULL OR join_day >= exit THEN exit ELSE join_day END AS exit,
        CASE WHEN join_day IS NULL OR join_day >= exit THEN event ELSE false END AS event,
        'out' AS grp
    FROM base WHERE join_day IS NULL OR join_day > entry
    UNION ALL
    SELECT employee_id, greatest(entry, join_day), exit, event, 'in'
    FROM base WHERE join_day IS NOT NULL AND join_day < exit
)
SELECT employee_id, entry, exit, event, grp FROM segments WHERE exit > entry ORDER BY ALL"""

LANDMARK = """
SELECT employee_id, 0 AS entry, exit, event,
       CASE WHEN joined_on <= $start THEN 'in' ELSE 'out' END AS grp
FROM base WHERE exit > 0 ORDER BY ALL"""


def segments_sql(query: SurvivalQuery) -> tuple[str, dict[str, Any]]:
    """SQL and parameters listing follow-up segments for the query's method."""
    landmark = query.method == "landmark"
    sql = BASE.format(
        last_entry="$start" if landmark else "$end",
        voluntary=" AND s.voluntary" if query.voluntary_only else "",
    ) + (LANDMARK if landmark else TIME_VARYING)
    parameters = query.parameters
    return sql, parameters
