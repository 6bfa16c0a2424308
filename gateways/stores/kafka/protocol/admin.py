"""Connecting to the brokers within a bounded time, and creating the store's topics."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

import structlog
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import (
    AuthorizationError,
    KafkaError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import BrokerUnavailableError, KafkaAuthorisationError

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
    """An admin client, or BrokerUnavailableError naming the servers within connect_timeout.

    With TLS or SASL the brokers are first probed over the store's own transport, which fails
    at once with one line naming the cause (KafkaTlsError, KafkaAuthenticationError) where
    kafka-python's admin client would retry until its bootstrap timeout.
    """
    if config.security.protocol != "PLAINTEXT":
        probe_brokers(config)
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


def probe_brokers(config: KafkaStoreConfig) -> None:
    """Connect and authenticate to a bootstrap server, then hang up (raises why it could not)."""
    from gateways.stores.kafka.protocol.cluster import Cluster

    cluster = Cluster(config)
    try:
        cluster.bootstrap()
    finally:
        cluster.close()


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
        except AuthorizationError as error:
            raise KafkaAuthorisationError(
                f"{config.security.principal} is not authorised to create topic {spec.name} "
                f"({type(error).__name__}); create it with an admin principal"
            ) from None
        log.info("kafka_topic_created", topic=spec.name, compacted=spec.compacted)


def delete_topics(admin: KafkaAdminClient, names: Iterable[str]) -> None:
    """Delete topics that exist (tests and tooling; the store itself never deletes)."""
    existing = set(admin.list_topics())
    doomed = [name for name in names if name in existing]
    if not doomed:
        return
    with contextlib.suppress(UnknownTopicOrPartitionError):
        admin.delete_topics(doomed)
