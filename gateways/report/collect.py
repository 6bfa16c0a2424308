"""Ask the analytics API the report's questions and copy its answers into the report model.

Every figure is the API's own (nothing recomputed here), so the report shows exactly what the
analytics API returns for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gateways.report import model as m
from projections.analytics import Analytics
from projections.naive_comparison import NaiveQuery, NaiveReport
from projections.queries.funnel import FunnelQuery, FunnelRow
from projections.queries.momentum import MomentumQuery, MomentumRow
from projections.queries.options import CohortQuery
from projections.queries.results import GroupRate, RateComparison, RateReport
from projections.queries.survival import SurvivalQuery, SurvivalReport

MOMENTUM_FIELDS = (
    "dormant",
    "near_deadline",
    "past_deadline",
    "mentors_at_capacity",
    "mentees_waiting",
)


@dataclass(frozen=True)
class Questions:
    """The windows the report asks about."""

    landmark: CohortQuery
    naive: NaiveQuery
    survival_landmark: SurvivalQuery
    survival: SurvivalQuery
    funnel: FunnelQuery
    momentum: MomentumQuery

    @classmethod
    def for_period(cls, first: date, last: date, landmark: date, horizon: date) -> Questions:
        """Landmark retention over [landmark, horizon]; everything else over [first, last]."""
        return cls(
            landmark=CohortQuery(landmark, horizon, voluntary_only=True),
            naive=NaiveQuery(first, last, voluntary_only=True),
            survival_landmark=SurvivalQuery(landmark, last, voluntary_only=True, method="landmark"),
            survival=SurvivalQuery(first, last, voluntary_only=True),
            funnel=FunnelQuery(first, last),
            momentum=MomentumQuery(last),
        )


@dataclass(frozen=True)
class Answers:
    """The analytics API's results for the report's questions."""

    landmark: RateReport
    naive: NaiveReport
    survival_landmark: SurvivalReport
    survival: SurvivalReport
    funnel: list[FunnelRow]
    momentum: list[MomentumRow]


def ask(analytics: Analytics, naive: NaiveReport, questions: Questions) -> Answers:
    """Run every query of the report (the naive comparison is run by the caller's SQL)."""
    return Answers(
        landmark=analytics.retention(questions.landmark),
        naive=naive,
        survival_landmark=analytics.survival(questions.survival_landmark),
        survival=analytics.survival(questions.survival),
        funnel=analytics.funnel(questions.funnel),
        momentum=analytics.momentum(questions.momentum),
    )


def estimate(key: str, label: str, rate: GroupRate) -> m.Estimate:
    """A group's figures as the API gave them."""
    interval = rate.interval
    return m.Estimate(
        key,
        label,
        rate.headcount,
        rate.events,
        rate.rate,
        interval.low if interval else None,
        interval.high if interval else None,
    )


def contrast(
    key: str, title: str, window: tuple[date, date], row: RateComparison, method: str
) -> m.Contrast:
    """In against out, as the API gave them."""
    inside_label, outside_label = ("in", "out") if key == "landmark" else ("ever", "never")
    interval = row.difference_interval
    return m.Contrast(
        key,
        title,
        window,
        estimate(f"{key}-in", inside_label, row.participants),
        estimate(f"{key}-out", outside_label, row.others),
        row.difference,
        interval.low if interval else None,
        interval.high if interval else None,
        method,
    )


def survival(report: SurvivalReport) -> m.Survival:
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
            tuple(m.CurvePoint(p.day, p.survival, p.low, p.high, p.at_risk) for p in c.points),
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


def funnel(rows: list[FunnelRow], query: FunnelQuery) -> m.Funnel:
    """The overall funnel row, as the API gave it."""
    row = rows[0]
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


def momentum(rows: list[MomentumRow]) -> tuple[m.MomentumLine, ...]:
    """Each program's momentum counts, as the API gave them."""
    return tuple(
        m.MomentumLine(
            row.program or "(unnamed)",
            tuple((name, getattr(row, name)) for name in MOMENTUM_FIELDS),
        )
        for row in rows
    )
