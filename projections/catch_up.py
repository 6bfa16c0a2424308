"""Catch the view up with the event log, batch by batch, one DuckDB transaction per batch.

While DuckDB commits one batch (it releases the GIL), a reader thread already fetches and
prepares the next one (including DuckDB's JSON parsing of the set-based routes, in a staging
database: projections.staging), so both cores work; the parsing is shared between the two
threads so that neither waits for the other (projections.work_split).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from threading import Event
from uuid import UUID

import structlog
from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import get_topic

from projections.batch_reader import BatchReader, PreparedBatch
from projections.bulk_routes import route_numbers
from projections.gc_pause import collector_paused
from projections.read_side import ReadSideProjection
from projections.store import APPLICATION_NAME
from projections.work_split import WorkSplit

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Progress:
    """Where the projector is: position reached, head of the log, events applied, rate."""

    position: int | None
    head: int | None
    events: int
    events_per_second: float
    caught_up: bool


ProgressCallback = Callable[[Progress], None]
REFRESH_SECONDS = 60.0
"""While a long catch-up runs, derived employee tables are refreshed at least this often."""
REFRESH_EVENTS = 200_000
"""...and at least every this many events: the refresh's window functions over every touched
employee's changes hold their partitions in memory, so the employees waiting for it stay
bounded by this, not by the catch-up's speed (a minute of a 4M-event catch-up touched 1.6M
rows, beyond MENTORING_DUCKDB_MEMORY_LIMIT's 512MB)."""


def handled_topics(projection: ReadSideProjection) -> frozenset[str]:
    """Topics of every event class some row projection routes (others are skipped undecoded)."""
    topics: set[str] = set()
    for part in projection.parts:
        registry = type(part).__dict__["process_event"].dispatcher.registry
        topics.update(get_topic(cls) for cls in registry if cls is not object)
    return frozenset(topics)


class CatchUp:
    """Reads notifications after the view's position and projects them in batches."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[UUID],
        projection: ReadSideProjection,
        batch_size: int = 5000,
        application_name: str = APPLICATION_NAME,
        set_based: bool = True,
    ) -> None:
        """With `set_based`, high-volume insert-only events are decoded by DuckDB in bulk
        (projections.bulk_routes); without it every event goes through the mapper and the
        row projections' Python handlers (same rows, slower)."""
        self.recorder = recorder
        self.mapper = mapper
        self.projection = projection
        self.batch_size = batch_size
        self.application_name = application_name
        staged = route_numbers() if set_based else {}
        self._stager = projection.view.stager()
        self.split = WorkSplit()
        self._reader = BatchReader(
            recorder, mapper, handled_topics(projection), staged, application_name,
            self._stager, self.split,
        )
        self._refreshed = time.monotonic()
        self._unrefreshed = 0  # events applied since the derived tables were last refreshed

    def step(self) -> int:
        """Project the next batch; returns how many notifications it covered (0: caught up)."""
        prepared = self.read(self.position())
        self.apply(prepared)
        if not prepared.count:
            self.projection.view.refresh_derived()
        return prepared.count

    def position(self) -> int | None:
        """The last notification id the view has committed."""
        return self.projection.view.max_tracking_id(self.application_name)

    def read(self, after: int | None) -> PreparedBatch:
        """Fetch the batch after `after` and prepare it (outside the view's transaction)."""
        return self._reader.read(after, self.batch_size)

    def apply(self, prepared: PreparedBatch) -> None:
        """Write a prepared batch and its position in one DuckDB transaction.

        Derived employee tables are refreshed with the last batch of a catch-up (and at least
        every REFRESH_SECONDS and REFRESH_EVENTS), not with every batch: one refresh over every
        employee a catch-up touched costs far less than one per batch. Until then the touched
        employees wait in `dirty_employees`, committed with each batch, so a crash forgets none.
        """
        if not prepared.count:
            return
        now = time.monotonic()
        self._unrefreshed += prepared.count
        refresh = (
            prepared.count < self.batch_size
            or now - self._refreshed >= REFRESH_SECONDS
            or self._unrefreshed >= REFRESH_EVENTS
        )
        if refresh:
            self._refreshed, self._unrefreshed = now, 0
        try:
            self.projection.process_batch(
                prepared.events, prepared.staged, prepared.last, refresh
            )
        finally:
            if prepared.staged is not None:
                self._stager.release(prepared.staged)

    def run(
        self,
        follow: bool = False,
        progress: ProgressCallback | None = None,
        stop: Event | None = None,
        poll_seconds: float = 0.5,
        on_idle: Callable[[], None] | None = None,
    ) -> int:
        """Apply batches until caught up (or, with follow, until `stop` is set)."""
        stop = stop or Event()
        started, total = time.monotonic(), 0
        while not stop.is_set():
            with collector_paused():
                for prepared in self._prefetched(self.position(), stop):
                    self.apply(prepared)
                    total += prepared.count
                    if progress is not None and prepared.count:
                        caught_up = prepared.count < self.batch_size
                        progress(self._progress(total, started, caught_up))
            self._stager.drop_released()
            self.projection.view.refresh_derived()
            if on_idle is not None:
                on_idle()
            if not follow:
                break
            stop.wait(poll_seconds)
        log.info("projector_stopped", events=total)
        return total

    def _prefetched(self, after: int | None, stop: Event) -> Iterator[PreparedBatch]:
        """Batches read one ahead by a reader thread, until a short batch (caught up)."""
        ahead: queue.Queue[PreparedBatch | BaseException] = queue.Queue(maxsize=1)
        done = Event()

        def reader() -> None:
            position = after
            try:
                while not stop.is_set() and not done.is_set():
                    prepared = self.read(position)
                    waiting = time.perf_counter()
                    ahead.put(prepared)
                    self.split.reader_waited(time.perf_counter() - waiting)
                    if prepared.count < self.batch_size or prepared.last is None:
                        return
                    position = prepared.last.notification_id
            except BaseException as error:  # handed to the consumer, re-raised there
                ahead.put(error)

        thread = threading.Thread(target=reader, name="projector-reader", daemon=True)
        thread.start()
        try:
            while True:
                waiting = time.perf_counter()
                item = ahead.get()
                self.split.writer_waited(time.perf_counter() - waiting)
                if isinstance(item, BaseException):
                    raise item
                yield item
                if item.count < self.batch_size or stop.is_set():
                    return
        finally:
            done.set()
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    ahead.get(timeout=0.05)
            thread.join()

    def _progress(self, total: int, started: float, caught_up: bool) -> Progress:
        elapsed = max(time.monotonic() - started, 1e-9)
        return Progress(
            position=self.position(),
            head=self.recorder.max_notification_id(),
            events=total,
            events_per_second=total / elapsed,
            caught_up=caught_up,
        )
