"""Walking the SQLite store's chain table (``gateways.stores.sqlite``) from the first event."""

from __future__ import annotations

from typing import Any

import structlog
from eventsourcing.persistence import StoredEvent

from gateways.audit.logic.verdict import AlteredEvent, ChainVerdict
from gateways.stores.sqlite.chain import GENESIS_HASH, event_hash
from gateways.stores.sqlite.recorders import ChainedSQLiteApplicationRecorder

log = structlog.get_logger(__name__)

BATCH = 1000
MISSING = "is missing: the event recorded there was removed"
UNCHAINED = "has no chain hash: it was written outside the event store"
MISMATCH = "its content or its place in the log is not what was recorded (hash does not match)"


def verify_sqlite(
    recorder: ChainedSQLiteApplicationRecorder, anchor_id: int | None = None
) -> ChainVerdict:
    """Recompute every hash in one read transaction; name the first event that differs.

    The verdict carries the hash at ``anchor_id`` (when given and reached).
    """
    events, chain = recorder.events_table_name, recorder.chain_table_name
    select = (
        f"SELECT e.rowid AS notification_id, e.originator_id, e.originator_version, e.topic,"
        f" e.state, c.hash FROM {events} e LEFT JOIN {chain} c ON c.notification_id = e.rowid"
        " WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?"
    )
    previous, expected, anchor_hash = GENESIS_HASH, 1, None
    with recorder.datastore.transaction(commit=False) as c:
        while True:
            c.execute(select, (expected - 1, BATCH))
            rows = c.fetchall()
            for row in rows:
                stored = StoredEvent(
                    originator_id=recorder.convert_originator_id(row["originator_id"]),
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=_bytes(row["state"]),
                )
                reason = _fault(row, stored, previous, expected)
                if reason is not None:
                    return _altered(events, expected, previous, row, stored, reason)
                if expected == anchor_id:
                    anchor_hash = row["hash"]
                previous, expected = row["hash"], expected + 1
            if len(rows) < BATCH:
                break
        c.execute(f"SELECT max(notification_id) FROM {chain} WHERE notification_id >= ?",
                  (expected,))
        last = c.fetchone()[0]
    if last is not None:
        reason = f"events {expected} to {last} were removed (the chain records them)"
        altered = AlteredEvent(None, None, expected, None, None, None, reason)
        return _verdict(events, expected, previous, altered)
    return _verdict(events, expected, previous, None, anchor_hash)


def _bytes(state: Any) -> bytes:
    """The state as bytes (a forger's SQL may have turned the BLOB into TEXT)."""
    return state.encode() if isinstance(state, str) else bytes(state or b"")


def _fault(row: Any, stored: StoredEvent, previous: str, expected: int) -> str | None:
    if row["notification_id"] != expected:
        return f"notification {expected} {MISSING}"
    if row["hash"] is None:
        return UNCHAINED
    if event_hash(previous, expected, stored) != row["hash"]:
        return MISMATCH
    return None


def _altered(
    log_name: str, expected: int, previous: str, row: Any, stored: StoredEvent, reason: str
) -> ChainVerdict:
    altered = AlteredEvent(
        position=row["notification_id"],
        notification_id=row["notification_id"],
        expected_notification_id=expected,
        aggregate_id=str(stored.originator_id),
        version=stored.originator_version,
        event_type=stored.topic,
        reason=reason,
    )
    return _verdict(log_name, expected, previous, altered)


def _verdict(
    log_name: str, expected: int, head: str, altered: AlteredEvent | None,
    anchor_hash: str | None = None,
) -> ChainVerdict:
    verdict = ChainVerdict("sqlite", log_name, expected - 1, head, altered, anchor_hash)
    log.info("audit_chain_verified", store="sqlite", ok=verdict.ok, events=expected - 1)
    return verdict
