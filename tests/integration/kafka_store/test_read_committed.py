"""The store reads its log read_committed: aborted and still-open transactions are not events."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import StoredEvent
from kafka import KafkaProducer

from tests.integration.kafka_store.conftest import FactoryMaker
from tests.integration.kafka_store.support import send_ours


def _event() -> StoredEvent:
    return StoredEvent(uuid4(), 1, "topic", b"{}")


def test_an_aborted_transaction_in_the_middle_of_the_log_is_not_read(
    make_factory: FactoryMaker, intruder: KafkaProducer
) -> None:
    writer = make_factory().application_recorder()
    before = [_event(), _event()]
    writer.insert_events(before)
    send_ours(intruder, writer.topic, first_id=3, count=3)  # type: ignore[attr-defined]
    intruder.abort_transaction()
    after = _event()
    writer.insert_events([after])

    notifications = make_factory().application_recorder().select_notifications(None, 10)

    assert [n.id for n in notifications] == [1, 2, 3]
    assert [n.originator_id for n in notifications] == [e.originator_id for e in [*before, after]]


def test_a_reader_stops_before_a_transaction_still_open(
    make_factory: FactoryMaker, intruder: KafkaProducer
) -> None:
    writer = make_factory().application_recorder()
    writer.insert_events([_event()])
    send_ours(intruder, writer.topic, first_id=2, count=2)  # type: ignore[attr-defined]

    reader = make_factory().application_recorder()

    assert reader.max_notification_id() == 1
    intruder.abort_transaction()
