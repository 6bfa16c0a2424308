"""Record batches read from fetched bytes: the records, and what read_committed keeps."""

from __future__ import annotations

import struct

import pytest
from kafka.record.default_records import DefaultRecordBatch

from gateways.stores.kafka.protocol.batch_decoding import (
    CorruptBatchError,
    committed_batches,
    decode_records,
)
from tests.unit.kafka_store.batches import ABORT, COMMIT, batch, marker

HEADERS = [("schema", b"mentoring-es/1"), ("empty", b"")]


def read(data: bytes, aborted: list[tuple[int, int]] | None = None, start: int = 0) -> list:
    chunk = committed_batches(data, aborted or [], start)
    return [record for b in chunk.batches for record in decode_records(data, b, "t")]


def offsets(data: bytes, aborted: list[tuple[int, int]] | None = None, start: int = 0) -> list:
    return [record.offset for record in read(data, aborted, start)]


def test_records_read_the_same_as_kafka_pythons_own_decoder() -> None:
    data = batch(40, [(b"k1", b"v1", HEADERS), (b"k2", b"x" * 300, [("h", b"\x00\xff")])])

    theirs = [
        (r.offset, r.key, r.value, list(r.headers)) for r in DefaultRecordBatch(bytearray(data))
    ]
    ours = [(r.offset, r.key, r.value, r.headers) for r in read(data)]

    assert ours == theirs


def test_a_null_key_and_a_null_value_read_as_none() -> None:
    [record] = read(batch(0, [(None, None, ())]))

    assert (record.key, record.value, record.headers) == (None, None, [])


def test_a_gzip_compressed_batch_reads_like_an_uncompressed_one() -> None:
    records = [(f"k{n}".encode(), b"{}" * 200, HEADERS) for n in range(5)]

    compressed = read(batch(7, records, compression=1))

    assert compressed == read(batch(7, records))


def test_offsets_left_sparse_by_compaction_are_kept() -> None:
    assert offsets(batch(10, [(b"a", b"1", ()), (b"b", b"2", ())], offset_step=5)) == [10, 15]


def test_transaction_markers_are_not_records() -> None:
    data = batch(0, [(b"a", b"1", ())], producer_id=9, transactional=True) + marker(1, 9, COMMIT)

    assert offsets(data) == [0]


def test_the_batches_of_an_aborted_transaction_are_skipped() -> None:
    data = (
        batch(0, [(b"a", b"1", ())])
        + batch(1, [(b"b", b"2", ()), (b"c", b"3", ())], producer_id=5, transactional=True)
        + marker(3, 5, ABORT)
        + batch(4, [(b"d", b"4", ())])
    )

    assert offsets(data, aborted=[(5, 1)]) == [0, 4]


def test_a_later_transaction_of_a_producer_that_aborted_one_is_read() -> None:
    data = (
        batch(0, [(b"a", b"1", ())], producer_id=5, transactional=True)
        + marker(1, 5, ABORT)
        + batch(2, [(b"b", b"2", ())], producer_id=5, transactional=True)
        + marker(3, 5, COMMIT)
    )

    assert offsets(data, aborted=[(5, 0)]) == [2]


def test_an_aborted_transaction_interleaved_with_a_committed_one_hides_only_its_own() -> None:
    data = (
        batch(0, [(b"a", b"1", ())], producer_id=5, transactional=True)
        + batch(1, [(b"b", b"2", ())], producer_id=6, transactional=True)
        + marker(2, 6, COMMIT)
        + batch(3, [(b"c", b"3", ())], producer_id=5, transactional=True)
        + marker(4, 5, ABORT)
    )

    assert offsets(data, aborted=[(5, 0)]) == [1]


def test_a_batch_cut_short_by_the_fetch_size_is_left_for_the_next_fetch() -> None:
    whole = batch(0, [(b"a", b"1", ())])
    data = whole + batch(1, [(b"b", b"2", ())])[:30]

    chunk = committed_batches(data, [])

    assert (len(chunk.batches), chunk.next_offset) == (1, 1)


def test_the_next_offset_is_past_control_and_aborted_batches() -> None:
    data = batch(0, [(b"a", b"1", ())], producer_id=5, transactional=True) + marker(1, 5, ABORT)

    chunk = committed_batches(data, [(5, 0)])

    assert (chunk.batches, chunk.next_offset) == ([], 2)


def test_records_before_the_offset_asked_for_are_not_read() -> None:
    data = batch(20, [(b"a", b"1", ()), (b"b", b"2", ()), (b"c", b"3", ())])

    assert offsets(data, start=21) == [21, 22]


def test_a_batch_whose_crc_does_not_match_is_refused_naming_its_offset() -> None:
    data = bytearray(batch(33, [(b"a", b"1", ())]))
    data[-1] ^= 0xFF

    with pytest.raises(CorruptBatchError, match="offset 33"):
        committed_batches(bytes(data), [])


def test_a_batch_of_an_old_message_format_is_refused() -> None:
    data = bytearray(batch(0, [(b"a", b"1", ())]))
    struct.pack_into(">b", data, 16, 1)

    with pytest.raises(CorruptBatchError, match="v1"):
        committed_batches(bytes(data), [])
