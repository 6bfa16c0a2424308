"""Person-level SQL for the `analyst-trusted` role: run, recorded in the log, listed for auditors.

A trusted query runs on the person-level analyst snapshot (`AnalystSQL`); before its rows are
handed out, a ``TrustedQueryRun`` (who, when, the SQL, the row count) is saved in the
application's log, so the record survives restarts and is hash-chained with everything else. If
the store does not take it, the rows are not sent. A refused or failed statement returns no
rows and is not recorded. Auditors list the runs by scanning the log for that one event topic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import structlog

from domain.base import Stamp, same_named
from domain.trusted_queries import TrustedQueryRun
from gateways.recorded_facts import recorded, save_once
from projections.analyst_sql import AnalystSQL, SqlResult
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class TrustedAnalyst:
    """Who runs a trusted query: the actor the log names, the channel, and the request."""

    actor: str
    channel: str
    request_id: str


def run_trusted_query(
    service: MentoringService, snapshot: Path, sql: str, analyst: TrustedAnalyst,
    max_rows: int = 10_000,
) -> SqlResult:
    """Run one SELECT on the person-level snapshot and record it before returning the rows."""
    result = AnalystSQL(snapshot, max_rows=max_rows).run(sql)
    freshness = result.freshness
    record_trusted_read(service, analyst, sql, len(result.rows), result.truncated,
                        freshness.notification_id if freshness else None)
    return result


def record_trusted_read(
    service: MentoringService, analyst: TrustedAnalyst, sql: str, row_count: int,
    truncated: bool, notification_id: int | None,
) -> None:
    """Record one person-level read (a query, or an export described as `sql`) in the log."""
    run = TrustedQueryRun.record(
        channel=analyst.channel, sql=sql, row_count=row_count, truncated=truncated,
        snapshot_notification_id=notification_id, request_id=analyst.request_id,
        stamp=Stamp(analyst.actor, datetime.now(UTC).date()),
    )
    if not save_once(service, run):
        log.info("trusted_query_already_recorded", actor=analyst.actor)
        return
    log.info("trusted_query_recorded", actor=analyst.actor, rows=row_count)


@dataclass(frozen=True)
class RecordedQuery:
    """One recorded trusted query."""

    run_id: UUID
    analyst: str
    channel: str
    sql: str
    row_count: int
    truncated: bool
    snapshot_notification_id: int | None
    ran_at: datetime
    request_id: str


def trusted_queries(
    service: MentoringService, *, analyst: str | None = None
) -> Iterator[RecordedQuery]:
    """The recorded trusted queries, oldest first; only ``analyst``'s when given."""
    for event in recorded(service, TrustedQueryRun.Recorded):
        if analyst in (None, event.actor):
            yield same_named(
                RecordedQuery, event, run_id=event.originator_id, analyst=event.actor,
                ran_at=event.timestamp,
            )
