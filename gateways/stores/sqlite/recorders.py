"""The library's SQLite recorders, extended to chain every stored event by hash.

The chain row of an event is inserted in the same SQL transaction as the event, after it:
the insert holds SQLite's write lock, so the previous chain row read next is the latest
committed one and no two transactions can chain from the same predecessor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import structlog
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteProcessRecorder,
)

from gateways.stores.sqlite.chain import CHAIN_TABLE, GENESIS_HASH, event_hash

log = structlog.get_logger(__name__)

ADOPT_BATCH = 1000


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """An application recorder whose notification log carries a SHA-256 hash chain."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.chain_table_name = CHAIN_TABLE
        self.select_chain_head_statement = (
            f"SELECT hash FROM {CHAIN_TABLE} ORDER BY notification_id DESC LIMIT 1"
        )
        self.insert_chain_statement = f"INSERT INTO {CHAIN_TABLE} VALUES (?, ?)"
        self.select_notification_columns_statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )

    def construct_create_table_statements(self) -> list[str]:
        """The library's tables, and the chain table."""
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "notification_id INTEGER PRIMARY KEY, hash TEXT NOT NULL)",
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        self._adopt_unchained(c)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)
        if notification_ids and stored_events:
            self._chain(c, zip(notification_ids, stored_events, strict=True))
        return notification_ids

    def select_notification_columns(
        self, after: int | None, limit: int
    ) -> tuple[Sequence[int], Sequence[str], Sequence[int], Sequence[str], Sequence[bytes]]:
        """The notifications after `after` (up to `limit`), as columns straight from the table.

        (ids, originator ids as stored (hex), originator versions, topics, stored states):
        plain tuples, no Notification objects, for readers that scan the log in bulk (the
        projector). States are as stored, still encrypted or compressed if the store is.
        """
        with self.datastore.transaction(commit=False) as c:
            cursor = c.sqlite_cursor
            cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than the read
            cursor.execute(self.select_notification_columns_statement, (after or 0, limit))
            rows = cursor.fetchall()
        if not rows:
            return (), (), (), (), ()
        ids, originator_ids, versions, topics, states = zip(*rows, strict=True)
        return ids, originator_ids, versions, topics, states

    def _chain(self, c: SQLiteCursor, events: Any) -> None:
        c.execute(self.select_chain_head_statement)
        row = c.fetchone()
        previous = row[0] if row else GENESIS_HASH
        links = []
        for notification_id, stored_event in events:
            previous = event_hash(previous, notification_id, stored_event)
            links.append((notification_id, previous))
        c.executemany(self.insert_chain_statement, links)

    def _adopt_unchained(self, c: SQLiteCursor) -> None:
        """Chain a log written before this store was used (only when no chain exists yet)."""
        c.execute(f"SELECT count(*) FROM {CHAIN_TABLE}")
        if c.fetchone()[0]:
            return
        position, adopted = 0, 0
        while True:
            c.execute(
                f"SELECT rowid, * FROM {self.events_table_name} WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (position, ADOPT_BATCH),
            )
            rows = c.fetchall()
            if not rows:
                break
            self._chain(c, [(row["rowid"], self._stored(row)) for row in rows])
            position, adopted = rows[-1]["rowid"], adopted + len(rows)
        if adopted:
            log.warning("event_chain_adopted_existing_log", events=adopted)

    def _stored(self, row: Any) -> StoredEvent:
        return StoredEvent(
            originator_id=self.convert_originator_id(row["originator_id"]),
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=row["state"],
        )


class ChainedSQLiteProcessRecorder(SQLiteProcessRecorder, ChainedSQLiteApplicationRecorder):
    """A process recorder (events and tracking in one transaction) with the same chain."""
