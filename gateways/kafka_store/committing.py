"""Committing one group: plan it against the indexes, send it as one transaction, apply it.

Requests that conflict fail alone; the rest share the transaction. If it fails, all of them
fail and the writer is released, so the next group re-acquires it and re-reads the log
(the outcome of a timed-out commit is only known from the log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.persistence import OperationalError

from gateways.kafka_store.errors import WriterFencedError
from gateways.kafka_store.plan import GroupPlan, WriteRequest
from gateways.kafka_store.writer import TransactionalWriter

if TYPE_CHECKING:
    from gateways.kafka_store.store import KafkaStore


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
        try:
            self._commit(plan)
        finally:
            # Answered only now: a request refused for colliding with another one of this
            # group must not re-read the state before the other one is in the index.
            for request, reason in refused:
                request.fail(reason)

    def _commit(self, plan: GroupPlan) -> None:
        if not plan.sends:
            return
        try:
            offsets = self._writer.commit(plan.sends, plan.offsets)
        except OperationalError as error:
            self._writer.release()
            self._fail(plan.requests, error)
            return
        plan.apply(offsets)

    def _fail(self, requests: list[WriteRequest], error: BaseException) -> None:
        if isinstance(error, WriterFencedError):
            self._store.fail_fenced(requests, error)
            return
        for request in requests:
            request.fail(error)
