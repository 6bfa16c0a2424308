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

from gateways.log_transfer.chain import ChainWalk
from gateways.log_transfer.lines import ExportedEvent, ExportEnd, ExportHeader
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.protocol.log_reader import read_to_end
from gateways.stores.kafka.recorders import KafkaApplicationRecorder
from gateways.stores.sqlite.recorders import ChainedSQLiteApplicationRecorder

log = structlog.get_logger(__name__)

BATCH = 1000


class UnsupportedStore(TypeError):
    """The store keeps no hash chain, so there is nothing verifiable to export or import."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    store: str
    events: int
    head_hash: str


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
    """Write ``app``'s whole event log to ``path``; BrokenChain if the source chain is broken."""
    store = store_kind(app)
    walk = ChainWalk(store)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            header = ExportHeader(app.name, store, datetime.now(UTC).isoformat())
            _write(out, header.to_json())
            for event in _events(app, store):
                walk.check(event)
                _write(out, event.to_json())
            _write(out, ExportEnd(walk.events, walk.head).to_json())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    log.info("log_exported", store=store, events=walk.events, path=str(path))
    return ExportSummary(store, walk.events, walk.head)


def _write(out: TextIO, line: str) -> None:
    out.write(line)
    out.write("\n")


def _events(app: Application[Any], store: str) -> Iterator[ExportedEvent]:
    if store == "sqlite":
        recorder = app.recorder
        assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
        yield from sqlite_events(recorder)
    else:
        config = KafkaStoreConfig.from_env(app.factory.env)
        yield from kafka_events(config)


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


def kafka_events(config: KafkaStoreConfig) -> Iterator[ExportedEvent]:
    """Every record of the Kafka events topic (read_committed), with all its headers."""
    records: list[ExportedEvent] = []
    read_to_end(config, config.events_topic, 0, _collect(records))
    yield from records


def _collect(records: list[ExportedEvent]) -> Callable[[Any], None]:
    def handle(record: Any) -> None:
        headers = tuple((name, raw.decode("utf-8")) for name, raw in record.headers or [])
        claimed = dict(headers).get("notification_id", "")
        notification_id = int(claimed) if claimed.isdigit() else -1
        key = record.key.decode("utf-8") if record.key is not None else ""
        records.append(ExportedEvent(notification_id, key, record.value or b"", headers))

    return handle
