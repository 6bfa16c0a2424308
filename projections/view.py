"""The DuckDB view: a TrackingRecorder whose rows and tracking position commit together."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import structlog
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from projections import employee_history
from projections.rows import RowBatch
from projections.schema import create_statements
from projections.table_writer import write_rows

log = structlog.get_logger(__name__)


class DuckDBView(TrackingRecorder):
    """Materialised view of the mentoring event log in one DuckDB file (or in memory).

    `write(batch, tracking)` applies a whole batch of rows and the batch's last notification id
    in one DuckDB transaction: after a crash the file holds either all of it or none of it, and
    `max_tracking_id` says exactly where to resume.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._connection = duckdb.connect(self.path)
        self._lock = threading.RLock()
        with self._lock:
            for statement in create_statements():
                self._connection.execute(statement)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The writer connection; readers in other threads should use `cursor()`."""
        return self._connection

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to the same database, for queries from another thread."""
        return self._connection.cursor()

    def insert_tracking(self, tracking: Tracking) -> None:
        """Record a position with no rows (e.g. a batch of events no table needs)."""
        self.write(RowBatch(), tracking)

    def write(self, batch: RowBatch, tracking: Tracking) -> None:
        """Write the batch's rows and its tracking position atomically."""
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN TRANSACTION")
            try:
                self._check_position(tracking)
                write_rows(connection, batch)
                self._refresh_employees(batch)
                connection.execute(
                    "INSERT INTO tracking VALUES (?, ?) ON CONFLICT (application_name) "
                    "DO UPDATE SET notification_id = excluded.notification_id",
                    [tracking.application_name, tracking.notification_id],
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def max_tracking_id(self, application_name: str) -> int | None:
        """The last notification id written for the application, or None."""
        with self._lock:
            row = self._connection.execute(
                "SELECT notification_id FROM tracking WHERE application_name = ?",
                [application_name],
            ).fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        """Checkpoint and close the file."""
        with self._lock:
            self._connection.close()

    def _check_position(self, tracking: Tracking) -> None:
        current = self._connection.execute(
            "SELECT notification_id FROM tracking WHERE application_name = ?",
            [tracking.application_name],
        ).fetchone()
        if current is not None and current[0] >= tracking.notification_id:
            raise IntegrityError(
                f"notification {tracking.notification_id} of {tracking.application_name} "
                f"is not after the recorded position {current[0]}"
            )

    def _refresh_employees(self, batch: RowBatch) -> None:
        if not batch.touched_employees:
            return
        frame = pd.DataFrame({"employee_id": [str(e) for e in batch.touched_employees]})
        self._connection.register("touched_frame", frame)
        try:
            self._connection.execute(
                "CREATE OR REPLACE TEMP TABLE touched_employees AS "
                "SELECT CAST(employee_id AS UUID) AS employee_id FROM touched_frame"
            )
            for statement in employee_history.statements():
                self._connection.execute(statement)
        finally:
            self._connection.unregister("touched_frame")

    def __del__(self) -> None:
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001 - closing at garbage collection must never raise
            pass

    def fetch(self, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one read statement on a fresh cursor (convenience for tests and tools)."""
        return self.cursor().execute(sql, parameters or []).fetchall()
