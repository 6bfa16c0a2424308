"""Committing one group: plan it against the indexes, send it as one transaction, apply it later.

Requests that conflict fail alone; the rest share the transaction. The group is sent and the
next one can be planned while it commits; its requests are answered when the commit's outcome
is known (on the writer's thread). If it fails, the writer is acquired again before the next
group, which re-reads the log (the outcome of an unanswered commit is only known from the log).

A failure that may pass (a leader or coordinator moving, a lost connection: retries.py) is
not answered: the group's requests go back to the committer and are planned afresh, after a
backoff, in the next group, until their KAFKA_WRITE_TIMEOUT. A request whose earlier try's
commit went unanswered is looked up in the re-read log first: found as it was sent, it is
answered from the log (it committed); not found, it was aborted and is simply sent again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import structlog
from eventsourcing.persistence import IntegrityError, OperationalError

from gateways.stores.kafka.errors import CommitOutcomeUnknownError, WriterFencedError
from gateways.stores.kafka.plan import GroupPlan, WriteRequest
from gateways.stores.kafka.retries import Backoff, retriable
from gateways.stores.kafka.writer import Outcome, TransactionalWriter

if TYPE_CHECKING:
    from gateways.stores.kafka.store import KafkaStore

log = structlog.get_logger(__name__)


class GroupCommit:
    """Turns a group of write requests into at most one Kafka transaction."""

    def __init__(self, store: KafkaStore, writer: TransactionalWriter) -> None:
        self._store = store
        self._writer = writer
        self._backoff = Backoff()
        self._pause = False  # a try failed: wait a backoff before the next acquisition
        self.requeue: Callable[[list[WriteRequest]], None] | None = None
        """Hands requests back to the committer for another try (set by the store)."""

    def __call__(self, requests: list[WriteRequest]) -> None:
        requests = self._with_writer(requests)
        if not requests:
            return
        plan = self._store.new_plan()
        refused: list[tuple[WriteRequest, Exception]] = []
        for request in requests:
            try:
                plan.add(request)
            except Exception as error:
                if not self._found_in_log(request, error):
                    refused.append((request, error))
            else:
                request.unknown_outcome = None  # not in the re-read log: it was not committed

        def settle(outcome: Outcome) -> None:
            if isinstance(outcome, OperationalError):
                self._retry_or_fail(plan.requests, outcome)
            else:
                self._backoff.reset()
                plan.apply(outcome)
            # Answered only now: a request refused for colliding with another one of this
            # group must not re-read the state before the other one is in the index.
            for request, reason in refused:
                request.fail(reason)

        if not plan.sends and plan.offsets is None:
            # refused for versions in flight: answer once those have settled
            self._writer.after_in_flight(lambda: settle([]))
            return
        self._send(plan, settle)

    def _send(self, plan: GroupPlan, settle: Callable[[Outcome], None]) -> None:
        try:
            self._writer.begin(plan.sends, plan.offsets, settle)
        except OperationalError as error:
            failure: Outcome = error
            self._writer.after_in_flight(lambda: settle(failure))

    def _with_writer(self, requests: list[WriteRequest]) -> list[WriteRequest]:
        """Acquire the writer if need be, trying again while that may pass; the requests still
        to write (the others are answered)."""
        while requests:
            if self._pause:
                self._pause = False
                self._backoff.sleep(until=min(request.deadline for request in requests))
            try:
                self._store.ensure_writer()
            except Exception as error:  # includes "fenced before": refuse at once
                requests = self._retry_later(requests, error)
                self._pause = True
                continue
            return requests
        return []

    def _found_in_log(self, request: WriteRequest, error: Exception) -> bool:
        """Answer a request whose earlier commit went unanswered and is in the log after all."""
        if request.unknown_outcome is None or not isinstance(error, IntegrityError):
            return False
        recorded, ids = self._store.recorded(request)
        if recorded:
            log.info("kafka_unanswered_commit_found_committed", events=len(request.events))
            request.succeed(ids)
        return recorded

    def _retry_or_fail(self, requests: list[WriteRequest], error: OperationalError) -> None:
        """After a failed transaction: hand back what may be tried again, fail the rest."""
        if isinstance(error, CommitOutcomeUnknownError):
            for request in requests:
                request.unknown_outcome = error
        again = self._retry_later(requests, error)
        if again:
            assert self.requeue is not None
            self._pause = True
            log.info("kafka_write_retried", requests=len(again), error=str(error))
            self.requeue(again)

    def _retry_later(
        self, requests: list[WriteRequest], error: BaseException
    ) -> list[WriteRequest]:
        """The requests to try again (none unless the error may pass); the others are failed."""
        if not retriable(error) or self.requeue is None:
            self._fail(requests, error)
            return []
        now = time.monotonic()
        self._fail([request for request in requests if request.deadline <= now], error)
        return [request for request in requests if request.deadline > now]

    def _fail(self, requests: list[WriteRequest], error: BaseException) -> None:
        if not requests:
            return
        if isinstance(error, WriterFencedError):
            self._store.fail_fenced(requests, error)
            return
        for request in requests:
            # a try that went unanswered and was never looked up in the log stays unknown
            request.fail(request.unknown_outcome or error)
