"""Retention and promotion over a window, by the landmark method, in against out."""

from __future__ import annotations

import duckdb

from projections.queries.cohort_sql import cohort_counts_sql
from projections.queries.options import CohortQuery
from projections.queries.results import (
    IMMORTAL_TIME_WARNING,
    LANDMARK_METHOD,
    RateComparison,
    RateReport,
)


class RetentionQuery:
    """Retention rate over [start, end]: retained = did not leave in (start, end]."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def run(self, query: CohortQuery) -> RateReport:
        """Headcount, leavers, retention rate with Wilson interval per group, in vs out."""
        rows = _comparisons(self._connection, query, "left", rate_of_events=False)
        scope = "voluntary exits only" if query.voluntary_only else "all exits"
        method = f"{LANDMARK_METHOD} Leavers count {scope}; events = leavers."
        if query.voluntary_only:
            method += " Involuntary exits and retirements count as retained."
        return RateReport("retention", query, rows, method, IMMORTAL_TIME_WARNING)


class PromotionQuery:
    """Promotion rate over [start, end]: promoted = at least one promotion in (start, end]."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def run(self, query: CohortQuery) -> RateReport:
        """Headcount, promoted, promotion rate with Wilson interval per group, in vs out."""
        rows = _comparisons(self._connection, query, "promoted", rate_of_events=True)
        method = f"{LANDMARK_METHOD} Events = people promoted at least once in the window."
        return RateReport("promotion", query, rows, method, IMMORTAL_TIME_WARNING)


def _comparisons(
    connection: duckdb.DuckDBPyConnection, query: CohortQuery, event: str, rate_of_events: bool
) -> list[RateComparison]:
    sql, parameters = cohort_counts_sql(query, event)
    counts: dict[str | None, dict[bool, tuple[int, int]]] = {}
    for group, is_in, headcount, events in connection.execute(sql, parameters).fetchall():
        counts.setdefault(group, {})[bool(is_in)] = (int(headcount), int(events))
    return [RateComparison.of(g, c, rate_of_events) for g, c in counts.items()]
