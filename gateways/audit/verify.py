"""``audit verify``: walk the configured store's hash chain, whichever store it is."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application

from gateways.audit.kafka_chain import verify_kafka
from gateways.audit.logic.verdict import Anchor, ChainVerdict
from gateways.audit.sqlite_chain import verify_sqlite
from gateways.stores.kafka.config import KafkaStoreConfig
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
