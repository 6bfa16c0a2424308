"""A log that takes longer to read than the store's patience still opens, as long as it moves."""

from __future__ import annotations

import time
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from tests.integration.kafka_store.conftest import FactoryMaker

EVENTS = 300_000
STATE = b"{}" + b" " * 200  # a realistic size, so reading takes a while
PATIENT_SECONDS = "0.15"  # 3x this is how long a read may stand still


def test_a_log_slower_to_read_than_the_patience_opens_because_it_keeps_moving(
    make_factory: FactoryMaker,
) -> None:
    writer = make_factory().application_recorder()
    for _ in range(EVENTS // 2000):
        writer.insert_events([StoredEvent(uuid4(), 1, "topic", STATE) for _ in range(2000)])

    began = time.monotonic()
    reader = make_factory(
        KAFKA_CONNECT_TIMEOUT=PATIENT_SECONDS, KAFKA_WRITE_TIMEOUT=PATIENT_SECONDS
    ).application_recorder()
    took = time.monotonic() - began

    assert reader.max_notification_id() == EVENTS
    assert took > 3 * float(PATIENT_SECONDS), "the log read too fast to show anything"
