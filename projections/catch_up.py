"""Catch the view up with the event log, batch by batch, one DuckDB transaction per batch.

While DuckDB commits one batch (it releases the GIL), a reader thread already fetches and
prepares the next one, so reading the store and writing DuckDB use both cores.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from threading import Event
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.persistence import ApplicationRecorder, Mapper, Tracking
from eventsourcing.utils import get_topic

from projections.bulk_routes import routes_by_topic
from projections.raw_writer import RawEvent
from projections.read_side import ReadSideProjection
from projections.store import APPLICATION_NAME

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
REFRESH_EVERY = 10


@dataclass
class PreparedBatch:
    """A batch read from the store: decoded events, raw events for the set-based routes."""

    count: int
    last: Tracking | None
    events: list[tuple[Any, Tracking]] = field(default_factory=list)
    raw: list[RawEvent] = field(default_factory=list)


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
        self._topics = handled_topics(projection)
        self._bulk = routes_by_topic() if set_based else {}
        self._applied = 0

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
        """Fetch the batch after `after` and prepare it (no DuckDB work)."""
        notifications = self.recorder.select_notifications(
            after, self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return PreparedBatch(0, None)
        name, topics, to_event = self.application_name, self._topics, self.mapper.to_domain_event
        bulk, state_text = self._bulk, self._state_text
        prepared = PreparedBatch(len(notifications), Tracking(name, notifications[-1].id))
        for n in notifications:
            if n.topic in bulk:
                prepared.raw.append((n.id, n.originator_id, n.topic, state_text(n.state)))
            elif n.topic in topics:
                prepared.events.append((to_event(n), Tracking(name, n.id)))
        return prepared

    def apply(self, prepared: PreparedBatch) -> None:
        """Write a prepared batch and its position in one DuckDB transaction.

        Derived employee tables are refreshed with the last batch of a catch-up and every
        REFRESH_EVERY batches, not with every batch (the refresh costs as much as the batch).
        """
        if not prepared.count:
            return
        self._applied += 1
        refresh = prepared.count < self.batch_size or self._applied % REFRESH_EVERY == 0
        self.projection.process_batch(prepared.events, prepared.raw, prepared.last, refresh)

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
            for prepared in self._prefetched(self.position(), stop):
                self.apply(prepared)
                total += prepared.count
                if progress is not None and prepared.count:
                    caught_up = prepared.count < self.batch_size
                    progress(self._progress(total, started, caught_up))
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
                    ahead.put(prepared)
                    if prepared.count < self.batch_size or prepared.last is None:
                        return
                    position = prepared.last.notification_id
            except BaseException as error:  # handed to the consumer, re-raised there
                ahead.put(error)

        thread = threading.Thread(target=reader, name="projector-reader", daemon=True)
        thread.start()
        try:
            while True:
                item = ahead.get()
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

    def _state_text(self, state: bytes) -> str:
        """The JSON text of a stored state (decrypted and decompressed like the mapper does)."""
        if self.mapper.cipher is not None:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor is not None:
            state = self.mapper.compressor.decompress(state)
        return state.decode("utf-8")

    def _progress(self, total: int, started: float, caught_up: bool) -> Progress:
        elapsed = max(time.monotonic() - started, 1e-9)
        return Progress(
            position=self.position(),
            head=self.recorder.max_notification_id(),
            events=total,
            events_per_second=total / elapsed,
            caught_up=caught_up,
        )
