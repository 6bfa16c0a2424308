"""The analytics entry point the HTTP, CLI and report layers call: `Analytics.run(query)`.

Every question is a `<Question>Query` (a frozen dataclass of its parameters, in
projections/queries/<question>.py) whose `run(connection)` returns a `<Question>Result`; see
projections.queries.base. QUESTIONS lists them all: a new question is added there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import duckdb

from projections.analyst_sql import open_read_only
from projections.queries.adjusted_hazard import AdjustedHazardQuery
from projections.queries.base import AnalyticsQuery
from projections.queries.equity import EquityQuery
from projections.queries.funnel import FunnelQuery
from projections.queries.momentum import MomentumQuery
from projections.queries.naive_comparison import NaiveComparisonQuery
from projections.queries.origin_outcomes import OriginOutcomesQuery
from projections.queries.performance import PerformanceQuery
from projections.queries.promotion import PromotionQuery
from projections.queries.retention import RetentionQuery
from projections.queries.skills import SkillsQuery
from projections.queries.stories import StoriesQuery
from projections.queries.survival import SurvivalQuery
from projections.snapshot import resolve_snapshot

Result = TypeVar("Result")

QUESTIONS: tuple[type[AnalyticsQuery[object]], ...] = (
    RetentionQuery,
    PromotionQuery,
    SurvivalQuery,
    NaiveComparisonQuery,
    FunnelQuery,
    MomentumQuery,
    EquityQuery,
    SkillsQuery,
    PerformanceQuery,
    AdjustedHazardQuery,
    OriginOutcomesQuery,
    StoriesQuery,
)
"""Every question the analytics API answers, each `<Question>Query` → `<Question>Result`."""


class Analytics:
    """Cohort analytics over a DuckDB connection to the projections (a snapshot or the view).

    Every figure describing fewer than 5 people comes back suppressed and marked.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    @classmethod
    def on_snapshot(cls, snapshot: Path) -> Analytics:
        """Analytics over a published snapshot, opened read-only with no file access."""
        return cls(open_read_only(resolve_snapshot(snapshot)))

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def run(self, query: AnalyticsQuery[Result]) -> Result:
        """The answer to any question of QUESTIONS."""
        if not isinstance(query, QUESTIONS):
            raise TypeError(f"{type(query).__name__} is not an analytics question (QUESTIONS)")
        return query.run(self._connection)
