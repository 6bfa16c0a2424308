"""The SQLite chain hash: the Kafka store's ``chain_hash`` over the same fields.

A Kafka event record hashes its key (the originator id), its value (the stored state) and its
headers. A SQLite row has no headers, so the hash covers the same facts as if they were:
``event_type`` (the stored topic), ``originator_version`` and ``notification_id``. The first
event chains from ``GENESIS_HASH`` (64 zeros), as on Kafka.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import StoredEvent

from gateways.stores.kafka.records import (
    EVENT_TYPE,
    GENESIS_HASH,
    NOTIFICATION_ID,
    ORIGINATOR_VERSION,
    chain_hash,
)

CHAIN_TABLE = "event_chain"

__all__ = ["CHAIN_TABLE", "GENESIS_HASH", "event_hash"]


def event_hash(previous_hash: str, notification_id: int, event: StoredEvent) -> str:
    """Hex SHA-256 chaining ``event`` (stored at ``notification_id``) to ``previous_hash``."""
    return chain_hash(
        previous_hash,
        _originator_key(event.originator_id),
        bytes(event.state),
        [
            (EVENT_TYPE, event.topic.encode()),
            (ORIGINATOR_VERSION, str(event.originator_version).encode()),
            (NOTIFICATION_ID, str(notification_id).encode()),
        ],
    )


def _originator_key(originator_id: UUID | str) -> bytes:
    """The originator id as the Kafka record key spells it (canonical UUID text)."""
    return str(originator_id).encode()
