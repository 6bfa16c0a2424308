"""Responses of the analytics endpoints: the analytics API's dataclasses, converted at the edge.

Every figure describing fewer than 5 people is null, with `suppressed` and a `note` saying so.
Every response carries the freshness of the snapshot it was computed on.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from pydantic import BaseModel, Field, JsonValue

from gateways.entrypoints.http.models.views import view_of
from projections.queries.funnel import FunnelRow
from projections.queries.momentum import MomentumRow
from projections.snapshot import Freshness

View = TypeVar("View", bound=BaseModel)


class FreshnessView(BaseModel):
    """How recent the data is: the last event projected into the snapshot, and when it was made."""

    application_name: str | None
    notification_id: int | None = Field(description="last notification id in the snapshot")
    published_at: datetime = Field(description="when the projector published it (UTC)")


class AnalyticsView(BaseModel):
    """What every analytics response has: the snapshot's freshness."""

    freshness: FreshnessView | None


class IntervalView(BaseModel):
    """A 95% interval."""

    low: float
    high: float


class GroupRateView(BaseModel):
    """One group's figures; all null and `suppressed` below 5 people."""

    headcount: int | None
    events: int | None = Field(description="leavers (retention) or people promoted (promotion)")
    rate: float | None = Field(description="retention rate or promotion rate")
    interval: IntervalView | None = Field(description="95% Wilson score interval")
    suppressed: bool
    note: str | None


class RateComparisonView(BaseModel):
    """Participants ("in") against everyone else ("out") in one group; no difference if either
    group is suppressed."""

    group: str | None
    participants: GroupRateView
    others: GroupRateView
    difference: float | None = Field(description="in − out")
    difference_interval: IntervalView | None = Field(description="Newcombe hybrid score, 95%")


class CohortQueryView(BaseModel):
    """The question a rate report answers."""

    start: date
    end: date
    role: str
    programs: list[UUID]
    group_by: str | None
    voluntary_only: bool


class RateReportView(AnalyticsView):
    """Landmark retention or promotion: one comparison per group, the method, the caveat."""

    measure: str
    query: CohortQueryView
    rows: list[RateComparisonView]
    method: str
    warning: str


class CurvePointView(BaseModel):
    """The survival estimate just after `day`, its 95% interval and the number at risk."""

    day: int
    survival: float
    low: float
    high: float
    at_risk: int


class SurvivalCurveView(BaseModel):
    """One group's Kaplan–Meier curve, cut where fewer than 5 people remain at risk."""

    group: str
    people: int | None
    exits: int | None
    points: list[CurvePointView]
    suppressed: bool
    note: str | None


class LogRankView(BaseModel):
    """Log-rank chi-square (1 df); observed/expected null when a count is under 5."""

    statistic: float
    p_value: float
    observed: dict[str, float] | None
    expected: dict[str, float] | None


class SurvivalQueryView(BaseModel):
    """The question a survival report answers."""

    start: date
    end: date
    role: str
    programs: list[UUID]
    voluntary_only: bool
    method: str


class SurvivalReportView(AnalyticsView):
    """Kaplan–Meier curves for "in" and "out", the log-rank test (null when suppressed)."""

    query: SurvivalQueryView
    curves: list[SurvivalCurveView]
    log_rank: LogRankView | None
    method: str
    warning: str


FunnelRowView = view_of(
    FunnelRow, "FunnelRowView", "One funnel; the fields named in `suppressed` are null.",
    types={"suppressed": list[str]},
)


class FunnelReportView(AnalyticsView):
    """Requests made in the window → accepted → first session → memo filed."""

    start: date
    end: date
    programs: list[UUID]
    by_program: bool
    rows: list[FunnelRowView]  # type: ignore[valid-type]  # a model derived from FunnelRow


MomentumRowView = view_of(
    MomentumRow, "MomentumRowView",
    "One program's momentum counts; the fields named in `suppressed` are null.",
    types={"suppressed": list[str]},
)


class MomentumReportView(AnalyticsView):
    """Per launched program, on `today`."""

    today: date
    dormant_days: int
    near_days: int
    rows: list[MomentumRowView]  # type: ignore[valid-type]  # derived from MomentumRow


class ShareView(BaseModel):
    """A count and its share of the column total; both null when the count is 1-4."""

    count: int | None
    share: float | None
    suppressed: bool


class EquityRowView(BaseModel):
    """One group's share of the workforce and among mentors, mentees and nominees."""

    group: str | None
    workforce: ShareView
    mentors: ShareView
    mentees: ShareView
    nominees: ShareView
    note: str | None


class EquityReportView(AnalyticsView):
    """Representation of each group in selection against the workforce on `day`."""

    day: date
    attribute: str
    programs: list[UUID]
    rows: list[EquityRowView]


class SkillCountView(BaseModel):
    """A skill named in memos, by how many memos and distinct mentees."""

    skill: str
    memos: int
    mentees: int


class SkillsReportView(AnalyticsView):
    """Skills named by at least 5 mentees; the others are counted, not named."""

    start: date
    end: date
    programs: list[UUID]
    skills: list[SkillCountView]
    suppressed_skills: int
    note: str


class SqlRequest(BaseModel):
    """One SELECT statement to run on the analyst snapshot."""

    sql: str = Field(min_length=1, max_length=100_000, examples=["SELECT count(*) FROM employees"])


class SqlResultView(AnalyticsView):
    """Columns and rows (at most 10,000; `truncated` says if there were more)."""

    columns: list[str]
    rows: list[list[JsonValue]]
    truncated: bool


def freshness_view(freshness: Freshness | None) -> FreshnessView | None:
    """The snapshot's freshness (published_at in UTC), or null for a read side without one."""
    if freshness is None:
        return None
    published = freshness.published_at
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return FreshnessView(
        application_name=freshness.application_name,
        notification_id=freshness.notification_id,
        published_at=published,
    )


def json_cell(value: object) -> JsonValue:
    """A DuckDB value as JSON: numbers, text, booleans, null; dates ISO; lists and structs."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [json_cell(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_cell(item) for key, item in value.items()}
    return str(value)


def convert(view: type[View], *parts: object, **fields: object) -> View:
    """A view from dataclass results (their fields merged, later winning) and extra fields."""
    data: dict[str, object] = {}
    for part in parts:
        if dataclasses.is_dataclass(part) and not isinstance(part, type):
            data.update(dataclasses.asdict(part))
    data.update(fields)
    return view.model_validate(data)
