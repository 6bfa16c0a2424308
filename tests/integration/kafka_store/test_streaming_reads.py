"""Readers in order (the projector, replay) read records from their position by offset."""

from __future__ import annotations

import uuid

from tests.integration.kafka_store.conftest import EVENTS, FactoryMaker
from tests.integration.kafka_store.support import application, records_read, write


def test_a_restarted_reader_fetches_only_the_records_after_its_position(
    checkpointed: list[uuid.UUID], with_state: FactoryMaker
) -> None:
    reader = application(with_state())
    selected: list[list[int]] = []

    read = records_read(lambda: selected.append(
        reader.select_notification_columns(EVENTS - 2, 100)[0]
    ))

    assert selected == [[EVENTS - 1, EVENTS]]
    assert read == 2


def test_consecutive_bulk_reads_go_on_from_the_cursor_without_fetching_again(
    make_factory: FactoryMaker,
) -> None:
    write(application(make_factory()), EVENTS)
    reader = application(make_factory())
    ids: list[int] = []

    def read_in_three() -> None:
        for after in (0, 4, 8):
            ids.extend(reader.select_notification_columns(after, 4)[0])

    read = records_read(read_in_three)

    assert ids == list(range(1, EVENTS + 1))
    assert read == EVENTS


def test_notifications_of_some_event_types_are_selected_from_the_stream(
    make_factory: FactoryMaker,
) -> None:
    from eventsourcing.persistence import StoredEvent

    recorder = application(make_factory())
    originator = uuid.uuid4()
    recorder.insert_events(
        [StoredEvent(originator, v, "Kept" if v % 2 else "Other", b"{}") for v in range(1, 7)]
    )

    chosen = application(make_factory()).select_notifications(2, 2, topics=["Kept"])

    assert [(n.id, n.topic) for n in chosen] == [(3, "Kept"), (5, "Kept")]
