"""Kafka record batches (message format v2) for a transactional producer, built in one pass.

Layout (all integers big-endian; see the Kafka protocol's "Record Batch"):
baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8 (2), crc uint32
(CRC-32C of everything after it), attributes int16 (bit 4: transactional), lastOffsetDelta int32,
baseTimestamp int64, maxTimestamp int64, producerId int64, producerEpoch int16,
baseSequence int32, recordCount int32, then the records. A record is its length (varint), then
attributes int8, timestampDelta varlong, offsetDelta varint, key length + key, value length +
value, header count, and each header's key length + key and value length + value. Varints are
zigzag-encoded.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import crc32c

from gateways.stores.kafka.protocol.varints import varint
from gateways.stores.kafka.records import EncodedRecord

TRANSACTIONAL = 0x10
_PREFIX = struct.Struct(">qiiBI")  # baseOffset, batchLength, partitionLeaderEpoch, magic, crc
_AFTER_CRC = struct.Struct(">hiqqqhii")
_RECORD_START = b"\x00\x00"  # attributes 0, timestampDelta 0


@dataclass(frozen=True)
class Producer:
    """Who writes the batch: producer id and epoch, and the batch's first sequence number."""

    producer_id: int
    producer_epoch: int
    base_sequence: int


def encode_record(offset_delta: int, record: EncodedRecord) -> bytes:
    """One record of a batch (timestamp delta 0: every record of a batch shares its time)."""
    delta = varint(offset_delta)
    return b"".join((varint(2 + len(delta) + len(record.tail)), _RECORD_START, delta, record.tail))


def encode_batch(
    records: Sequence[EncodedRecord],
    producer: Producer,
    timestamp_ms: int,
    *,
    transactional: bool = True,
) -> bytes:
    """One record batch holding the records in order (offset deltas 0, 1, ...)."""
    if not records:
        raise ValueError("a record batch needs at least one record")
    body = b"".join([encode_record(delta, record) for delta, record in enumerate(records)])
    after_crc = (
        _AFTER_CRC.pack(
            TRANSACTIONAL if transactional else 0,
            len(records) - 1,
            timestamp_ms,
            timestamp_ms,
            producer.producer_id,
            producer.producer_epoch,
            producer.base_sequence,
            len(records),
        )
        + body
    )
    length = 4 + 1 + 4 + len(after_crc)  # counted from partitionLeaderEpoch
    return _PREFIX.pack(0, length, -1, 2, crc32c.crc32c(after_crc)) + after_crc


def split_by_size(records: Sequence[EncodedRecord], max_bytes: int) -> list[list[EncodedRecord]]:
    """Consecutive runs of records whose batches stay under max_bytes (one record at least)."""
    runs: list[list[EncodedRecord]] = []
    current: list[EncodedRecord] = []
    size = 61
    for record in records:
        if current and size + record.size > max_bytes:
            runs.append(current)
            current, size = [], 61
        current.append(record)
        size += record.size
    if current:
        runs.append(current)
    return runs
