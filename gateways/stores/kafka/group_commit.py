"""Group commit: one thread turns every insert waiting at the moment into one transaction.

Callers block until their request is answered. While a transaction is in flight, new
requests queue up and form the next group, so throughput grows with concurrency while a
lone insert pays for a single transaction. A request carrying consumer offsets closes its
group, because a transaction commits offsets for one consumer group only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from threading import Condition, Lock, Thread

import structlog

from gateways.stores.kafka.plan import WriteRequest

log = structlog.get_logger(__name__)

MAX_GROUP_REQUESTS = 500
LINGER_SECONDS = 0.001
GROUPS_IN_FLIGHT = 1
"""How many groups the callers are spread over: with 2, one group is planned and sent while
the other commits (the writer pipelines them); with 1, every caller waits for one group."""


class GroupCommitter:
    """Feeds groups of pending requests to ``commit_group`` on one background thread.

    Callers wake the committer only when it has something to do: the first request, or the
    one that makes up the group it lingers for (not one wake-up per request).
    """

    def __init__(self, commit_group: Callable[[list[WriteRequest]], None], *, name: str) -> None:
        self._commit_group = commit_group
        self._name = name
        self._pending: deque[WriteRequest] = deque()
        self._retrying: deque[WriteRequest] = deque()  # failed retriably: first in the next group
        self._ready = Condition(Lock())
        self._wanted = 1  # how many pending requests are worth waking the committer for
        self._thread: Thread | None = None
        self._closed = False
        self._in_flight = 0  # requests handed to commit_group and not yet answered

    def submit(self, request: WriteRequest) -> None:
        """Queue the request and wait until it has been committed or refused."""
        with self._ready:
            if self._closed:
                raise RuntimeError("the Kafka store has been closed")
            if self._thread is None:
                self._thread = Thread(
                    target=self._run, name=f"group-commit {self._name}", daemon=True
                )
                self._thread.start()
            self._pending.append(request)
            if len(self._pending) >= self._wanted or request.offsets is not None:
                self._ready.notify()
        request.done.wait()
        with self._ready:
            self._in_flight -= 1

    def retry(self, requests: list[WriteRequest]) -> None:
        """Try these requests again (their callers keep waiting), before any new request."""
        with self._ready:
            self._retrying.extend(requests)
            self._in_flight -= len(requests)
            self._ready.notify()

    def close(self) -> None:
        """Commit what is pending, then stop the committer."""
        with self._ready:
            self._closed = True
            thread = self._thread
            self._ready.notify()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        callers: deque[int] = deque([1], maxlen=8)  # requests grouped + in flight, recently
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._pending or self._retrying or self._closed)
                if not (self._pending or self._retrying):
                    return
                # Wait a moment for this group's share of the recent callers, no longer.
                self._wanted = min(-(-max(callers) // GROUPS_IN_FLIGHT), MAX_GROUP_REQUESTS)
                self._ready.wait_for(self._group_ready, timeout=LINGER_SECONDS)
                self._wanted = 1
                group = self._take_group()
                callers.append(len(group) + self._in_flight)
                self._in_flight += len(group)
            self._commit_safely(group)

    def _group_ready(self) -> bool:
        pending = self._pending
        return (
            len(pending) >= self._wanted
            or bool(self._retrying)
            or self._closed
            or any(request.offsets is not None for request in pending)
        )

    def _take_group(self) -> list[WriteRequest]:
        """The next group: up to MAX_GROUP_REQUESTS, and a request with consumer offsets
        (a transaction commits one consumer group's offsets) only alone or last; requests
        being retried first, in the order they were first sent."""
        pending = self._retrying or self._pending
        group = [pending.popleft()]
        if group[0].offsets is not None:
            return group
        while pending and len(group) < MAX_GROUP_REQUESTS and pending[0].offsets is None:
            group.append(pending.popleft())
        return group

    def _commit_safely(self, group: list[WriteRequest]) -> None:
        try:
            self._commit_group(group)
        except BaseException as error:  # never leave a caller waiting forever
            log.exception("kafka_group_commit_crashed", requests=len(group))
            for request in group:
                if not request.done.is_set():
                    request.fail(error)
