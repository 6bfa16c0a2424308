"""Checking the events topic's hash chain (tamper evidence; ``audit verify`` builds on this).

Every event record's ``hash`` header is the hex SHA-256 of the previous record's hash and
this record's key, value and other headers (see ``records.chain_hash``); the first record
chains from 64 zeros. Any edit, insertion, removal or reordering breaks the chain from
that record on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.protocol.log_reader import read_to_end
from gateways.stores.kafka.records import GENESIS_HASH, HASH, NOTIFICATION_ID, chain_hash


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking a chain: ok, or where and why it first breaks."""

    ok: bool
    records: int
    last_hash: str
    broken_at_offset: int | None = None
    reason: str | None = None


def check_chain(records: Iterable[Any]) -> ChainCheck:
    """Walk consumed records (in offset order) and recompute every hash."""
    previous, count = GENESIS_HASH, 0
    for record in records:
        headers = list(record.headers or [])
        found = dict(headers)
        expected_id = str(count + 1).encode()
        if found.get(NOTIFICATION_ID) != expected_id:
            reason = "notification id out of sequence"
            return ChainCheck(False, count, previous, record.offset, reason)
        computed = chain_hash(previous, record.key or b"", record.value or b"", headers)
        if found.get(HASH) != computed.encode():
            return ChainCheck(False, count, previous, record.offset, "hash does not match")
        previous, count = computed, count + 1
    return ChainCheck(True, count, previous)


def verify_topic_chain(config: KafkaStoreConfig, topic: str | None = None) -> ChainCheck:
    """Read the events topic (read_committed) from the start and check its chain."""
    records: list[Any] = []
    read_to_end(config, topic or config.events_topic, 0, records.append)
    return check_chain(records)
