"""The portal read model's DuckDB file: kept across restarts, refused when it is not this log's.

A file keeps the rows and the position it has projected, so a restart catches up only the
tail of the log. It is trusted only when its ``portal_origin`` row matches both:

* the log: a digest of the log's first event (its topic, aggregate, version and stored state,
  whose timestamp and sealed boxes make it unique to one log), and a position not beyond the
  log's head (a log that was reset, or another log, gives another digest or a shorter head);
* the code: a digest of the read side's table definitions (a file written by another schema).

Otherwise the file is deleted and rebuilt from the log: the log is the source of truth. A file
another read model of this process (or another process) holds is not shared: the read model
then runs in memory, as before files existed.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from pathlib import Path

import duckdb
import structlog
from eventsourcing.persistence import ApplicationRecorder

from projections.schema import create_statements
from projections.view import DuckDBView

log = structlog.get_logger(__name__)

IN_MEMORY = ":memory:"
MEMORY_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)
READ_THREADS = 1
"""DuckDB threads of the read model: its reads are point queries and small pages that one
thread answers in the caller's (a worker thread per core only adds a wait for a CPU under load:
a suggestions call at 1M employees cost 16 ms of CPU on 1 thread against 21 ms on 2, and a
small list's worst case fell from ~80 ms to a few ms: docs/benchmarks.md, issue 16). Projecting
a batch is set-based and fast on one thread too."""
ORIGIN_TABLE = (
    "CREATE TABLE IF NOT EXISTS portal_origin (log_digest VARCHAR, schema_digest VARCHAR)"
)

_open_files: set[str] = set()
_open_lock = threading.Lock()


def check_memory_limit(limit: str) -> str:
    """A DuckDB memory limit such as "512MB" (ValueError otherwise)."""
    if not MEMORY_LIMIT.match(limit.strip()):
        raise ValueError(f"not a DuckDB memory limit: {limit!r} (e.g. 512MB, 2GB)")
    return limit.strip()


def schema_digest() -> str:
    """A digest of the read side's table definitions."""
    return hashlib.sha256("\n".join(create_statements()).encode()).hexdigest()


def log_digest(recorder: ApplicationRecorder) -> str | None:
    """A digest of the log's first event (None while the log is empty)."""
    first = recorder.select_notifications(start=1, limit=1)
    if not first:
        return None
    event = first[0]
    digest = hashlib.sha256()
    for part in (event.topic, str(event.originator_id), str(event.originator_version)):
        digest.update(part.encode() + b"\0")
    digest.update(event.state)
    return digest.hexdigest()


class PortalFile:
    """Opens the read model's DuckDB (a file, or memory) and keeps its origin row."""

    def __init__(self, path: str | Path, memory_limit: str | None = None) -> None:
        self.path = str(path)
        self.memory_limit = None if memory_limit is None else check_memory_limit(memory_limit)
        self._held: str | None = None

    def open(self, recorder: ApplicationRecorder, application_name: str) -> DuckDBView:
        """The view: the file if it is this log's (else rebuilt), or memory if it is held."""
        if self.path == IN_MEMORY or not self._hold():
            return self._limited(DuckDBView(IN_MEMORY))
        try:
            view = self._limited(DuckDBView(self.path))
        except duckdb.IOException as error:  # another process holds it
            log.warning("portal_file_held", path=self.path, error=str(error).splitlines()[0])
            self.release()
            return self._limited(DuckDBView(IN_MEMORY))
        if self._is_this_logs(view, recorder, application_name):
            return view
        view.close()
        self._delete()
        return self._limited(DuckDBView(self.path))

    def note_origin(self, view: DuckDBView, recorder: ApplicationRecorder) -> bool:
        """Record the origin of a file not yet marked (True once it is marked)."""
        if self._held is None:
            return True
        with view.locked() as connection:
            connection.execute(ORIGIN_TABLE)
            if connection.execute("SELECT count(*) FROM portal_origin").fetchall()[0][0]:
                return True
        digest = log_digest(recorder)
        if digest is None:
            return False
        with view.locked() as connection:
            connection.execute(
                "INSERT INTO portal_origin VALUES (?, ?)", [digest, schema_digest()]
            )
        return True

    def release(self) -> None:
        """Let another read model of this process open the file."""
        with _open_lock:
            if self._held is not None:
                _open_files.discard(self._held)
                self._held = None

    def _hold(self) -> bool:
        resolved = str(Path(self.path).resolve())
        with _open_lock:
            if resolved in _open_files:
                log.warning("portal_file_in_use", path=self.path)
                return False
            _open_files.add(resolved)
            self._held = resolved
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        return True

    def _limited(self, view: DuckDBView) -> DuckDBView:
        """The view with its memory limit, if any, and ``READ_THREADS`` threads."""
        with view.locked() as connection:
            if self.memory_limit is not None:
                connection.execute(f"SET memory_limit = '{self.memory_limit}'")
            connection.execute(f"SET threads = {READ_THREADS}")
        return view

    def _is_this_logs(
        self, view: DuckDBView, recorder: ApplicationRecorder, application_name: str
    ) -> bool:
        position = view.max_tracking_id(application_name)
        if position is None:
            return True
        with view.locked() as connection:
            connection.execute(ORIGIN_TABLE)
            rows = connection.execute("SELECT log_digest, schema_digest FROM portal_origin")
            origin = rows.fetchall()
        head = recorder.max_notification_id() or 0
        expected = (log_digest(recorder), schema_digest())
        if origin == [expected] and position <= head:
            log.info("portal_file_resumed", path=self.path, position=position, head=head)
            return True
        log.warning(
            "portal_file_rebuilt", path=self.path, position=position, head=head,
            reason="another schema" if origin and origin[0][1] != expected[1] else "another log",
        )
        return False

    def _delete(self) -> None:
        for suffix in ("", ".wal"):
            with contextlib.suppress(FileNotFoundError):
                Path(self.path + suffix).unlink()
