"""Analytics over HTTP (analyst, admin): cohort reports and read-only SQL on the analyst snapshot.

Every response is computed on the snapshot the projector last published (`mentoring project`)
and says how fresh it is, in its `freshness` field and in the headers
`X-Snapshot-Notification-Id` and `X-Snapshot-Published-At`. No snapshot yet: 409
`analytics-unavailable` with Retry-After (the read side is not yet in a state to answer; not a
5xx: the server works, the projector has not published). A question that cannot be answered as
asked: 422 `invalid-query`.
SQL that is not one read-only SELECT: 422 `sql-refused`; a SELECT that fails: 422 `sql-failed`
(403 stays reserved for a key whose role may not call the endpoint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Query, Request, Response

from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.models import analytics as views
from gateways.entrypoints.http.models import origin_outcomes as origin_views
from gateways.entrypoints.http.models import outcome_analytics as outcome_views
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import api_router
from gateways.read_side import AnalyticsSession, ReadSideUnavailable, open_snapshot_analytics
from projections.analyst_sql import AggregateSQL, QueryFailed, RefusedStatement, SqlResult
from projections.queries.adjusted_hazard import AdjustedHazardQuery
from projections.queries.base import AnalyticsQuery
from projections.queries.equity import Attribute, EquityQuery
from projections.queries.funnel import FunnelQuery
from projections.queries.momentum import MomentumQuery
from projections.queries.options import GroupBy, InvalidQuery
from projections.queries.options import Role as Participants
from projections.queries.origin_outcomes import OriginOutcomesQuery
from projections.queries.performance import PerformanceQuery
from projections.queries.promotion import PromotionQuery
from projections.queries.retention import RetentionQuery
from projections.queries.skills import SkillsQuery
from projections.queries.survival import Method, SurvivalQuery

router = api_router("analytics")
View = TypeVar("View", bound=views.AnalyticsView)

AnalystCaller = Annotated[Caller, Depends(require(Role.ANALYST, Role.ADMIN))]
Start = Annotated[date, Query(description="first day of the window")]
End = Annotated[date, Query(description="last day of the window")]
RoleQuery = Annotated[Participants, Query(description="who counts as a participant")]
ProgramsQuery = Annotated[
    list[UUID] | None, Query(description="program ids (repeat the parameter)")
]
Voluntary = Annotated[bool, Query(description="count only voluntary exits as leaving")]
GroupByQuery = Annotated[GroupBy | None, Query(description="split the population")]


def snapshot_analytics(request: Request, response: Response) -> Iterator[AnalyticsSession]:
    """Analytics on the published snapshot, its freshness sent as headers; closed after."""
    snapshot = getattr(request.app.state, "analyst_snapshot", None)
    try:
        if snapshot is None:
            raise ReadSideUnavailable("no analyst snapshot is configured")
        session = open_snapshot_analytics(snapshot)
    except ReadSideUnavailable:
        raise HttpProblem(
            409, "analytics-unavailable",
            "no analyst snapshot is published yet: the projector (`mentoring project`) "
            "publishes one once it has caught up", headers={"Retry-After": "30"},
        ) from None
    if session.freshness is not None:
        response.headers["X-Snapshot-Notification-Id"] = str(session.freshness.notification_id)
        response.headers["X-Snapshot-Published-At"] = (
            session.freshness.published_at.isoformat() + "Z"
        )
    try:
        yield session
    finally:
        session.close()


Session = Annotated[AnalyticsSession, Depends(snapshot_analytics)]


def _answer(
    session: AnalyticsSession, view: type[View], ask: Callable[[], AnalyticsQuery[Any]]
) -> View:
    """The question `ask` builds, answered on the snapshot: its parameters and result as `view`.

    A question that cannot be answered as asked is a 422 `invalid-query`.
    """
    try:
        query = ask()
    except InvalidQuery as error:
        raise HttpProblem(422, "invalid-query", str(error)) from None
    result = session.analytics.run(query)
    return views.convert(view, query, result, freshness=views.freshness_view(session.freshness))


@router.get("/analytics/retention", summary="Landmark retention, in against out")
def get_retention(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    role: RoleQuery = "either", program: ProgramsQuery = None, group_by: GroupByQuery = None,
    voluntary_only: Voluntary = False,
) -> views.RateReportView:
    """Employed at `start`: participants at `start` against everyone else, over (start, end]."""
    return _answer(session, views.RateReportView, lambda: RetentionQuery(
        start, end, role, tuple(program or ()), group_by, voluntary_only))


@router.get("/analytics/promotion", summary="Landmark promotion rate, in against out")
def get_promotion(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    role: RoleQuery = "either", program: ProgramsQuery = None, group_by: GroupByQuery = None,
) -> views.RateReportView:
    """Employed at `start`: promoted at least once in (start, end], in against out."""
    return _answer(session, views.RateReportView, lambda: PromotionQuery(
        start, end, role, tuple(program or ()), group_by))


@router.get("/analytics/survival", summary="Kaplan–Meier time to exit, with a log-rank test")
def get_survival(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    role: RoleQuery = "either", program: ProgramsQuery = None,
    voluntary_only: Voluntary = False,
    method: Annotated[Method, Query(description="time_varying (default) or landmark")]
    = "time_varying",
) -> views.SurvivalReportView:
    """Curves for participants and others, participation a time-varying exposure by default."""
    return _answer(session, views.SurvivalReportView, lambda: SurvivalQuery(
        start, end, role, tuple(program or ()), voluntary_only, method))


@router.get("/analytics/funnel", summary="Requests → accepted → first session → memo")
def get_funnel(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    program: ProgramsQuery = None,
    by_program: Annotated[bool, Query(description="one funnel per program")] = False,
) -> views.FunnelReportView:
    """Requests made in [start, end] and what became of them."""
    return _answer(session, views.FunnelReportView, lambda: FunnelQuery(
        start, end, tuple(program or ()), by_program))


@router.get("/analytics/momentum", summary="Dormant pairs, deadlines, full mentors, waiting")
def get_momentum(
    caller: AnalystCaller, session: Session,
    today: Annotated[date, Query(description="the day to look from")],
    dormant_days: Annotated[int, Query(ge=1, le=3650)] = 30,
    near_days: Annotated[int, Query(ge=0, le=3650)] = 7,
) -> views.MomentumReportView:
    """Per launched program, on `today` (statuses are today's)."""
    return _answer(session, views.MomentumReportView, lambda: MomentumQuery(
        today, dormant_days, near_days))


@router.get("/analytics/equity", summary="Equity of selection against the workforce")
def get_equity(
    caller: AnalystCaller, session: Session,
    day: Annotated[date, Query(description="the day the workforce is counted")],
    attribute: Annotated[Attribute, Query(description="the grouping")] = "demographic_group",
    program: ProgramsQuery = None,
) -> views.EquityReportView:
    """Each group's share among mentors, mentees and nominees against the workforce on `day`."""
    return _answer(session, views.EquityReportView, lambda: EquityQuery(
        day, attribute, tuple(program or ())))


@router.get("/analytics/skills", summary="Skills learned, from memos")
def get_skills(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    program: ProgramsQuery = None,
) -> views.SkillsReportView:
    """Skills named in memos filed in [start, end] by at least 5 mentees."""
    return _answer(session, views.SkillsReportView, lambda: SkillsQuery(
        start, end, tuple(program or ())))


@router.get("/analytics/performance", summary="Landmark change in performance rating, in vs out")
def get_performance(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    role: RoleQuery = "either", program: ProgramsQuery = None, group_by: GroupByQuery = None,
) -> outcome_views.PerformanceReportView:
    """Employed at `start`, rated on or before it and within the window: mean change in the
    rating normalised to 0–1, in against out, with t and Welch intervals."""
    return _answer(session, outcome_views.PerformanceReportView, lambda: PerformanceQuery(
        start, end, role, tuple(program or ()), group_by))


@router.get("/analytics/adjusted-hazard", summary="Cox hazard ratio of exit, adjusted")
def get_adjusted_hazard(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    role: RoleQuery = "either", program: ProgramsQuery = None,
    voluntary_only: Voluntary = False,
) -> outcome_views.AdjustedHazardReportView:
    """Participation a time-varying exposure, adjusted for department, level, tenure and
    location; beside the landmark and naive comparisons."""
    return _answer(session, outcome_views.AdjustedHazardReportView, lambda: AdjustedHazardQuery(
        start, end, role, tuple(program or ()), voluntary_only))


@router.get("/analytics/outcomes-by-origin", summary="Outcomes by how the pair was formed")
def get_outcomes_by_origin(
    caller: AnalystCaller, session: Session, start: Start, end: End,
    follow_up_months: Annotated[
        int, Query(ge=1, le=120, description="the mentee's follow-up from the pair's start")
    ] = 12,
    program: ProgramsQuery = None, voluntary_only: Voluntary = False,
) -> origin_views.OriginOutcomesReportView:
    """Mentorships started in [start, end] by origin (first choice, later choice, admin
    assignment, cohort matching): completion against no-fault exit, survey pairing fit and
    confidence, the mentee's retention and promotion; self-chosen against placed pairs."""
    return _answer(session, origin_views.OriginOutcomesReportView, lambda: OriginOutcomesQuery(
        start, end, follow_up_months, tuple(program or ()), voluntary_only))


@router.post("/analytics/sql", summary="Run one SELECT on the aggregate-safe views")
def post_sql(
    body: views.SqlRequest, caller: AnalystCaller, session: Session
) -> views.SqlResultView:
    """One SELECT over the aggregate-safe views only (every row a group of at least 5 people;
    docs/analysts.md), in a database without file access; at most 10,000 rows."""
    return sql_answer(lambda: AggregateSQL(session.published).run(body.sql))


def sql_answer(run: Callable[[], SqlResult]) -> views.SqlResultView:
    """The result of `run` as JSON; a refused statement is 422 `sql-refused`, a failed one
    422 `sql-failed`."""
    try:
        result = run()
    except RefusedStatement as error:
        raise HttpProblem(422, "sql-refused", str(error)) from None
    except QueryFailed as error:
        raise HttpProblem(422, "sql-failed", str(error)) from None
    rows = [[views.json_cell(value) for value in row] for row in result.rows]
    return views.SqlResultView(
        columns=result.columns, rows=rows, truncated=result.truncated,
        freshness=views.freshness_view(result.freshness),
    )
