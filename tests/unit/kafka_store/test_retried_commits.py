"""Group commit tries a transaction again while its failure may pass, within the write timeout.

The store, its plan and the writer are scripted here: the writer answers each transaction
with the next scripted outcome, and requests handed back for another try are collected.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent

from gateways.stores.kafka.committing import GroupCommit
from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    CommitOutcomeUnknownError,
    WriteFailedError,
    WriterFencedError,
)
from gateways.stores.kafka.plan import WriteRequest
from gateways.stores.kafka.protocol.wire import ConnectionLostError
from gateways.stores.kafka.retries import mark
from gateways.stores.kafka.writer import Outcome


class Plan:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.requests: list[WriteRequest] = []
        self.sends: list[Any] = []
        self.offsets = None

    def add(self, request: WriteRequest) -> None:
        if id(request) in self.store.in_log:
            raise IntegrityError("version 1 is already recorded")
        self.requests.append(request)
        self.sends.append(("events", request))

    def apply(self, offsets: list[int]) -> None:
        for request in self.requests:
            request.notification_ids = [len(self.store.in_log) + 1]
            request.done.set()


class Store:
    def __init__(self) -> None:
        self.acquire_failures: deque[Exception] = deque()
        self.in_log: dict[int, list[int]] = {}  # request id -> notification ids
        self.fenced: list[WriteRequest] = []

    def ensure_writer(self) -> None:
        if self.acquire_failures:
            raise self.acquire_failures.popleft()

    def new_plan(self) -> Plan:
        return Plan(self)

    def recorded(self, request: WriteRequest) -> tuple[bool, list[int] | None]:
        ids = self.in_log.get(id(request))
        return ids is not None, ids

    def fail_fenced(self, requests: list[WriteRequest], error: WriterFencedError) -> None:
        self.fenced.extend(requests)
        for request in requests:
            request.fail(error)


class Writer:
    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = deque(outcomes)
        self.sent = 0

    def begin(self, sends: Any, offsets: Any, on_done: Callable[[Outcome], None]) -> None:
        self.sent += 1
        on_done(self.outcomes.popleft())

    def after_in_flight(self, callback: Callable[[], None]) -> None:
        callback()


def moved() -> WriteFailedError:
    return mark(WriteFailedError("not committed"), ConnectionLostError("leader lost"))


def run(store: Store, writer: Writer, request: WriteRequest, tries: int = 5) -> None:
    """Commit the request as the committer would, handing it back while it is retried."""
    group_commit = GroupCommit(store, writer)  # type: ignore[arg-type]
    again: list[WriteRequest] = []
    group_commit.requeue = again.extend
    group = [request]
    for _ in range(tries):
        group_commit(group)
        if request.done.is_set():
            break
        group, again[:] = list(again), []


def request(timeout: float = 10.0) -> WriteRequest:
    event = StoredEvent("a", 1, "Retried", b"{}")
    return WriteRequest(None, [event], deadline=time.monotonic() + timeout)


def test_a_transaction_failing_while_a_leader_moves_is_sent_again_and_commits() -> None:
    writing = request()
    writer = Writer(moved(), moved(), [0])

    run(Store(), writer, writing)

    assert writing.error is None
    assert writing.notification_ids == [1]
    assert writer.sent == 3


def test_an_acquisition_failing_while_the_coordinator_moves_is_tried_again() -> None:
    store = Store()
    store.acquire_failures.extend([BrokerUnavailableError("coordinator moving")] * 2)
    writing = request()

    run(store, Writer([0]), writing)

    assert writing.error is None and writing.notification_ids == [1]


def test_an_unanswered_commit_found_in_the_log_is_answered_from_it_not_written_again() -> None:
    store, writing = Store(), request()
    writer = Writer(CommitOutcomeUnknownError("no answer"))
    group_commit = GroupCommit(store, writer)  # type: ignore[arg-type]
    again: list[WriteRequest] = []
    group_commit.requeue = again.extend

    group_commit([writing])
    assert again == [writing] and not writing.done.is_set()
    store.in_log[id(writing)] = [42]  # the re-read log holds it: the commit went through
    group_commit(again)

    assert writing.error is None
    assert writing.notification_ids == [42]
    assert writer.sent == 1


def test_an_unanswered_commit_not_in_the_log_is_sent_again() -> None:
    writing = request()
    writer = Writer(CommitOutcomeUnknownError("no answer"), [0])

    run(Store(), writer, writing)

    assert writing.error is None and writing.unknown_outcome is None
    assert writer.sent == 2


def test_a_failure_that_cannot_pass_is_answered_at_once() -> None:
    writing = request()
    refused = mark(WriteFailedError("refused"), ValueError("record invalid"))

    run(Store(), Writer(refused, [0]), writing)

    assert writing.error is refused


def test_a_fenced_writer_does_not_try_again() -> None:
    store, writing = Store(), request()
    fenced = WriterFencedError("fenced by a newer writer")

    run(store, Writer(fenced, [0]), writing)

    assert writing.error is fenced and store.fenced == [writing]


def test_retries_stop_at_the_write_timeout_with_the_last_failure() -> None:
    writing = request(timeout=0.2)
    failures = [moved() for _ in range(50)]

    run(Store(), Writer(*failures), writing, tries=50)

    assert isinstance(writing.error, WriteFailedError)
    assert writing.deadline <= time.monotonic()


def test_an_unanswered_commit_never_resolved_stays_of_unknown_outcome() -> None:
    store, writing = Store(), request(timeout=0.2)
    unknown = CommitOutcomeUnknownError("no answer")
    group_commit = GroupCommit(store, Writer(unknown))  # type: ignore[arg-type]
    again: list[WriteRequest] = []
    group_commit.requeue = again.extend
    group_commit([writing])
    store.acquire_failures.extend([BrokerUnavailableError("no broker answered")] * 50)

    group_commit(again)  # acquiring fails until the deadline: the log is never read

    assert writing.error is unknown
