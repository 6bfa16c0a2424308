"""One group commit's plan: check the requests, number and chain their records, then apply them.

Requests that conflict (taken or non-next versions, stale tracking, oversized events) fail
alone; the others share one Kafka transaction. Nothing touches the indexes until commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from threading import Event

from eventsourcing.persistence import StoredEvent, Tracking

from gateways.kafka_store.errors import EventTooLargeError
from gateways.kafka_store.index import EventIndex, Staged, TrackingIndex
from gateways.kafka_store.records import EncodedRecord, encode_event, encode_tracking
from gateways.kafka_store.writer import ConsumerOffsets


@dataclass(eq=False)
class TopicLog:
    """A topic and its index; event logs carry notification ids and the hash chain."""

    name: str
    index: EventIndex
    numbered: bool


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

    def fail(self, error: BaseException) -> None:
        self.error = error
        self.done.set()


@dataclass
class _Accepted:
    request: WriteRequest
    first_send: int
    ids: list[int] | None
    last_hash: str | None


class GroupPlan:
    """The records of the accepted requests, in the order they will be sent."""

    def __init__(
        self, tracking_topic: str | None, tracking_index: TrackingIndex, max_bytes: int
    ) -> None:
        self.sends: list[tuple[str, EncodedRecord]] = []
        self.offsets: ConsumerOffsets | None = None
        self._accepted: list[_Accepted] = []
        self._staged: dict[int, Staged] = {}
        self._hashes: dict[int, str] = {}
        self._staged_tracking: dict[str, int] = {}
        self._tracking_topic = tracking_topic
        self._tracking_index = tracking_index
        self._max_bytes = max_bytes
        self._now = datetime.now(UTC)

    @property
    def requests(self) -> list[WriteRequest]:
        return [accepted.request for accepted in self._accepted]

    def add(self, request: WriteRequest) -> None:
        """Accept the request into the transaction or raise why it cannot be written."""
        records: list[tuple[str, EncodedRecord]] = []
        ids: list[int] | None = None
        last_hash: str | None = None
        log = request.log
        if log is not None and request.events:
            staged = self._staged.setdefault(id(log), Staged())
            log.index.check(request.events, staged)
            ids, last_hash, encoded = self._encode(log, request.events, staged)
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
            log.index.stage(request.events, self._staged[id(log)])
            if last_hash is not None:
                self._hashes[id(log)] = last_hash
        if request.tracking is not None:
            self._staged_tracking[request.tracking.application_name] = (
                request.tracking.notification_id
            )
        self._accepted.append(_Accepted(request, len(self.sends), ids, last_hash))
        self.sends.extend(records)
        if request.offsets is not None:
            self.offsets = request.offsets

    def apply(self, offsets: Sequence[int]) -> None:
        """After commit: extend the indexes in log order and answer every request."""
        for accepted in self._accepted:
            request, position = accepted.request, accepted.first_send
            if request.log is not None and request.events:
                count = len(request.events)
                event_offsets = offsets[position : position + count]
                request.log.index.append(
                    zip(request.events, event_offsets, strict=True),
                    next_offset=event_offsets[-1] + 1,
                    last_hash=accepted.last_hash,
                )
                position += count
            if request.tracking is not None:
                self._tracking_index.apply(
                    request.tracking.application_name, request.tracking.notification_id
                )
                self._tracking_index.next_offset = max(
                    self._tracking_index.next_offset, offsets[position] + 1
                )
            request.notification_ids = accepted.ids
            request.done.set()

    def _encode(
        self, log: TopicLog, events: Sequence[StoredEvent], staged: Staged
    ) -> tuple[list[int] | None, str | None, list[EncodedRecord]]:
        if not log.numbered:
            return None, None, [encode_event(e, recorded_at=self._now) for e in events]
        first = (log.index.max_notification_id() or 0) + staged.count + 1
        previous = self._hashes.get(id(log), log.index.last_hash)
        encoded = []
        for number, event in enumerate(events, start=first):
            record = encode_event(
                event, recorded_at=self._now, notification_id=number, previous_hash=previous
            )
            previous = record.hash or previous
            encoded.append(record)
        return list(range(first, first + len(events))), previous, encoded

    def _tracking_record(self, tracking: Tracking) -> tuple[str, EncodedRecord]:
        if self._tracking_topic is None:
            raise RuntimeError("tracking requested from a store without a tracking topic")
        self._tracking_index.check(
            tracking.application_name, tracking.notification_id, self._staged_tracking
        )
        return self._tracking_topic, encode_tracking(tracking, recorded_at=self._now)
