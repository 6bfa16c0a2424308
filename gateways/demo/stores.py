"""Where a demo run writes: a fresh SQLite file, or fresh Kafka topics, and a fresh DuckDB file."""

from __future__ import annotations

import time
from pathlib import Path

from gateways.settings import ConfigurationError, Settings


def fresh_settings(settings: Settings, fresh: bool) -> Settings:
    """Settings for a run that starts from an empty event log and an empty read side.

    SQLite: the files are deleted. Kafka: topics cannot be emptied, so the run gets its own
    topic prefix. The in-memory store cannot be read by the projector, so it is refused.
    """
    location = settings.store_location
    if location.kind == "memory":
        raise ConfigurationError(
            "MENTORING_STORE=memory:// cannot run the demo (the projector needs a store it can "
            "read): use sqlite:///path.db or kafka://host:port"
        )
    settings.duckdb.parent.mkdir(parents=True, exist_ok=True)
    if not fresh:
        return settings
    _remove(settings.duckdb, settings.duckdb.with_name(settings.duckdb.name + ".wal"))
    if location.kind == "sqlite":
        events = Path(location.target)
        events.parent.mkdir(parents=True, exist_ok=True)
        _remove(events, *(events.with_name(events.name + s) for s in ("-wal", "-shm")))
        return settings
    prefix = f"{settings.kafka_topic_prefix}-demo-{int(time.time())}"
    return settings.model_copy(update={"kafka_topic_prefix": prefix})


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
