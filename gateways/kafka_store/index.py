"""The local index of one topic: what the log holds, so reads never scan Kafka.

Pure in-memory logic (no I/O): the store rebuilds it from the log on start and appends to it
after each committed transaction. Kafka stays the source of truth.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from threading import RLock
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Notification, StoredEvent

from gateways.kafka_store.records import GENESIS_HASH


@dataclass
class Staged:
    """Versions accepted earlier in the same group commit, not yet in the index."""

    last_versions: dict[str, int] = field(default_factory=dict)
    taken: set[tuple[str, int]] = field(default_factory=set)
    count: int = 0


class EventIndex:
    """Events by originator and by notification id, for one topic.

    With ``contiguous`` (event logs) a new event must be the next version of its originator;
    without it (snapshots) versions need only be unique. Notification ids are positions + 1.
    """

    def __init__(self, *, contiguous: bool) -> None:
        self.contiguous = contiguous
        self.lock = RLock()
        self.last_hash = GENESIS_HASH
        self.next_offset = 0
        self._events: list[StoredEvent] = []
        self._offsets: list[int] = []
        self._versions: dict[str, list[int]] = defaultdict(list)
        self._by_version: dict[tuple[str, int], StoredEvent] = {}

    def check(self, events: Sequence[StoredEvent], staged: Staged) -> None:
        """Raise IntegrityError if any event's version is taken or is not its originator's next."""
        last = dict(staged.last_versions)
        seen: set[tuple[str, int]] = set()
        with self.lock:
            for event in events:
                oid = str(event.originator_id)
                key = (oid, event.originator_version)
                if key in self._by_version or key in staged.taken or key in seen:
                    raise IntegrityError(
                        f"version {event.originator_version} of {oid} is already recorded"
                    )
                seen.add(key)
                previous = last.get(oid, self._last_version(oid))
                if (
                    self.contiguous
                    and previous is not None
                    and event.originator_version != previous + 1
                ):
                    raise IntegrityError(
                        f"version {event.originator_version} of {oid} is not the next version "
                        f"(expected {previous + 1})"
                    )
                last[oid] = event.originator_version

    def stage(self, events: Sequence[StoredEvent], staged: Staged) -> None:
        """Remember checked events so later requests in the same group see them."""
        for event in events:
            oid = str(event.originator_id)
            staged.taken.add((oid, event.originator_version))
            staged.last_versions[oid] = event.originator_version
        staged.count += len(events)

    def append(
        self, events: Iterable[tuple[StoredEvent, int]], *, next_offset: int, last_hash: str | None
    ) -> None:
        """Add committed events (with their offsets) in log order."""
        with self.lock:
            for event, offset in events:
                oid = str(event.originator_id)
                self._events.append(event)
                self._offsets.append(offset)
                bisect.insort(self._versions[oid], event.originator_version)
                self._by_version[(oid, event.originator_version)] = event
            self.next_offset = max(self.next_offset, next_offset)
            if last_hash is not None:
                self.last_hash = last_hash

    def max_notification_id(self) -> int | None:
        return len(self._events) or None

    def offset_after(self, notification_id: int | None) -> int:
        """The offset to read from to see notifications after the given id."""
        with self.lock:
            position = notification_id or 0
            if position < len(self._offsets):
                return self._offsets[max(position, 0)]
            return self.next_offset

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        oid = str(originator_id)
        with self.lock:
            versions = self._versions.get(oid, [])
            low = bisect.bisect_right(versions, gt) if gt is not None else 0
            high = bisect.bisect_right(versions, lte) if lte is not None else len(versions)
            chosen = versions[low:high]
            if desc:
                chosen = chosen[::-1]
            if limit is not None:
                chosen = chosen[:limit]
            return [self._by_version[(oid, v)] for v in chosen]

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        first = 1 if start is None else (start if inclusive_of_start else start + 1)
        results: list[Notification] = []
        with self.lock:
            last = len(self._events) if stop is None else min(stop, len(self._events))
            for notification_id in range(max(first, 1), last + 1):
                event = self._events[notification_id - 1]
                if topics and event.topic not in topics:
                    continue
                results.append(_notification(event, notification_id))
                if len(results) >= limit:
                    break
        return results

    def _last_version(self, oid: str) -> int | None:
        versions = self._versions.get(oid)
        return versions[-1] if versions else None


def _notification(event: StoredEvent, notification_id: int) -> Notification:
    return Notification(
        id=notification_id,
        originator_id=event.originator_id,
        originator_version=event.originator_version,
        topic=event.topic,
        state=event.state,
    )


class TrackingIndex:
    """The highest recorded notification id per upstream application."""

    def __init__(self) -> None:
        self.lock = RLock()
        self.next_offset = 0
        self._max: dict[str, int] = {}

    def check(self, application_name: str, notification_id: int, staged: dict[str, int]) -> None:
        current = staged.get(application_name, self.max_tracking_id(application_name))
        if current is not None and notification_id <= current:
            raise IntegrityError(
                f"tracking {notification_id} of {application_name!r} is not greater than {current}"
            )

    def apply(self, application_name: str, notification_id: int) -> None:
        with self.lock:
            current = self._max.get(application_name)
            if current is None or notification_id > current:
                self._max[application_name] = notification_id

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.lock:
            return self._max.get(application_name)
