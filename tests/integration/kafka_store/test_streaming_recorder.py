"""A reader that only streams (KafkaStreamingRecorder) starts from its position without an index."""

from __future__ import annotations

import time
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from kafka import KafkaProducer

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.recorders import KafkaStreamingRecorder
from tests.integration.kafka_store.conftest import FactoryMaker
from tests.integration.kafka_store.support import application, records_read, send_ours

TRANSACTIONS = 60
VISIBLE_WITHIN = 10.0  # seconds for a commit to become visible to read_committed fetches
EVENTS_EACH = 25  # 1,500 events in 60 transactions: 60 commit markers among them


def _events(count: int) -> list[StoredEvent]:
    return [StoredEvent(uuid4(), 1, "Created", b"{}") for _ in range(count)]


def _streaming(factory: KafkaFactory) -> KafkaStreamingRecorder:
    return KafkaStreamingRecorder(factory.store)


@pytest.fixture
def long_log(make_factory: FactoryMaker) -> int:
    """A log of TRANSACTIONS transactions of EVENTS_EACH events; returns the event count."""
    writer = application(make_factory())
    for _ in range(TRANSACTIONS):
        writer.insert_events(_events(EVENTS_EACH))
    return TRANSACTIONS * EVENTS_EACH


def test_a_streaming_reader_finds_its_position_in_a_long_log_with_a_few_small_fetches(
    long_log: int, make_factory: FactoryMaker
) -> None:
    reader = _streaming(make_factory())
    search = reader.store.offset_search(reader.topic)
    offsets: list[int] = []

    read = records_read(lambda: offsets.append(search.offset_for(1001)))

    steps = (long_log + TRANSACTIONS).bit_length()  # offsets: events and commit markers
    assert search.fetches <= 2 * steps + 1
    assert read <= steps * EVENTS_EACH < long_log / 2
    assert reader.select_notification_columns(1000, 10)[0] == list(range(1001, 1011))


def test_a_streaming_reader_opens_no_index_in_its_state_directory(
    long_log: int, make_factory: FactoryMaker, tmp_path: Path
) -> None:
    reader = _streaming(make_factory(KAFKA_STATE_DIR=str(tmp_path)))

    ids = reader.select_notification_columns(None, long_log)[0]

    assert ids == list(range(1, long_log + 1))
    assert reader.max_notification_id() == long_log
    assert list(tmp_path.iterdir()) == []


def test_the_bisection_finds_the_offset_the_index_holds_for_every_notification(
    long_log: int, make_factory: FactoryMaker
) -> None:
    factory = make_factory()
    index = application(factory).log.index
    search = factory.store.offset_search(factory.store.config.topic("events"))

    found = [search.offset_for(number) for number in range(1, long_log + 1, 37)]

    assert found == [index.offset_of(number) for number in range(1, long_log + 1, 37)]
    assert search.offset_for(long_log + 1) == index.next_offset


def test_a_streaming_reader_skips_an_aborted_transaction_whose_records_carry_ids(
    make_factory: FactoryMaker, intruder: KafkaProducer
) -> None:
    writer = application(make_factory())
    before = _events(2)
    writer.insert_events(before)
    send_ours(intruder, writer.topic, first_id=3, count=3)
    intruder.abort_transaction()
    after = _events(2)
    writer.insert_events(after)

    notifications = _streaming(make_factory()).select_notifications(3, 10)

    assert [n.id for n in notifications] == [3, 4]
    assert [n.originator_id for n in notifications] == [e.originator_id for e in after]


def test_a_streaming_reader_at_the_head_reads_what_is_committed_after_it(
    long_log: int, make_factory: FactoryMaker
) -> None:
    reader = _streaming(make_factory())
    assert reader.select_notification_columns(long_log, 10)[0] == []
    new = _events(3)

    application(make_factory()).insert_events(new)

    ids: list[int] = []
    deadline = time.monotonic() + VISIBLE_WITHIN
    while not ids and time.monotonic() < deadline:  # visible once the commit markers are
        ids = reader.select_notification_columns(long_log, 10)[0]
    assert ids == [long_log + 1, long_log + 2, long_log + 3]


def test_a_subscription_of_a_streaming_reader_starts_after_its_position(
    long_log: int, make_factory: FactoryMaker
) -> None:
    reader = _streaming(make_factory())

    with reader.subscribe(gt=long_log - 2) as subscription:
        ids = [next(subscription).id, next(subscription).id]

    assert ids == [long_log - 1, long_log]


def test_a_streaming_reader_opens_the_index_when_it_writes(
    long_log: int, make_factory: FactoryMaker
) -> None:
    reader = _streaming(make_factory())

    ids = reader.insert_events(_events(1))

    assert ids == [long_log + 1]
    assert reader.select_notification_columns(long_log, 10)[0] == [long_log + 1]
