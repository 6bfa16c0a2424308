"""The eventsourcing recorders: reads from the local index, writes by group commit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    Notification,
    ProcessRecorder,
    StoredEvent,
    Subscription,
    Tracking,
    TrackingRecorder,
)

from gateways.stores.kafka.notification_columns import NotificationColumns
from gateways.stores.kafka.originator_ids import OriginatorIds
from gateways.stores.kafka.plan import TopicLog, WriteRequest
from gateways.stores.kafka.store import KafkaStore
from gateways.stores.kafka.writer import ConsumerOffsets

TOPIC_SCAN = 10_000  # notifications read at a time when selecting some event types only


class KafkaAggregateRecorder(AggregateRecorder):
    """Events of one purpose ("events" log, or compacted "snapshots") keyed by originator id."""

    opens_index = True
    """Whether the index opens with the recorder (else at the first write or read by
    originator: see ``KafkaStreamingRecorder``)."""

    def __init__(self, store: KafkaStore, purpose: str = "events") -> None:
        self.store = store
        self.purpose = purpose
        self._log: TopicLog | None = None
        if self.opens_index:
            self._log = store.event_log(purpose)
        else:
            store.create_log(purpose)

    @property
    def log(self) -> TopicLog:
        """The topic with its index (opened now if this recorder has not opened it yet)."""
        if self._log is None:
            self._log = self.store.event_log(self.purpose)
        return self._log

    @property
    def topic(self) -> str:
        return self.store.config.topic(self.purpose)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        self._insert(stored_events, **kwargs)
        return None

    def select_events(self, originator_id: UUID | str, **query: Any) -> Sequence[StoredEvent]:
        """The index's ``select_events``: keyword-only ``gt``, ``lte``, ``desc`` and ``limit``."""
        return self.log.index.select_events(originator_id, **query)

    def _insert(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int] | None:
        tracking: Tracking | None = kwargs.get("tracking")
        offsets: ConsumerOffsets | None = kwargs.get("consumer_offsets")
        if not stored_events and tracking is None and offsets is None:
            return None
        request = WriteRequest(self.log, list(stored_events), tracking, offsets)
        return self.store.write(request)


class KafkaApplicationRecorder(KafkaAggregateRecorder, ApplicationRecorder):
    """The application's events topic: dense notification ids in the partition's order."""

    def __init__(self, store: KafkaStore) -> None:
        super().__init__(store, "events")

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return self._insert(stored_events, **kwargs)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        first = 1 if start is None else (start if inclusive_of_start else start + 1)
        columns = self._stream(first, limit, stop, topics)
        return columns.notifications(OriginatorIds().of(columns.originator_ids))

    def select_notification_columns(
        self, after: int | None, limit: int
    ) -> tuple[list[int], list[str], list[int], list[str], list[bytes]]:
        """Up to ``limit`` notifications with ids above ``after``, as columns (no objects).

        (ids, originator ids, originator versions, topics, states), parallel lists in id order:
        what ``select_notifications(after, limit, inclusive_of_start=False)`` returns, for
        readers that take the log in bulk (the projector).
        """
        columns = self._stream((after or 0) + 1, limit, None, ())
        return (
            columns.ids,
            columns.originator_ids,
            columns.originator_versions,
            columns.topics,
            columns.states,
        )

    def _stream(
        self, first: int, limit: int, stop: int | None, topics: Sequence[str]
    ) -> NotificationColumns:
        """Notifications from id ``first`` on, read from the broker (notification_stream.py):
        up to what the index has verified (read on first if asked past it), or, with no index
        open (a streaming reader), what is committed."""
        if limit <= 0:
            return NotificationColumns([], [], [], [], [])
        read, last = self._reader(first, limit, stop)
        if not topics:
            return read(first, limit)
        wanted, chosen = set(topics), NotificationColumns([], [], [], [], [])
        while len(chosen) < limit and first <= last:
            batch = read(first, max(limit, TOPIC_SCAN))
            if not batch.ids:
                break
            for position, topic in enumerate(batch.topics):
                if topic in wanted and len(chosen) < limit:
                    chosen.ids.append(batch.ids[position])
                    chosen.originator_ids.append(batch.originator_ids[position])
                    chosen.originator_versions.append(batch.originator_versions[position])
                    chosen.topics.append(topic)
                    chosen.states.append(batch.states[position])
            first = batch.ids[-1] + 1
        return chosen

    def _reader(
        self, first: int, limit: int, stop: int | None
    ) -> tuple[Callable[[int, int], NotificationColumns], int]:
        """How to read ``(first, limit)`` from the stream, and the last id it may return."""
        stream = self.store.stream(self.topic)
        if self._log is None:
            search = self.store.offset_search(self.topic)
            unbounded = sys.maxsize if stop is None else stop
            return (
                lambda start, count: stream.read(
                    start, count, unbounded, search.offset_for, indexed=False
                )
            ), unbounded
        index = self._log.index
        if first + limit - 1 > (index.max_notification_id() or 0) and (
            stop is None or stop > (index.max_notification_id() or 0)
        ):
            self.store.follow(self._log)
        head = index.max_notification_id() or 0
        last = head if stop is None else min(stop, head)
        return (lambda start, count: stream.read(start, count, last, index.offset_of)), last

    def max_notification_id(self) -> int | None:
        if self._log is None:
            return self.store.offset_search(self.topic).last_notification_id()
        self.store.follow(self._log)
        return self._log.index.max_notification_id()

    def offset_after(self, notification_id: int | None) -> int:
        """The offset to read from to see the notifications after ``notification_id``."""
        if self._log is None:
            search = self.store.offset_search(self.topic)
            return search.offset_for(max(notification_id or 0, 0) + 1)
        return self._log.index.offset_after(notification_id)

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        from gateways.stores.kafka.subscription import KafkaSubscription

        return KafkaSubscription(self, gt=gt, topics=topics)


class KafkaStreamingRecorder(KafkaApplicationRecorder):
    """The events topic for a process that reads it in order (the projector, replay).

    It opens no index: reads in order find their starting offset by bisection and stream
    from the broker, so starting one costs a few fetches, not a read of the whole topic.
    The index opens on the first write or read by originator (``log``), after which it
    serves as in ``KafkaApplicationRecorder``. Select it with ``APPLICATION_RECORDER_TOPIC``.
    """

    opens_index = False


class KafkaTrackingRecorder(TrackingRecorder):
    """Positions in upstream sequences, in the application's compacted tracking topic."""

    def __init__(self, store: KafkaStore) -> None:
        self.store = store
        store.open_tracking()

    def insert_tracking(self, tracking: Tracking) -> None:
        self.store.write(WriteRequest(None, [], tracking))

    def max_tracking_id(self, application_name: str) -> int | None:
        return self.store.tracking_index.max_tracking_id(application_name)


class KafkaProcessRecorder(KafkaTrackingRecorder, KafkaApplicationRecorder, ProcessRecorder):
    """Events and tracking (and optionally consumer offsets) in the same Kafka transaction.

    ``insert_events(events, tracking=Tracking(...), consumer_offsets=ConsumerOffsets(...))``
    """

    def __init__(self, store: KafkaStore) -> None:
        KafkaTrackingRecorder.__init__(self, store)
        KafkaApplicationRecorder.__init__(self, store)
