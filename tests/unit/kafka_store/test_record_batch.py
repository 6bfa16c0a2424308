"""Record batches built by the writer read back identically with kafka-python's own decoder."""

from __future__ import annotations

from kafka.record.memory_records import MemoryRecords
from kafka.record.util import decode_varint

from gateways.stores.kafka.protocol.record_batch import Producer, encode_batch, split_by_size
from gateways.stores.kafka.protocol.varints import varint
from gateways.stores.kafka.records import EncodedRecord


def records(count: int, size: int = 10) -> list[EncodedRecord]:
    return [
        EncodedRecord(f"k{n}".encode(), b"v" * size * n, [("schema", b"s"), ("n", str(n).encode())])
        for n in range(count)
    ]


def test_a_batch_reads_back_with_keys_values_headers_and_offsets_in_order() -> None:
    batch = MemoryRecords(encode_batch(records(3), Producer(7, 2, 0), 1_700_000_000_000))

    decoded = list(batch.next_batch())

    assert [(r.offset, r.key, r.value, r.headers) for r in decoded] == [
        (n, f"k{n}".encode(), b"v" * 10 * n, [("schema", b"s"), ("n", str(n).encode())])
        for n in range(3)
    ]


def test_a_batch_carries_the_producer_and_a_valid_crc_and_is_transactional() -> None:
    batch = MemoryRecords(encode_batch(records(2), Producer(7, 2, 5), 1_700_000_000_000))

    read = batch.next_batch()

    assert read.validate_crc()
    assert (read.producer_id, read.producer_epoch, read.base_sequence) == (7, 2, 5)
    assert read.is_transactional


def test_every_record_of_a_batch_has_the_batch_timestamp() -> None:
    batch = MemoryRecords(encode_batch(records(2), Producer(1, 0, 0), 1_700_000_000_123))

    assert {r.timestamp for r in batch.next_batch()} == {1_700_000_000_123}


def test_varints_are_zigzag_encoded_like_kafka_does() -> None:
    values = [0, 1, 63, 64, -1, -64, 300, -300, 2**40]

    assert [decode_varint(bytearray(varint(v)), 0)[0] for v in values] == values


def test_records_are_split_into_runs_that_each_fit_the_size_limit() -> None:
    many = records(10, size=100)

    runs = split_by_size(many, max_bytes=1_500)

    assert [r for run in runs for r in run] == many
    assert all(sum(r.size for r in run) <= 1_500 for run in runs if len(run) > 1)
    assert len(runs) > 1
