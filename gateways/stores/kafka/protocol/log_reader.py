"""Reading a topic's committed records from an offset to its current end (read_committed).

``read_chunks_to_end`` is the fast path (raw fetches, batches decoded by the caller);
``read_to_end`` hands over one record at a time; ``committed_consumer`` is kafka-python's
consumer, for tailing a topic with long polls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import BrokerUnavailableError, LogCorruptedError
from gateways.stores.kafka.protocol.batch_decoding import (
    Batch,
    CorruptBatchError,
    RawRecord,
    committed_batches,
    decode_records,
)
from gateways.stores.kafka.protocol.partition_fetcher import (
    FetchFailedError,
    FetchStalledError,
    PartitionFetcher,
)

STALL_PAUSE = 0.05  # seconds between fetches that return nothing new


def committed_consumer(config: KafkaStoreConfig, topic: str, offset: int) -> tuple[Any, Any]:
    """A read_committed consumer assigned to the topic's only partition, positioned at offset."""
    timeout_ms = int(config.connect_timeout * 1000)
    consumer = KafkaConsumer(
        **config.client_settings(),
        isolation_level="read_committed",
        enable_auto_commit=False,
        group_id=None,
        request_timeout_ms=max(timeout_ms, 5000),
        fetch_max_wait_ms=200,
        max_partition_fetch_bytes=config.max_message_bytes + 65536,
        client_id=f"{config.transactional_id}.reader",
    )
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, offset)
    return consumer, partition


ChunkHandler = Callable[[bytes, list[Batch]], None]


def read_to_end(
    config: KafkaStoreConfig, topic: str, offset: int, handle: Callable[[RawRecord], None]
) -> int:
    """Pass every committed record from offset to the current end to handle; return the next offset.

    The end is the last stable offset when reading starts. Control markers and aborted records
    are skipped; the returned offset is past them.
    """

    def each_record(data: bytes, batches: list[Batch]) -> None:
        for batch in batches:
            for record in decode_records(data, batch, topic):
                handle(record)

    return read_chunks_to_end(config, topic, offset, each_record)


def read_chunks_to_end(
    config: KafkaStoreConfig, topic: str, offset: int, handle: ChunkHandler
) -> int:
    """Pass each fetched chunk's committed batches, in log order, to handle; return the next offset.

    Fetches go straight to the partition's leader (``PartitionFetcher``) up to the last stable
    offset when reading starts, and each next fetch is asked for before the current chunk is
    handled, so the broker sends while this process decodes.
    """
    # A long log takes as long as it takes; what fails is a read that stops moving.
    patience = max(config.write_timeout, config.connect_timeout) * 3
    position = offset
    try:
        with PartitionFetcher(config, topic) as fetcher:
            end = fetcher.end_offset
            if position >= end:
                return position
            fetcher.set_patience(patience)
            fetcher.send(position)
            deadline = time.monotonic() + patience
            while True:
                fetched = fetcher.receive()
                chunk = committed_batches(fetched.records, fetched.aborted, position)
                after = position if chunk.next_offset is None else max(chunk.next_offset, position)
                if after < end:
                    if after == position:
                        if time.monotonic() > deadline:
                            raise FetchStalledError("no new records")
                        time.sleep(STALL_PAUSE)
                    fetcher.send(after)
                if chunk.batches:
                    fetcher.count(sum(batch.record_count for batch in chunk.batches))
                    handle(fetched.records, chunk.batches)
                if after != position:
                    deadline, position = time.monotonic() + patience, after
                if position >= end:
                    return position
    except FetchStalledError:
        raise BrokerUnavailableError(
            f"reading {topic} from {config.bootstrap_servers} stalled at offset "
            f"{position} (no progress for {patience:g}s)"
        ) from None
    except FetchFailedError as error:
        raise BrokerUnavailableError(
            f"could not read {topic} from {config.bootstrap_servers}: {error}"
        ) from error
    except CorruptBatchError as error:
        raise LogCorruptedError(f"{topic}: {error}") from error
