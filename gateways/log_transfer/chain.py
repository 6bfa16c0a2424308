"""Recomputing a source store's hash chain over exported events, one at a time. Pure.

The SQLite store hashes the event's facts (``gateways.stores.sqlite.chain.event_hash``); the
Kafka store hashes the record's key, value and headers (``records.chain_hash``). Both chain
from 64 zeros and number the events densely from 1.
"""

from __future__ import annotations

from gateways.log_transfer.lines import ExportedEvent
from gateways.stores.kafka.records import GENESIS_HASH, chain_hash
from gateways.stores.sqlite.chain import event_hash


class BrokenChain(ValueError):
    """An event's hash or place in the log is not what its source store recorded."""

    def __init__(self, notification_id: int, reason: str) -> None:
        super().__init__(f"event {notification_id}: {reason}")
        self.notification_id = notification_id
        self.reason = reason


class ChainWalk:
    """Walks a chain of one store kind, event after event; ``head`` is the last good hash."""

    def __init__(self, store: str) -> None:
        if store not in ("sqlite", "kafka"):
            raise ValueError(f"no chain is known for the {store!r} store")
        self.store = store
        self.head = GENESIS_HASH
        self.events = 0

    def check(self, event: ExportedEvent) -> None:
        """Accept the next event, or raise BrokenChain naming it."""
        expected = self.events + 1
        if event.notification_id != expected:
            raise BrokenChain(
                event.notification_id, f"out of sequence (expected event {expected})"
            )
        if dict(event.headers).get("notification_id", str(expected)) != str(expected):
            raise BrokenChain(expected, "its notification_id header is not its place")
        computed = self.hash_of(event)
        if event.hash != computed:
            raise BrokenChain(expected, "hash does not match (altered, removed or reordered)")
        self.head, self.events = computed, expected

    def hash_of(self, event: ExportedEvent) -> str:
        """The hash the source store computes for this event after the current head."""
        if self.store == "sqlite":
            return event_hash(self.head, event.notification_id, event.stored_event())
        headers = [(name, raw.encode("utf-8")) for name, raw in event.headers]
        return chain_hash(self.head, event.key.encode("utf-8"), event.value, headers)
