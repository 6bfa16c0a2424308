"""The parking lot: HRIS messages that arrived before the hire of the employee they concern.

It is an aggregate in the mentoring service's own log, so parking a message is an effect
recorded like any other: in the same transaction as the message's position.

Its stream grows with every message ever parked, but its state holds only the messages parked
now: it is snapshotted (``services/snapshots.py``, every MENTORING_SNAPSHOT_INTERVAL events),
so loading it reads the last snapshot and at most an interval of events, however long the
ingestion has run. Logs written before snapshots existed load the same (by full replay, until
the lot's next multiple of the interval writes its first snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.snapshots import snapshotted

NAMESPACE = UUID("2b7d0d8e-6c1f-4a59-9e1a-7f0c3d9b5a21")


@dataclass(frozen=True)
class ParkedMessage:
    """One parked message: its raw value, where it came from, why and when it was parked."""

    event_id: str
    employee_id: str
    value: str
    topic: str
    partition: int
    offset: int
    reason: str
    parked_at: float  # seconds since the epoch


@snapshotted
class ParkingLot(Aggregate):
    """The pending parked messages of one HRIS topic, in the order they were parked."""

    class Opened(Aggregate.Created):
        """The lot of a topic was opened (on its first parked message)."""

        topic: str

    class Parked(Aggregate.Event):
        """A message waits for its employee's hire."""

        event_id: str
        employee_id: str
        value: str
        partition: int
        offset: int
        reason: str
        parked_at: float

    class Released(Aggregate.Event):
        """A parked message was handled after all (applied, or dead-lettered as rejected)."""

        event_id: str
        outcome: str

    class Expired(Aggregate.Event):
        """A parked message waited too long and was dead-lettered."""

        event_id: str
        reason: str

    @staticmethod
    def create_id(topic: str) -> UUID:
        """The lot of a topic has a deterministic id."""
        return uuid5(NAMESPACE, f"hris-parking:{topic}")

    @event(Opened)
    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.pending: dict[str, ParkedMessage] = {}

    def holds(self, event_id: str) -> bool:
        """Whether a message with this event id is parked."""
        return event_id in self.pending

    def waiting_for(self, employee_id: str) -> list[ParkedMessage]:
        """The messages parked for an employee, oldest first."""
        return [m for m in self.pending.values() if m.employee_id == employee_id]

    def overdue(self, now: float, max_age: float) -> list[ParkedMessage]:
        """The messages parked longer than ``max_age`` seconds, oldest first."""
        return [m for m in self.pending.values() if now - m.parked_at > max_age]

    @event(Parked)
    def park(
        self,
        event_id: str,
        employee_id: str,
        value: str,
        partition: int,
        offset: int,
        reason: str,
        parked_at: float,
    ) -> None:
        """Keep a message until its employee is hired."""
        self.pending[event_id] = ParkedMessage(
            event_id, employee_id, value, self.topic, partition, offset, reason, parked_at
        )

    @event(Released)
    def release(self, event_id: str, outcome: str) -> None:
        """A parked message was handled."""
        self.pending.pop(event_id, None)

    @event(Expired)
    def expire(self, event_id: str, reason: str) -> None:
        """A parked message was dead-lettered after waiting too long."""
        self.pending.pop(event_id, None)
