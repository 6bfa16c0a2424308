"""The writer's fencing and commit outcomes against a scripted transaction coordinator.

Whatever a failed transaction is answered, a writer never takes its transactional ids back
from a newer holder: errors meaning "someone else holds it" fence it at once (it never sends
InitProducerId again), and after any other failure it re-initialises with its own producer id
and epoch, which the coordinator refuses (PRODUCER_FENCED) once a newer writer took the id.
A commit that is never answered has an unknown outcome, never "nothing was written".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from kafka.protocol.producer import ProduceRequest
from kafka.protocol.producer.transaction import EndTxnRequest, InitProducerIdRequest

from gateways.stores.kafka.errors import (
    CommitOutcomeUnknownError,
    WriteFailedError,
    WriterFencedError,
)
from gateways.stores.kafka.protocol.wire import ConnectionLostError
from gateways.stores.kafka.writer import TransactionalWriter
from tests.unit.kafka_store.one_record import acquired_writer, commit
from tests.unit.kafka_store.scripted_cluster import coordinator_fixture

LOST = "lost"


@dataclass
class Coordinator:
    """Transactional ids' producer ids and epochs, with KIP-360 InitProducerId rules."""

    epochs: dict[str, int] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # as DescribeTransactions names them
    inits: list[tuple[str, int, int]] = field(default_factory=list)
    end_faults: deque[int | str] = field(default_factory=deque)
    offset: int = 0

    def newer_writer_takes_over(self) -> None:
        for transactional_id in self.epochs:
            self.epochs[transactional_id] += 1
            self.states[transactional_id] = "Empty"  # what its InitProducerId leaves

    def answer(self, request: Any) -> Any:
        kind = type(request).__name__
        if kind.startswith(InitProducerIdRequest.__name__):
            return self._init(request)
        if kind.startswith("DescribeTransactions"):
            return self._describe(request.transactional_ids[0])
        if kind.startswith(ProduceRequest.__name__):
            topic = request.topic_data[0]
            self.offset += 10
            partition = SimpleNamespace(error_code=0, base_offset=self.offset)
            return SimpleNamespace(responses=[SimpleNamespace(
                name=topic.name, partition_responses=[partition])])
        assert kind.startswith(EndTxnRequest.__name__), kind
        return self._end(request)

    def _init(self, request: Any) -> Any:
        tid = request.transactional_id
        self.inits.append((tid, request.producer_id, request.producer_epoch))
        current = self.epochs.get(tid, -1)
        if request.producer_id != -1 and request.producer_epoch != current:
            return SimpleNamespace(error_code=90, producer_id=-1, producer_epoch=-1)
        self.epochs[tid], self.states[tid] = current + 1, "Empty"
        return SimpleNamespace(error_code=0, producer_id=7, producer_epoch=current + 1)

    def _end(self, request: Any) -> Any:
        tid = request.transactional_id
        fault = self.end_faults.popleft() if self.end_faults else 0
        if fault == LOST:
            return ConnectionLostError("the broker closed the connection")
        if fault or request.producer_epoch != self.epochs[tid]:
            code = fault or 90
            return SimpleNamespace(error_code=code, producer_id=-1, producer_epoch=-1)
        self.epochs[tid] += 1
        self.states[tid] = "CompleteCommit" if request.committed else "CompleteAbort"
        return SimpleNamespace(error_code=0, producer_id=7, producer_epoch=self.epochs[tid])

    def _describe(self, tid: str) -> Any:
        state = SimpleNamespace(error_code=0, transaction_state=self.states[tid], producer_id=7,
                                producer_epoch=self.epochs[tid])
        return SimpleNamespace(transaction_states=[state])


coordinator = coordinator_fixture(Coordinator)


@pytest.fixture
def writer(coordinator: Coordinator) -> TransactionalWriter:
    return acquired_writer(2)


@pytest.mark.parametrize("code", [90, 47, 48])
def test_an_answer_meaning_someone_else_holds_the_id_fences_for_good(
    writer: TransactionalWriter, coordinator: Coordinator, code: int
) -> None:
    coordinator.newer_writer_takes_over()
    coordinator.end_faults.append(code)
    inits = len(coordinator.inits)

    assert isinstance(commit(writer), WriterFencedError)
    writer.release()
    with pytest.raises(WriterFencedError):
        writer.acquire()
    with pytest.raises(WriterFencedError):
        commit(writer)
    assert len(coordinator.inits) == inits  # never asked for the ids again


@pytest.mark.parametrize("fault", [51, 15, LOST])
def test_after_any_other_failure_a_newer_writer_keeps_the_ids(
    writer: TransactionalWriter, coordinator: Coordinator, fault: int | str
) -> None:
    coordinator.newer_writer_takes_over()
    coordinator.end_faults.append(fault)
    assert isinstance(commit(writer), OperationalError)
    newer = dict(coordinator.epochs)

    writer.release()
    with pytest.raises(WriterFencedError):
        writer.acquire()  # re-initialising with our epoch: refused

    assert coordinator.epochs == newer  # the newer writer was not fenced
    assert all(producer_id == 7 for _, producer_id, _ in coordinator.inits[2:])
    with pytest.raises(WriterFencedError):
        commit(writer)


@pytest.mark.parametrize("fault", [51, 15, LOST])
def test_a_transient_failure_alone_lets_the_writer_go_on(
    writer: TransactionalWriter, coordinator: Coordinator, fault: int | str
) -> None:
    coordinator.end_faults.append(fault)
    assert isinstance(commit(writer), OperationalError)

    writer.release()
    writer.acquire()

    assert isinstance(commit(writer), list)
    assert writer.fenced_by is None


def test_a_commit_never_answered_has_an_unknown_outcome(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    coordinator.end_faults.append(LOST)

    outcome = commit(writer)

    assert isinstance(outcome, CommitOutcomeUnknownError)
    assert not isinstance(outcome, WriteFailedError)
    assert "may or may not be in the log" in str(outcome)


@pytest.mark.parametrize("code", [15, 16])
def test_a_commit_answered_by_a_moving_coordinator_has_an_unknown_outcome(
    writer: TransactionalWriter, coordinator: Coordinator, code: int
) -> None:
    coordinator.end_faults.append(code)  # PrepareCommit may be in the log: it may commit

    assert isinstance(commit(writer), CommitOutcomeUnknownError)


def test_a_commit_refused_by_the_coordinator_wrote_nothing(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    coordinator.end_faults.append(51)

    outcome = commit(writer)

    assert isinstance(outcome, WriteFailedError)
    assert "no event of it is visible" in str(outcome)


def test_an_unknown_outcome_answers_503_retry_with_the_same_key() -> None:
    from gateways.entrypoints.http.handlers import problem_for

    found = problem_for(CommitOutcomeUnknownError("a commit got no answer"))

    assert found is not None
    problem, headers = found
    assert (problem.status, problem.rule) == (503, "outcome-unknown")
    assert "Retry-After" in headers
    detail = problem.detail or ""
    assert "same Idempotency-Key" in detail and "may or may not" in detail
    refused = problem_for(WriteFailedError("nothing was written"))
    assert refused is not None and refused[0].rule == "store-unavailable"
