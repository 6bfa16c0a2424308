"""Where a notification id sits in the events topic, found without the index: by bisection.

The writer numbers events densely in the order it appends them, so notification ids rise
with offsets, and the offset of the event with id ``n`` is found by bisecting the partition's
offsets with one small fetch per step (about 24 for 10 million offsets). That is all a reader
that only streams (the projector, replay, a subscription) needs to start from the position it
tracked, so it reads neither the whole topic nor a local index to get there. Transaction
markers and aborted records are skipped the way a ``read_committed`` consumer skips them.
"""

from __future__ import annotations

from threading import Lock
from typing import NamedTuple

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.fetch_retry import retried
from gateways.stores.kafka.protocol.batch_decoding import (
    committed_batches,
    decode_records,
)
from gateways.stores.kafka.protocol.partition_fetcher import KeptFetcher
from gateways.stores.kafka.records import decode_event

TAIL_WINDOW = 4
"""Offsets before the end first read for the last event (its commit marker comes after it)."""


class Found(NamedTuple):
    """A committed event of the topic: its offset and notification id."""

    offset: int
    notification_id: int


class OffsetSearch:
    """Bisection over one events topic (thread-safe: one search at a time)."""

    def __init__(self, config: KafkaStoreConfig, topic: str) -> None:
        self.config = config
        self.topic = topic
        self._fetcher = KeptFetcher(config, topic)
        self._lock = Lock()
        self.fetches = 0

    def offset_for(self, notification_id: int) -> int:
        """The offset of the first committed event whose id is at least ``notification_id``
        (the end of the committed log if there is none yet): reading on from it in a densely
        numbered log yields that notification first."""
        with self._lock:
            return retried(self._fetcher, lambda: self._bisect(notification_id))

    def last_notification_id(self) -> int | None:
        """The id of the last committed event, or None if the topic has none."""
        with self._lock:
            return retried(self._fetcher, self._last)

    def close(self) -> None:
        with self._lock:
            self._fetcher.drop()

    def _bisect(self, notification_id: int) -> int:
        # every offset from ``middle`` to the first committed event after it reads alike, so
        # ``high`` may move to ``middle`` itself (which keeps each step making progress)
        end = self._end()
        low, high = 0, end
        while low < high:
            middle = (low + high) // 2
            found = self._first_from(middle, end)
            if found is None or found.notification_id >= notification_id:
                high = middle
            else:
                low = found.offset + 1
        found = self._first_from(low, end)
        return end if found is None else found.offset

    def _last(self) -> int | None:
        end = self._end()
        window = TAIL_WINDOW
        while True:
            start = max(0, end - window)
            last = None
            offset = start
            while offset < end:
                found, offset = self._events_from(offset, end, first_only=False)
                if found is not None:
                    last = found
            if last is not None or start == 0:
                return None if last is None else last.notification_id
            window *= 16

    def _first_from(self, offset: int, end: int) -> Found | None:
        """The first committed event at or after ``offset`` and before ``end``."""
        while offset < end:
            found, offset = self._events_from(offset, end, first_only=True)
            if found is not None:
                return found
        return None

    def _events_from(self, offset: int, end: int, *, first_only: bool) -> tuple[Found | None, int]:
        """One fetch from ``offset``: its first (or last) committed event before ``end``, and
        the offset to fetch next (``end`` when nothing follows)."""
        fetcher = self._fetcher.get()
        fetcher.send(offset, max_bytes=1 if first_only else None)
        fetched = fetcher.receive()
        self.fetches += 1
        chunk = committed_batches(fetched.records, fetched.aborted, offset)
        if chunk.next_offset is None or chunk.next_offset <= offset:
            return None, end
        records = [
            record
            for batch in (chunk.batches[:1] if first_only else chunk.batches[-1:])
            for record in decode_records(fetched.records, batch, self.topic)
            if record.offset < end
        ]
        fetcher.count(len(records))
        if not records:
            return None, chunk.next_offset
        record = records[0] if first_only else records[-1]
        number = decode_event(record, with_notification_id=True).notification_id
        assert number is not None
        return Found(record.offset, number), chunk.next_offset

    def _end(self) -> int:
        """The committed log's end: the partition's last stable offset, as a fetch reports it."""
        fetcher = self._fetcher.get()
        fetcher.send(0, max_bytes=1)
        self.fetches += 1
        return fetcher.receive().last_stable_offset
