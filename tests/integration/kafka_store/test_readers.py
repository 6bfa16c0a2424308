"""A process that only reads (a projector, an auditor) sees what the writer commits later."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from tests.integration.kafka_store.conftest import FactoryMaker


def _event(originator_version: int = 1) -> StoredEvent:
    return StoredEvent(uuid4(), originator_version, "topic", b"{}")


def test_reader_sees_notifications_committed_after_it_opened(make_factory: FactoryMaker) -> None:
    writer = make_factory().application_recorder()
    writer.insert_events([_event()])
    reader = make_factory().application_recorder()
    assert [n.id for n in reader.select_notifications(None, 10)] == [1]

    writer.insert_events([_event(), _event()])

    assert [n.id for n in reader.select_notifications(1, 10, inclusive_of_start=False)] == [2, 3]


def test_reader_head_moves_with_the_writer(make_factory: FactoryMaker) -> None:
    writer = make_factory().application_recorder()
    reader = make_factory().application_recorder()
    assert reader.max_notification_id() is None

    writer.insert_events([_event()])

    assert reader.max_notification_id() == 1
