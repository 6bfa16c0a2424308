"""Any eventsourcing application runs on the store by setting PERSISTENCE_MODULE."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.cipher import AESCipher
from eventsourcing.domain import Aggregate, event
from kafka import KafkaConsumer, TopicPartition


class Counter(Aggregate):
    @event("Created")
    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0

    @event("Incremented")
    def increment(self) -> None:
        self.count += 1


class Counters(Application[UUID]):
    def create(self, name: str, increments: int) -> UUID:
        counter = Counter(name)
        for _ in range(increments):
            counter.increment()
        self.save(counter)
        return counter.id

    def count(self, counter_id: UUID) -> int:
        counter: Counter = self.repository.get(counter_id)
        return counter.count


def first_value(bootstrap: str, topic: str) -> Any:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=2000
    )
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, 0)
    try:
        return next(iter(consumer)).value
    finally:
        consumer.close()


def test_an_application_reads_back_what_an_earlier_instance_saved(
    kafka_env: dict[str, str],
) -> None:
    first = Counters(env=kafka_env)
    counter_id = first.create("visits", increments=3)
    first.close()

    second = Counters(env=kafka_env)

    assert second.count(counter_id) == 3
    second.close()


def test_snapshots_are_stored_and_used(kafka_env: dict[str, str]) -> None:
    env = {**kafka_env, "IS_SNAPSHOTTING_ENABLED": "y"}
    app = Counters(env=env)
    counter_id = app.create("visits", increments=2)
    app.take_snapshot(counter_id)
    app.close()

    again = Counters(env=env)

    assert again.snapshots is not None
    assert [s.originator_version for s in again.snapshots.get(counter_id)] == [3]
    assert again.count(counter_id) == 2
    again.close()


def test_with_a_cipher_and_compression_values_are_opaque_and_still_read_back(
    kafka_env: dict[str, str],
) -> None:
    env = {**kafka_env, "CIPHER_KEY": AESCipher.create_key(16), "COMPRESSOR_TOPIC": "zlib"}
    app = Counters(env=env)
    counter_id = app.create("secret", increments=1)
    app.close()

    value = first_value(
        kafka_env["KAFKA_BOOTSTRAP_SERVERS"], f"{env['KAFKA_TOPIC_PREFIX']}.Counters.events"
    )

    reader = Counters(env=env)
    assert b"secret" not in value
    assert reader.count(counter_id) == 1
    reader.close()
