"""Which key store goes with which event store (MENTORING_KEY_STORE), as a mapper topic.

``MENTORING_KEY_STORE``:

* unset: the default for the event store: a SQLite log ``events.db`` keeps its keys in
  ``events.keys.db`` beside it; a Kafka log in the compacted topic ``{prefix}.mentoring.keys``
  on the same brokers; the in-memory log in memory;
* ``sqlite:///path/keys.db``: that file (any event store);
* ``kafka``: the compacted topic on the event store's brokers;
* ``none``: no sealing (events are written with their private fields in clear, as before
  erasure existed; an erasure then cannot shred anything: for tests and migrations only).
"""

from __future__ import annotations

from pathlib import Path

from gateways.erasure.keys import CachedKeys, KeyStore, MemoryKeyStore
from gateways.erasure.mapper import mapper_topic
from gateways.settings import ConfigurationError, Settings


def key_store_spec(settings: Settings) -> str | None:
    """The key store the settings name, spelled out ("sqlite:///...", "kafka://...",
    "memory"); None when sealing is off."""
    chosen = settings.key_store.strip()
    location = settings.store_location
    if chosen.lower() == "none":
        if settings.environment == "production":
            raise ConfigurationError(
                "MENTORING_KEY_STORE=none: private texts would be written in clear and could "
                "never be erased; unset it (or name a store) in production"
            )
        return None
    if chosen.startswith("sqlite:///"):
        return chosen
    if chosen not in ("", "kafka"):
        raise ConfigurationError(
            f"MENTORING_KEY_STORE={chosen!r}: use sqlite:///<path>, kafka or none"
        )
    if chosen == "kafka" or location.kind == "kafka":
        if location.kind != "kafka":
            raise ConfigurationError("MENTORING_KEY_STORE=kafka needs a kafka:// MENTORING_STORE")
        return f"kafka://{location.target}/{settings.kafka_topic_prefix}.mentoring.keys"
    if location.kind == "sqlite" and location.target != ":memory:":
        events = Path(location.target)
        return f"sqlite:///{events.with_name(events.stem + '.keys' + events.suffix)}"
    return "memory"


def erasure_env(settings: Settings) -> dict[str, str]:
    """``MAPPER_TOPIC`` of the mapper sealing under the configured key store ({} if none)."""
    spec = key_store_spec(settings)
    if spec is None:
        return {}
    return {"MAPPER_TOPIC": mapper_topic(spec, lambda: CachedKeys(open_key_store(spec, settings)))}


def open_key_store(spec: str, settings: Settings) -> KeyStore:
    """The key store ``spec`` names (it connects on first use)."""
    if spec.startswith("sqlite:///"):
        from gateways.erasure.sqlite_keys import SqliteKeyStore

        return SqliteKeyStore(spec.removeprefix("sqlite:///"))
    if spec.startswith("kafka://"):
        from gateways.erasure.kafka_keys import KafkaKeyStore, KeyTopic

        bootstrap, _, topic = spec.removeprefix("kafka://").partition("/")
        where = KeyTopic(
            bootstrap, topic, settings.kafka_replication_factor,
            settings.kafka_min_insync_replicas,
            max_compaction_lag_ms=settings.key_store_max_compaction_lag_ms,
        )
        return KafkaKeyStore(where, settings.kafka_client_options)
    return MemoryKeyStore()
