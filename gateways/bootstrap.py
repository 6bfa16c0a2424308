"""The composition root: the one place that turns Settings into wired, connected objects.

Nothing here runs at import time; callers ask for what they need.
"""

from __future__ import annotations

from gateways.settings import Settings, StoreLocation

KAFKA_PERSISTENCE_MODULE = "gateways.kafka_store"


def persistence_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment (PERSISTENCE_MODULE and friends) for the configured store."""
    return store_env(settings.store_location, settings)


def store_env(location: StoreLocation, settings: Settings) -> dict[str, str]:
    """Map a store location to the eventsourcing persistence settings it needs."""
    if location.kind == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if location.kind == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": location.target,
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    return {
        "PERSISTENCE_MODULE": KAFKA_PERSISTENCE_MODULE,
        "KAFKA_BOOTSTRAP_SERVERS": location.target,
        "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
        "KAFKA_REPLICATION_FACTOR": str(settings.kafka_replication_factor),
        "KAFKA_MIN_INSYNC_REPLICAS": str(settings.kafka_min_insync_replicas),
    }
