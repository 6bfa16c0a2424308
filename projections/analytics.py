"""The analytics entry point the HTTP and CLI layers call: one object, one method per report."""

from __future__ import annotations

from pathlib import Path

import duckdb

from projections.analyst_sql import open_read_only
from projections.queries.equity import EquityQuery, EquityReport, EquityRow
from projections.queries.funnel import FunnelQuery, FunnelQueryRunner, FunnelRow
from projections.queries.momentum import MomentumQuery, MomentumReport, MomentumRow
from projections.queries.options import CohortQuery
from projections.queries.rates import PromotionQuery, RetentionQuery
from projections.queries.results import RateReport
from projections.queries.skills import SkillsLearned, SkillsQuery, SkillsReport
from projections.queries.survival import SurvivalAnalysis, SurvivalQuery, SurvivalReport
from projections.snapshot import resolve_snapshot


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

    def retention(self, query: CohortQuery) -> RateReport:
        """Landmark retention over the window, in vs out, per group."""
        return RetentionQuery(self._connection).run(query)

    def promotion(self, query: CohortQuery) -> RateReport:
        """Landmark promotion rate over the window, in vs out, per group."""
        return PromotionQuery(self._connection).run(query)

    def survival(self, query: SurvivalQuery) -> SurvivalReport:
        """Kaplan–Meier curves and log-rank test, participation as a time-varying exposure."""
        return SurvivalAnalysis(self._connection).run(query)

    def funnel(self, query: FunnelQuery) -> list[FunnelRow]:
        """Requests made → accepted → first session → memo, with rates and delays."""
        return FunnelQueryRunner(self._connection).run(query)

    def momentum(self, query: MomentumQuery) -> list[MomentumRow]:
        """Dormant pairs, requests near/past deadline, mentors at capacity, waiting mentees."""
        return MomentumReport(self._connection).run(query)

    def equity(self, query: EquityQuery) -> list[EquityRow]:
        """Shares of each group among mentors, mentees and nominees against the workforce."""
        return EquityReport(self._connection).run(query)

    def skills(self, query: SkillsQuery) -> SkillsReport:
        """Skills learned according to memos."""
        return SkillsLearned(self._connection).run(query)
