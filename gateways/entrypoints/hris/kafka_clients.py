"""The Kafka clients of the HRIS gateway, and creating its topics (brokers never auto-create).

Every client takes the system's one set of Kafka security settings (MENTORING_KAFKA_SECURITY_
PROTOCOL, ..._SSL_*, ..._SASL_*) from ``client_options``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import structlog
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

log = structlog.get_logger(__name__)

CONNECT_TIMEOUT_MS = 10_000
_CHECKED: set[tuple[str, Any]] = set()


def client_options(bootstrap: str) -> dict[str, Any]:
    """TLS/SASL keyword arguments of every HRIS client (consumer, producers, admin).

    The first time for given brokers and settings, one of the brokers is asked whether it
    accepts them: wrong credentials or an untrusted certificate stop the command at once with
    one line naming the cause (KafkaAuthenticationError, KafkaTlsError), where kafka-python's
    clients would retry until their timeout and then say only that nothing answered.
    """
    from gateways.settings import load_settings
    from gateways.stores.kafka.protocol.secure_socket import check_access
    from gateways.stores.kafka.security import shared

    security = shared(load_settings().kafka_security())
    if (bootstrap, security) not in _CHECKED:
        check_access(
            bootstrap, security, client_id="mentoring-hris", timeout=CONNECT_TIMEOUT_MS / 1000
        )
        _CHECKED.add((bootstrap, security))
    return security.client_kwargs()


def ensure_topics(
    bootstrap: str, names: Iterable[str], partitions: int = 1, replication_factor: int = 1
) -> None:
    """Create the topics that do not exist yet; existing ones are left as they are."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="mentoring-hris-admin",
        request_timeout_ms=CONNECT_TIMEOUT_MS,
        **client_options(bootstrap),
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
        **client_options(bootstrap),
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
        **client_options(bootstrap),
    )
