"""The writer on brokers without transaction version 2 (Kafka 3.x, Redpanda): the classic
protocol, against a scripted broker that records what it is sent."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest
from eventsourcing.utils import Environment
from kafka.protocol.producer import ProduceRequest
from kafka.protocol.producer.transaction import (
    AddPartitionsToTxnRequest,
    EndTxnRequest,
    InitProducerIdRequest,
)

from gateways.stores.kafka import writer as writer_module
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import WriteFailedError
from gateways.stores.kafka.protocol.record_batch import Producer
from gateways.stores.kafka.records import EncodedRecord
from gateways.stores.kafka.retries import retriable
from gateways.stores.kafka.writer import Outcome, TransactionalWriter
from tests.unit.kafka_store.scripted_cluster import ADDRESS, scripted_cluster

TOPIC = "App.events"


class Broker:
    """Answers every request with success; keeps (kind, version, request) in order."""

    def __init__(self, add_partition_answers: list[int] | None = None) -> None:
        self.sent: list[tuple[str, int, Any]] = []
        self.add_partition_answers = list(add_partition_answers or [])
        self.offset = 0

    def answer(self, request: Any) -> Any:
        kind = type(request).__name__.rsplit("_v", 1)[0]
        self.sent.append((kind, request.API_VERSION, request))
        if kind == InitProducerIdRequest.__name__:
            return SimpleNamespace(error_code=0, producer_id=7, producer_epoch=3)
        if kind == AddPartitionsToTxnRequest.__name__:
            code = self.add_partition_answers.pop(0) if self.add_partition_answers else 0
            partition = SimpleNamespace(partition_index=0, partition_error_code=code)
            topic = SimpleNamespace(name=TOPIC, results_by_partition=[partition])
            return SimpleNamespace(results_by_topic_v3_and_below=[topic])
        if kind == ProduceRequest.__name__:
            self.offset += 10
            partition = SimpleNamespace(error_code=0, base_offset=self.offset)
            return SimpleNamespace(
                responses=[SimpleNamespace(name=TOPIC, partition_responses=[partition])]
            )
        assert kind == EndTxnRequest.__name__, kind
        return SimpleNamespace(error_code=0)  # v4 and lower: no producer id or epoch

    def kinds(self) -> list[str]:
        return [kind.removesuffix("Request") for kind, _, _ in self.sent]


def make_writer(monkeypatch: pytest.MonkeyPatch, broker: Broker) -> TransactionalWriter:
    cluster = scripted_cluster(
        broker.answer,
        features={"metadata.version": 21},  # Kafka 3.9: no transaction.version
        api_versions={ProduceRequest.API_KEY: 11, EndTxnRequest.API_KEY: 4},
    )
    monkeypatch.setattr(writer_module, "Cluster", cluster)
    env = {"KAFKA_BOOTSTRAP_SERVERS": ADDRESS, "KAFKA_WRITER_PRODUCERS": "1"}
    writer = TransactionalWriter(KafkaStoreConfig.from_env(Environment("App", env)))
    writer.acquire()
    return writer


def commit(writer: TransactionalWriter, records: int = 1) -> Outcome:
    done, outcomes = threading.Event(), []

    def settle(outcome: Outcome) -> None:
        outcomes.append(outcome)
        done.set()

    record = EncodedRecord(b"key", b"value", [("schema", b"mentoring-es/1")])
    writer.begin([(TOPIC, record)] * records, None, settle)
    assert done.wait(5)
    return outcomes[0]


def produced_by(broker: Broker) -> list[Producer]:
    """The producer id, epoch and first sequence of each record batch produced."""
    found = []
    for kind, _, request in broker.sent:
        if kind == ProduceRequest.__name__:
            batch = request.topic_data[0].partition_data[0].records
            producer_id = int.from_bytes(batch[43:51], "big", signed=True)
            epoch = int.from_bytes(batch[51:53], "big", signed=True)
            sequence = int.from_bytes(batch[53:57], "big", signed=True)
            found.append(Producer(producer_id, epoch, sequence))
    return found


def test_each_transaction_adds_its_partition_before_producing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broker = Broker()
    writer = make_writer(monkeypatch, broker)

    assert isinstance(commit(writer), list)
    assert isinstance(commit(writer), list)

    assert broker.kinds() == [
        "InitProducerId",
        *["AddPartitionsToTxn", "Produce", "EndTxn"] * 2,
    ]
    versions = {kind: version for kind, version, _ in broker.sent}
    assert versions["ProduceRequest"] == 11 and versions["EndTxnRequest"] == 4


def test_sequence_numbers_run_on_across_the_transactions_of_one_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broker = Broker()
    writer = make_writer(monkeypatch, broker)

    commit(writer, records=3)
    commit(writer, records=2)
    commit(writer, records=1)

    assert produced_by(broker) == [Producer(7, 3, 0), Producer(7, 3, 3), Producer(7, 3, 5)]


def test_the_coordinator_still_completing_the_last_transaction_is_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broker = Broker(add_partition_answers=[51, 51])  # CONCURRENT_TRANSACTIONS twice
    writer = make_writer(monkeypatch, broker)

    assert isinstance(commit(writer), list)

    assert broker.kinds().count("AddPartitionsToTxn") == 3
    assert broker.kinds()[-2:] == ["Produce", "EndTxn"]


def test_a_moved_coordinator_fails_the_transaction_at_once_for_a_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broker = Broker(add_partition_answers=[16])  # NOT_COORDINATOR
    writer = make_writer(monkeypatch, broker)

    with pytest.raises(WriteFailedError) as failed:
        commit(writer)

    assert retriable(failed.value)
    assert broker.kinds().count("AddPartitionsToTxn") == 1
    assert "Produce" not in broker.kinds()
