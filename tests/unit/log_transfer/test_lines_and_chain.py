"""The export file's lines and the chain walk over them, for both stores' chains (no I/O)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import StoredEvent

from gateways.log_transfer import lines as export_lines
from gateways.log_transfer.chain import BrokenChain, ChainWalk
from gateways.stores.kafka.records import GENESIS_HASH, encode_event
from gateways.stores.sqlite.chain import event_hash

Log = Callable[[int], list[export_lines.ExportedEvent]]
AGGREGATE = uuid.UUID("eb0790df-edb6-5952-bbc4-c9ba01c1fe1e")


def stored(version: int, state: bytes = b'{"actor":"hris"}') -> StoredEvent:
    return StoredEvent(AGGREGATE, version, "domain.employees:Employee.Promoted", state)


def kafka_log(count: int) -> list[export_lines.ExportedEvent]:
    previous, events = GENESIS_HASH, []
    for n in range(1, count + 1):
        record = encode_event(stored(n), recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
                              notification_id=n, previous_hash=previous)
        headers = tuple((name, raw.decode()) for name, raw in record.headers)
        events.append(export_lines.ExportedEvent(n, record.key.decode(), record.value, headers))
        assert record.hash is not None
        previous = record.hash
    return events


def sqlite_log(count: int) -> list[export_lines.ExportedEvent]:
    previous, events = GENESIS_HASH, []
    for n in range(1, count + 1):
        event = stored(n)
        previous = event_hash(previous, n, event)
        headers = (("event_type", event.topic), ("originator_version", str(n)),
                   ("notification_id", str(n)), ("hash", previous))
        events.append(export_lines.ExportedEvent(n, str(AGGREGATE), event.state, headers))
    return events


@pytest.mark.parametrize(("store", "log"), [("kafka", kafka_log), ("sqlite", sqlite_log)])
def test_an_intact_log_walks_to_its_last_hash(store: str, log: Log) -> None:
    events = log(3)
    walk = ChainWalk(store)
    for event in events:
        walk.check(event)
    assert (walk.events, walk.head) == (3, events[-1].hash)


@pytest.mark.parametrize(("store", "log"), [("kafka", kafka_log), ("sqlite", sqlite_log)])
def test_an_altered_value_breaks_the_chain_at_that_event(store: str, log: Log) -> None:
    events = log(3)
    events[1] = dataclasses.replace(events[1], value=b'{"actor":"mallory"}')
    walk = ChainWalk(store)
    walk.check(events[0])
    with pytest.raises(BrokenChain, match="event 2: hash does not match"):
        walk.check(events[1])


def test_a_removed_event_is_out_of_sequence() -> None:
    first, _, third = kafka_log(3)
    walk = ChainWalk("kafka")
    walk.check(first)
    with pytest.raises(BrokenChain, match=r"event 3: out of sequence \(expected event 2\)"):
        walk.check(third)


def test_every_kind_of_line_reads_back_as_written() -> None:
    header = export_lines.ExportHeader("mentoring", "kafka", "2026-01-01T00:00:00+00:00")
    event = kafka_log(1)[0]
    binary = dataclasses.replace(event, value=b"\xff\x00 encrypted")
    position = export_lines.ExportedPosition("hris.employee-events:0", 1234)
    end = export_lines.ExportEnd(1, "ab" * 32, 1)
    lines: list[export_lines.Line] = [header, event, binary, position, end]
    for number, line in enumerate(lines, start=1):
        assert export_lines.parse_line(line.to_json(), number) == line
    assert '"value_base64"' in binary.to_json()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("not json", "line 7: JSONDecodeError"),
        ('{"format": "mentoring-log/9", "application": "a", "store": "sqlite",'
         ' "exported_at": "x"}', "line 7: ValueError: format"),
        ('{"notification_id": 1, "key": "not-a-uuid", "value": "{}", "headers": {}}',
         "line 7: ValueError"),
        ('{"notification_id": 1, "key": "eb0790df-edb6-5952-bbc4-c9ba01c1fe1e", "value": "{}",'
         ' "headers": {}}', "line 7: KeyError"),
    ],
)
def test_a_malformed_line_is_refused_naming_its_number(text: str, complaint: str) -> None:
    with pytest.raises(export_lines.BadExportFile, match=complaint):
        export_lines.parse_line(text, 7)
