"""Forging an events topic: read its records, write an altered copy with raw kafka-python."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from tests.integration.kafka_store.support import delete_prefixed_topics


@dataclass(frozen=True)
class Record:
    """What a forger can write: key, value and headers."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]

    def with_value(self, value: bytes) -> Record:
        return replace(self, value=value)


def read_topic(bootstrap: str, topic: str) -> list[Record]:
    """Every committed record of the topic's only partition, in offset order."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, isolation_level="read_committed",
                             enable_auto_commit=False, group_id=None)
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    end = consumer.end_offsets([partition])[partition]
    records: list[Record] = []
    try:
        while consumer.position(partition) < end:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(Record(r.key, r.value, list(r.headers)) for r in batch)
    finally:
        consumer.close()
    return records


def write_topic(bootstrap: str, topic: str, records: list[Record]) -> None:
    """Create a one-partition topic and write the records to it, in order."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()
    append_to_topic(bootstrap, topic, *records)


def append_to_topic(bootstrap: str, topic: str, *records: Record) -> None:
    """Write the records at the end of an existing topic, bypassing the store."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for record in records:
            producer.send(topic, key=record.key, value=record.value, headers=record.headers)
        producer.flush()
    finally:
        producer.close()


# The name the log transfer tests import it by (the Kafka store tests' helper).
delete_topics = delete_prefixed_topics
