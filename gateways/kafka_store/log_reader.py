"""Reading a topic's committed records from an offset to its current end (read_committed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from gateways.kafka_store.config import KafkaStoreConfig
from gateways.kafka_store.errors import BrokerUnavailableError


def committed_consumer(config: KafkaStoreConfig, topic: str, offset: int) -> tuple[Any, Any]:
    """A read_committed consumer assigned to the topic's only partition, positioned at offset."""
    timeout_ms = int(config.connect_timeout * 1000)
    consumer = KafkaConsumer(
        **config.client_settings(),
        isolation_level="read_committed",
        enable_auto_commit=False,
        group_id=None,
        request_timeout_ms=max(timeout_ms, 5000),
        fetch_max_wait_ms=200,
        max_partition_fetch_bytes=config.max_message_bytes + 65536,
        client_id=f"{config.transactional_id}.reader",
    )
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, offset)
    return consumer, partition


def read_to_end(
    config: KafkaStoreConfig, topic: str, offset: int, handle: Callable[[Any], None]
) -> int:
    """Pass every committed record from offset to the current end to handle; return the next offset.

    The end is the last stable offset when reading starts. Control markers and aborted records
    are skipped by the consumer; the returned offset is past them.
    """
    consumer, partition = committed_consumer(config, topic, offset)
    # A long log takes as long as it takes; what fails is a read that stops moving.
    patience = max(config.write_timeout, config.connect_timeout) * 3
    try:
        end = consumer.end_offsets([partition], timeout_ms=int(config.connect_timeout * 1000))[
            partition
        ]
        deadline, last_position = time.monotonic() + patience, -1
        while (position := consumer.position(partition)) < end:
            if position != last_position:
                deadline, last_position = time.monotonic() + patience, position
            elif time.monotonic() > deadline:
                raise BrokerUnavailableError(
                    f"reading {topic} from {config.bootstrap_servers} stalled at offset "
                    f"{position} of {end} (no progress for {patience:.0f}s)"
                )
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    handle(record)
        return int(position)
    except KafkaError as error:
        raise BrokerUnavailableError(
            f"could not read {topic} from {config.bootstrap_servers}: {error}"
        ) from error
    finally:
        consumer.close()
