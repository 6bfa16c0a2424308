"""Raw fetches of one partition's record batches from its leader, read_committed.

kafka-python's consumer decodes every record into Python objects and receives in 4 KiB
pieces copied several times; reading a whole log through it costs about 18 µs per record.
This fetcher finds the partition's leader and last stable offset as the writer does
(``cluster.py``), then speaks the Fetch API (v11, flexible-free, supported by brokers 2.3 to
4.x) on a connection of its own to the leader (``wire.py``) and returns each response's
record bytes undecoded, with the aborted transactions the broker reports. Only PLAINTEXT
listeners (the store has no TLS or SASL settings); a request can be pipelined while the
previous answer is decoded.
"""

from __future__ import annotations

import struct
from collections import Counter
from typing import ClassVar, NamedTuple

from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError, for_code
from kafka.protocol.consumer import FetchRequest, IsolationLevel

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.protocol.cluster import Cluster
from gateways.stores.kafka.protocol.wire import BrokerConnection, ConnectionLostError, NoAnswerError

FETCH_VERSION = 11
FETCH_BYTES = 16 * 1024 * 1024

_FetchTopic = FetchRequest.FetchTopic


class FetchFailedError(Exception):
    """The broker could not be reached or answered with an error."""


class FetchStalledError(FetchFailedError):
    """The broker did not answer a fetch within the patience given."""


class Fetched(NamedTuple):
    """One Fetch answer for the partition: record bytes and what read_committed needs."""

    records: bytes
    aborted: list[tuple[int, int]]  # (producer id, first offset)
    last_stable_offset: int


class PartitionFetcher:
    """Fetches partition 0 of a topic from its leader; use inside ``with``.

    ``records_fetched`` counts, per topic and for the whole process, the records read through
    fetchers (callers report them with ``count``): what tests check a restart reads.
    """

    records_fetched: ClassVar[Counter[str]] = Counter()

    def __init__(self, config: KafkaStoreConfig, topic: str, *, fetch_bytes: int = FETCH_BYTES):
        self.config = config
        self.topic = topic
        self.fetch_bytes = max(fetch_bytes, config.max_message_bytes + 65536)
        self._cluster = Cluster(config)
        self._connection: BrokerConnection | None = None
        self.end_offset = 0
        self.cluster_id = ""
        self.topic_id = ""

    def __enter__(self) -> PartitionFetcher:
        cluster = self._cluster
        try:
            cluster.bootstrap()
            leader = cluster.leader(self.topic)
            self.end_offset = cluster.last_stable_offset(self.topic)
            self.cluster_id = cluster.cluster_id
            self.topic_id = cluster.topic_ids.get(self.topic, "")
            self._connection = cluster.connection(leader, "reader")
        except (OperationalError, KafkaError) as error:
            cluster.close()
            raise FetchFailedError(f"no answer: {error}") from error
        return self

    def __exit__(self, *exc: object) -> None:
        self._cluster.close()
        self._connection = None

    def set_patience(self, seconds: float) -> None:
        """How long a fetch may wait for the broker's answer before it counts as stalled."""
        assert self._connection is not None
        self._connection.set_timeout(seconds)

    def count(self, records: int) -> None:
        """Add records read from this fetcher's answers to ``records_fetched``."""
        PartitionFetcher.records_fetched[self.topic] += records

    def send(self, offset: int, max_bytes: int | None = None) -> None:
        """Ask for the records from ``offset`` (answers come back in the order asked).

        ``max_bytes`` below the fetch size asks for less; the broker answers at least the
        whole first batch all the same (Fetch v3+), so 1 asks for exactly that batch.
        """
        assert self._connection is not None
        size = self.fetch_bytes if max_bytes is None else max(1, min(max_bytes, self.fetch_bytes))
        partition = _FetchTopic.FetchPartition(
            partition=0, fetch_offset=offset, partition_max_bytes=size
        )
        request = FetchRequest(
            replica_id=-1,
            max_wait_ms=0,
            min_bytes=0,
            max_bytes=size,
            isolation_level=IsolationLevel.READ_COMMITTED,
            topics=[_FetchTopic(topic=self.topic, partitions=[partition])],
            version=FETCH_VERSION,
        )
        try:
            self._connection.send(request)
        except ConnectionLostError as error:
            raise FetchFailedError(f"fetch not sent: {error}") from error

    def receive(self) -> Fetched:
        """The answer to the oldest request sent."""
        assert self._connection is not None
        try:
            frame = self._connection.receive_frame()
        except NoAnswerError as error:
            raise FetchStalledError("no answer in time") from error
        except ConnectionLostError as error:
            raise FetchFailedError(f"fetch not received: {error}") from error
        return parse_fetch_response(frame)


_HEADER = struct.Struct(">iihi")  # correlation id, throttle time, error code, session id
_PARTITION = struct.Struct(">ihqqq")  # index, error, high watermark, last stable, log start
_INT16 = struct.Struct(">h")
_INT32 = struct.Struct(">i")
_ABORTED = struct.Struct(">qq")


def parse_fetch_response(frame: bytearray) -> Fetched:
    """Read a Fetch v11 answer about one partition (``frame`` without its size prefix)."""
    _, _, error_code, _ = _HEADER.unpack_from(frame, 0)
    if error_code:
        raise FetchFailedError(f"fetch failed: {for_code(error_code).__name__}")
    position = _HEADER.size
    (topics,) = _INT32.unpack_from(frame, position)
    if topics != 1:
        raise FetchFailedError(f"fetch answered about {topics} topics, asked about one")
    (name_length,) = _INT16.unpack_from(frame, position + 4)
    position += 6 + name_length
    (partitions,) = _INT32.unpack_from(frame, position)
    if partitions != 1:
        raise FetchFailedError(f"fetch answered about {partitions} partitions, asked about one")
    _, error_code, _, last_stable, _ = _PARTITION.unpack_from(frame, position + 4)
    if error_code:
        raise FetchFailedError(f"fetch failed: {for_code(error_code).__name__}")
    position += 4 + _PARTITION.size
    (count,) = _INT32.unpack_from(frame, position)
    position += 4
    aborted = []
    for _ in range(max(count, 0)):
        aborted.append(_ABORTED.unpack_from(frame, position))
        position += _ABORTED.size
    position += 4  # preferred read replica
    (size,) = _INT32.unpack_from(frame, position)
    position += 4
    records = bytes(memoryview(frame)[position : position + max(size, 0)])
    return Fetched(records, aborted, last_stable)


class KeptFetcher:
    """A ``PartitionFetcher`` opened on first use and kept open until dropped (after a failure,
    or at close): for readers that fetch again and again (records by offset, streams)."""

    def __init__(self, config: KafkaStoreConfig, topic: str) -> None:
        self.config = config
        self.topic = topic
        self._fetcher: PartitionFetcher | None = None

    def get(self) -> PartitionFetcher:
        """The open fetcher (raises FetchFailedError if the leader cannot be reached)."""
        if self._fetcher is None:
            fetcher = PartitionFetcher(self.config, self.topic)
            fetcher.__enter__()
            self._fetcher = fetcher
        return self._fetcher

    def drop(self) -> None:
        """Close the connection; the next ``get`` opens a new one."""
        if self._fetcher is not None:
            self._fetcher.__exit__(None, None, None)
            self._fetcher = None
