"""One group commit's plan: check the requests, number and chain their records, then apply them.

Requests that conflict (taken or non-next versions, stale tracking, oversized events) fail
alone; the others share one Kafka transaction. Checks see the committed indexes and the
transactions still in flight (frontier.py); nothing reaches an index until its commit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from threading import Event, Lock

from eventsourcing.persistence import StoredEvent, Tracking

from gateways.stores.kafka.errors import EventTooLargeError
from gateways.stores.kafka.frontier import Frontier, TrackingFrontier
from gateways.stores.kafka.index import EventIndex, TrackingIndex
from gateways.stores.kafka.records import EncodedRecord, encode_event, encode_tracking
from gateways.stores.kafka.writer import ConsumerOffsets


@dataclass(eq=False)
class TopicLog:
    """A topic, its index and the writer's frontier; event logs carry ids and the hash chain."""

    name: str
    index: EventIndex
    numbered: bool
    frontier: Frontier = field(init=False)

    def __post_init__(self) -> None:
        self.frontier = Frontier(self.index)


@dataclass(eq=False)
class WriteRequest:
    """One insert_events / insert_tracking call waiting for its transaction."""

    log: TopicLog | None
    events: Sequence[StoredEvent]
    tracking: Tracking | None = None
    offsets: ConsumerOffsets | None = None
    done: Event = field(default_factory=Event)
    notification_ids: list[int] | None = None
    error: BaseException | None = None
    deadline: float = math.inf
    """time.monotonic() after which a failed try is not tried again (KAFKA_WRITE_TIMEOUT)."""
    unknown_outcome: BaseException | None = None
    """Set while an earlier try's commit went unanswered and the log has not told yet."""

    def fail(self, error: BaseException) -> None:
        self.error = error
        self.done.set()

    def succeed(self, notification_ids: list[int] | None) -> None:
        """Answer a request found in the log (an earlier try's unanswered commit committed)."""
        self.notification_ids = notification_ids
        self.done.set()


@dataclass
class _Accepted:
    request: WriteRequest
    first_send: int
    ids: list[int] | None
    last_hash: str | None
    oids: list[str]


@dataclass(frozen=True)
class Tracked:
    """The store's tracking topic, its index and what is in flight for it."""

    topic: str | None
    index: TrackingIndex
    frontier: TrackingFrontier


class GroupPlan:
    """The records of the accepted requests, in the order they will be sent."""

    def __init__(self, tracked: Tracked, max_bytes: int, lock: Lock) -> None:
        self.sends: list[tuple[str, EncodedRecord]] = []
        self.offsets: ConsumerOffsets | None = None
        self._accepted: list[_Accepted] = []
        self._tracked = tracked
        self._max_bytes = max_bytes
        self._lock = lock
        self._now = datetime.now(UTC)

    @property
    def requests(self) -> list[WriteRequest]:
        return [accepted.request for accepted in self._accepted]

    def add(self, request: WriteRequest) -> None:
        """Accept the request into the transaction or raise why it cannot be written."""
        with self._lock:
            self._add(request)

    def apply(self, offsets: Sequence[int]) -> None:
        """After commit: extend the indexes in log order and answer every request."""
        with self._lock:
            for accepted in self._accepted:
                self._apply(accepted, offsets)
        for accepted in self._accepted:
            accepted.request.notification_ids = accepted.ids
            accepted.request.done.set()

    def _add(self, request: WriteRequest) -> None:
        records: list[tuple[str, EncodedRecord]] = []
        ids: list[int] | None = None
        last_hash: str | None = None
        log = request.log
        oids = [str(event.originator_id) for event in request.events]
        if log is not None and request.events:
            log.index.check(request.events, log.frontier.in_flight, oids)
            ids, last_hash, encoded = self._encode(log, request.events, oids)
            records = [(log.name, record) for record in encoded]
        if request.tracking is not None:
            records.append(self._tracking_record(request.tracking))
        for _, record in records:
            if record.size > self._max_bytes:
                raise EventTooLargeError(
                    f"a record of about {record.size} bytes exceeds the {self._max_bytes} bytes "
                    f"a topic accepts (KAFKA_MAX_MESSAGE_BYTES); nothing of this batch was written"
                )
        if log is not None and request.events:
            log.index.stage(request.events, log.frontier.in_flight, oids)
            if ids is not None and last_hash is not None:
                log.frontier.next_id = ids[-1] + 1
                log.frontier.last_hash = last_hash
        if request.tracking is not None:
            tracking = request.tracking
            self._tracked.frontier.in_flight[tracking.application_name] = tracking.notification_id
        self._accepted.append(_Accepted(request, len(self.sends), ids, last_hash, oids))
        self.sends.extend(records)
        if request.offsets is not None:
            self.offsets = request.offsets

    def _apply(self, accepted: _Accepted, offsets: Sequence[int]) -> None:
        request, position = accepted.request, accepted.first_send
        if request.log is not None and request.events:
            count = len(request.events)
            event_offsets = offsets[position : position + count]
            request.log.index.append(
                zip(request.events, event_offsets, strict=True),
                next_offset=event_offsets[-1] + 1,
                last_hash=accepted.last_hash,
                oids=accepted.oids,
            )
            request.log.frontier.settle(request.events, accepted.oids)
            position += count
        if request.tracking is not None:
            name, number = request.tracking.application_name, request.tracking.notification_id
            index = self._tracked.index
            index.apply(name, number)
            index.next_offset = max(index.next_offset, offsets[position] + 1)
            self._tracked.frontier.settle(name, number)

    def _encode(
        self, log: TopicLog, events: Sequence[StoredEvent], oids: Sequence[str]
    ) -> tuple[list[int] | None, str | None, list[EncodedRecord]]:
        now = self._now
        if not log.numbered:
            return None, None, [
                encode_event(e, recorded_at=now, originator_text=oid)
                for e, oid in zip(events, oids, strict=True)
            ]
        first = log.frontier.next_id
        previous = log.frontier.last_hash
        encoded = []
        for number, (event, oid) in enumerate(zip(events, oids, strict=True), start=first):
            record = encode_event(
                event,
                recorded_at=now,
                notification_id=number,
                previous_hash=previous,
                originator_text=oid,
            )
            previous = record.hash or previous
            encoded.append(record)
        return list(range(first, first + len(events))), previous, encoded

    def _tracking_record(self, tracking: Tracking) -> tuple[str, EncodedRecord]:
        if self._tracked.topic is None:
            raise RuntimeError("tracking requested from a store without a tracking topic")
        self._tracked.index.check(
            tracking.application_name, tracking.notification_id, self._tracked.frontier.in_flight
        )
        return self._tracked.topic, encode_tracking(tracking, recorded_at=self._now)
