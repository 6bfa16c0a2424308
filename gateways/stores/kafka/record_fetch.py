"""Event records fetched by offset: how an aggregate's events not in the cache are loaded.

The index gives each event's offset; this asks the partition's leader for the batch holding
each one (a Fetch with a 1-byte limit answers exactly that batch), all requests pipelined on
one connection, and decodes the records asked for (CRC checked, read_committed). A record
missing from its answer (compacted away, in a compacted topic) is simply not returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.fetch_retry import retried
from gateways.stores.kafka.protocol.batch_decoding import (
    committed_batches,
    decode_records,
)
from gateways.stores.kafka.protocol.partition_fetcher import KeptFetcher
from gateways.stores.kafka.records import DecodedEvent, decode_event


class RecordFetcher:
    """Random access to one topic's event records (thread-safe; one connection, reopened)."""

    def __init__(self, config: KafkaStoreConfig, topic: str, *, numbered: bool) -> None:
        self.config = config
        self.topic = topic
        self.numbered = numbered
        self._lock = Lock()
        self._fetcher = KeptFetcher(config, topic)

    def fetch(self, offsets: Iterable[int]) -> dict[int, DecodedEvent]:
        """The records at these offsets (those that exist), by offset."""
        wanted = sorted(set(offsets))
        if not wanted:
            return {}
        with self._lock:
            return retried(self._fetcher, lambda: self._fetch(wanted))

    def _fetch(self, wanted: list[int]) -> dict[int, DecodedEvent]:
        fetcher = self._fetcher.get()
        for offset in wanted:
            fetcher.send(offset, max_bytes=1)
        remaining, found = set(wanted), {}
        for offset in wanted:
            fetched = fetcher.receive()
            if offset not in remaining:
                continue  # an earlier answer's batch held it
            chunk = committed_batches(fetched.records, fetched.aborted, offset)
            for batch in chunk.batches:
                records = decode_records(fetched.records, batch, self.topic)
                fetcher.count(len(records))
                for record in records:
                    if record.offset in remaining:
                        remaining.discard(record.offset)
                        found[record.offset] = decode_event(
                            record, with_notification_id=self.numbered
                        )
        return found

    def close(self) -> None:
        with self._lock:
            self._fetcher.drop()
