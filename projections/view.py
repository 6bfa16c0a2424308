"""The DuckDB view: a TrackingRecorder whose rows and tracking position commit together."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import structlog
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from projections import employee_history, fixups
from projections.bulk_routes import EMPLOYEE_UUID_MACRO
from projections.rows import RowBatch
from projections.schema import create_statements
from projections.sql import first_row
from projections.staging import STAGING, Stager, apply_staged
from projections.table_writer import write_rows

log = structlog.get_logger(__name__)

CHECKPOINT_THRESHOLD = "512MB"
"""WAL size that triggers DuckDB's automatic checkpoint (default 16MB). A catch-up writes
hundreds of MB; checkpointing every 16MB rewrote the growing tables and indexes many times."""


class DuckDBView(TrackingRecorder):
    """Materialised view of the mentoring event log in one DuckDB file (or in memory).

    `write(batch, tracking)` applies a whole batch of rows and the batch's last notification id
    in one DuckDB transaction: after a crash the file holds either all of it or none of it, and
    `max_tracking_id` says exactly where to resume.
    """

    def __init__(self, path: str | Path = ":memory:", memory_limit: str | None = None) -> None:
        """``memory_limit``: DuckDB's (e.g. "512MB"; DuckDB's default is 80% of the RAM)."""
        self.path = str(path)
        config: dict[str, str | bool | int | float | list[str]] = (
            {} if memory_limit is None else {"memory_limit": memory_limit}
        )
        self._connection = duckdb.connect(self.path, config=config)
        self._lock = threading.RLock()
        with self._lock:
            for statement in create_statements():
                self._connection.execute(statement)
            self._connection.execute(EMPLOYEE_UUID_MACRO)
            self._connection.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {STAGING}")
            self._connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The writer connection; readers in other threads should use `cursor()`."""
        return self._connection

    @contextmanager
    def locked(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The writer connection, held exclusively (no batch commits meanwhile)."""
        with self._lock:
            yield self._connection

    def stager(self) -> Stager:
        """A stager of set-based rows with its own connection, for the projector's reader thread."""
        with self._lock:
            return Stager(self._connection.cursor())

    def max_tracking_id_any(self) -> int | None:
        """The highest position recorded for any application (None when empty)."""
        with self._lock:
            row = first_row(self._connection, "SELECT max(notification_id) FROM tracking")
        return None if row is None or row[0] is None else int(row[0])

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
                self._stage_touched(batch)
                connection.execute(
                    "CREATE OR REPLACE TEMP TABLE new_mentorships (mentorship_id UUID)"
                )
                written = set() if batch.staged is None else apply_staged(connection, batch.staged)
                write_rows(connection, batch)
                for statement, parameters in batch.statements:
                    connection.execute(statement, parameters)
                if batch.refresh_derived:
                    employee_history.refresh(connection)
                if batch.new_mentorships or "mentorships" in written:
                    self._insert_ids("new_mentorships", "mentorship_id", [
                        key[0] for key in batch.inserts["mentorships"]
                    ])
                    for statement in fixups.ROUNDS:
                        connection.execute(statement)
                if batch.withdrawals:
                    for statement in fixups.WITHDRAWALS:
                        connection.execute(statement)
                connection.execute(
                    "INSERT INTO tracking VALUES (?, ?) ON CONFLICT (application_name) "
                    "DO UPDATE SET notification_id = excluded.notification_id",
                    [tracking.application_name, tracking.notification_id],
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def refresh_derived(self) -> None:
        """Bring the derived employee tables up to date, if any employee is dirty."""
        with self._lock:
            connection = self._connection
            while employee_history.dirty(connection):
                connection.execute("BEGIN TRANSACTION")  # one slice a transaction
                try:
                    employee_history.refresh_slice(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise

    def max_tracking_id(self, application_name: str) -> int | None:
        """The last notification id written for the application, or None."""
        with self._lock:
            row = first_row(
                self._connection,
                "SELECT notification_id FROM tracking WHERE application_name = ?",
                [application_name],
            )
        return None if row is None else int(row[0])

    def close(self) -> None:
        """Checkpoint and close the file."""
        with self._lock:
            self._connection.close()

    def _check_position(self, tracking: Tracking) -> None:
        current = first_row(
            self._connection,
            "SELECT notification_id FROM tracking WHERE application_name = ?",
            [tracking.application_name],
        )
        if current is not None and current[0] >= tracking.notification_id:
            raise IntegrityError(
                f"notification {tracking.notification_id} of {tracking.application_name} "
                f"is not after the recorded position {current[0]}"
            )

    def _stage_touched(self, batch: RowBatch) -> None:
        """Add the batch's employees to `dirty_employees` (a table: it survives a crash)."""
        self._insert_ids("dirty_employees", "employee_id", list(batch.touched_employees))

    def _insert_ids(self, table: str, column: str, ids: list[Any]) -> None:
        """Insert ids into a one-column table the batch's set-based statements use."""
        if not ids:
            return
        staged = {column: np.array([str(i) for i in ids], dtype=object)}
        connection = self._connection
        connection.register("staged_ids", staged)
        try:
            connection.execute(f"INSERT INTO {table} SELECT CAST({column} AS UUID) FROM staged_ids")
        finally:
            connection.unregister("staged_ids")

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # closing at garbage collection must never raise
            self._connection.close()

    def fetch(self, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one read statement on a fresh cursor (convenience for tests and tools)."""
        return self.cursor().execute(sql, parameters or []).fetchall()
