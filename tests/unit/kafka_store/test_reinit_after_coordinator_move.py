"""Re-initialising after a commit whose answer was lost while the transaction coordinator moved.

With transaction version 2 every EndTxn bumps the producer epoch (E to E+1), and the coordinator
takes a re-initialisation with E for a retry only while it remembers E as the id's last epoch:
a coordinator that has just loaded the id from the transaction log does not, and answers
PRODUCER_FENCED. The writer then asks DescribeTransactions: its own transaction completed at
E+1 lets it go on; any sign of a newer writer leaves it fenced, and the newer writer untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

import pytest

from gateways.stores.kafka.errors import CommitOutcomeUnknownError, WriterFencedError
from gateways.stores.kafka.protocol.wire import ConnectionLostError
from gateways.stores.kafka.writer import TransactionalWriter
from tests.unit.kafka_store.one_record import acquired_writer, commit
from tests.unit.kafka_store.scripted_cluster import coordinator_fixture

OURS, NEWER = 7, 8


@dataclass
class Txn:
    """One transactional id as a version 2 coordinator holds it."""

    producer_id: int = -1
    epoch: int = -1
    last_epoch: int = -1  # in the coordinator's memory only, not in the transaction log
    state: str = "Empty"


@dataclass
class Coordinator:
    """InitProducerId, EndTxn and DescribeTransactions as Kafka's version 2 coordinator."""

    ids: dict[str, Txn] = field(default_factory=dict)
    lose_next_commit_answer: bool = False
    describing: list[str] = field(default_factory=list)
    fresh_inits: int = 0

    def answer(self, request: Any) -> Any:
        kind = type(request).__name__
        if kind.startswith("InitProducerId"):
            return self._init(request.transactional_id, request.producer_id,
                              request.producer_epoch)
        if kind.startswith("EndTxn"):
            return self._end(request)
        if kind.startswith("DescribeTransactions"):
            return self._describe(request.transactional_ids[0])
        assert kind.startswith("ProduceRequest"), kind
        topic = request.topic_data[0]
        partition = SimpleNamespace(error_code=0, base_offset=0)
        return SimpleNamespace(responses=[SimpleNamespace(
            name=topic.name, partition_responses=[partition])])

    def _init(self, tid: str, producer_id: int, expected: int) -> Any:
        txn = self.ids.setdefault(tid, Txn(producer_id=OURS))
        if producer_id == -1:  # a fresh initialisation fences every earlier holder
            self.fresh_inits += 1
            txn.epoch, txn.last_epoch, txn.state = txn.epoch + 1, -1, "Empty"
        elif producer_id != txn.producer_id:
            return _init_answer(90)
        elif expected == txn.epoch:
            txn.epoch, txn.last_epoch, txn.state = txn.epoch + 1, txn.epoch, "Empty"
        elif expected != txn.last_epoch:
            return _init_answer(90)
        return _init_answer(0, txn.producer_id, txn.epoch)

    def _end(self, request: Any) -> Any:
        txn = self.ids[request.transactional_id]
        if request.producer_epoch != txn.epoch:
            return SimpleNamespace(error_code=90, producer_id=-1, producer_epoch=-1)
        txn.last_epoch, txn.epoch = txn.epoch, txn.epoch + 1
        txn.state = "CompleteCommit" if request.committed else "CompleteAbort"
        if self.lose_next_commit_answer:
            self.lose_next_commit_answer = False
            return ConnectionLostError("the stopping broker closed the connection")
        return SimpleNamespace(error_code=0, producer_id=txn.producer_id, producer_epoch=txn.epoch)

    def _describe(self, tid: str) -> Any:
        self.describing.append(tid)
        txn = self.ids[tid]
        state = SimpleNamespace(error_code=0, transaction_state=txn.state,
                                producer_id=txn.producer_id, producer_epoch=txn.epoch)
        return SimpleNamespace(transaction_states=[state])

    def moves(self) -> None:
        """Another broker becomes the coordinator: it loads the ids from the transaction log."""
        for txn in self.ids.values():
            txn.last_epoch = -1

    def newer_writer_initialises(self) -> None:
        for tid in self.ids:
            self._init(tid, -1, -1)

    def newer_writer_commits(self) -> None:
        for txn in self.ids.values():
            txn.epoch, txn.state = txn.epoch + 1, "CompleteCommit"


def _init_answer(code: int, producer_id: int = -1, epoch: int = -1) -> Any:
    return SimpleNamespace(error_code=code, producer_id=producer_id, producer_epoch=epoch)


coordinator = coordinator_fixture(Coordinator)


@pytest.fixture
def writer(coordinator: Coordinator) -> TransactionalWriter:
    return acquired_writer(1)


def lose_a_commit_answer_while_the_coordinator_moves(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    coordinator.lose_next_commit_answer = True
    assert isinstance(commit(writer), CommitOutcomeUnknownError)
    coordinator.moves()
    writer.release()


def test_our_own_commit_completed_by_a_new_coordinator_lets_the_writer_go_on(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    lose_a_commit_answer_while_the_coordinator_moves(writer, coordinator)

    writer.acquire()

    assert coordinator.describing == ["mentoring.App.writer.0"]
    assert isinstance(commit(writer), list)
    assert writer.fenced_by is None
    assert coordinator.fresh_inits == 1  # only the first acquisition: nobody was fenced


def test_a_newer_writer_initialised_after_the_move_keeps_the_ids(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    lose_a_commit_answer_while_the_coordinator_moves(writer, coordinator)
    coordinator.newer_writer_initialises()
    newer = snapshot(coordinator)

    with pytest.raises(WriterFencedError):
        writer.acquire()

    assert coordinator.ids == newer
    with pytest.raises(WriterFencedError):
        commit(writer)


def test_a_newer_writer_that_already_committed_keeps_the_ids(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    lose_a_commit_answer_while_the_coordinator_moves(writer, coordinator)
    coordinator.newer_writer_initialises()
    coordinator.newer_writer_commits()  # CompleteCommit, but two epochs past ours
    newer = snapshot(coordinator)

    with pytest.raises(WriterFencedError):
        writer.acquire()

    assert coordinator.ids == newer


def test_a_newer_producer_id_on_the_transactional_id_keeps_the_ids(
    writer: TransactionalWriter, coordinator: Coordinator
) -> None:
    lose_a_commit_answer_while_the_coordinator_moves(writer, coordinator)
    txn = coordinator.ids["mentoring.App.writer.0"]
    txn.producer_id, txn.epoch = NEWER, 0  # a newer writer exhausted the epochs, say

    with pytest.raises(WriterFencedError):
        writer.acquire()

    assert coordinator.ids["mentoring.App.writer.0"].producer_id == NEWER


def snapshot(coordinator: Coordinator) -> dict[str, Txn]:
    return {tid: replace(txn) for tid, txn in coordinator.ids.items()}
