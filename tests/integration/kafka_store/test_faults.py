"""Bad input and faults: no broker, foreign records, oversized events."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    EventTooLargeError,
    ForeignRecordError,
    WriteFailedError,
)
from tests.integration.kafka_store.conftest import FactoryMaker


def event(originator_id: uuid.UUID, version: int, size: int = 10) -> StoredEvent:
    return StoredEvent(originator_id, version, "Test.Event", b"x" * size)


def produce_plain(bootstrap: str, topic: str, headers: list[tuple[str, bytes]]) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    producer.send(topic, key=b"not-ours", value=b'{"hello": "world"}', headers=headers)
    producer.flush()
    producer.close()


def recorder_on_a_small_topic(make_factory: FactoryMaker, kafka_env: dict[str, str]) -> Any:
    """A recorder on an events topic taking 5,000-byte records; the store believes 1 MiB."""
    bootstrap, prefix = kafka_env["KAFKA_BOOTSTRAP_SERVERS"], kafka_env["KAFKA_TOPIC_PREFIX"]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    small = NewTopic(f"{prefix}.App.events", 1, 1, topic_configs={"max.message.bytes": "5000"})
    admin.create_topics([small])
    admin.close()
    return make_factory().application_recorder()


def test_an_unreachable_broker_fails_start_up_naming_the_servers_within_the_timeout() -> None:
    env = {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "KAFKA_CONNECT_TIMEOUT": "2"}
    began = time.monotonic()

    with pytest.raises(BrokerUnavailableError, match="127.0.0.1:1"):
        KafkaFactory(Environment("App", env))

    assert time.monotonic() - began < 10


def test_a_record_without_our_headers_stops_start_up_naming_its_offset(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = make_factory().application_recorder()
    recorder.insert_events([event(uuid.uuid4(), 1)])
    produce_plain(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], recorder.topic, headers=[])  # type: ignore[attr-defined]

    with pytest.raises(ForeignRecordError, match="offset 2"):
        make_factory().application_recorder()


def test_a_record_with_malformed_headers_stops_start_up(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = make_factory().application_recorder()
    headers = [("schema", b"mentoring-es/1"), ("event_type", b"X"), ("originator_version", b"one")]
    produce_plain(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], recorder.topic, headers=headers)  # type: ignore[attr-defined]

    with pytest.raises(ForeignRecordError, match="offset 0"):
        make_factory().application_recorder()


def test_an_event_larger_than_the_topic_accepts_is_refused_and_nothing_of_its_batch_is_written(
    make_factory: FactoryMaker,
) -> None:
    recorder = make_factory(KAFKA_MAX_MESSAGE_BYTES="100000").application_recorder()
    aggregate = uuid.uuid4()

    with pytest.raises(EventTooLargeError, match="100000"):
        recorder.insert_events([event(aggregate, 1), event(aggregate, 2, size=200_000)])

    assert recorder.select_events(aggregate) == []
    assert make_factory().application_recorder().max_notification_id() is None


def test_an_event_the_broker_rejects_fails_the_insert_and_leaves_no_gap(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = recorder_on_a_small_topic(make_factory, kafka_env)
    aggregate = uuid.uuid4()

    with pytest.raises(WriteFailedError):
        recorder.insert_events([event(aggregate, 1), event(aggregate, 2, size=20_000)])

    assert recorder.insert_events([event(aggregate, 1)]) == [1]
    assert make_factory().application_recorder().max_notification_id() == 1


def test_a_transaction_failing_amid_concurrent_ones_leaves_dense_ids_and_only_committed_events(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = recorder_on_a_small_topic(make_factory, kafka_env)
    committed: dict[uuid.UUID, list[int]] = {}
    failed: list[uuid.UUID] = []

    def insert(size: int) -> None:
        aggregate = uuid.uuid4()
        try:
            ids = recorder.insert_events([event(aggregate, 1, size=size)])
        except WriteFailedError:
            failed.append(aggregate)
        else:
            committed[aggregate] = list(ids or [])

    def work(slot: int) -> None:
        for turn in range(30):
            insert(20_000 if (slot, turn) == (3, 15) else 10)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    fresh = make_factory().application_recorder()
    notifications = fresh.select_notifications(1, 1000)
    assert failed  # at least the oversized one
    assert [n.id for n in notifications] == list(range(1, len(committed) + 1))
    assert {n.originator_id: [n.id] for n in notifications} == committed
    assert all(fresh.select_events(aggregate) == [] for aggregate in failed)
