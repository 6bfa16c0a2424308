"""``mentoring replay``: rebuild every projection from the first event, compare with the live one.

A determinism check: the projector, run again over the same events into a fresh DuckDB file,
must produce exactly the rows the live projection holds. Differences name the table and how
many rows are only on one side. The comparison is conclusive only when both are at the same
log position; a live projection that lags the log is reported as such.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import structlog

from gateways.audit.compare import TableComparison, check_readable, compare_files
from projections.catch_up import ProgressCallback
from projections.runner import rebuild
from projections.store import APPLICATION_NAME

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ReplayReport:
    """What the replay found: positions, events replayed, and each table's comparison."""

    live_position: int | None
    replay_position: int | None
    events_replayed: int
    tables: list[TableComparison] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        """Whether the live projection had seen exactly the events the replay saw."""
        return self.live_position == self.replay_position

    @property
    def differing(self) -> list[TableComparison]:
        """The tables whose rows differ."""
        return [table for table in self.tables if not table.equal]

    @property
    def equal(self) -> bool:
        """Whether the replay reproduced the live projection exactly."""
        return self.in_step and not self.differing


def replay_and_compare(
    env: Mapping[str, str],
    live: Path,
    *,
    keep: Path | None = None,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
) -> ReplayReport:
    """Replay the whole log into a fresh file (``keep``, or a temporary one) and compare."""
    check_readable(live)
    with tempfile.TemporaryDirectory(prefix="mentoring-replay-") as directory:
        fresh = keep or Path(directory) / "replay.duckdb"
        log.info("replay_started", live=str(live), replay=str(fresh))
        events = rebuild(env, fresh, batch_size=batch_size, progress=progress)
        tables = compare_files(live, fresh)
        report = ReplayReport(_position(live), _position(fresh), events, tables)
    log.info(
        "replay_compared", events=events, equal=report.equal, in_step=report.in_step,
        differing=[table.table for table in report.differing],
    )
    return report


def _position(path: Path) -> int | None:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        row = connection.execute(
            "SELECT max(notification_id) FROM tracking WHERE application_name = ?",
            [APPLICATION_NAME],
        ).fetchone()
    finally:
        connection.close()
    return None if row is None or row[0] is None else int(row[0])
