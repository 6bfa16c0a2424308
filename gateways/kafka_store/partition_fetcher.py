"""Raw fetches of one partition's record batches from its leader, read_committed.

kafka-python's consumer decodes every record into Python objects and receives in 4 KiB
pieces copied several times; reading a whole log through it costs about 18 µs per record.
This fetcher asks kafka-python only for the cluster's metadata and the partition's last
stable offset, then speaks the Fetch API (v11, flexible-free, supported by brokers 2.3 to
4.x) over its own socket to the partition's leader and returns each response's record bytes
undecoded, with the aborted transactions the broker reports. Only PLAINTEXT listeners (the
store has no TLS or SASL settings); a request can be pipelined while the previous answer is
decoded.
"""

from __future__ import annotations

import socket
import struct
import time
from typing import NamedTuple

from kafka.errors import for_code
from kafka.net.compat import KafkaNetClient
from kafka.protocol.consumer import FetchRequest, IsolationLevel, ListOffsetsRequest
from kafka.protocol.metadata import MetadataRequest

from gateways.kafka_store.config import KafkaStoreConfig

FETCH_VERSION = 11
LIST_OFFSETS_VERSION = 2  # the first with an isolation level
LATEST = -1
FETCH_BYTES = 16 * 1024 * 1024
RETRY_PAUSE = 0.1

_FetchTopic = FetchRequest.FetchTopic
_ListTopic = ListOffsetsRequest.ListOffsetsTopic
_MetadataTopic = MetadataRequest.MetadataRequestTopic


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
    """Fetches partition 0 of a topic from its leader; use inside ``with``."""

    def __init__(self, config: KafkaStoreConfig, topic: str, *, fetch_bytes: int = FETCH_BYTES):
        self.config = config
        self.topic = topic
        self.fetch_bytes = max(fetch_bytes, config.max_message_bytes + 65536)
        self._socket: socket.socket | None = None
        self._correlation = 0
        self._in_flight: list[int] = []
        self.end_offset = 0

    def __enter__(self) -> PartitionFetcher:
        try:
            host, port, self.end_offset = self._locate()
            self._socket = socket.create_connection((host, port), timeout=self._connect_seconds)
        except OSError as error:
            raise FetchFailedError(f"could not connect: {error}") from error
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    @property
    def _connect_seconds(self) -> float:
        return self.config.connect_timeout

    def set_patience(self, seconds: float) -> None:
        """How long a fetch may wait for the broker's answer before it counts as stalled."""
        assert self._socket is not None
        self._socket.settimeout(seconds)

    def send(self, offset: int) -> None:
        """Ask for the records from ``offset`` (answers come back in the order asked)."""
        assert self._socket is not None
        self._correlation += 1
        partition = _FetchTopic.FetchPartition(
            partition=0, fetch_offset=offset, partition_max_bytes=self.fetch_bytes
        )
        request = FetchRequest(
            replica_id=-1,
            max_wait_ms=0,
            min_bytes=0,
            max_bytes=self.fetch_bytes,
            isolation_level=IsolationLevel.READ_COMMITTED,
            topics=[_FetchTopic(topic=self.topic, partitions=[partition])],
            version=FETCH_VERSION,
        )
        request.with_header(correlation_id=self._correlation, client_id=self._client_id)
        try:
            self._socket.sendall(request.encode(framed=True, header=True))
        except OSError as error:
            raise FetchFailedError(f"fetch not sent: {error}") from error
        self._in_flight.append(self._correlation)

    def receive(self) -> Fetched:
        """The answer to the oldest request sent."""
        (size,) = struct.unpack(">i", self._receive_exactly(4))
        frame = self._receive_exactly(size)
        expected = self._in_flight.pop(0)
        return parse_fetch_response(frame, expected)

    @property
    def _client_id(self) -> str:
        return f"{self.config.transactional_id}.reader"

    def _receive_exactly(self, size: int) -> bytearray:
        assert self._socket is not None
        buffer = bytearray(size)
        view, received = memoryview(buffer), 0
        try:
            while received < size:
                count = self._socket.recv_into(view[received:], size - received)
                if not count:
                    raise FetchFailedError("the broker closed the connection")
                received += count
        except TimeoutError as error:
            raise FetchStalledError("no answer in time") from error
        except OSError as error:
            raise FetchFailedError(f"fetch not received: {error}") from error
        return buffer

    def _locate(self) -> tuple[str, int, int]:
        """The partition leader's address and the partition's last stable offset."""
        timeout_ms = int(self._connect_seconds * 1000)
        client = KafkaNetClient(
            **self.config.client_settings(),
            request_timeout_ms=max(timeout_ms, 5000),
            client_id=self._client_id,
        )
        deadline = time.monotonic() + self._connect_seconds
        try:
            client.get_broker_version(timeout_ms=timeout_ms)
            while True:
                try:
                    return self._leader_and_end(client, timeout_ms)
                except FetchFailedError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(RETRY_PAUSE)
        except FetchFailedError:
            raise
        except Exception as error:  # kafka-python raises several kinds while bootstrapping
            raise FetchFailedError(f"no answer: {error}") from error
        finally:
            client.close()

    def _leader_and_end(self, client: KafkaNetClient, timeout_ms: int) -> tuple[str, int, int]:
        node = client.least_loaded_node(bootstrap_fallback=True)
        metadata = client.send_and_receive(
            node, MetadataRequest(topics=[_MetadataTopic(name=self.topic)]), timeout_ms
        )
        partitions = [p for t in metadata.topics if t.name == self.topic for p in t.partitions]
        leader = next((p.leader_id for p in partitions if p.partition_index == 0), -1)
        broker = client.cluster.broker_metadata(leader) if leader >= 0 else None
        if broker is None:
            raise FetchFailedError(f"no leader for {self.topic} partition 0")
        latest = _ListTopic.ListOffsetsPartition(partition_index=0, timestamp=LATEST)
        request = ListOffsetsRequest(
            replica_id=-1,
            isolation_level=IsolationLevel.READ_COMMITTED,
            topics=[_ListTopic(name=self.topic, partitions=[latest])],
            version=LIST_OFFSETS_VERSION,
        )
        answer = client.send_and_receive(leader, request, timeout_ms)
        listed = answer.topics[0].partitions[0]
        if listed.error_code:
            raise FetchFailedError(f"listing offsets: {for_code(listed.error_code).__name__}")
        return broker.host, broker.port, int(listed.offset)


_HEADER = struct.Struct(">iihi")  # correlation id, throttle time, error code, session id
_PARTITION = struct.Struct(">ihqqq")  # index, error, high watermark, last stable, log start
_INT16 = struct.Struct(">h")
_INT32 = struct.Struct(">i")
_ABORTED = struct.Struct(">qq")


def parse_fetch_response(frame: bytearray, expected_correlation: int) -> Fetched:
    """Read a Fetch v11 answer about one partition (``frame`` without its size prefix)."""
    correlation, _, error_code, _ = _HEADER.unpack_from(frame, 0)
    if correlation != expected_correlation:
        raise FetchFailedError(f"answer {correlation} to request {expected_correlation}")
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
