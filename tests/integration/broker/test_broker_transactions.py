"""The deployed broker does what the event store needs: topics, transactions, read_committed."""

from __future__ import annotations

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic


def _create_topic(bootstrap: str, name: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()


def _read_all(bootstrap: str, topic: str, expected: int) -> list[bytes]:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        isolation_level="read_committed",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,
    )
    consumer.assign([TopicPartition(topic, 0)])
    try:
        values = []
        for record in consumer:
            values.append(record.value)
            if len(values) >= expected:
                break
        return values
    finally:
        consumer.close()


def test_committed_transaction_is_visible_to_read_committed_consumers(
    kafka_bootstrap: str, unique_name: str
) -> None:
    _create_topic(kafka_bootstrap, unique_name)
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=unique_name)
    producer.init_transactions()
    producer.begin_transaction()
    producer.send(unique_name, b"one")
    producer.send(unique_name, b"two")
    producer.commit_transaction()
    producer.close()

    assert _read_all(kafka_bootstrap, unique_name, expected=2) == [b"one", b"two"]


def test_aborted_transaction_is_invisible_to_read_committed_consumers(
    kafka_bootstrap: str, unique_name: str
) -> None:
    _create_topic(kafka_bootstrap, unique_name)
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=unique_name)
    producer.init_transactions()
    producer.begin_transaction()
    producer.send(unique_name, b"aborted")
    producer.flush()
    producer.abort_transaction()
    producer.begin_transaction()
    producer.send(unique_name, b"kept")
    producer.commit_transaction()
    producer.close()

    assert _read_all(kafka_bootstrap, unique_name, expected=2) == [b"kept"]
