"""Ask the analytics API the report's questions and copy its answers into the report model.

Every figure is the API's own (nothing recomputed here), so the report shows exactly what the
analytics API returns for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from gateways.report import model as m
from projections.analytics import Analytics
from projections.queries.equity import EquityQuery, EquityResult
from projections.queries.funnel import FunnelQuery, FunnelResult
from projections.queries.momentum import FIELDS as MOMENTUM_FIELDS
from projections.queries.momentum import MomentumQuery, MomentumResult
from projections.queries.naive_comparison import NaiveComparisonQuery, NaiveComparisonResult
from projections.queries.origin_outcomes import OriginOutcomesQuery, OriginOutcomesResult
from projections.queries.performance import PerformanceQuery, PerformanceResult
from projections.queries.promotion import PromotionQuery, PromotionResult
from projections.queries.results import GroupRate, RateComparison, RateResult
from projections.queries.retention import RetentionQuery, RetentionResult
from projections.queries.skills import SkillsQuery, SkillsResult
from projections.queries.stories import StoriesQuery, StoriesResult
from projections.queries.survival import SurvivalQuery, SurvivalResult
from projections.stats.proportions import Interval


@dataclass(frozen=True)
class Questions:
    """The analytics questions the report asks; Answers has one result per field, same name."""

    landmark: RetentionQuery
    naive: NaiveComparisonQuery
    survival_landmark: SurvivalQuery
    survival: SurvivalQuery
    funnel: FunnelQuery
    momentum: MomentumQuery
    promotion: PromotionQuery
    performance: PerformanceQuery
    equity: EquityQuery
    skills: SkillsQuery
    stories: StoriesQuery
    origins: OriginOutcomesQuery

    @classmethod
    def for_period(cls, first: date, last: date, landmark: date, horizon: date) -> Questions:
        """Landmark retention, promotion and performance over [landmark, horizon]; equity and
        momentum on the last day; everything else over [first, last]."""
        return cls(
            landmark=RetentionQuery(landmark, horizon, voluntary_only=True),
            naive=NaiveComparisonQuery(first, last, voluntary_only=True),
            survival_landmark=SurvivalQuery(landmark, last, voluntary_only=True, method="landmark"),
            survival=SurvivalQuery(first, last, voluntary_only=True),
            funnel=FunnelQuery(first, last),
            momentum=MomentumQuery(last),
            promotion=PromotionQuery(landmark, horizon),
            performance=PerformanceQuery(landmark, horizon),
            equity=EquityQuery(last),
            skills=SkillsQuery(first, last),
            stories=StoriesQuery(first, last),
            origins=OriginOutcomesQuery(first, last, follow_up_months=12),
        )


@dataclass(frozen=True)
class Answers:
    """The analytics API's results for the report's questions."""

    landmark: RetentionResult
    naive: NaiveComparisonResult
    survival_landmark: SurvivalResult
    survival: SurvivalResult
    funnel: FunnelResult
    momentum: MomentumResult
    promotion: PromotionResult
    performance: PerformanceResult
    equity: EquityResult
    skills: SkillsResult
    stories: StoriesResult
    origins: OriginOutcomesResult


def answer(analytics: Analytics, questions: Questions) -> Answers:
    """Run every question of the report, each the way the HTTP and CLI edges run it."""
    results: dict[str, Any] = {
        field.name: analytics.run(getattr(questions, field.name)) for field in fields(questions)
    }
    return Answers(**results)


def bounds(interval: Interval | None) -> tuple[float | None, float | None]:
    """An interval's low and high ends, (None, None) where the API gave none."""
    return (interval.low, interval.high) if interval else (None, None)


def estimate(key: str, label: str, rate: GroupRate) -> m.Estimate:
    """A group's figures as the API gave them."""
    return m.Estimate(key, label, rate.headcount, rate.events, rate.rate, *bounds(rate.interval))


def contrast(
    key: str, title: str, window: tuple[date, date], row: RateComparison, method: str
) -> m.Contrast:
    """In against out, as the API gave them."""
    inside_label, outside_label = ("ever", "never") if key == "naive" else ("in", "out")
    return m.Contrast(
        key,
        title,
        window,
        estimate(f"{key}-in", inside_label, row.participants),
        estimate(f"{key}-out", outside_label, row.others),
        row.difference,
        *bounds(row.difference_interval),
        method,
    )


def overall_contrast(key: str, title: str, result: RateResult) -> m.Contrast:
    """The whole population's in-against-out row (no grouping) of a landmark rate result."""
    row = next(r for r in result.rows if r.group is None)
    window = (result.query.start, result.query.end)
    return contrast(key, title, window, row, result.method)


def survival(report: SurvivalResult) -> m.Survival:
    """The curves and the test, as the API gave them."""
    landmark = report.query.method == "landmark"
    labels = (
        {"in": "participants at the start", "out": "everyone else"}
        if landmark
        else {"in": "participants (from joining)", "out": "not (yet) participating"}
    )
    title = "Landmark" if landmark else "Time-varying participation (Simon–Makuch)"
    curves = tuple(
        m.Curve(
            c.group,
            labels.get(c.group, c.group),
            c.people,
            c.exits,
            tuple(c.points),
            c.note,
        )
        for c in report.curves
    )
    test = report.log_rank
    return m.Survival(
        report.query.method,
        title,
        (report.query.start, report.query.end),
        curves,
        test.statistic if test else None,
        test.p_value if test else None,
        report.method,
    )


def funnel(result: FunnelResult, query: FunnelQuery) -> m.Funnel:
    """The overall funnel row, as the API gave it."""
    row = result.rows[0]
    stages = (
        ("requests made", row.made),
        ("accepted", row.accepted),
        ("first session", row.first_session),
        ("memo filed", row.memo),
    )
    return m.Funnel(
        (query.start, query.end),
        stages,
        row.decline_rate,
        row.expiry_rate,
        row.median_days_to_respond,
        row.median_days_to_first_session,
    )


def momentum(result: MomentumResult) -> tuple[m.MomentumLine, ...]:
    """Each program's momentum counts, as the API gave them."""
    return tuple(
        m.MomentumLine(
            row.program or "(unnamed)",
            tuple((name, getattr(row, name)) for name in MOMENTUM_FIELDS),
        )
        for row in result.rows
    )
