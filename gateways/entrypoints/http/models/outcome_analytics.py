"""Responses of `/analytics/performance` and `/analytics/adjusted-hazard`.

They copy the analytics API's dataclasses field by field (`convert` in models/analytics.py);
every figure describing fewer than 5 people is null, with `suppressed` and a `note`.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.analytics import (
    AnalyticsView,
    CohortQueryView,
    IntervalView,
    RateComparisonView,
)


class GroupChangeView(BaseModel):
    """One group's change in performance rating; all null and `suppressed` below 5 people."""

    people: int | None = Field(description="people rated before and within the window")
    mean_change: float | None = Field(
        description="mean of latest-in-window minus baseline, each rating normalised to 0–1"
    )
    interval: IntervalView | None = Field(description="95% t interval of the mean")
    suppressed: bool
    note: str | None


class ChangeComparisonView(BaseModel):
    """Participants ("in") against everyone else ("out") in one group; no difference if either
    group is suppressed."""

    group: str | None
    participants: GroupChangeView
    others: GroupChangeView
    difference: float | None = Field(description="mean change in − mean change out")
    difference_interval: IntervalView | None = Field(description="Welch, 95%")


class PerformanceReportView(AnalyticsView):
    """Landmark performance improvement: one comparison per group, the method, the caveat."""

    query: CohortQueryView
    rows: list[ChangeComparisonView]
    method: str
    warning: str


class AdjustedHazardQueryView(BaseModel):
    """The question an adjusted hazard report answers."""

    start: date
    end: date
    role: str
    programs: list[UUID]
    voluntary_only: bool


class AdjustedHazardReportView(AnalyticsView):
    """Cox hazard ratio of exit, participating against not, beside landmark and naive figures."""

    query: AdjustedHazardQueryView
    hazard_ratio: float | None = Field(description="below 1: fewer exits while participating")
    interval: IntervalView | None = Field(description="95% Wald interval of the hazard ratio")
    p_value: float | None
    participants: int | None = Field(description="people with participating follow-up time")
    others: int | None = Field(description="people with follow-up time while not participating")
    exits_participating: int | None
    exits_not_participating: int | None
    covariates: list[str]
    adjusted_for: list[str] = Field(description="the model's covariate columns")
    landmark: RateComparisonView | None = Field(description="landmark retention, in vs out")
    naive: RateComparisonView | None = Field(description="ever vs never (immortal-time bias)")
    suppressed: bool
    note: str | None
    method: str
    warning: str
