"""Analysts' own SQL over HTTP, by role, and the auditors' list of person-level queries.

`POST /analytics/sql` (analyst, admin; in `routers/analytics.py`) runs on the aggregate-safe
views only. `POST /analytics/sql/trusted` (analyst-trusted, admin) runs on the person-level
snapshot, and each run is recorded in the log before its rows are sent; auditors list the runs
with `GET /audit/analyst-queries`.
"""

from __future__ import annotations

from typing import Annotated
from uuid import uuid4

import structlog
from fastapi import Depends, Query

from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import ServiceDep
from gateways.entrypoints.http.models import analytics as views
from gateways.entrypoints.http.routers.analytics import Session, sql_answer
from gateways.entrypoints.http.routers.audit import AuditCaller
from gateways.entrypoints.http.routers.common import api_router
from gateways.trusted_sql import (
    RecordedQuery,
    TrustedAnalyst,
    run_trusted_query,
    trusted_queries,
)

router = api_router("analytics")

TrustedCaller = Annotated[Caller, Depends(require(Role.ANALYST_TRUSTED, Role.ADMIN))]


@router.post("/analytics/sql/trusted", summary="Person-level SQL, recorded for auditors")
def post_trusted_sql(
    body: views.SqlRequest, caller: TrustedCaller, service: ServiceDep,
    session: Session,
) -> views.SqlResultView:
    """One SELECT on the person-level analyst snapshot (no demographic group, no private
    text); the run (who, when, the SQL, the row count) is recorded in the log first."""
    request_id = structlog.contextvars.get_contextvars().get("request_id") or uuid4().hex
    analyst = TrustedAnalyst(caller.actor, f"http:{caller.role.value}", str(request_id))
    return sql_answer(lambda: run_trusted_query(service, session.published, body.sql, analyst))


@router.get("/audit/analyst-queries", summary="Person-level SQL that trusted analysts ran",
            tags=["audit"], response_model=list[RecordedQuery])
def get_analyst_queries(
    caller: AuditCaller, service: ServiceDep,
    analyst: Annotated[str | None, Query(
        min_length=1, max_length=200, description="only the queries of this actor",
    )] = None,
) -> list[RecordedQuery]:
    """Every recorded trusted query (who, through what, when, the SQL, the rows), oldest
    first; scans the log."""
    return list(trusted_queries(service, analyst=analyst))
