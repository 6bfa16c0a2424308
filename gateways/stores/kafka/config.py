"""The store's settings, read from the eventsourcing environment (as eventsourcing.sqlite does)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eventsourcing.utils import Environment, strtobool
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateways.stores.kafka.security import KafkaSecurity

BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS"
TOPIC_PREFIX = "KAFKA_TOPIC_PREFIX"
REPLICATION_FACTOR = "KAFKA_REPLICATION_FACTOR"
MIN_INSYNC_REPLICAS = "KAFKA_MIN_INSYNC_REPLICAS"
CONNECT_TIMEOUT = "KAFKA_CONNECT_TIMEOUT"
WRITE_TIMEOUT = "KAFKA_WRITE_TIMEOUT"
MAX_MESSAGE_BYTES = "KAFKA_MAX_MESSAGE_BYTES"
WRITER_PRODUCERS = "KAFKA_WRITER_PRODUCERS"
CREATE_TABLE = "CREATE_TABLE"
STATE_DIR = "KAFKA_STATE_DIR"
INDEX_CACHE_SIZE = "KAFKA_INDEX_CACHE_SIZE"
EVENT_CACHE_SIZE = "KAFKA_EVENT_CACHE_SIZE"

T = TypeVar("T", int, float)

_NOT_TOPIC_CHARS = re.compile(r"[^a-zA-Z0-9._-]")


class KafkaStateSettings(BaseSettings):
    """Where the local index lives and how much of it stays in memory (MENTORING_KAFKA_*).

    A store's eventsourcing environment may override each for one application
    (``KAFKA_STATE_DIR``, ``KAFKA_INDEX_CACHE_SIZE``, ``KAFKA_EVENT_CACHE_SIZE``).
    """

    model_config = SettingsConfigDict(env_prefix="MENTORING_KAFKA_", extra="ignore")

    state_dir: Path | None = Field(
        default=None,
        description="directory of the index checkpoints (SQLite); unset: a temporary directory "
        "per process, removed at close (no warm restart)",
    )
    index_cache_size: int = Field(
        default=100_000, ge=1, description="aggregates whose last version is kept in memory"
    )
    event_cache_size: int = Field(
        default=20_000, ge=1, description="event records (type and state) kept in memory"
    )


@dataclass(frozen=True)
class KafkaStoreConfig:
    """Where the application's topics live and how they are created and written."""

    bootstrap_servers: str
    topic_prefix: str = "mentoring"
    app_name: str = "app"
    replication_factor: int = 1
    min_insync_replicas: int = 1
    connect_timeout: float = 10.0
    write_timeout: float = 10.0
    max_message_bytes: int = 1_048_576
    writer_producers: int = 4
    create_topics: bool = True
    security: KafkaSecurity = field(default_factory=KafkaSecurity)
    state_dir: Path | None = None
    index_cache_size: int = 100_000
    event_cache_size: int = 20_000

    @classmethod
    def from_env(cls, env: Environment) -> KafkaStoreConfig:
        """Read the KAFKA_* variables; a missing bootstrap or a bad number raises OSError."""
        bootstrap = (env.get(BOOTSTRAP_SERVERS) or "").strip()
        if not bootstrap:
            keys = ", ".join(env.create_keys(BOOTSTRAP_SERVERS))
            raise OSError(f"Kafka bootstrap servers not found in environment with keys: {keys}")
        connect_timeout = _number(env, CONNECT_TIMEOUT, float, 10.0)
        try:
            state = KafkaStateSettings()
        except ValidationError as error:
            first = error.errors()[0]
            raise OSError(
                f"MENTORING_KAFKA_{str(first['loc'][0]).upper()}: {first['msg']}"
            ) from None
        state_dir = (env.get(STATE_DIR) or "").strip()
        return cls(
            bootstrap_servers=bootstrap,
            topic_prefix=_topic_part(env.get(TOPIC_PREFIX) or "mentoring"),
            app_name=_topic_part(env.name or "app"),
            replication_factor=_number(env, REPLICATION_FACTOR, int, 1),
            min_insync_replicas=_number(env, MIN_INSYNC_REPLICAS, int, 1),
            connect_timeout=connect_timeout,
            write_timeout=_number(env, WRITE_TIMEOUT, float, 10.0),
            max_message_bytes=_number(env, MAX_MESSAGE_BYTES, int, 1_048_576),
            writer_producers=_number(env, WRITER_PRODUCERS, int, 4),
            create_topics=bool(strtobool(env.get(CREATE_TABLE) or "yes")),
            security=KafkaSecurity.from_env(env, timeout=connect_timeout),
            state_dir=Path(state_dir) if state_dir else state.state_dir,
            index_cache_size=_number(env, INDEX_CACHE_SIZE, int, state.index_cache_size),
            event_cache_size=_number(env, EVENT_CACHE_SIZE, int, state.event_cache_size),
        )

    def topic(self, purpose: str) -> str:
        """`{prefix}.{app}.{purpose}`: events, snapshots, tracking (or another purpose)."""
        return f"{self.topic_prefix}.{self.app_name}.{_topic_part(purpose)}"

    @property
    def events_topic(self) -> str:
        return self.topic("events")

    @property
    def tracking_topic(self) -> str:
        return self.topic("tracking")

    def client_settings(self) -> dict[str, Any]:
        """Settings every kafka-python client of the store shares: bounded connects and backoff,
        TLS and SASL (``KafkaSecurity.client_kwargs``)."""
        return {
            "bootstrap_servers": self.bootstrap_servers,
            "bootstrap_timeout_ms": int(self.connect_timeout * 1000),
            "reconnect_backoff_max_ms": 1000,
            **self.security.client_kwargs(),
        }

    @property
    def transactional_id(self) -> str:
        """The writer owns all of the application's topics, so its id is derived from them."""
        return f"{self.topic_prefix}.{self.app_name}.writer"


def _topic_part(text: str) -> str:
    return _NOT_TOPIC_CHARS.sub("_", text.strip()) or "_"


def _number(env: Environment, key: str, kind: type[T], default: T) -> T:
    raw = (env.get(key) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise OSError(f"{key}={raw!r} is not a valid {kind.__name__}") from None
    if value <= 0:
        raise OSError(f"{key}={raw!r} must be positive")
    return value
