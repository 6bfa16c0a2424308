"""One topic's local index on disk: a SQLite file with its checkpoint (what the log holds).

Rows: notification id (position + 1 in a topic without ids) -> originator id (text), version,
offset. No event state is kept: aggregates load their events from the broker by offset (or
from the bounded cache, index.py). The checkpoint row names the log the rows describe (cluster
id, topic prefix, application, topic, topic id) and how far they go (next offset, count, last
hash), and is written in the same SQLite transaction as the rows, so the file is always
consistent. A file that is missing, not SQLite, of another format or without a checkpoint (a
build cut short) is rebuilt from the log; a file made for another cluster, prefix or topic is
refused (``CheckpointMismatchError``).

A cold build (an empty file) inserts rows in bulk (``ROWS_PER_INSERT`` a statement) with
``synchronous=OFF`` and no journal, and creates the per-originator index once, at the end; from
then on the file is in WAL mode with ``synchronous=NORMAL``: an application crash loses nothing,
a power loss at most the last transactions (the next start reads them again from the log).

One process per file: ``IndexSlot.claim`` takes the first free ``{app}.{purpose}.{n}`` file of
the state directory under an exclusive ``flock``, so a writer and its readers (serve, project,
audit) never share one; every file describes the same log, so whichever a process takes it
only reads on from its checkpoint.
"""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO

import structlog

from gateways.stores.kafka.errors import CheckpointMismatchError
from gateways.stores.kafka.records import GENESIS_HASH

log = structlog.get_logger(__name__)

FORMAT = "mentoring-kafka-index/1"
SLOTS = 8  # processes per state directory and topic that keep a checkpoint
BULK_CACHE_KIB = 65_536  # SQLite page cache while building
CACHE_KIB = 16_384  # and after (random inserts into the per-originator index)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checkpoint (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    format TEXT NOT NULL, cluster_id TEXT NOT NULL, prefix TEXT NOT NULL, app TEXT NOT NULL,
    topic TEXT NOT NULL, topic_id TEXT NOT NULL,
    next_offset INTEGER NOT NULL, count INTEGER NOT NULL, last_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, oid TEXT NOT NULL, version INTEGER NOT NULL,
    log_offset INTEGER NOT NULL
);
"""
ROWS_PER_INSERT = 100  # rows of one INSERT statement: fewer statement steps than one row each
_INSERT_ROWS = "INSERT INTO events VALUES " + ", ".join(["(?, ?, ?, ?)"] * ROWS_PER_INSERT)
_BY_ORIGINATOR = "CREATE UNIQUE INDEX IF NOT EXISTS events_by_originator ON events (oid, version)"


@dataclass(frozen=True)
class LogIdentity:
    """Which log an index describes."""

    cluster_id: str
    prefix: str
    app: str
    topic: str
    topic_id: str

    def describe(self) -> str:
        return f"cluster {self.cluster_id!r}, prefix {self.prefix!r}, topic {self.topic!r}"


@dataclass(frozen=True)
class Checkpoint:
    """How far an index goes: the offset to read on from, the rows, the last event's hash."""

    next_offset: int = 0
    count: int = 0
    last_hash: str = GENESIS_HASH


class IndexSlot:
    """A state-directory file this process holds alone (flock), or a temporary one."""

    def __init__(self, path: Path, lock: IO[bytes] | None, temporary: Path | None) -> None:
        self.path = path
        self._lock = lock
        self._temporary = temporary

    @classmethod
    def claim(cls, state_dir: Path | None, name: str) -> IndexSlot:
        """The first free ``{name}.{n}.sqlite3`` of ``state_dir``; a temporary file if the
        directory is not set or every slot is taken."""
        if state_dir is not None:
            state_dir.mkdir(parents=True, exist_ok=True)
            for slot in range(SLOTS):
                path = state_dir / f"{name}.{slot}.sqlite3"
                lock = open(path.with_suffix(".lock"), "ab")  # noqa: SIM115 (held until release)
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    lock.close()
                    continue
                return cls(path, lock, None)
            log.warning("kafka_index_slots_taken", state_dir=str(state_dir), name=name)
        directory = Path(tempfile.mkdtemp(prefix="mentoring-kafka-index-"))
        return cls(directory / f"{name}.sqlite3", None, directory)

    @property
    def persistent(self) -> bool:
        return self._temporary is None

    def release(self) -> None:
        """Let another process take the file (a temporary one is removed)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


class IndexFile:
    """The SQLite file of one topic's index (call under the index's lock: one connection)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.bulk = False
        self._db = self._connect()

    # -- opening and checking ----------------------------------------------------------------

    def load(self, identity: LogIdentity, end_offset: int) -> Checkpoint | None:
        """The checkpoint if the file holds a usable one for this log, else None (the file
        is then emptied, to be rebuilt from the log). Refuses another cluster, prefix or topic.
        """
        reason = None
        try:
            found = self._checkpoint_row()
        except sqlite3.DatabaseError as error:  # not a database, bad schema, unreadable
            found, reason = None, f"unreadable ({error})"
        if found is not None:
            format_, cluster_id, prefix, app, topic, topic_id, next_offset, count, last = found
            made_for = LogIdentity(cluster_id, prefix, app, topic, topic_id)
            if format_ != FORMAT:
                reason = f"format {format_!r}"
            elif (cluster_id, prefix, app, topic) != (
                identity.cluster_id, identity.prefix, identity.app, identity.topic
            ):
                raise CheckpointMismatchError(
                    f"the index checkpoint {self.path} was made for {made_for.describe()}, not "
                    f"for {identity.describe()}: give this log its own MENTORING_KAFKA_STATE_DIR "
                    f"(or delete the file)"
                )
            elif topic_id != identity.topic_id:
                reason = "the topic was deleted and created again"
            elif next_offset > end_offset:
                reason = f"ahead of the log (offset {next_offset} > end {end_offset})"
            else:
                return Checkpoint(next_offset, count, last)
        elif reason is None and self._has_rows():
            reason = "no checkpoint (a build was cut short)"
        if reason is not None:
            log.warning("kafka_index_rebuilt", path=str(self.path), reason=reason)
        self.reset()
        return None

    def reset(self) -> None:
        """Start an empty file in bulk mode (a cold build from offset 0)."""
        self._db.close()
        if self.path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._db = self._connect()
        self._db.execute("DROP INDEX IF EXISTS events_by_originator")
        self._db.execute("DELETE FROM events")
        self._db.execute("DELETE FROM checkpoint")
        self._db.commit()
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        self.bulk = True

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            ":memory:" if self.path is None else self.path,
            check_same_thread=False,
            isolation_level=None,
        )
        try:
            if self.path is not None:
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.execute(_BY_ORIGINATOR)
        except sqlite3.DatabaseError:
            db.close()
            if self.path is None:
                raise
            return self._replace_unreadable()
        return db

    def _replace_unreadable(self) -> sqlite3.Connection:
        """A file SQLite cannot open at all: moved aside, a fresh one made."""
        assert self.path is not None
        log.warning("kafka_index_rebuilt", path=str(self.path), reason="not a SQLite file")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        db.execute(_BY_ORIGINATOR)
        return db

    def _checkpoint_row(self) -> tuple[str, str, str, str, str, str, int, int, str] | None:
        row = self._db.execute(
            "SELECT format, cluster_id, prefix, app, topic, topic_id, next_offset, count, "
            "last_hash FROM checkpoint"
        ).fetchone()
        return None if row is None else tuple(row)

    def _has_rows(self) -> bool:
        try:
            return self._db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None
        except sqlite3.DatabaseError:
            return True

    # -- writing ------------------------------------------------------------------------------

    def add(
        self,
        first_id: int,
        oids: Sequence[str],
        versions: Sequence[int],
        offsets: Sequence[int],
        identity: LogIdentity,
        checkpoint: Checkpoint,
    ) -> None:
        """Insert rows (ids from ``first_id``) and, unless building, the new checkpoint, in
        one transaction."""
        db = self._db
        db.execute("BEGIN")
        try:
            _insert_rows(db, first_id, oids, versions, offsets)
            if not self.bulk:
                self._write_checkpoint(identity, checkpoint)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def finish_bulk(self, identity: LogIdentity, checkpoint: Checkpoint) -> None:
        """End a cold build: the per-originator index, the checkpoint, then WAL mode."""
        db = self._db
        if self.bulk:
            db.execute("BEGIN")
            db.execute(_BY_ORIGINATOR)
            self._write_checkpoint(identity, checkpoint)
            db.execute("COMMIT")
            if self.path is not None:
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.bulk = False
        else:
            db.execute("BEGIN")
            self._write_checkpoint(identity, checkpoint)
            db.execute("COMMIT")

    def _write_checkpoint(self, identity: LogIdentity, checkpoint: Checkpoint) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                FORMAT, identity.cluster_id, identity.prefix, identity.app, identity.topic,
                identity.topic_id, checkpoint.next_offset, checkpoint.count, checkpoint.last_hash,
            ),
        )

    # -- reading ------------------------------------------------------------------------------

    def last_version(self, oid: str) -> int | None:
        row = self._db.execute("SELECT max(version) FROM events WHERE oid = ?", (oid,)).fetchone()
        return None if row is None else row[0]

    def position(self, oid: str, version: int) -> tuple[int, int] | None:
        """(id, offset) of an originator's version, if recorded."""
        row = self._db.execute(
            "SELECT id, log_offset FROM events WHERE oid = ? AND version = ?", (oid, version)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def versions(
        self, oid: str, gt: int | None, lte: int | None, desc: bool, limit: int | None
    ) -> list[tuple[int, int]]:
        """(version, offset) of an originator's events in the range, in version order."""
        order = "DESC" if desc else "ASC"
        return self._db.execute(
            f"SELECT version, log_offset FROM events WHERE oid = ? AND version > ? "
            f"AND version <= ? ORDER BY version {order} LIMIT ?",
            (
                oid,
                -(2**63) if gt is None else gt,
                2**63 - 1 if lte is None else lte,
                -1 if limit is None else limit,
            ),
        ).fetchall()

    def offset_of(self, notification_id: int) -> int | None:
        row = self._db.execute(
            "SELECT log_offset FROM events WHERE id = ?", (notification_id,)
        ).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        self._db.close()


def _insert_rows(
    db: sqlite3.Connection,
    first_id: int,
    oids: Sequence[str],
    versions: Sequence[int],
    offsets: Sequence[int],
) -> None:
    """Insert rows with ids from ``first_id``: ``ROWS_PER_INSERT`` rows a statement (half the
    time of one row a statement, which a cold build of millions of rows notices), the rest
    one by one."""
    values = list(chain.from_iterable(
        zip(range(first_id, first_id + len(oids)), oids, versions, offsets, strict=True)
    ))
    width = 4 * ROWS_PER_INSERT
    whole = len(values) // width * width
    if whole:
        db.executemany(_INSERT_ROWS, (values[at : at + width] for at in range(0, whole, width)))
    if whole < len(values):
        db.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?)",
            (values[at : at + 4] for at in range(whole, len(values), 4)),
        )
