"""Event records decoded into columns: the same answers as decode_event, record by record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import StoredEvent
from kafka.record.default_records import DefaultRecordBatch

from gateways.stores.kafka.errors import ForeignRecordError, LogCorruptedError
from gateways.stores.kafka.event_columns import (
    EventColumns,
    EventDecoder,
    Interned,
    check_numbering,
)
from gateways.stores.kafka.protocol.batch_decoding import RawRecord, committed_batches
from gateways.stores.kafka.records import GENESIS_HASH, decode_event, encode_event
from tests.unit.kafka_store.batches import Record, batch

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def our_records(count: int, *, first_id: int = 1, numbered: bool = True) -> list[Record]:
    records: list[Record] = []
    previous = GENESIS_HASH
    for number in range(first_id, first_id + count):
        event = StoredEvent(
            uuid.uuid4(), number, f"domain.x:X.Happened{number % 3}", b"{}" * number
        )
        encoded = encode_event(
            event,
            recorded_at=NOW,
            notification_id=number if numbered else None,
            previous_hash=previous if numbered else None,
        )
        previous = encoded.hash or previous
        records.append((encoded.key, encoded.value, encoded.headers))
    return records


def decode(data: bytes, *, numbered: bool = True) -> EventColumns:
    decoder = EventDecoder("t", numbered=numbered, interned=Interned())
    for each in committed_batches(data, []).batches:
        decoder.add_batch(data, each)
    return decoder.take()


def expected(data: bytes, *, numbered: bool = True) -> list[tuple[object, ...]]:
    """What decode_event makes of kafka-python's reading of the same bytes."""
    rows: list[tuple[object, ...]] = []
    for record in DefaultRecordBatch(bytearray(data)):
        raw = RawRecord("t", record.offset, record.key, record.value, list(record.headers))
        decoded = decode_event(raw, with_notification_id=numbered)
        event = decoded.stored_event
        rows.append(
            (
                decoded.offset,
                str(event.originator_id),
                event.originator_version,
                event.topic,
                event.state,
                decoded.notification_id,
            )
        )
    return rows


def rows(columns: EventColumns) -> list[tuple[object, ...]]:
    numbers: list[int | None] = [*columns.notification_ids] or [None] * len(columns)
    return list(
        zip(
            columns.offsets,
            columns.originator_ids,
            columns.versions,
            columns.topics,
            columns.states,
            numbers,
            strict=True,
        )
    )


def test_our_records_decode_as_decode_event_decodes_them() -> None:
    data = batch(100, our_records(5))

    assert rows(decode(data)) == expected(data)


def test_records_past_the_64th_of_a_batch_decode_as_well() -> None:
    data = batch(0, our_records(300))

    assert rows(decode(data)) == expected(data)


def test_snapshot_records_without_number_and_hash_decode_as_well() -> None:
    data = batch(0, our_records(3, numbered=False))

    assert rows(decode(data, numbered=False)) == expected(data, numbered=False)


def test_a_record_with_an_extra_header_is_decoded_by_the_generic_path() -> None:
    key, value, headers = our_records(1)[0]
    data = batch(0, [(key, value, [*headers, ("traceparent", b"00-abc")])])

    assert rows(decode(data)) == expected(data)


def test_the_last_hash_is_that_of_the_last_record() -> None:
    records = our_records(3)

    assert decode(batch(0, records)).last_hash == dict(records[-1][2])["hash"].decode()


def test_a_record_without_our_schema_header_is_refused_naming_its_offset() -> None:
    data = batch(0, [*our_records(2), (b"k", b"{}", [("source", b"elsewhere")])])

    with pytest.raises(ForeignRecordError, match="offset 2"):
        decode(data)


def test_a_record_without_a_key_is_refused_naming_its_offset() -> None:
    _, value, headers = our_records(1)[0]

    with pytest.raises(ForeignRecordError, match="offset 7.*no key"):
        decode(batch(7, [(None, value, headers)]))


def test_a_version_header_that_is_not_a_number_is_refused_naming_its_offset() -> None:
    key, value, headers = our_records(2)[1]
    bad = [(name, b"two" if name == "originator_version" else raw) for name, raw in headers]

    with pytest.raises(ForeignRecordError, match="offset 1"):
        decode(batch(0, [our_records(1)[0], (key, value, bad)]))


def test_a_hash_that_is_not_utf8_is_refused_naming_its_offset() -> None:
    key, value, headers = our_records(1)[0]
    bad = [(name, b"\xff" * 64 if name == "hash" else raw) for name, raw in headers]

    with pytest.raises(ForeignRecordError, match="offset 4"):
        decode(batch(3, [our_records(1)[0], (key, value, bad)]))


def test_event_types_are_shared_between_records() -> None:
    key, value, headers = our_records(1)[0]
    columns = decode(batch(0, [(key, value, headers)] * 2))

    assert columns.topics[0] is columns.topics[1]


def test_dense_notification_ids_pass_the_numbering_check() -> None:
    check_numbering("t", decode(batch(0, our_records(3, first_id=4))), expected=4)


def test_a_notification_id_out_of_sequence_is_reported_with_its_offset() -> None:
    columns = decode(batch(50, our_records(3, first_id=1)))
    columns.notification_ids[2] = 9

    with pytest.raises(LogCorruptedError, match="offset 52 .* id 9, expected 3"):
        check_numbering("t", columns, expected=1)
