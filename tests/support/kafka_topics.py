"""A topic read as any plain Kafka client would read it: read_committed, from the beginning."""

from __future__ import annotations

from itertools import islice
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord


def committed_records(
    topic: str, *, limit: int | None = None, timeout_ms: int = 3_000, **client: Any
) -> list[ConsumerRecord]:
    """The committed records of the topic's partition 0, in order (the first ``limit`` if set).

    ``client`` holds the connection settings (``bootstrap_servers``, security); the read ends
    when ``timeout_ms`` pass without a record.
    """
    consumer = KafkaConsumer(
        **client,
        isolation_level="read_committed",
        group_id=None,
        enable_auto_commit=False,
        consumer_timeout_ms=timeout_ms,
    )
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.seek_to_beginning(partition)
        return list(islice(consumer, limit))
    finally:
        consumer.close()
