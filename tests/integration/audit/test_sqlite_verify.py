"""`audit verify` on the SQLite store: an untouched log verifies; every forgery is named."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from gateways.audit.logic.verdict import Anchor
from gateways.audit.verify import verify_store
from gateways.stores.sqlite.chain import GENESIS_HASH, event_hash
from services.mentoring import MentoringService
from tests.integration.audit.conftest import sqlite_env
from tests.unit.audit.scenario import Story, hire


@contextmanager
def forger(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that edits the file directly, behind the store's back."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def event_count(path: Path) -> int:
    with forger(path) as db:
        return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def test_an_untouched_log_verifies_clean(sqlite_service: MentoringService, sqlite_story: Story,
                                         events_db: Path) -> None:
    verdict = verify_store(sqlite_service)
    assert verdict.ok and verdict.events_verified == event_count(events_db)


def test_a_changed_payload_is_named(sqlite_service: MentoringService, sqlite_story: Story,
                                    events_db: Path) -> None:
    with forger(events_db) as db:
        db.execute("UPDATE stored_events SET state = replace(state, 'Sales', 'Legal')"
                   " WHERE rowid = 5")
    altered = verify_store(sqlite_service).altered
    assert altered is not None and altered.notification_id == 5
    assert "hash does not match" in altered.reason


def test_a_removed_event_is_named_by_its_missing_notification_id(
    sqlite_service: MentoringService, sqlite_story: Story, events_db: Path
) -> None:
    with forger(events_db) as db:
        db.execute("DELETE FROM stored_events WHERE rowid = 7")
    altered = verify_store(sqlite_service).altered
    assert altered is not None and altered.notification_id == 8
    assert altered.reason.startswith("notification 7 is missing")


def test_swapped_events_are_named(sqlite_service: MentoringService, sqlite_story: Story,
                                  events_db: Path) -> None:
    with forger(events_db) as db:
        rows = db.execute("SELECT rowid, * FROM stored_events WHERE rowid IN (9, 10)"
                          " ORDER BY rowid").fetchall()
        db.execute("DELETE FROM stored_events WHERE rowid IN (9, 10)")
        for (rowid, *_), other in zip(rows, reversed(rows), strict=True):
            db.execute("INSERT INTO stored_events (rowid, originator_id, originator_version,"
                       " topic, state) VALUES (?, ?, ?, ?, ?)", (rowid, *other[1:]))
    altered = verify_store(sqlite_service).altered
    assert altered is not None and altered.notification_id == 9


def test_removed_last_events_are_named(sqlite_service: MentoringService, sqlite_story: Story,
                                       events_db: Path) -> None:
    last = event_count(events_db)
    with forger(events_db) as db:
        db.execute("DELETE FROM stored_events WHERE rowid >= ?", (last - 1,))
    altered = verify_store(sqlite_service).altered
    assert altered is not None and altered.notification_id is None
    assert altered.reason == f"events {last - 1} to {last} were removed (the chain records them)"


def test_an_event_written_outside_the_store_is_named(
    sqlite_service: MentoringService, sqlite_story: Story, events_db: Path
) -> None:
    with forger(events_db) as db:
        db.execute("INSERT INTO stored_events SELECT originator_id, 99, topic, state"
                   " FROM stored_events WHERE rowid = 1")
    altered = verify_store(sqlite_service).altered
    assert altered is not None and altered.notification_id == event_count(events_db)
    assert "outside the event store" in altered.reason


def test_a_log_written_before_the_chain_existed_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = MentoringService(env={**sqlite_env(path), "PERSISTENCE_MODULE": "eventsourcing.sqlite"})
    hire(old, "E1")
    old.close()
    adopted = MentoringService(env=sqlite_env(path))
    hire(adopted, "E2")
    verdict = verify_store(adopted)
    adopted.close()
    assert verdict.ok and verdict.events_verified == 4


def test_the_chain_continues_across_restarts(sqlite_service: MentoringService,
                                             sqlite_story: Story, events_db: Path) -> None:
    again = MentoringService(env=sqlite_env(events_db))
    hire(again, "E4")
    verdict = verify_store(again)
    again.close()
    assert verdict.ok and verdict.events_verified == event_count(events_db)


def rechain(path: Path) -> None:
    """What a forger with the code can do: recompute the whole chain after an edit."""
    with forger(path) as db:
        rows = db.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall()
        db.execute("DELETE FROM event_chain")
        previous = GENESIS_HASH
        for rowid, originator_id, version, topic, state in rows:
            event = StoredEvent(UUID(originator_id), version, topic, state)
            previous = event_hash(previous, rowid, event)
            db.execute("INSERT INTO event_chain VALUES (?, ?)", (rowid, previous))


def test_a_recomputed_chain_is_caught_by_an_anchor_noted_earlier(
    sqlite_service: MentoringService, sqlite_story: Story, events_db: Path
) -> None:
    noted = verify_store(sqlite_service)
    with forger(events_db) as db:
        db.execute("UPDATE stored_events SET state = CAST(replace(state, 'Lyon', 'Paris')"
                   " AS BLOB) WHERE rowid = 5")
    rechain(events_db)
    anchor = Anchor(noted.events_verified, noted.head_hash)
    assert verify_store(sqlite_service).ok
    assert not verify_store(sqlite_service, anchor=anchor).ok


def test_events_cut_from_the_end_are_caught_by_an_anchor_noted_earlier(
    sqlite_service: MentoringService, sqlite_story: Story, events_db: Path
) -> None:
    noted = verify_store(sqlite_service)
    with forger(events_db) as db:
        db.execute("DELETE FROM stored_events WHERE rowid > 20")
        db.execute("DELETE FROM event_chain WHERE notification_id > 20")
    altered = verify_store(sqlite_service, anchor=Anchor(noted.events_verified,
                                                         noted.head_hash)).altered
    assert altered is not None and "removed from its end" in altered.reason


def test_concurrent_writers_leave_one_unbroken_chain(sqlite_service: MentoringService,
                                                    events_db: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from uuid import uuid4

    def write(_: int) -> None:
        originator = uuid4()
        for version in range(1, 21):
            sqlite_service.recorder.insert_events(
                [StoredEvent(originator, version, "topic", b"{}")]
            )

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(write, range(6)))
    verdict = verify_store(sqlite_service)
    assert verdict.ok and verdict.events_verified == 120
