"""A trusted analyst's person-level query is one immutable fact: who, the SQL, how many rows."""

from __future__ import annotations

from domain.base import Stamp
from domain.trusted_queries import TrustedQueryRun
from tests.unit.domain.support import DAY, new_events


def run(request_id: str, analyst: str) -> TrustedQueryRun:
    """``analyst`` ran one SELECT in request ``request_id``."""
    return TrustedQueryRun.record(channel="cli", sql="SELECT 1", row_count=1, truncated=False,
                                  snapshot_notification_id=96, request_id=request_id,
                                  stamp=Stamp(analyst, DAY))


def test_a_run_records_the_sql_and_its_row_count() -> None:
    recorded = run("r1", "cli:ana")
    assert (recorded.sql, recorded.row_count, recorded.snapshot_notification_id) == (
        "SELECT 1", 1, 96)
    assert new_events(recorded) == ["Recorded"]


def test_the_same_request_and_analyst_give_the_same_id() -> None:
    assert run("r1", "cli:ana").id == run("r1", "cli:ana").id
    assert len({run("r1", "cli:ana").id, run("r2", "cli:ana").id,
                run("r1", "cli:bob").id}) == 3
