"""Losing the broker mid-write: inserts fail clearly, nothing partial, no gaps once it returns.

Runs its own broker (see private_broker.py), because the shared one must stay up.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.chain import verify_topic_chain
from tests.integration.kafka_store.private_broker import PrivateBroker
from tests.integration.kafka_store.support import store_env

BATCH = 5


@pytest.fixture
def broker(kafka_bootstrap: str, tmp_path: Path) -> Iterator[PrivateBroker]:
    private = PrivateBroker(tmp_path / "broker")
    private.start()
    yield private
    private.stop()


def batch(aggregate: uuid.UUID) -> list[StoredEvent]:
    return [StoredEvent(aggregate, v, "Loss.Test", b"{}") for v in range(1, BATCH + 1)]


class Outcomes:
    def __init__(self) -> None:
        self.committed: list[uuid.UUID] = []
        self.failed: dict[uuid.UUID, str] = {}


def keep_writing(factory: KafkaFactory, stop: threading.Event, outcomes: Outcomes) -> None:
    recorder = factory.application_recorder()
    while not stop.is_set():
        aggregate = uuid.uuid4()
        try:
            recorder.insert_events(batch(aggregate))
        except PersistenceError as error:
            outcomes.failed[aggregate] = str(error)
        else:
            outcomes.committed.append(aggregate)


def test_writes_fail_while_the_broker_is_lost_and_continue_without_gaps_when_it_returns(
    broker: PrivateBroker, unique_name: str
) -> None:
    env = {**store_env(broker.bootstrap, unique_name), "KAFKA_WRITE_TIMEOUT": "3"}
    env["KAFKA_CONNECT_TIMEOUT"] = "3"
    factory = KafkaFactory(Environment("App", env))
    outcomes, stop = Outcomes(), threading.Event()
    writer = threading.Thread(target=keep_writing, args=(factory, stop, outcomes))
    writer.start()
    while len(outcomes.committed) < 20:
        time.sleep(0.01)

    broker.kill()
    while len(outcomes.failed) < 2:
        time.sleep(0.1)
    broker.start()
    failures_before_return = len(outcomes.failed)
    deadline = time.monotonic() + 60
    while len(outcomes.committed) < 40 + failures_before_return and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    writer.join()
    factory.close()

    assert all(
        "127.0.0.1" in message or "broker" in message for message in outcomes.failed.values()
    )
    reread = KafkaFactory(Environment("App", env))
    recorder = reread.application_recorder()
    notifications = recorder.select_notifications(None, 100_000)
    assert [n.id for n in notifications] == list(range(1, len(notifications) + 1))
    for aggregate in outcomes.committed:
        assert [e.originator_version for e in recorder.select_events(aggregate)] == list(
            range(1, BATCH + 1)
        )
    for aggregate in outcomes.failed:
        assert len(recorder.select_events(aggregate)) in (0, BATCH)  # ambiguous commits may land
    assert verify_topic_chain(reread.store.config).ok
    reread.close()
