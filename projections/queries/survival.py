"""Kaplan–Meier survival (time to exit) by participation, with a log-rank test."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import duckdb
import numpy as np

from projections.privacy import MIN_CELL, SUPPRESSED, is_small
from projections.queries.base import AnalyticsQuery
from projections.queries.options import InvalidQuery, ParticipationWindow
from projections.queries.survival_sql import segments_sql
from projections.stats.survival import LogRankResult, Segments, kaplan_meier, log_rank

Method = Literal["time_varying", "landmark"]
GROUPS = ("in", "out")


@dataclass(frozen=True)
class CurvePoint:
    """The survival estimate just after `day`, with its 95% interval and the number at risk."""

    day: int
    survival: float
    low: float
    high: float
    at_risk: int


@dataclass(frozen=True)
class SurvivalCurve:
    """One group's Kaplan–Meier curve, cut where fewer than 5 people remain at risk."""

    group: str
    people: int | None
    exits: int | None
    points: list[CurvePoint] = field(default_factory=list)
    suppressed: bool = False
    note: str | None = None


@dataclass(frozen=True)
class SurvivalResult:
    """Curves for "in" and "out", the log-rank test, the method and its caveats."""

    query: SurvivalQuery
    curves: list[SurvivalCurve]
    log_rank: LogRankResult | None
    method: str
    warning: str


@dataclass(frozen=True)
class SurvivalQuery(ParticipationWindow, AnalyticsQuery[SurvivalResult]):
    """Follow-up over [start, end] in days since `start`; exits are the events.

    Kaplan–Meier curves of time to exit and a log-rank test, participants against others.
    """

    voluntary_only: bool = False
    method: Method = "time_varying"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.method not in ("time_varying", "landmark"):
            raise InvalidQuery(f"method {self.method!r} is not time_varying or landmark")

    def run(self, connection: duckdb.DuckDBPyConnection) -> SurvivalResult:
        """Build the segments in SQL, fit the curves with lifelines, test them."""
        sql, parameters = segments_sql(self)
        rows = connection.execute(sql, parameters).fetchall()
        segments = Segments(
            entry=np.array([r[1] for r in rows], dtype=float),
            exit=np.array([r[2] for r in rows], dtype=float),
            event=np.array([r[3] for r in rows], dtype=bool),
            group=np.array([r[4] for r in rows], dtype=object),
        )
        people = {g: len({r[0] for r in rows if r[4] == g}) for g in GROUPS}
        curves = [_curve(segments, g, people[g]) for g in GROUPS]
        shown = all(people[g] >= MIN_CELL for g in GROUPS)
        test = log_rank(segments, "in", "out") if shown else None
        if test is not None and any(is_small(int(v)) for v in (test.observed or {}).values()):
            test = replace(test, observed=None, expected=None)
        return SurvivalResult(self, curves, test, _method(self), WARNING)


def _curve(segments: Segments, group: str, people: int) -> SurvivalCurve:
    if people < MIN_CELL:
        return SurvivalCurve(group, None, None, suppressed=True, note=SUPPRESSED)
    mask = segments.group == group
    fitter = kaplan_meier(segments.entry[mask], segments.exit[mask], segments.event[mask])
    table = fitter.event_table
    bounds = fitter.confidence_interval_survival_function_
    points: list[CurvePoint] = []
    truncated = reached = False
    for day, row in table.iterrows():
        if row["at_risk"] < MIN_CELL:
            # With late entry (time-varying exposure) the risk set starts small and grows:
            # hide the points until it reaches the minimum, end the curve when it falls below.
            if reached:
                truncated = True
                break
            continue
        reached = True
        if row["observed"] == 0:
            continue
        points.append(CurvePoint(
            int(day), float(fitter.survival_function_.loc[day].iloc[0]),
            float(bounds.loc[day].iloc[0]), float(bounds.loc[day].iloc[1]), int(row["at_risk"]),
        ))
    exits = int(segments.event[mask].sum())
    note = "curve ends where fewer than 5 people remain at risk" if truncated else None
    return SurvivalCurve(group, people, exits if exits >= MIN_CELL or exits == 0 else None,
                         points, False, note)


def _method(query: SurvivalQuery) -> str:
    events = "voluntary exits (other exits censored)" if query.voluntary_only else "all exits"
    if query.method == "landmark":
        return (
            "Landmark Kaplan–Meier: everyone employed at the start, grouped by participation at "
            f"the start and never regrouped; time in days from the start; events: {events}; "
            "censored at the end of the window. Log-rank test, 1 degree of freedom."
        )
    return (
        "Kaplan–Meier with participation as a time-varying exposure (Simon–Makuch): each "
        "person's follow-up is split at the day they join, so person-time before joining counts "
        "as 'out' and only time after it as 'in' (delayed entry). Time in days from the start; "
        f"people hired later enter on their hire day; events: {events}; censored at the end "
        "of the window. Log-rank (Mantel–Byar) test over risk sets honouring delayed entry."
    )


WARNING = (
    "Never compare 'ever joined' with 'never joined' from hire: joiners had to survive until "
    "they joined, so they look better even if mentoring does nothing (immortal-time bias). "
    "Both methods here avoid it. Points where fewer than 5 people are at risk are not shown; "
    "groups of fewer than 5 people are suppressed. Associations, not causal effects."
)
