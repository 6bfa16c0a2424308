"""The dead-letter record: original bytes, a key naming the source, headers saying why."""

from __future__ import annotations

from datetime import UTC, datetime

from gateways.entrypoints.hris.deadletter import DeadLetter
from gateways.entrypoints.hris.records import SourceRecord

LETTER = DeadLetter(SourceRecord("hris", 2, 41, b"raw"), "malformed", "bad date", "e9")


def test_key_is_the_original_topic_partition_and_offset() -> None:
    assert LETTER.key == b"hris:2:41"


def test_headers_name_the_reason_the_stage_and_the_source() -> None:
    headers = dict(LETTER.headers(datetime(2025, 1, 2, tzinfo=UTC)))
    assert headers == {
        "dlq.stage": b"malformed",
        "dlq.reason": b"bad date",
        "dlq.source.topic": b"hris",
        "dlq.source.partition": b"2",
        "dlq.source.offset": b"41",
        "dlq.dead_lettered_at": b"2025-01-02T00:00:00+00:00",
        "dlq.event_id": b"e9",
    }
