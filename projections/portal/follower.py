"""The portal read model: a projector thread following the log into an in-process DuckDB.

The API process runs its own projector (the same `CatchUp` and row projections as
`mentoring project`) into a DuckDB database it owns, and answers the portal's lists through
cursors of that database (DuckDB's MVCC: a reader sees committed batches only). So the lists
never load aggregates nor scan the log, and read-your-writes needs no second process:

* every save of the process's service records the highest notification id it wrote
  (`track`);
* a read waits (`wait_for`) until the projected position reaches the position it needs, at
  most `timeout` seconds; waiting wakes the follower at once;
* otherwise the follower projects every `poll_seconds`, or less often after costly batches
  (`idle_seconds`: at most a tenth of a core, at most every `MAX_IDLE_SECONDS`).

It follows the service's own recorder (on Kafka, the writer's index; on SQLite, the file), so
it works the same on both stores.

Given a file (``path``), the read model keeps its rows and position across restarts, so a
restart catches up only the tail of the log; a file that is not this log's, or was written by
another schema, is rebuilt (``projections/portal/durable.py``). ``memory_limit`` bounds DuckDB's
memory (it spills to disk beyond it).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from uuid import UUID

import duckdb
import structlog
from eventsourcing.persistence import ApplicationRecorder, Mapper

from projections.catch_up import CatchUp
from projections.portal.durable import PortalFile
from projections.portal.mentor_pool import ProgramCache
from projections.read_side import ReadSideProjection
from projections.store import APPLICATION_NAME
from projections.view import DuckDBView

log = structlog.get_logger(__name__)

WAIT_SECONDS = 1.0
"""How long a read waits for the position it needs (the issue's "up to a second")."""
IDLE_PER_BUSY = 9.0
"""Seconds the follower rests per CPU second its last catch-up took: unless a reader waits,
it takes at most a tenth of a core, so a busy API batches more events per DuckDB commit."""
MAX_IDLE_SECONDS = 2.0
"""The longest rest between catch-ups (how stale a read that waits for no position can be)."""


def idle_seconds(busy_seconds: float, poll_seconds: float) -> float:
    """How long the follower rests after a catch-up that took ``busy_seconds`` of CPU: the poll
    interval, longer after costly batches, never above ``MAX_IDLE_SECONDS`` unless the poll
    interval is."""
    rest = min(MAX_IDLE_SECONDS, busy_seconds * IDLE_PER_BUSY)
    return max(poll_seconds, rest)


class WrittenPosition:
    """The highest notification id one request's command wrote (set from the worker thread)."""

    def __init__(self) -> None:
        self.value: int | None = None

    def saw(self, position: int) -> None:
        if self.value is None or position > self.value:
            self.value = position


REQUEST_WRITES: ContextVar[WrittenPosition | None] = ContextVar("request_writes", default=None)
"""Set by the HTTP layer around each request; the service's saves report into it."""


def on_written(service: Any, saw: Callable[[int], None]) -> None:
    """Call ``saw`` with the highest notification id of each save of ``service``, in the
    saving thread: wraps the application's `_notify` hook (called after a save)."""
    notify = service._notify

    def notified(recordings: list[Any]) -> None:
        notify(recordings)
        ids = [r.notification.id for r in recordings if r.notification.id is not None]
        if ids:
            saw(max(ids))

    service._notify = notified


class PortalReadModel:
    """The read side, followed by a daemon thread; readers get cursors and can wait for it."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[UUID],
        path: str | Path = ":memory:",
        *,
        batch_size: int = 5000,
        poll_seconds: float = 0.5,
        application_name: str = APPLICATION_NAME,
        memory_limit: str | None = None,
    ) -> None:
        self._recorder = recorder
        self._file = PortalFile(path, memory_limit)
        self.view: DuckDBView = self._file.open(recorder, application_name)
        self._marked = False
        self._readers = self.view.cursor()
        self._readers_lock = threading.Lock()
        self._catch_up = CatchUp(
            recorder, mapper, ReadSideProjection(self.view), batch_size, application_name
        )
        self._poll_seconds = poll_seconds
        self._changed = threading.Condition()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._position = self._catch_up.position() or 0
        self.written = 0
        """The highest position this process's service has written (0: none yet)."""
        self.programs = ProgramCache()
        """Each program's settings and mentor pool per position (the suggestions')."""
        self.failure: BaseException | None = None

    # --- the writer side ---------------------------------------------------------------

    def track(self, service: Any) -> None:
        """Learn every position `service` writes (``on_written``)."""
        on_written(service, self.saw_written)

    def saw_written(self, position: int) -> None:
        """A save of this process reached `position`: remember it and tell the request.

        It does not wake the follower: a save per command would make a DuckDB batch per few
        commands (a quarter of the API's CPU under load). The follower projects every
        `poll_seconds` (longer after costly batches, ``idle_seconds``), and at once when a
        reader waits for a position (`wait_for`)."""
        if position > self.written:
            self.written = position
        holder = REQUEST_WRITES.get()
        if holder is not None:
            holder.saw(position)

    # --- the follower ------------------------------------------------------------------

    def start(self) -> None:
        """Start following the log (idempotent)."""
        with self._start_lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._follow, name="portal-read-model", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop the follower and close the database."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with contextlib.suppress(Exception):
            self._readers.close()
        with contextlib.suppress(Exception):
            self.view.close()
        self._file.release()

    @property
    def position(self) -> int:
        """The last notification id committed to the read model."""
        return self._position

    def _follow(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            started = time.thread_time()
            try:
                # Positions are published only once a short batch (which refreshes the derived
                # employee tables) has committed: a read never sees a hire without its HRIS id.
                while not self._stop.is_set():
                    if self._catch_up.step() < self._catch_up.batch_size:
                        self._advanced()
                        break
                self.failure = None
            except Exception as error:  # keep following: a store hiccup must not end reads
                self.failure = error
                log.exception("portal_read_model_failed")
                self._stop.wait(self._poll_seconds)
            self._wake.wait(idle_seconds(time.thread_time() - started, self._poll_seconds))

    def _advanced(self) -> None:
        if not self._marked:  # a file learns which log it follows once that log has an event
            self._marked = self._file.note_origin(self.view, self._recorder)
        position = self._catch_up.position() or 0
        if position > self._position:
            self._refresh_programs(position)
        with self._changed:
            self._position = position
            self._changed.notify_all()

    def _refresh_programs(self, position: int) -> None:
        """Read the programs suggestions read lately at ``position`` before publishing it (a
        failure only empties the cache: readers then read the programs themselves)."""
        try:
            with contextlib.closing(self.view.cursor()) as cursor:
                self.programs.refresh(cursor, position)
        except Exception:
            log.exception("program_cache_refresh_failed", position=position)
            self.programs.clear()

    # --- readers -----------------------------------------------------------------------

    def head(self) -> int:
        """The last position of the log (0: empty)."""
        return self._recorder.max_notification_id() or 0

    def wait_for(self, position: int, timeout: float = WAIT_SECONDS) -> bool:
        """Wait until the read model has projected `position` (True), or `timeout` (False)."""
        self.start()
        if self._position >= position:
            return True
        self._wake.set()
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._position < position:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the read model (committed batches only), closed after use."""
        with self._readers_lock:
            cursor = self._readers.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
