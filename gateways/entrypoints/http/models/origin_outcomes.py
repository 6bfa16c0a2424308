"""Response of `/analytics/outcomes-by-origin`: outcomes by how the pair was formed.

It copies the analytics API's dataclasses field by field (`convert` in models/analytics.py);
every figure describing fewer than 5 people is null, with `suppressed` and a `note`.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.analytics import AnalyticsView, GroupRateView, IntervalView


class OriginQueryView(BaseModel):
    """The question an outcomes-by-origin report answers."""

    start: date
    end: date
    follow_up_months: int
    programs: list[UUID]
    voluntary_only: bool


class MeanScoreView(BaseModel):
    """A survey score (1-5): each participant's latest answer per mentorship, averaged."""

    respondents: int | None
    answers: int | None
    mean: float | None
    interval: IntervalView | None = Field(description="95% t interval of the mean")
    suppressed: bool
    note: str | None


class OriginOutcomeView(BaseModel):
    """One origin's (or aggregate's) figures; null and `suppressed` below 5 people."""

    origin: str = Field(
        description="first_choice, later_choice, assigned, matching; or self_chosen, placed"
    )
    label: str
    mentorships: int | None
    mentees: int | None
    completion: GroupRateView = Field(
        description="headcount: pairs ended completed or no-fault; events: completed"
    )
    pairing_fit: MeanScoreView
    confidence: MeanScoreView
    retention: GroupRateView = Field(
        description="mentees followed over the follow-up; events: leavers; rate: retained"
    )
    promotion: GroupRateView = Field(description="events: mentees promoted in the follow-up")


class OriginDifferenceView(BaseModel):
    """Self-chosen minus placed for one measure; null when either side is suppressed."""

    measure: str
    difference: float | None
    interval: IntervalView | None = Field(description="Newcombe (shares) or Welch (means), 95%")


class OriginOutcomesReportView(AnalyticsView):
    """Outcomes per origin, self-chosen against placed pairs, the method, the caveat."""

    query: OriginQueryView
    rows: list[OriginOutcomeView]
    self_chosen: OriginOutcomeView
    placed: OriginOutcomeView
    differences: list[OriginDifferenceView]
    method: str
    warning: str
