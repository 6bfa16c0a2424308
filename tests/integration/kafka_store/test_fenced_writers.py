"""A writer that loses its transactional ids to a newer one never takes them back.

Two writers race on the same topics many times: the older one inserts from several threads
without pause while the newer one starts and writes. Whatever the older writer's in-flight
transactions are answered (PRODUCER_FENCED, INVALID_TXN_STATE, CONCURRENT_TRANSACTIONS while
the newer writer's InitProducerId aborts them, ...), it must end fenced, refuse every later
write, and the newer writer must keep the log: its writes all succeed, ids stay dense.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.errors import WriterFencedError
from gateways.stores.kafka.store import fenced_stores
from tests.integration.kafka_store.support import delete_prefixed_topics, store_env

ROUNDS = 12


def _event(originator: uuid.UUID, version: int = 1) -> StoredEvent:
    return StoredEvent(originator_id=originator, originator_version=version,
                       topic="tests:Raced", state=b"{}")


@pytest.fixture
def race_env(kafka_bootstrap: str, unique_name: str) -> Iterator[dict[str, str]]:
    yield {**store_env(kafka_bootstrap, unique_name), "KAFKA_WRITE_TIMEOUT": "5"}
    delete_prefixed_topics(kafka_bootstrap, unique_name)


class Hammer:
    """Threads inserting new aggregates into one factory's log until stopped."""

    def __init__(self, factory: KafkaFactory, threads: int = 4) -> None:
        self.recorder = factory.application_recorder()
        self.stop = threading.Event()
        self.successes_after_fence: list[float] = []
        self.written: list[uuid.UUID] = []
        self.errors: list[BaseException] = []
        self.fenced_at: float | None = None
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def start(self) -> Hammer:
        for thread in self._threads:
            thread.start()
        return self

    def join(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _run(self) -> None:
        while not self.stop.is_set():
            originator = uuid.uuid4()
            try:
                self.recorder.insert_events([_event(originator)])
            except (WriterFencedError, IntegrityError) as error:
                self.errors.append(error)
                if isinstance(error, WriterFencedError) and self.fenced_at is None:
                    self.fenced_at = time.monotonic()
            except Exception as error:  # a transaction failing while it is fenced
                self.errors.append(error)
            else:
                self.written.append(originator)
                if self.fenced_at is not None:
                    self.successes_after_fence.append(time.monotonic())


def test_the_newer_writer_always_keeps_the_log(race_env: dict[str, str]) -> None:
    factories: list[KafkaFactory] = []
    try:
        older = KafkaFactory(Environment("App", race_env))
        factories.append(older)
        older.application_recorder().insert_events([_event(uuid.uuid4())])
        rounds: list[tuple[list[uuid.UUID], list[uuid.UUID]]] = []  # (older's, newer's) events
        for _ in range(ROUNDS):
            hammer = Hammer(older).start()
            time.sleep(0.15)  # the older writer is busy committing
            newer = KafkaFactory(Environment("App", race_env))
            factories.append(newer)
            recorder = newer.application_recorder()
            newer_written = [uuid.uuid4() for _ in range(5)]
            for originator in newer_written:  # all succeed, during the race too
                recorder.insert_events([_event(originator)])
            time.sleep(0.3)
            hammer.join()

            assert older.store.fenced, "the older writer was not fenced"
            assert hammer.fenced_at is not None
            assert not hammer.successes_after_fence
            with pytest.raises(WriterFencedError):
                older.application_recorder().insert_events([_event(uuid.uuid4())])
            assert older.store in fenced_stores()
            assert not newer.store.fenced
            recorder.insert_events([_event(uuid.uuid4())])  # still the writer
            rounds.append((hammer.written, newer_written))
            older.close()
            older = newer
        head = older.application_recorder().max_notification_id() or 0
        reader = KafkaFactory(Environment("App", race_env))
        factories.append(reader)
        reading = reader.application_recorder()
        deadline = time.monotonic() + 10  # the last commit's markers may still be landing
        while reading.max_notification_id() != head and time.monotonic() < deadline:
            time.sleep(0.05)
        notifications = reading.select_notifications(1, head + 10)
        assert [n.id for n in notifications] == list(range(1, head + 1))
        position = {n.originator_id: n.id for n in notifications}
        for older_written, newer_written in rounds:
            # every event the older writer was told it wrote is in the log, and all of them
            # come before the newer writer's first: it never wrote after being fenced
            assert all(originator in position for originator in older_written)
            last_of_older = max((position[o] for o in older_written), default=0)
            assert last_of_older < min(position[o] for o in newer_written)
    finally:
        for factory in factories:
            factory.close()
