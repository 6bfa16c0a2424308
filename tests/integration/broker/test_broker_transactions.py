"""The deployed broker does what the event store needs: topics, transactions, read_committed."""

from __future__ import annotations

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

from tests.support.kafka_topics import committed_records


def _transaction_begun(bootstrap: str, topic: str) -> KafkaProducer:
    """A new one-partition topic, and a transactional producer with a transaction begun on it."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap, transactional_id=topic)
    producer.init_transactions()
    producer.begin_transaction()
    return producer


def _read_all(bootstrap: str, topic: str, expected: int) -> list[bytes]:
    records = committed_records(topic, limit=expected, bootstrap_servers=bootstrap)
    return [record.value for record in records]


def test_committed_transaction_is_visible_to_read_committed_consumers(
    kafka_bootstrap: str, unique_name: str
) -> None:
    producer = _transaction_begun(kafka_bootstrap, unique_name)
    producer.send(unique_name, b"one")
    producer.send(unique_name, b"two")
    producer.commit_transaction()
    producer.close()

    assert _read_all(kafka_bootstrap, unique_name, expected=2) == [b"one", b"two"]


def test_aborted_transaction_is_invisible_to_read_committed_consumers(
    kafka_bootstrap: str, unique_name: str
) -> None:
    producer = _transaction_begun(kafka_bootstrap, unique_name)
    producer.send(unique_name, b"aborted")
    producer.flush()
    producer.abort_transaction()
    producer.begin_transaction()
    producer.send(unique_name, b"kept")
    producer.commit_transaction()
    producer.close()

    assert _read_all(kafka_bootstrap, unique_name, expected=2) == [b"kept"]
