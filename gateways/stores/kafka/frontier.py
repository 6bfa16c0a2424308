"""What the writer sees of a log: the committed index plus the transactions still in flight.

While one transaction commits, the next one is planned: its versions are checked against both,
and its notification ids and hash chain continue from the last event sent, not the last one
committed. After a commit the events move from "in flight" to the index; after any failure the
writer re-reads the log and the frontier starts again from the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import StoredEvent

from gateways.stores.kafka.index import EventIndex, Staged


class Frontier:
    """One log's in-flight events, next notification id and last hash (guarded by the store)."""

    def __init__(self, index: EventIndex) -> None:
        self.index = index
        self.in_flight = Staged()
        self.next_id = 1
        self.last_hash = index.last_hash
        self.reset()

    def reset(self) -> None:
        """Start again from what the index holds (nothing in flight)."""
        self.in_flight = Staged()
        self.next_id = (self.index.max_notification_id() or 0) + 1
        self.last_hash = self.index.last_hash

    def settle(self, events: Sequence[StoredEvent], oids: Sequence[str]) -> None:
        """Forget committed events (now in the index) unless a later transaction supersedes them."""
        taken, last_versions = self.in_flight.taken, self.in_flight.last_versions
        for event, oid in zip(events, oids, strict=True):
            taken.discard((oid, event.originator_version))
            if last_versions.get(oid) == event.originator_version:
                del last_versions[oid]


class TrackingFrontier:
    """Tracking positions sent in transactions still in flight, per upstream application."""

    def __init__(self) -> None:
        self.in_flight: dict[str, int] = {}

    def reset(self) -> None:
        self.in_flight = {}

    def settle(self, application_name: str, notification_id: int) -> None:
        if self.in_flight.get(application_name) == notification_id:
            del self.in_flight[application_name]
