"""Responses kept in batches: one ledger save for every response that waits at the same time.

Each command with an Idempotency-Key ends by recording its response in the ledger before the
response is sent (so a retry after a crash is replayed, not run again). One save per response
cost a store transaction each (a synced SQLite commit, a Kafka transaction) and a trip through
the small thread pool of sync endpoints. Here the request's coroutine hands its response to one
keeper thread and awaits the outcome: the thread saves every response waiting by then in one
atomic save (``IdempotencyLedger.keep_responses``) and wakes each request when it is durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from dataclasses import dataclass

import structlog

from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.entrypoints.http.idempotency.record import StoredResponse

log = structlog.get_logger(__name__)

MAX_BATCH = 256
"""The most responses saved together."""
IDLE_SECONDS = 10.0
"""The thread ends after this long without a response to keep (the next one starts it again)."""


@dataclass(frozen=True)
class Waiting:
    """A response waiting to be kept, and the request's future to settle."""

    scope: str
    key: str
    response: StoredResponse
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[StoredResponse]


class ResponseKeeper:
    """Keeps responses in the ledger from one thread, many in one save."""

    def __init__(self, ledger: IdempotencyLedger) -> None:
        self.ledger = ledger
        self._queue: queue.SimpleQueue[Waiting | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def keep(self, scope: str, key: str, response: StoredResponse) -> StoredResponse:
        """The first response of the key, once recorded (this one, unless another won)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[StoredResponse] = loop.create_future()
        self._queue.put(Waiting(scope, key, response, loop, future))
        self._started()  # after the put: a thread ending meanwhile sees the queue not empty
        return await future

    def close(self) -> None:
        """Keep what waits, then stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _started(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="idempotency-keeper", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while (first := self._next()) is not None:
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._keep(batch)
            if stop:
                return

    def _next(self) -> Waiting | None:
        """The next response to keep; None to stop (closed, or idle with nothing queued)."""
        while True:
            try:
                return self._queue.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        if self._thread is threading.current_thread():
                            self._thread = None
                        return None

    def _keep(self, batch: list[Waiting]) -> None:
        try:
            outcomes: list[StoredResponse | BaseException] = list(self.ledger.keep_responses(
                [(item.scope, item.key, item.response) for item in batch]
            ))
        except BaseException as error:  # never leave a request waiting
            log.warning("idempotency_keep_failed", error_type=type(error).__name__)
            outcomes = [error] * len(batch)
        for item, outcome in zip(batch, outcomes, strict=True):
            with contextlib.suppress(RuntimeError):  # a closed event loop: nobody waits
                item.loop.call_soon_threadsafe(settle, item.future, outcome)


def settle(future: asyncio.Future[StoredResponse], outcome: StoredResponse | BaseException) -> None:
    """Resolve a request's future (unless the request was cancelled meanwhile)."""
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
