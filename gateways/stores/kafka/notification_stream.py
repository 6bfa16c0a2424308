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

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import BrokerUnavailableError, LogCorruptedError
from gateways.stores.kafka.event_columns import EventDecoder, Interned, check_numbering
from gateways.stores.kafka.notification_columns import NotificationColumns
from gateways.stores.kafka.protocol.batch_decoding import CorruptBatchError, committed_batches
from gateways.stores.kafka.protocol.partition_fetcher import (
    FETCH_BYTES,
    FetchFailedError,
    KeptFetcher,
)

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
        self._next_id = 0  # the id of the buffer's first notification (0: no cursor)
        self._next_offset = 0  # where to fetch the notifications after the buffer
        self._buffer = _empty()

    def read(
        self,
        first: int,
        limit: int,
        last: int,
        offset_of: Callable[[int], int | None],
        *,
        settle: bool = True,
    ) -> NotificationColumns:
        """Up to ``limit`` notifications from id ``first`` to at most id ``last``.

        ``offset_of`` gives a notification id's offset (the index, or a search without it)
        when the cursor is not already at ``first``. With ``settle``, notifications up to
        ``last`` are known to be committed (the index holds them), so the read waits a while
        for them to become visible; without it, the read returns what is visible now.
        """
        first = max(first, 1)
        wanted = min(limit, last - first + 1)
        if wanted <= 0:
            return _empty()
        with self._lock:
            if first != self._next_id:
                offset = offset_of(first)
                if offset is None:
                    return _empty()
                self._next_id, self._next_offset, self._buffer = first, offset, _empty()
            deadline: float | None = None
            while len(self._buffer) < wanted:
                if self._fetch_more(wanted - len(self._buffer)):
                    continue
                if not settle:
                    break
                now = time.monotonic()
                deadline = now + VISIBLE_WITHIN_SECONDS if deadline is None else deadline
                if now >= deadline:
                    break
                time.sleep(0.01)
            return self._take(wanted)

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
        for attempt in (1, 2):
            try:
                return self._fetch_chunk(size)
            except FetchFailedError as error:
                self._fetcher.drop()
                if attempt == 2:
                    raise BrokerUnavailableError(
                        f"could not read {self.topic} from {self.config.bootstrap_servers}: "
                        f"{error}"
                    ) from error
            except CorruptBatchError as error:
                self._fetcher.drop()
                raise LogCorruptedError(f"{self.topic}: {error}") from error
        return False

    def _fetch_chunk(self, size: int) -> bool:
        fetcher = self._fetcher.get()
        offset = self._next_offset
        fetcher.send(offset, max_bytes=size)
        fetched = fetcher.receive()
        chunk = committed_batches(fetched.records, fetched.aborted, offset)
        if chunk.next_offset is None or chunk.next_offset <= offset:
            return False
        self._next_offset = chunk.next_offset
        if not chunk.batches:
            return True  # markers or aborted records only: go on
        decoder = EventDecoder(self.topic, numbered=True, interned=self._interned)
        for batch in chunk.batches:
            decoder.add_batch(fetched.records, batch)
        columns = decoder.take()
        fetcher.count(len(columns))
        expected = self._next_id + len(self._buffer)
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
