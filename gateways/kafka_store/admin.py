"""Connecting to the brokers within a bounded time, and creating the store's topics."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

import structlog
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError, UnknownTopicOrPartitionError

from gateways.kafka_store.config import KafkaStoreConfig
from gateways.kafka_store.errors import BrokerUnavailableError

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class TopicSpec:
    """A topic the store needs: compacted (snapshots, tracking) or an append-only log (events)."""

    name: str
    compacted: bool

    def configs(self, config: KafkaStoreConfig) -> dict[str, str]:
        policy = (
            {"cleanup.policy": "compact"}
            if self.compacted
            else {
                "cleanup.policy": "delete",
                "retention.ms": "-1",
                "retention.bytes": "-1",
            }
        )
        return {
            **policy,
            "min.insync.replicas": str(config.min_insync_replicas),
            "max.message.bytes": str(config.max_message_bytes),
        }


def connect_admin(config: KafkaStoreConfig) -> KafkaAdminClient:
    """An admin client, or BrokerUnavailableError naming the servers within connect_timeout."""
    timeout_ms = int(config.connect_timeout * 1000)
    try:
        admin = KafkaAdminClient(
            **config.client_settings(),
            request_timeout_ms=timeout_ms,
            client_id=f"{config.transactional_id}.admin",
        )
        admin.list_topics()
    except KafkaError as error:
        raise BrokerUnavailableError(
            f"Kafka brokers at {config.bootstrap_servers} (KAFKA_BOOTSTRAP_SERVERS) did not "
            f"answer within {config.connect_timeout:g}s: {error}"
        ) from error
    return admin


def ensure_topics(
    admin: KafkaAdminClient, config: KafkaStoreConfig, specs: Iterable[TopicSpec]
) -> None:
    """Create the single-partition topics that do not exist yet; existing ones are left alone."""
    existing = set(admin.list_topics())
    missing = [spec for spec in specs if spec.name not in existing]
    for spec in missing:
        topic = NewTopic(
            spec.name,
            num_partitions=1,
            replication_factor=config.replication_factor,
            topic_configs=spec.configs(config),
        )
        try:
            admin.create_topics([topic])
        except TopicAlreadyExistsError:
            continue
        log.info("kafka_topic_created", topic=spec.name, compacted=spec.compacted)


def delete_topics(admin: KafkaAdminClient, names: Iterable[str]) -> None:
    """Delete topics that exist (tests and tooling; the store itself never deletes)."""
    existing = set(admin.list_topics())
    doomed = [name for name in names if name in existing]
    if not doomed:
        return
    with contextlib.suppress(UnknownTopicOrPartitionError):
        admin.delete_topics(doomed)
