"""A store without a columnar read is read through select_notifications, into the same columns."""

from __future__ import annotations

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder

from domain.base import natural_id
from projections.log_columns import ColumnarLog, column_reader


def recorder_with(events: int) -> POPOApplicationRecorder:
    recorder = POPOApplicationRecorder()
    originator = natural_id("employee", "E1")
    recorder.insert_events([
        StoredEvent(originator, version, f"topic.{version}", f"{{\"v\": {version}}}".encode())
        for version in range(1, events + 1)
    ])
    return recorder


def test_an_in_memory_recorder_has_no_columnar_read() -> None:
    assert not isinstance(recorder_with(1), ColumnarLog)


def test_the_generic_read_turns_notifications_into_columns() -> None:
    recorder = recorder_with(3)

    columns = column_reader(recorder)(None, 10)

    assert list(columns.ids) == [1, 2, 3]
    assert list(columns.originator_ids) == [natural_id("employee", "E1")] * 3
    assert list(columns.originator_versions) == [1, 2, 3]
    assert list(columns.topics) == ["topic.1", "topic.2", "topic.3"]
    assert list(columns.states) == [b'{"v": 1}', b'{"v": 2}', b'{"v": 3}']


def test_the_generic_read_starts_after_the_position_and_stops_at_the_limit() -> None:
    columns = column_reader(recorder_with(10))(4, 3)

    assert list(columns.ids) == [5, 6, 7]
