"""Group commit: one thread turns every insert waiting at the moment into one transaction.

Callers block until their request is answered. While a transaction is in flight, new
requests queue up and form the next group, so throughput grows with concurrency while a
lone insert pays for a single transaction. A request carrying consumer offsets closes its
group, because a transaction commits offsets for one consumer group only.
"""

from __future__ import annotations

import queue
import time
from collections import deque
from collections.abc import Callable
from threading import Lock, Thread

import structlog

from gateways.kafka_store.plan import WriteRequest

log = structlog.get_logger(__name__)

MAX_GROUP_REQUESTS = 500
LINGER_SECONDS = 0.001
GROUPS_IN_FLIGHT = 1
"""How many groups the callers are spread over: with 2, one group is planned and sent while
the other commits (the writer pipelines them); with 1, every caller waits for one group."""


class GroupCommitter:
    """Feeds groups of pending requests to ``commit_group`` on one background thread."""

    def __init__(self, commit_group: Callable[[list[WriteRequest]], None], *, name: str) -> None:
        self._commit_group = commit_group
        self._name = name
        self._queue: queue.SimpleQueue[WriteRequest | None] = queue.SimpleQueue()
        self._thread: Thread | None = None
        self._lock = Lock()
        self._closed = False
        self._in_flight = 0  # requests handed to commit_group and not yet answered

    def submit(self, request: WriteRequest) -> None:
        """Queue the request and wait until it has been committed or refused."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the Kafka store has been closed")
            if self._thread is None:
                self._thread = Thread(
                    target=self._run, name=f"group-commit {self._name}", daemon=True
                )
                self._thread.start()
            self._queue.put(request)
        request.done.wait()
        with self._lock:
            self._in_flight -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        pending: WriteRequest | None = None
        callers: deque[int] = deque([1], maxlen=8)  # requests grouped + in flight, recently
        while True:
            first, pending = pending if pending is not None else self._queue.get(), None
            if first is None:
                return
            group, closing = [first], False
            # Wait a moment for this group's share of the recent callers, no longer.
            linger_until = time.monotonic() + LINGER_SECONDS
            share = -(-max(callers) // GROUPS_IN_FLIGHT)
            while first.offsets is None and len(group) < MAX_GROUP_REQUESTS:
                wait = linger_until - time.monotonic() if len(group) < share else 0.0
                try:
                    item = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    closing = True
                    break
                if item.offsets is not None:
                    pending = item
                    break
                group.append(item)
            with self._lock:
                callers.append(len(group) + self._in_flight)
                self._in_flight += len(group)
            self._commit_safely(group)
            if closing:
                return

    def _commit_safely(self, group: list[WriteRequest]) -> None:
        try:
            self._commit_group(group)
        except BaseException as error:  # never leave a caller waiting forever
            log.exception("kafka_group_commit_crashed", requests=len(group))
            for request in group:
                if not request.done.is_set():
                    request.fail(error)
