"""Committing one group: plan it against the indexes, send it as one transaction, apply it later.

Requests that conflict fail alone; the rest share the transaction. The group is sent and the
next one can be planned while it commits; its requests are answered when the commit's outcome
is known (on the writer's thread). If it fails, all of them fail and the writer is acquired
again before the next group, which re-reads the log (the outcome of a timed-out commit is
only known from the log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.persistence import OperationalError

from gateways.stores.kafka.errors import WriterFencedError
from gateways.stores.kafka.plan import WriteRequest
from gateways.stores.kafka.writer import Outcome, TransactionalWriter

if TYPE_CHECKING:
    from gateways.stores.kafka.store import KafkaStore


class GroupCommit:
    """Turns a group of write requests into at most one Kafka transaction."""

    def __init__(self, store: KafkaStore, writer: TransactionalWriter) -> None:
        self._store = store
        self._writer = writer

    def __call__(self, requests: list[WriteRequest]) -> None:
        try:
            self._store.ensure_writer()
        except Exception as error:  # includes "fenced before": refuse at once
            for request in requests:
                request.fail(error)
            return
        plan = self._store.new_plan()
        refused: list[tuple[WriteRequest, Exception]] = []
        for request in requests:
            try:
                plan.add(request)
            except Exception as error:
                refused.append((request, error))

        def settle(outcome: Outcome) -> None:
            if isinstance(outcome, OperationalError):
                self._fail(plan.requests, outcome)
            else:
                plan.apply(outcome)
            # Answered only now: a request refused for colliding with another one of this
            # group must not re-read the state before the other one is in the index.
            for request, reason in refused:
                request.fail(reason)

        if not plan.sends:  # refused for versions in flight: answer once those have settled
            self._writer.after_in_flight(lambda: settle([]))
            return
        try:
            self._writer.begin(plan.sends, plan.offsets, settle)
        except OperationalError as error:
            failure: Outcome = error
            self._writer.after_in_flight(lambda: settle(failure))

    def _fail(self, requests: list[WriteRequest], error: BaseException) -> None:
        if isinstance(error, WriterFencedError):
            self._store.fail_fenced(requests, error)
            return
        for request in requests:
            request.fail(error)
