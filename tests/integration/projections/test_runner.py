"""The projector entry points: following the log with snapshots, and rebuilding atomically."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from domain.employees import Employee
from projections.analyst_sql import AnalystSQL
from projections.catch_up import Progress
from projections.runner import rebuild, run_projector
from tests.integration.projections.scenario_org import EventLog, build_organisation


@pytest.fixture
def store(tmp_path: Path) -> dict[str, str]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")}
    app = EventLog(env=env)
    build_organisation(app)
    app.close()
    return env


def test_following_projector_picks_up_new_events_and_publishes_a_fresh_snapshot(
    store: dict[str, str], tmp_path: Path
) -> None:
    stop, reports = threading.Event(), []
    snapshot = tmp_path / "analytics.snapshot.duckdb"
    projector = threading.Thread(target=run_projector, args=(store, tmp_path / "view.duckdb"),
                                 kwargs={"follow": True, "stop": stop, "progress": reports.append,
                                         "snapshot_path": snapshot, "snapshot_every_seconds": 0,
                                         "batch_size": 50})
    projector.start()
    app = EventLog(env=store)
    app.save(Employee(hris_id="LATE", department="Ops", job_level=1, manager_id=None,
                      location="Paris", demographic_group=None, actor="hris",
                      effective_date=date(2025, 1, 2)))
    head = app.recorder.max_notification_id()
    try:
        AnalystSQLWaiter(snapshot).wait_for(head)
    finally:
        stop.set()
        projector.join(timeout=30)

    result = AnalystSQL(snapshot).run("SELECT count(*) FROM employees WHERE hris_id = 'LATE'")
    assert result.rows == [(1,)]
    assert reports and isinstance(reports[-1], Progress) and reports[-1].caught_up


def test_rebuild_replaces_the_file_with_a_fresh_replay(
    store: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "view.duckdb"
    with duckdb.connect(str(target)) as stale:
        stale.execute("CREATE TABLE leftover AS SELECT 1 AS x")

    applied = rebuild(store, target, batch_size=100)

    with duckdb.connect(str(target), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        employees = connection.execute("SELECT count(*) FROM employees").fetchall()
    assert "leftover" not in tables and employees == [(20,)]
    assert applied == EventLog(env=store).recorder.max_notification_id()


class AnalystSQLWaiter:
    """Polls the published snapshot until it covers a notification id (bounded)."""

    def __init__(self, snapshot: Path) -> None:
        self.snapshot = snapshot

    def wait_for(self, notification_id: int | None, timeout: float = 30.0) -> None:
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.wait(0.1):
                if self.snapshot.exists():
                    freshness = AnalystSQL(self.snapshot).run("SELECT 1").freshness
                    if freshness and freshness.notification_id == notification_id:
                        return
            raise TimeoutError(f"no snapshot reached notification {notification_id}")
        finally:
            timer.cancel()
