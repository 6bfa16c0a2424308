"""Promotion over a window, by the landmark method: participants at the start against the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import duckdb

from projections.queries.base import AnalyticsQuery
from projections.queries.cohort_sql import comparisons
from projections.queries.options import CohortQuery
from projections.queries.results import IMMORTAL_TIME_WARNING, LANDMARK_METHOD, RateResult

PromotionResult: TypeAlias = RateResult


@dataclass(frozen=True)
class PromotionQuery(CohortQuery, AnalyticsQuery[PromotionResult]):
    """Promotion rate over [start, end]: promoted = at least one promotion in (start, end].

    `voluntary_only` is part of the cohort's parameters but does not change a promotion rate.
    """

    def run(self, connection: duckdb.DuckDBPyConnection) -> PromotionResult:
        """Headcount, promoted, promotion rate with Wilson interval per group, in vs out."""
        rows = comparisons(connection, self, "promoted", rate_of_events=True)
        method = f"{LANDMARK_METHOD} Events = people promoted at least once in the window."
        return RateResult("promotion", self, rows, method, IMMORTAL_TIME_WARNING)
