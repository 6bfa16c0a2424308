"""Kafka record batches (message format v2) read straight from fetched bytes, read_committed.

A fetch returns a chunk of consecutive record batches (the last one possibly cut short). This
module walks the chunk's batch headers, verifies each batch's CRC-32C, and keeps what a
``read_committed`` consumer sees: control batches (transaction markers) are dropped, and so
are the batches of aborted transactions, found the way the Kafka protocol specifies (the
fetch's aborted transactions, by producer id, from their first offset up to their ABORT
marker). ``decode_records`` turns a batch into plain records; the events topic's hot path is
``event_columns``.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import NamedTuple

from crc32c import crc32c
from kafka.record.default_records import DefaultRecordBatch

BATCH_HEADER = struct.Struct(">qiibIhiqqqhii")  # 61 bytes, up to the records
LENGTH_PREFIX = 12  # baseOffset and batchLength, not counted in batchLength
CRC_START = 21  # the CRC covers attributes to the batch's end
COMPRESSION_MASK = 0x07
TRANSACTIONAL = 0x10
CONTROL = 0x20
ABORT_MARKER = 0
NO_PRODUCER = -1


class CorruptBatchError(ValueError):
    """A batch failed its CRC or is not message format v2; names the batch's base offset."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"record batch at offset {offset} is corrupt ({reason})")
        self.offset = offset


class Batch(NamedTuple):
    """One complete record batch of a chunk: where its records are and what it carries."""

    base_offset: int
    last_offset: int
    attributes: int
    producer_id: int
    record_count: int
    records_start: int
    end: int
    from_offset: int  # records before it were asked not to be read (a fetch into a batch)

    @property
    def compressed(self) -> bool:
        return bool(self.attributes & COMPRESSION_MASK)


class RawRecord(NamedTuple):
    """A record as a consumer sees it (the fields our decoders read)."""

    topic: str
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


class Chunk(NamedTuple):
    """The batches of a fetched chunk a read_committed consumer sees, and where to fetch next."""

    batches: list[Batch]
    next_offset: int | None


def committed_batches(
    data: bytes,
    aborted: Sequence[tuple[int, int]],
    from_offset: int = 0,
    *,
    verify_crc: bool = True,
) -> Chunk:
    """Walk the complete batches of ``data``, dropping control batches and aborted ones.

    ``aborted`` is the fetch response's (producer_id, first_offset) list. A fetch answers with
    whole batches, so the first may start before the offset asked for: its earlier records are
    not to be read (``Batch.from_offset``), and batches wholly before it are dropped.
    ``next_offset`` is the offset after the last complete batch (control and aborted batches
    included), or None if the chunk holds no complete batch.
    """
    pending = sorted(aborted, key=lambda txn: txn[1])
    aborted_producers: set[int] = set()
    visible: list[Batch] = []
    next_offset = None
    position, size = 0, len(data)
    while position + LENGTH_PREFIX <= size:
        batch = _batch_at(data, position, from_offset, verify_crc)
        if batch is None:
            break
        position, next_offset = batch.end, batch.last_offset + 1
        if batch.producer_id != NO_PRODUCER:
            while pending and pending[0][1] <= batch.last_offset:
                aborted_producers.add(pending.pop(0)[0])
            if batch.attributes & CONTROL:
                if _is_abort_marker(data, batch):
                    aborted_producers.discard(batch.producer_id)
                continue
            if batch.attributes & TRANSACTIONAL and batch.producer_id in aborted_producers:
                continue
        elif batch.attributes & CONTROL:
            continue
        if batch.last_offset >= from_offset:
            visible.append(batch)
    return Chunk(visible, next_offset)


def _batch_at(data: bytes, position: int, from_offset: int, verify_crc: bool) -> Batch | None:
    base_offset, length = struct.unpack_from(">qi", data, position)
    end = position + LENGTH_PREFIX + length
    if end > len(data):
        return None  # cut short by the fetch size: fetched again from its offset
    (_, _, _, magic, crc, attributes, last_delta, _, _, producer_id, _, _, count) = (
        BATCH_HEADER.unpack_from(data, position)
    )
    if magic != 2:
        raise CorruptBatchError(base_offset, f"message format v{magic}, only v2 is read")
    if verify_crc and crc32c(memoryview(data)[position + CRC_START : end]) != crc:
        raise CorruptBatchError(base_offset, "CRC-32C mismatch")
    return Batch(
        base_offset,
        base_offset + last_delta,
        attributes,
        producer_id,
        count,
        position + BATCH_HEADER.size,
        end,
        from_offset,
    )


def _is_abort_marker(data: bytes, batch: Batch) -> bool:
    records = decode_records(data, batch, "")
    key = records[0].key if records else None
    return key is not None and len(key) >= 4 and struct.unpack_from(">h", key, 2)[0] == ABORT_MARKER


def decode_records(data: bytes, batch: Batch, topic: str) -> list[RawRecord]:
    """Every record of a batch, generically (any headers, null keys and values, compression)."""
    if batch.compressed:
        records = _decompressed_records(data, batch, topic)
    else:
        records = []
        position = batch.records_start
        for _ in range(batch.record_count):
            record, position = decode_record(data, position, batch.base_offset, topic)
            records.append(record)
    if batch.from_offset > batch.base_offset:
        return [record for record in records if record.offset >= batch.from_offset]
    return records


def decode_record(
    data: bytes, position: int, base_offset: int, topic: str
) -> tuple[RawRecord, int]:
    """The record starting at ``position`` of an uncompressed batch, and the position after it."""
    length, position = read_varint(data, position)
    end = position + length
    position += 1  # attributes (unused)
    _, position = read_varint(data, position)  # timestamp delta
    offset_delta, position = read_varint(data, position)
    key, position = _read_bytes(data, position)
    value, position = _read_bytes(data, position)
    count, position = read_varint(data, position)
    headers = []
    for _ in range(count):
        name, position = _read_bytes(data, position)
        header_value, position = _read_bytes(data, position)
        if name is None:
            raise CorruptBatchError(base_offset, "a header without a name")
        headers.append((name.decode("utf-8", "surrogateescape"), header_value or b""))
    if position != end or end > len(data):
        raise CorruptBatchError(base_offset, "a record's length does not match its fields")
    return RawRecord(topic, base_offset + offset_delta, key, value, headers), end


def read_varint(data: bytes, position: int) -> tuple[int, int]:
    """A zigzag varint (Kafka's signed varint) at ``position``, and the position after it."""
    byte = data[position]
    if byte < 0x80:
        return (byte >> 1) ^ -(byte & 1), position + 1
    value, shift = byte & 0x7F, 7
    while True:
        position += 1
        byte = data[position]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return (value >> 1) ^ -(value & 1), position + 1
        shift += 7
        if shift > 63:
            raise ValueError("varint longer than 10 bytes")


def _read_bytes(data: bytes, position: int) -> tuple[bytes | None, int]:
    length, position = read_varint(data, position)
    if length < 0:
        return None, position
    return data[position : position + length], position + length


def _decompressed_records(data: bytes, batch: Batch, topic: str) -> list[RawRecord]:
    start = batch.records_start - BATCH_HEADER.size
    decoded = DefaultRecordBatch(bytes(data[start : batch.end]))
    return [
        RawRecord(topic, record.offset, record.key, record.value, list(record.headers))
        for record in decoded
    ]
