"""The naive ever-vs-never comparison, kept only to show what immortal-time bias does.

Population: everyone employed at any time in [start, end]. "Ever": in a mentorship (either
role, any program) that started on or before ``end``; "never": everyone else. Retained: did not
leave in [start, end]. It is biased on purpose: people must stay employed long enough to join,
so those who left early are all counted as "never", and "ever" looks better even when
mentoring does nothing. The landmark method (``projections.queries.retention``) is the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from projections.queries.base import AnalyticsQuery
from projections.queries.results import RateComparison

NAIVE_SQL = """
WITH population AS (
    SELECT employee_id,
        bool_or(left_on IS NOT NULL AND left_on BETWEEN $start AND $end
                AND (NOT $voluntary_only OR exit_reason = 'voluntary')) AS left_in_window
    FROM employment_spells
    WHERE hired_on <= $end AND (left_on IS NULL OR left_on >= $start)
    GROUP BY employee_id
),
ever AS (
    SELECT DISTINCT employee_id FROM participations WHERE started_on <= $end
)
SELECT e.employee_id IS NOT NULL AS ever_joined, count(*) AS headcount,
       count(*) FILTER (WHERE p.left_in_window) AS leavers
FROM population p LEFT JOIN ever e ON e.employee_id = p.employee_id
GROUP BY ALL
"""

NAIVE_METHOD = (
    "Naive ever-vs-never: the population is everyone employed at any time in the window; 'in' "
    "are those who were ever in a mentorship by its end, 'out' those who never were; retained "
    "= did not leave in the window. Shown only for contrast: it suffers from immortal-time bias."
)


@dataclass(frozen=True)
class NaiveComparisonResult:
    """Ever against never: the same figures (and Wilson intervals) as a landmark comparison."""

    query: NaiveComparisonQuery
    comparison: RateComparison
    method: str


@dataclass(frozen=True)
class NaiveComparisonQuery(AnalyticsQuery[NaiveComparisonResult]):
    """Retention of those who ever joined against those who never did, over [start, end]."""

    start: date
    end: date
    voluntary_only: bool = False

    def run(self, connection: duckdb.DuckDBPyConnection) -> NaiveComparisonResult:
        """Headcount, leavers and retention with Wilson intervals, ever against never."""
        parameters = {"start": self.start, "end": self.end, "voluntary_only": self.voluntary_only}
        counts: dict[bool, tuple[int, int]] = {}
        for ever, headcount, leavers in connection.execute(NAIVE_SQL, parameters).fetchall():
            counts[bool(ever)] = (int(headcount), int(leavers))
        comparison = RateComparison.of(None, counts, rate_of_events=False)
        return NaiveComparisonResult(self, comparison, NAIVE_METHOD)
