"""The key store of the SQLite event store: a table in a file of its own, next to the log.

The keys never share a file with the events: the log's file is hash-chained and kept forever,
this one is where keys are deleted. ``secure_delete`` makes SQLite overwrite a deleted key's
bytes with zeros (in the table and in its free pages) and the rollback journal that held the
old page is deleted with the transaction, so a destroyed key is not left in the file.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from gateways.erasure.sealing import PersonKey

SCHEMA = """
CREATE TABLE IF NOT EXISTS person_keys (
    owner TEXT NOT NULL,
    key_id TEXT NOT NULL,
    secret BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (owner, key_id)
) WITHOUT ROWID
"""


class SqliteKeyStore:
    """Per-person keys in the table ``person_keys`` of the SQLite file ``path``."""

    def __init__(self, path: str | Path, lock_timeout: float = 10.0) -> None:
        self.path = str(path)
        self._connection: sqlite3.Connection | None = None
        self._timeout = lock_timeout
        self._lock = threading.Lock()

    def keys_of(self, owner: str) -> list[PersonKey]:
        db = self._db()
        with self._lock:
            rows = db.execute(
                "SELECT key_id, secret FROM person_keys WHERE owner = ?"
                " ORDER BY created_at, key_id",
                (owner,),
            ).fetchall()
        return [PersonKey(key_id, bytes(secret)) for key_id, secret in rows]

    def add(self, owner: str, key: PersonKey) -> PersonKey:
        db = self._db()
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                held = db.execute(
                    "SELECT key_id, secret FROM person_keys WHERE owner = ?"
                    " ORDER BY created_at, key_id LIMIT 1",
                    (owner,),
                ).fetchone()
                if held is None:
                    db.execute(
                        "INSERT INTO person_keys (owner, key_id, secret) VALUES (?, ?, ?)",
                        (owner, key.key_id, key.secret),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return key if held is None else PersonKey(held[0], bytes(held[1]))

    def destroy(self, owner: str) -> int:
        db = self._db()
        with self._lock:
            cursor = db.execute("DELETE FROM person_keys WHERE owner = ?", (owner,))
        return cursor.rowcount

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _db(self) -> sqlite3.Connection:
        with self._lock:
            if self._connection is None:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(
                    self.path, timeout=self._timeout, isolation_level=None,
                    check_same_thread=False,
                )
                connection.execute("PRAGMA journal_mode=DELETE")
                connection.execute("PRAGMA secure_delete=ON")
                connection.execute(SCHEMA)
                self._connection = connection
            return self._connection
