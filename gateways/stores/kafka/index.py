"""The local index of one topic: what the log holds, so reads never scan Kafka.

Pure in-memory logic (no I/O): the store rebuilds it from the log on start and appends to it
after each committed transaction. Kafka stays the source of truth.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from threading import RLock
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Notification, StoredEvent

from gateways.stores.kafka.event_columns import EventColumns, Interned
from gateways.stores.kafka.notification_columns import NotificationColumns
from gateways.stores.kafka.originator_ids import OriginatorIds
from gateways.stores.kafka.originator_lookup import OriginatorLookup
from gateways.stores.kafka.records import GENESIS_HASH


@dataclass
class Staged:
    """Versions accepted but not yet in the index (sent, not committed)."""

    last_versions: dict[str, int] = field(default_factory=dict)
    taken: set[tuple[str, int]] = field(default_factory=set)


class EventIndex:
    """Events by notification id (column by column) and, once asked, by originator, for one topic.

    With ``contiguous`` (event logs) a new event must be the next version of its originator;
    without it (snapshots) versions need only be unique. Notification ids are positions + 1.

    Events are kept in parallel lists (originator id, version, type, state, offset): reading a
    log appends to them in bulk and ``select_notifications`` slices them. The per-originator
    lookups that only a writer and ``select_events`` need are built on first use and then kept
    current, so a process that only reads notifications never pays for them.
    """

    def __init__(self, *, contiguous: bool) -> None:
        self.contiguous = contiguous
        self.lock = RLock()
        self.last_hash = GENESIS_HASH
        self.next_offset = 0
        self.interned = Interned()
        self._originator_ids: list[str] = []  # as text: see OriginatorIds
        self._versions: list[int] = []
        self._topics: list[str] = []
        self._states: list[bytes] = []
        self._offsets: list[int] = []
        self._by_originator = OriginatorLookup()
        self._ids = OriginatorIds()

    def check(
        self, events: Sequence[StoredEvent], staged: Staged, oids: Sequence[str] | None = None
    ) -> None:
        """Raise IntegrityError if any event's version is taken or is not its originator's next.

        ``oids``: the events' originator ids as text, if the caller has them already.
        """
        last: dict[str, int] = {}  # of this batch's earlier events
        seen: set[tuple[str, int]] = set()
        staged_last = staged.last_versions
        with self.lock:
            lookup = self._lookup()
            for event, oid in zip(events, oids or _texts(events), strict=True):
                key = (oid, event.originator_version)
                if key in lookup.positions or key in staged.taken or key in seen:
                    raise IntegrityError(
                        f"version {event.originator_version} of {oid} is already recorded"
                    )
                seen.add(key)
                previous = last.get(oid)
                if previous is None:
                    previous = staged_last.get(oid)
                    if previous is None:
                        previous = lookup.last_version(oid)
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

    def stage(
        self, events: Sequence[StoredEvent], staged: Staged, oids: Sequence[str] | None = None
    ) -> None:
        """Remember checked events so later requests in the same group see them."""
        for event, oid in zip(events, oids or _texts(events), strict=True):
            staged.taken.add((oid, event.originator_version))
            staged.last_versions[oid] = event.originator_version

    def append(
        self,
        events: Iterable[tuple[StoredEvent, int]],
        *,
        next_offset: int,
        last_hash: str | None,
        oids: Sequence[str] | None = None,
    ) -> None:
        """Add committed events (with their offsets) in log order."""
        with self.lock:
            if oids is not None:
                self._originator_ids.extend(oids)
            for event, offset in events:
                if oids is None:
                    self._originator_ids.append(str(event.originator_id))
                self._versions.append(event.originator_version)
                self._topics.append(event.topic)
                self._states.append(event.state)
                self._offsets.append(offset)
            self.next_offset = max(self.next_offset, next_offset)
            if last_hash is not None:
                self.last_hash = last_hash

    def extend(self, columns: EventColumns, *, next_offset: int) -> None:
        """Add events read from the log (already checked, in log order), column by column."""
        with self.lock:
            self._originator_ids.extend(columns.originator_ids)
            self._versions.extend(columns.versions)
            self._topics.extend(columns.topics)
            self._states.extend(columns.states)
            self._offsets.extend(columns.offsets)
            self.next_offset = max(self.next_offset, next_offset)
            if columns.last_hash is not None:
                self.last_hash = columns.last_hash

    def positions_of(
        self, events: Sequence[StoredEvent], oids: Sequence[str] | None = None
    ) -> list[int] | None:
        """The positions of the events if every one is in the index as given (same topic
        and state), else None: whether a transaction whose commit went unanswered committed."""
        with self.lock:
            lookup = self._lookup()
            positions = []
            for event, oid in zip(events, oids or _texts(events), strict=True):
                position = lookup.positions.get((oid, event.originator_version))
                if position is None or (self._topics[position], self._states[position]) != (
                    event.topic,
                    event.state,
                ):
                    return None
                positions.append(position)
            return positions

    def max_notification_id(self) -> int | None:
        return len(self._offsets) or None

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
            lookup = self._lookup()
            versions = lookup.versions.get(oid, [])
            low = bisect.bisect_right(versions, gt) if gt is not None else 0
            high = bisect.bisect_right(versions, lte) if lte is not None else len(versions)
            chosen = versions[low:high]
            if desc:
                chosen = chosen[::-1]
            if limit is not None:
                chosen = chosen[:limit]
            positions = [lookup.positions[(oid, v)] for v in chosen]
            originator_ids = self._ids.of([self._originator_ids[p] for p in positions])
            return [
                StoredEvent(
                    originator_id=identity,
                    originator_version=self._versions[p],
                    topic=self._topics[p],
                    state=self._states[p],
                )
                for identity, p in zip(originator_ids, positions, strict=True)
            ]

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        columns = self.select_columns(
            start, limit, stop, topics, inclusive_of_start=inclusive_of_start
        )
        return columns.notifications(self._ids.of(columns.originator_ids))

    def select_columns(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> NotificationColumns:
        """What ``select_notifications`` selects, as parallel lists (no object per event).

        Originator ids are the record keys' text (canonical UUID text for UUIDs).
        """
        first = 1 if start is None else (start if inclusive_of_start else start + 1)
        low = max(first, 1) - 1
        with self.lock:
            count = len(self._offsets)
            high = count if stop is None else max(min(stop, count), low)
            if not topics:
                high = min(high, low + max(limit, 0))
                return NotificationColumns(
                    list(range(low + 1, high + 1)),
                    self._originator_ids[low:high],
                    self._versions[low:high],
                    self._topics[low:high],
                    self._states[low:high],
                )
            wanted = set(topics)
            event_types = self._topics
            positions = [p for p in range(low, high) if event_types[p] in wanted][: max(limit, 0)]
            return NotificationColumns(
                [p + 1 for p in positions],
                [self._originator_ids[p] for p in positions],
                [self._versions[p] for p in positions],
                [event_types[p] for p in positions],
                [self._states[p] for p in positions],
            )

    def _lookup(self) -> OriginatorLookup:
        """The per-originator lookup, brought up to date with the columns (call under the lock)."""
        self._by_originator.catch_up(self._originator_ids, self._versions)
        return self._by_originator


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


def _texts(events: Sequence[StoredEvent]) -> list[str]:
    return [str(event.originator_id) for event in events]
