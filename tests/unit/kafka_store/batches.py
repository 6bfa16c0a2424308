"""Record batches built with kafka-python's own builder, as a broker would hand them out."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from crc32c import crc32c
from kafka.record.default_records import DefaultRecordBatchBuilder

Record = tuple[bytes | None, bytes | None, Sequence[tuple[str, bytes]]]

CONTROL = 0x20
ABORT, COMMIT = 0, 1


def batch(
    base_offset: int,
    records: Sequence[Record],
    *,
    producer_id: int = -1,
    transactional: bool = False,
    compression: int = 0,
    offset_step: int = 1,
) -> bytes:
    """One v2 batch at base_offset (records offset_step apart, as compaction may leave them)."""
    builder = DefaultRecordBatchBuilder(
        magic=2,
        compression_type=compression,
        is_transactional=transactional,
        producer_id=producer_id,
        producer_epoch=0 if producer_id >= 0 else -1,
        base_sequence=0 if producer_id >= 0 else -1,
        batch_size=1 << 24,
    )
    for number, (key, value, headers) in enumerate(records):
        builder.append(number * offset_step, 1_700_000_000_000 + number, key, value, list(headers))
    built = builder.build()
    struct.pack_into(">q", built, 0, base_offset)
    return bytes(built)


def marker(offset: int, producer_id: int, kind: int) -> bytes:
    """A transaction marker (control batch): COMMIT or ABORT of producer_id's transaction."""
    key = struct.pack(">hh", 0, kind)
    value = struct.pack(">hi", 0, 0)
    built = bytearray(
        batch(offset, [(key, value, ())], producer_id=producer_id, transactional=True)
    )
    (attributes,) = struct.unpack_from(">h", built, 21)
    struct.pack_into(">h", built, 21, attributes | CONTROL)
    struct.pack_into(">I", built, 17, crc32c(memoryview(built)[21:]))
    return bytes(built)
