"""The store reads its log read_committed: aborted and still-open transactions are not events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from kafka import KafkaProducer

from gateways.stores.kafka.records import encode_event
from tests.integration.kafka_store.conftest import FactoryMaker


def _event() -> StoredEvent:
    return StoredEvent(uuid4(), 1, "topic", b"{}")


@pytest.fixture
def intruder(kafka_bootstrap: str, unique_name: str) -> Iterator[KafkaProducer]:
    """A second transactional producer on the same topic, writing records in our format."""
    producer = KafkaProducer(
        bootstrap_servers=kafka_bootstrap, transactional_id=f"{unique_name}.intruder"
    )
    producer.init_transactions()
    yield producer
    producer.close()


def _send_ours(producer: KafkaProducer, topic: str, first_id: int, count: int) -> None:
    """Records that would pass for the store's own (numbered on from first_id) if visible."""
    producer.begin_transaction()
    for number in range(first_id, first_id + count):
        encoded = encode_event(
            _event(), recorded_at=datetime.now(UTC), notification_id=number, previous_hash="0" * 64
        )
        producer.send(topic, key=encoded.key, value=encoded.value, headers=encoded.headers)
    producer.flush()


def test_an_aborted_transaction_in_the_middle_of_the_log_is_not_read(
    make_factory: FactoryMaker, intruder: KafkaProducer
) -> None:
    writer = make_factory().application_recorder()
    before = [_event(), _event()]
    writer.insert_events(before)
    _send_ours(intruder, writer.topic, first_id=3, count=3)  # type: ignore[attr-defined]
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
    _send_ours(intruder, writer.topic, first_id=2, count=2)  # type: ignore[attr-defined]

    reader = make_factory().application_recorder()

    assert reader.max_notification_id() == 1
    intruder.abort_transaction()
