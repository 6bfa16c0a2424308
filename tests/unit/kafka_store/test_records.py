"""Event and tracking records: what goes into Kafka, and what is refused coming back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from eventsourcing.persistence import StoredEvent, Tracking

from gateways.stores.kafka.errors import ForeignRecordError
from gateways.stores.kafka.records import (
    GENESIS_HASH,
    chain_hash,
    decode_event,
    decode_tracking,
    encode_event,
    encode_tracking,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class Record(NamedTuple):
    topic: str
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


def consumed(encoded: Any, offset: int = 7) -> Record:
    return Record("t.App.events", offset, encoded.key, encoded.value, encoded.headers)


def an_event(originator_id: uuid.UUID | str | None = None) -> StoredEvent:
    return StoredEvent(originator_id or uuid.uuid4(), 3, "Mentor.Registered", b'{"a":1}')


def test_headers_name_the_schema_type_version_notification_time_and_hash() -> None:
    record = encode_event(
        an_event(), recorded_at=NOW, notification_id=5, previous_hash=GENESIS_HASH
    )

    assert [name for name, _ in record.headers] == [
        "schema",
        "event_type",
        "originator_version",
        "notification_id",
        "recorded_at",
        "hash",
    ]
    assert dict(record.headers)["recorded_at"] == b"2026-01-02T03:04:05+00:00"


def test_an_event_decodes_to_the_stored_event_it_was_encoded_from() -> None:
    stored = an_event()
    record = encode_event(stored, recorded_at=NOW, notification_id=1, previous_hash=GENESIS_HASH)

    decoded = decode_event(consumed(record), with_notification_id=True)

    assert decoded.stored_event == stored
    assert decoded.notification_id == 1
    assert decoded.hash == record.hash


def test_a_text_originator_id_stays_text() -> None:
    stored = an_event("mentor-42")
    record = encode_event(stored, recorded_at=NOW)

    assert decode_event(consumed(record), with_notification_id=False).stored_event == stored


def test_the_hash_depends_on_the_previous_hash() -> None:
    stored = an_event()
    first = encode_event(stored, recorded_at=NOW, notification_id=1, previous_hash=GENESIS_HASH)
    other = encode_event(stored, recorded_at=NOW, notification_id=1, previous_hash="1" * 64)

    assert first.hash != other.hash


def test_the_hash_can_be_recomputed_from_the_record_alone() -> None:
    record = encode_event(
        an_event(), recorded_at=NOW, notification_id=1, previous_hash=GENESIS_HASH
    )

    assert chain_hash(GENESIS_HASH, record.key, record.value, record.headers) == record.hash


def test_a_record_without_the_schema_header_is_foreign() -> None:
    record = Record("t.App.events", 12, b"k", b"{}", [("event_type", b"X")])

    with pytest.raises(ForeignRecordError, match="offset 12"):
        decode_event(record, with_notification_id=True)


def test_a_record_with_a_non_numeric_version_is_foreign() -> None:
    headers = [("schema", b"mentoring-es/1"), ("event_type", b"X"), ("originator_version", b"x")]

    with pytest.raises(ForeignRecordError, match="bad headers"):
        decode_event(Record("t", 0, b"k", b"{}", headers), with_notification_id=False)


def test_an_event_record_without_a_hash_is_foreign_in_the_events_topic() -> None:
    record = encode_event(an_event(), recorded_at=NOW, notification_id=1)

    with pytest.raises(ForeignRecordError):
        decode_event(consumed(record), with_notification_id=True)


def test_a_tracking_position_round_trips() -> None:
    record = encode_tracking(Tracking("hris:0", 42), recorded_at=NOW)

    assert decode_tracking(consumed(record)) == Tracking("hris:0", 42)
