"""``audit verify``: walk the configured store's hash chain, whichever store it is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventsourcing.application import Application
from eventsourcing.utils import Environment

from gateways.audit.kafka_chain import verify_kafka
from gateways.audit.logic.verdict import Anchor, ChainVerdict
from gateways.audit.sqlite_chain import verify_sqlite
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.protocol.admin import connect_admin
from gateways.stores.kafka.recorders import KafkaApplicationRecorder
from gateways.stores.sqlite.recorders import ChainedSQLiteApplicationRecorder


class StoreKeepsNoChain(TypeError):
    """The configured store records no hash chain (e.g. the in-memory store)."""


def verify_store(
    app: Application[Any], topic: str | None = None, anchor: Anchor | None = None
) -> ChainVerdict:
    """Verify the chain of ``app``'s event log (``topic`` overrides the Kafka events topic).

    With an ``anchor`` noted at an earlier audit, also check the chain still passes through it.
    """
    anchor_id = anchor.notification_id if anchor else None
    recorder = app.recorder
    if isinstance(recorder, ChainedSQLiteApplicationRecorder):
        verdict = verify_sqlite(recorder, anchor_id)
    elif isinstance(recorder, KafkaApplicationRecorder):
        config = KafkaStoreConfig.from_env(app.factory.env)
        verdict = verify_kafka(config, topic, anchor_id)
    else:
        raise StoreKeepsNoChain(
            f"the {type(recorder).__name__} store keeps no hash chain: use"
            " PERSISTENCE_MODULE=gateways.stores.sqlite or gateways.stores.kafka"
        )
    return verdict.against(anchor) if anchor else verdict


def verify_kafka_log(
    env: Mapping[str, str], app_name: str, topic: str | None = None, anchor: Anchor | None = None
) -> ChainVerdict:
    """Verify a Kafka events topic from the store's settings alone, without opening the store.

    Opening the store indexes the log, which refuses a forged or malformed record; the auditor
    must read past nothing and name that record instead.
    """
    config = KafkaStoreConfig.from_env(Environment(app_name, dict(env)))
    name = topic or config.events_topic
    admin = connect_admin(config)  # unreachable brokers: BrokerUnavailableError, one line
    try:
        if name not in admin.list_topics():
            raise StoreKeepsNoChain(
                f"there is no topic {name} at {config.bootstrap_servers}: nothing was recorded"
                " there (check MENTORING_KAFKA_TOPIC_PREFIX, or --topic)"
            )
    finally:
        admin.close()
    verdict = verify_kafka(config, name, anchor.notification_id if anchor else None)
    return verdict.against(anchor) if anchor else verdict
