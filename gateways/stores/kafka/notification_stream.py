"""Notifications read in order straight from the broker: the streaming readers' path.

``select_notifications`` and ``select_notification_columns`` (the projector, replay, audit,
any reader in order) do not take events from the index: the index only says at which offset
the notification after the reader's position sits (one lookup, or none when the reader asks
for the notifications right after its previous call: a cursor), and records are fetched from
there, chunk by chunk, decoded into columns (``EventDecoder``), and their notification ids
checked to run on densely. With an index, only notifications it has already verified (ids
up to its count: numbering and hash chain checked) are returned. A reader that only streams
(``KafkaStreamingRecorder``) has no index: it finds its starting offset by bisection
(offset_search.py) and reads what is committed, numbering checked. Memory: one fetched chunk.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from threading import Lock

from gateways.stores.kafka.chain import ChainedDecoder
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import LogCorruptedError
from gateways.stores.kafka.event_columns import EventDecoder, Interned, check_numbering
from gateways.stores.kafka.fetch_retry import retried
from gateways.stores.kafka.notification_columns import NotificationColumns
from gateways.stores.kafka.protocol.batch_decoding import (
    committed_batches,
)
from gateways.stores.kafka.protocol.partition_fetcher import (
    FETCH_BYTES,
    Fetched,
    KeptFetcher,
)
from gateways.stores.kafka.record_fetch import RecordFetcher
from gateways.stores.kafka.records import GENESIS_HASH

MIN_FETCH_BYTES = 256 * 1024
BYTES_PER_EVENT = 1024  # a guess for sizing fetches to the limit asked
VISIBLE_WITHIN_SECONDS = 5.0
"""How long a read waits for notifications the index holds to become readable: they are
committed, but a read_committed fetch sees them only once the partition's last stable offset
covers them (classic transactions write their commit markers after the commit is answered)."""


def _empty() -> NotificationColumns:
    return NotificationColumns([], [], [], [], [])


class NotificationStream:
    """One reader's cursor over the events topic (thread-safe: one read at a time)."""

    def __init__(self, config: KafkaStoreConfig, topic: str) -> None:
        self.config = config
        self.topic = topic
        self._interned = Interned()
        self._lock = Lock()
        self._fetcher = KeptFetcher(config, topic)
        self._records = RecordFetcher(config, topic, numbered=True)  # a seek's anchor record
        self._next_id = 0  # the id of the buffer's first notification (0: no cursor)
        self._next_offset = 0  # where to fetch the notifications after the buffer
        self._buffer = _empty()
        self._previous: str | None = None  # the hash the next record fetched must chain from

    def read(
        self,
        first: int,
        limit: int,
        last: int,
        offset_of: Callable[[int], int | None],
        *,
        indexed: bool = True,
    ) -> NotificationColumns:
        """Up to ``limit`` notifications from id ``first`` to at most id ``last``.

        ``offset_of`` gives a notification id's offset (the index, or a search without it)
        when the cursor is not already at ``first``. ``indexed``: the index holds (and has
        verified) the notifications up to ``last``, so the read waits a while for them to
        become visible. Without an index, the read returns what is visible now and verifies
        the hash chain itself, from the hash of the notification before ``first`` on.
        """
        first = max(first, 1)
        wanted = min(limit, last - first + 1)
        if wanted <= 0:
            return _empty()
        with self._lock:
            if first != self._next_id or (not indexed and self._previous is None):
                offset = offset_of(first)
                if offset is None:
                    return _empty()
                previous = None if indexed else self._hash_before(first, offset_of)
                self._next_id, self._next_offset, self._buffer = first, offset, _empty()
                self._previous = previous
            deadline: float | None = None
            while len(self._buffer) < wanted:
                if self._fetch_more(wanted - len(self._buffer)):
                    continue
                if not indexed:
                    break
                now = time.monotonic()
                deadline = now + VISIBLE_WITHIN_SECONDS if deadline is None else deadline
                if now >= deadline:
                    break
                time.sleep(0.01)
            return self._take(wanted)

    def _hash_before(self, first: int, offset_of: Callable[[int], int | None]) -> str:
        """The hash the notification ``first`` must chain from (read from the record before
        it, which is where a reader without the index starts to verify)."""
        if first == 1:
            return GENESIS_HASH
        offset = offset_of(first - 1)
        found = self._records.fetch([] if offset is None else [offset])
        if offset is None or offset not in found:
            raise LogCorruptedError(
                f"{self.topic}: notification id {first - 1} is not at offset {offset}"
            )
        return found[offset].hash or ""

    def _take(self, count: int) -> NotificationColumns:
        buffer = self._buffer
        taken = NotificationColumns(
            buffer.ids[:count],
            buffer.originator_ids[:count],
            buffer.originator_versions[:count],
            buffer.topics[:count],
            buffer.states[:count],
        )
        self._buffer = NotificationColumns(
            buffer.ids[count:],
            buffer.originator_ids[count:],
            buffer.originator_versions[count:],
            buffer.topics[count:],
            buffer.states[count:],
        )
        self._next_id += len(taken)
        return taken

    def _fetch_more(self, events: int) -> bool:
        """Fetch the next chunk into the buffer; False at the end of the log."""
        size = min(FETCH_BYTES, max(MIN_FETCH_BYTES, events * BYTES_PER_EVENT))
        return retried(self._fetcher, lambda: self._fetch_chunk(size))

    def _fetch_at(self, offset: int, max_bytes: int) -> Fetched:
        fetcher = self._fetcher.get()
        fetcher.send(offset, max_bytes=max_bytes)
        return fetcher.receive()

    def _fetch_chunk(self, size: int) -> bool:
        offset = self._next_offset
        fetched = self._fetch_at(offset, size)
        chunk = committed_batches(fetched.records, fetched.aborted, offset)
        if chunk.next_offset is None or chunk.next_offset <= offset:
            return False
        self._next_offset = chunk.next_offset
        if not chunk.batches:
            return True  # markers or aborted records only: go on
        expected = self._next_id + len(self._buffer)
        decoder = (
            EventDecoder(self.topic, numbered=True, interned=self._interned)
            if self._previous is None  # read up to what the index verified
            else ChainedDecoder(  # no index: numbering and hash chain verified here
                self.topic, previous=self._previous, next_id=expected, interned=self._interned
            )
        )
        for batch in chunk.batches:
            decoder.add_batch(fetched.records, batch)
        columns = decoder.take()
        self._fetcher.get().count(len(columns))
        if isinstance(decoder, ChainedDecoder):
            self._previous = decoder.previous
        else:
            check_numbering(self.topic, columns, expected)
        buffer = self._buffer
        buffer.ids.extend(columns.notification_ids)
        buffer.originator_ids.extend(columns.originator_ids)
        buffer.originator_versions.extend(columns.versions)
        buffer.topics.extend(columns.topics)
        buffer.states.extend(columns.states)
        return True

    def close(self) -> None:
        with self._lock:
            self._fetcher.drop()
            self._records.close()
