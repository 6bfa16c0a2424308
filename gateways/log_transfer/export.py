"""``mentoring log export``: the whole event log, as JSON lines, its source chain verified.

The file is written next to its destination and renamed into place only when every event was
read and its chain verified, so a failed export never leaves a plausible-looking file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import structlog
from eventsourcing.application import Application
from kafka import KafkaConsumer

from gateways.log_transfer.chain import ChainWalk
from gateways.log_transfer.lines import ExportedEvent, ExportedPosition, ExportEnd, ExportHeader
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.protocol.log_reader import read_to_end
from gateways.stores.kafka.recorders import KafkaApplicationRecorder
from gateways.stores.kafka.records import decode_tracking
from gateways.stores.sqlite.recorders import ChainedSQLiteApplicationRecorder

log = structlog.get_logger(__name__)

BATCH = 1000
SQLITE_MIGRATION_ROW = "__migration__"  # eventsourcing's own row in the tracking table


class UnsupportedStore(TypeError):
    """The store keeps no hash chain, so there is nothing verifiable to export or import."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    store: str
    events: int
    head_hash: str
    positions: int = 0


def store_kind(app: Application[Any]) -> str:
    """``sqlite`` or ``kafka``: the hash-chained store the application records in."""
    if isinstance(app.recorder, ChainedSQLiteApplicationRecorder):
        return "sqlite"
    if isinstance(app.recorder, KafkaApplicationRecorder):
        return "kafka"
    raise UnsupportedStore(
        f"the {type(app.recorder).__name__} store keeps no hash chain: export and import need"
        " gateways.stores.sqlite or gateways.stores.kafka"
    )


def export_log(app: Application[Any], path: Path) -> ExportSummary:
    """Write ``app``'s whole event log to ``path``; BrokenChain if the source chain is broken.

    Events are written as they are read (one at a time from Kafka, in pages from SQLite).
    """
    store = store_kind(app)
    walk = ChainWalk(store)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            header = ExportHeader(app.name, store, datetime.now(UTC).isoformat())
            _write(out, header.to_json())

            def emit(event: ExportedEvent) -> None:
                walk.check(event)
                _write(out, event.to_json())

            _read(app, store, emit)
            positions = _positions(app, store)
            for position in positions:
                _write(out, position.to_json())
            _write(out, ExportEnd(walk.events, walk.head, len(positions)).to_json())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    log.info("log_exported", store=store, events=walk.events, positions=len(positions),
             path=str(path))
    return ExportSummary(store, walk.events, walk.head, len(positions))


def _write(out: TextIO, line: str) -> None:
    out.write(line)
    out.write("\n")


def _read(app: Application[Any], store: str, emit: Callable[[ExportedEvent], None]) -> None:
    if store == "sqlite":
        recorder = app.recorder
        assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
        for event in sqlite_events(recorder):
            emit(event)
    else:
        config = KafkaStoreConfig.from_env(app.factory.env)
        read_to_end(config, config.events_topic, 0, lambda record: emit(kafka_event(record)))


def _positions(app: Application[Any], store: str) -> list[ExportedPosition]:
    if store == "sqlite":
        recorder = app.recorder
        assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
        return sqlite_positions(recorder)
    return kafka_positions(KafkaStoreConfig.from_env(app.factory.env))


def sqlite_positions(recorder: ChainedSQLiteApplicationRecorder) -> list[ExportedPosition]:
    """The highest position per upstream in the ``tracking`` table (none if it has none)."""
    with recorder.datastore.transaction(commit=False) as c:
        c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'tracking'")
        if c.fetchone() is None:
            return []
        c.execute(
            "SELECT application_name, MAX(notification_id) AS position FROM tracking"
            " WHERE application_name != ? GROUP BY application_name ORDER BY application_name",
            (SQLITE_MIGRATION_ROW,),
        )
        rows = c.fetchall()
    return [ExportedPosition(str(row[0]), int(row[1])) for row in rows]


def kafka_positions(config: KafkaStoreConfig) -> list[ExportedPosition]:
    """The highest position per upstream in the compacted tracking topic (none if absent)."""
    highest: dict[str, int] = {}

    def handle(record: Any) -> None:
        tracking = decode_tracking(record)
        previous = highest.get(tracking.application_name, 0)
        highest[tracking.application_name] = max(previous, tracking.notification_id)

    if not topic_exists(config, config.tracking_topic):
        return []
    read_to_end(config, config.tracking_topic, 0, handle)
    return [ExportedPosition(name, highest[name]) for name in sorted(highest)]


def topic_exists(config: KafkaStoreConfig, topic: str) -> bool:
    """Whether the brokers know the topic (the tracking topic exists once a consumer wrote)."""
    consumer = KafkaConsumer(**config.client_settings(), group_id=None,
                             request_timeout_ms=max(int(config.connect_timeout * 1000), 5000))
    try:
        return topic in consumer.topics()
    finally:
        consumer.close()


def sqlite_events(recorder: ChainedSQLiteApplicationRecorder) -> Iterator[ExportedEvent]:
    """Every event of the SQLite log with its chain hash, in notification order."""
    select = (
        f"SELECT e.rowid AS notification_id, e.originator_id, e.originator_version, e.topic,"
        f" e.state, c.hash FROM {recorder.events_table_name} e LEFT JOIN"
        f" {recorder.chain_table_name} c ON c.notification_id = e.rowid"
        " WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?"
    )
    after = 0
    while True:
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(select, (after, BATCH))
            rows = c.fetchall()
        for row in rows:
            notification_id = int(row["notification_id"])
            headers = [
                ("event_type", str(row["topic"])),
                ("originator_version", str(row["originator_version"])),
                ("notification_id", str(notification_id)),
            ]
            if row["hash"] is not None:
                headers.append(("hash", str(row["hash"])))
            key = str(recorder.convert_originator_id(row["originator_id"]))
            state = row["state"]
            value = state.encode() if isinstance(state, str) else bytes(state)
            yield ExportedEvent(notification_id, key, value, tuple(headers))
            after = notification_id
        if len(rows) < BATCH:
            return


def kafka_event(record: Any) -> ExportedEvent:
    """One record of the Kafka events topic, with all its headers in their order."""
    headers = tuple((name, raw.decode("utf-8")) for name, raw in record.headers or [])
    claimed = dict(headers).get("notification_id", "")
    notification_id = int(claimed) if claimed.isdigit() else -1
    key = record.key.decode("utf-8") if record.key is not None else ""
    return ExportedEvent(notification_id, key, record.value or b"", headers)
