"""A save larger than one record batch: several produce requests, still one transaction."""

from __future__ import annotations

import threading
import time
from uuid import uuid4

from eventsourcing.persistence import StoredEvent, Tracking

from tests.integration.kafka_store.conftest import FactoryMaker

SMALL_BATCHES = {"KAFKA_MAX_MESSAGE_BYTES": "20000"}  # 200 events of 500 bytes: 6 batches


def events(count: int) -> list[StoredEvent]:
    aggregate = uuid4()
    return [StoredEvent(aggregate, v, "Big.Saved", b"x" * 500) for v in range(1, count + 1)]


def test_a_save_larger_than_one_record_batch_is_committed_whole_and_in_order(
    make_factory: FactoryMaker,
) -> None:
    recorder = make_factory(**SMALL_BATCHES).application_recorder()

    ids = recorder.insert_events(events(200))

    fresh = make_factory(**SMALL_BATCHES).application_recorder()
    notifications = fresh.select_notifications(1, 500)
    assert ids == list(range(1, 201))
    assert [n.originator_version for n in notifications] == list(range(1, 201))


def test_a_large_save_and_its_tracking_position_are_committed_together(
    make_factory: FactoryMaker,
) -> None:
    recorder = make_factory(**SMALL_BATCHES).process_recorder()

    recorder.insert_events(events(200), tracking=Tracking("upstream", 7))

    fresh = make_factory(**SMALL_BATCHES).process_recorder()
    assert fresh.max_tracking_id("upstream") == 7
    assert fresh.max_notification_id() == 200


def test_closing_the_store_lets_the_transaction_in_flight_commit(
    make_factory: FactoryMaker,
) -> None:
    factory = make_factory()
    recorder = factory.application_recorder()
    outcome: list[object] = []
    insert = threading.Thread(target=lambda: outcome.append(recorder.insert_events(events(3000))))
    insert.start()
    deadline = time.monotonic() + 10
    while factory.store.transactions_in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.0005)

    factory.close()
    insert.join()

    assert outcome == [list(range(1, 3001))]
    assert make_factory().application_recorder().max_notification_id() == 3000
