"""Read-only snapshots for analysts, published atomically while the projector keeps writing.

DuckDB lets one process write a file. The projector copies its database into a new versioned
file (inside its own connection, between batches, so the copy is transactionally consistent),
adds a freshness record, then atomically repoints the published name (a symlink, replaced with
os.replace) at it. Readers resolve the link and open the versioned file read-only: those on the
previous version keep reading it (files are unlinked, never rewritten), new readers get the new
one. A fresh path per version also defeats DuckDB's per-path instance cache, which would
otherwise hand a reader in a long-lived process the old database.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import structlog

from projections.schema import INDEXES
from projections.sql import first_row
from projections.view import DuckDBView

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Freshness:
    """How recent a snapshot is: the last notification projected into it and when it was made."""

    application_name: str | None
    notification_id: int | None
    published_at: datetime


KEEP_VERSIONS = 2


def resolve_snapshot(target: Path) -> Path:
    """The versioned file the published name points at now."""
    return Path(os.path.realpath(target))


# Columns analysts' own SQL never sees: the self-reported demographic group is for the equity
# report only (which runs on the full snapshot, through the analytics API's suppression rules).
PRIVATE_COLUMNS = {
    "employees": ("demographic_group",),
    "employee_changes": ("demographic_group",),
    "requests": ("reason",),  # the mentee's free text, for the portal's addressed mentor only
}


def analyst_sql_target(target: Path) -> Path:
    """The published name of the copy analysts' own SQL reads: PRIVATE_COLUMNS removed."""
    return target.with_name(f"{target.stem}.sql{target.suffix}")


def publish_snapshot(view: DuckDBView, target: Path) -> Freshness:
    """Copy the view into new versions with a `snapshot_freshness` row; point the names at them.

    Two copies of one consistent state: `target` for the analytics API, and
    `analyst_sql_target(target)` without PRIVATE_COLUMNS for analysts' own SQL.
    """
    stamp = time.time_ns()
    published_at = datetime.now(UTC).replace(tzinfo=None)
    copies = [(target, False), (analyst_sql_target(target), True)]
    with view.locked() as connection:
        source = first_row(connection, "SELECT current_database()")
        assert source is not None
        on_disk = view.path != ":memory:"
        if on_disk:
            connection.execute("CHECKPOINT")  # the file alone holds every committed batch
        for name, private_removed in copies:
            version = _version(name, stamp)
            if on_disk:
                shutil.copyfile(view.path, version)
            _copy(connection, None if on_disk else str(source[0]), version, published_at,
                  private_removed)
        row = first_row(
            connection, "SELECT application_name, notification_id FROM tracking LIMIT 1"
        )
    for name, _ in copies:
        _point(name, _version(name, stamp))
    freshness = Freshness(row[0] if row else None, row[1] if row else None, published_at)
    log.info("snapshot_published", path=str(target), notification_id=freshness.notification_id)
    return freshness


def _version(name: Path, stamp: int) -> Path:
    return name.with_name(f"{name.name}.{stamp}")


def _copy(
    connection: duckdb.DuckDBPyConnection,
    source: str | None,
    path: Path,
    published_at: datetime,
    private_removed: bool,
) -> None:
    """Finish the copy at ``path``: a byte copy of the checkpointed file (``source`` None:
    no table or index is rebuilt, so publishing stays within MENTORING_DUCKDB_MEMORY_LIMIT
    whatever the log's length), or an empty file filled from the database ``source``."""
    connection.execute(f"ATTACH '{path}' AS snapshot_copy")
    try:
        if source is not None:
            connection.execute(f'COPY FROM DATABASE "{source}" TO snapshot_copy')
        connection.execute(
            "CREATE TABLE snapshot_copy.snapshot_freshness AS SELECT application_name, "
            "notification_id, CAST(? AS TIMESTAMP) AS published_at FROM tracking",
            [published_at],
        )
        if private_removed:
            for index in INDEXES:  # an indexed table's columns cannot be dropped
                connection.execute(f"DROP INDEX IF EXISTS snapshot_copy.{index}")
            for table, columns in PRIVATE_COLUMNS.items():
                for column in columns:
                    connection.execute(f"ALTER TABLE snapshot_copy.{table} DROP COLUMN {column}")
    finally:
        connection.execute("DETACH snapshot_copy")


def _point(name: Path, version: Path) -> None:
    link = name.with_name(name.name + ".link")
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, name)
    _remove_old_versions(name)


def _remove_old_versions(target: Path) -> None:
    versions = sorted(
        (p for p in target.parent.glob(target.name + ".*") if p.suffix[1:].isdigit()),
        key=lambda p: int(p.suffix[1:]),
    )
    for old in versions[:-KEEP_VERSIONS]:
        old.unlink(missing_ok=True)


class SnapshotPublisher:
    """Publishes a snapshot when the projector is idle and the last one is older than `every`."""

    def __init__(self, view: DuckDBView, target: Path, every_seconds: float = 30.0) -> None:
        self.view = view
        self.target = target
        self.every_seconds = every_seconds
        self._last: float | None = None
        self._last_position: int | None = None

    def maybe_publish(self) -> None:
        """Publish if due and the view moved since the last snapshot."""
        now = time.monotonic()
        if self._last is not None and now - self._last < self.every_seconds:
            return
        position = self.view.max_tracking_id_any()
        if self._last is not None and position == self._last_position:
            return
        publish_snapshot(self.view, self.target)
        self._last, self._last_position = now, position
