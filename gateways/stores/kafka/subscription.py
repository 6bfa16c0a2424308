"""subscribe(): a read_committed consumer tailing the events topic with long-poll fetches.

It sees what any process commits (not only this one), and waits on the broker rather than
polling in a tight loop: each fetch blocks until records arrive or ``fetch_max_wait_ms``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from threading import Lock
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import Notification, Subscription

from gateways.stores.kafka.protocol.log_reader import committed_consumer
from gateways.stores.kafka.records import decode_event

if TYPE_CHECKING:
    from gateways.stores.kafka.recorders import KafkaApplicationRecorder

POLL_TIMEOUT_MS = 250


class KafkaSubscription(Subscription["KafkaApplicationRecorder"]):
    """Notifications after ``gt`` (optionally of some event types only), then new ones."""

    def __init__(
        self, recorder: KafkaApplicationRecorder, gt: int | None = None, topics: Sequence[str] = ()
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._buffer: deque[Notification] = deque()
        self._consumer: Any = None
        self._lock = Lock()
        self._closed = False

    def __next__(self) -> Notification:
        while True:
            if self._has_been_stopped:
                self._close()
                raise StopIteration
            if self._buffer:
                return self._buffer.popleft()
            self._fill()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._close()

    def _fill(self) -> None:
        with self._lock:
            if self._closed:
                return
            if self._consumer is None:
                offset = self._recorder.offset_after(self._last_notification_id)
                self._consumer, _ = committed_consumer(
                    self._recorder.store.config, self._recorder.topic, offset
                )
            batches = self._consumer.poll(timeout_ms=POLL_TIMEOUT_MS)
        last = self._last_notification_id or 0
        for records in batches.values():
            for record in records:
                decoded = decode_event(record, with_notification_id=True)
                number = decoded.notification_id or 0
                if number <= last:
                    continue
                last = number
                event = decoded.stored_event
                if self._topics and event.topic not in self._topics:
                    continue
                self._buffer.append(
                    Notification(
                        id=number,
                        originator_id=event.originator_id,
                        originator_version=event.originator_version,
                        topic=event.topic,
                        state=event.state,
                    )
                )
        self._last_notification_id = last

    def _close(self) -> None:
        with self._lock:
            if self._consumer is not None and not self._closed:
                self._consumer.close()
            self._closed = True
