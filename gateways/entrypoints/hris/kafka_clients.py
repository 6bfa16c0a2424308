"""The Kafka clients of the HRIS gateway, and creating its topics (brokers never auto-create)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import structlog
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

log = structlog.get_logger(__name__)

CONNECT_TIMEOUT_MS = 10_000


def ensure_topics(
    bootstrap: str, names: Iterable[str], partitions: int = 1, replication_factor: int = 1
) -> None:
    """Create the topics that do not exist yet; existing ones are left as they are."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="mentoring-hris-admin",
        request_timeout_ms=CONNECT_TIMEOUT_MS,
    )
    try:
        existing = set(admin.list_topics())
        for name in names:
            if name in existing:
                continue
            try:
                topic = NewTopic(name, partitions, replication_factor)
                admin.create_topics([topic])
            except TopicAlreadyExistsError:
                continue
            log.info("hris_topic_created", topic=name, partitions=partitions)
    finally:
        admin.close()


def hris_consumer(bootstrap: str, group_id: str) -> Any:
    """A consumer that reads committed records and commits nothing by itself."""
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=f"{group_id}.consumer",
        enable_auto_commit=False,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        max_poll_records=500,
        request_timeout_ms=30_000,
    )


def reliable_producer(bootstrap: str, client_id: str) -> Any:
    """An idempotent producer that waits for all in-sync replicas."""
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_block_ms=CONNECT_TIMEOUT_MS,
    )
