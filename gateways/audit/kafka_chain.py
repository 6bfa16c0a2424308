"""Walking the Kafka events topic's chain (``gateways.stores.kafka.chain``), streaming.

The records are fed to the store's own ``check_chain`` as they are consumed, so the walk
holds one record at a time; the record it stops at is named by offset, notification id,
aggregate, version and event type.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any

import structlog

from gateways.audit.logic.verdict import AlteredEvent, ChainVerdict
from gateways.stores.kafka.chain import check_chain
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import BrokerUnavailableError
from gateways.stores.kafka.protocol.log_reader import committed_consumer
from gateways.stores.kafka.records import (
    EVENT_TYPE,
    HASH,
    NOTIFICATION_ID,
    ORIGINATOR_VERSION,
)

log = structlog.get_logger(__name__)

REASONS = {
    "hash does not match": (
        "its content or its place in the log is not what was recorded (hash does not match)"
    ),
    "notification id out of sequence": (
        "it is out of sequence: the event before it is missing, or the order was changed"
    ),
}


def verify_kafka(
    config: KafkaStoreConfig, topic: str | None = None, anchor_id: int | None = None
) -> ChainVerdict:
    """Check the chain of ``topic`` (default: the application's events topic).

    The verdict carries the hash at ``anchor_id`` (when given and verified).
    """
    name = topic or config.events_topic
    last: list[Any] = [None]
    anchor: dict[str, bytes] = {}
    records = _records(config, name, last, anchor_id, anchor)
    try:
        check = check_chain(records)
    finally:
        records.close()
    altered = None
    if not check.ok:
        altered = _altered(last[0], check.records + 1, check.reason or "")
    anchor_hash = anchor[HASH].decode() if HASH in anchor and altered is None else None
    verdict = ChainVerdict("kafka", name, check.records, check.last_hash, altered, anchor_hash)
    log.info("audit_chain_verified", store="kafka", topic=name, ok=verdict.ok, events=check.records)
    return verdict


def _records(
    config: KafkaStoreConfig, topic: str, last: list[Any], anchor_id: int | None,
    anchor: dict[str, bytes],
) -> Generator[Any, None, None]:
    """The topic's committed records from offset 0 to its end when the walk starts."""
    consumer, partition = committed_consumer(config, topic, 0)
    stall = max(config.write_timeout, config.connect_timeout) * 3
    try:
        timeout_ms = int(config.connect_timeout * 1000)
        end = consumer.end_offsets([partition], timeout_ms=timeout_ms)[partition]
        deadline = time.monotonic() + stall
        while consumer.position(partition) < end:
            if time.monotonic() > deadline:
                raise BrokerUnavailableError(f"reading {topic} stalled before offset {end}")
            for batch in consumer.poll(timeout_ms=500).values():
                deadline = time.monotonic() + stall
                for record in batch:
                    last[0] = record
                    if anchor_id is not None and not anchor:
                        _note_anchor(record, anchor_id, anchor)
                    yield record
    finally:
        consumer.close()


def _note_anchor(record: Any, anchor_id: int, anchor: dict[str, bytes]) -> None:
    headers = dict(record.headers or [])
    if headers.get(NOTIFICATION_ID) == str(anchor_id).encode() and HASH in headers:
        anchor.update(headers)


def _altered(record: Any, expected: int, reason: str) -> AlteredEvent:
    headers = {name: raw.decode(errors="replace") for name, raw in record.headers or []}
    claimed = headers.get(NOTIFICATION_ID)
    version = headers.get(ORIGINATOR_VERSION)
    return AlteredEvent(
        position=record.offset,
        notification_id=int(claimed) if claimed and claimed.isdigit() else None,
        expected_notification_id=expected,
        aggregate_id=record.key.decode(errors="replace") if record.key else None,
        version=int(version) if version and version.isdigit() else None,
        event_type=headers.get(EVENT_TYPE),
        reason=REASONS.get(reason, reason),
    )
