"""Retention over a window, by the landmark method: participants at the start against the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import duckdb

from projections.queries.base import AnalyticsQuery
from projections.queries.cohort_sql import comparisons
from projections.queries.options import CohortQuery
from projections.queries.results import IMMORTAL_TIME_WARNING, LANDMARK_METHOD, RateResult

RetentionResult: TypeAlias = RateResult


@dataclass(frozen=True)
class RetentionQuery(CohortQuery, AnalyticsQuery[RetentionResult]):
    """Retention rate over [start, end]: retained = did not leave in (start, end]."""

    def run(self, connection: duckdb.DuckDBPyConnection) -> RetentionResult:
        """Headcount, leavers, retention rate with Wilson interval per group, in vs out."""
        rows = comparisons(connection, self, "left", rate_of_events=False)
        scope = "voluntary exits only" if self.voluntary_only else "all exits"
        method = f"{LANDMARK_METHOD} Leavers count {scope}; events = leavers."
        if self.voluntary_only:
            method += " Involuntary exits and retirements count as retained."
        return RateResult("retention", self, rows, method, IMMORTAL_TIME_WARNING)
