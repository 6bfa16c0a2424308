"""The SQLite chain hash is the Kafka store's chain hash over the same facts."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.employees import Employee
from gateways.stores.sqlite.chain import GENESIS_HASH, event_hash

EVENT = StoredEvent(UUID(int=1), 3, get_topic(Employee.Left), b'{"reason":"voluntary"}')


def test_changes_when_the_state_changes() -> None:
    forged = StoredEvent(EVENT.originator_id, 3, EVENT.topic, b'{"reason":"involuntary"}')
    assert event_hash(GENESIS_HASH, 1, EVENT) != event_hash(GENESIS_HASH, 1, forged)


def test_changes_when_the_position_changes() -> None:
    assert event_hash(GENESIS_HASH, 1, EVENT) != event_hash(GENESIS_HASH, 2, EVENT)


def test_changes_when_the_previous_hash_changes() -> None:
    assert event_hash(GENESIS_HASH, 1, EVENT) != event_hash("1" * 64, 1, EVENT)

