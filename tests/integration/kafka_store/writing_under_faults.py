"""Continuous writers and the checks of what they left in the log (failover and protocol tests).

Several threads append new aggregates of ``BATCH`` events each until told to stop; every
outcome is kept. ``check_log`` then re-reads the topics with a fresh store: notification ids
dense from 1, every committed aggregate exactly once with all its versions, nothing else in
the log, and the hash chain intact.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.chain import verify_topic_chain

BATCH = 3


def batch(aggregate: uuid.UUID) -> list[StoredEvent]:
    return [StoredEvent(aggregate, v, "Failover.Test", b"{}") for v in range(1, BATCH + 1)]


@dataclass
class Writers:
    """Threads appending new aggregates to one store until ``stop``."""

    factory: KafkaFactory
    threads: int = 4
    committed: list[uuid.UUID] = field(default_factory=list)
    failed: dict[uuid.UUID, str] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _running: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Writers:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop writing and close the factory."""
        try:
            self.stop()
        finally:
            self.factory.close()

    def start(self) -> Writers:
        recorder = self.factory.application_recorder()
        for n in range(self.threads):
            thread = threading.Thread(target=self._write, args=(recorder,), name=f"writer {n}")
            thread.start()
            self._running.append(thread)
        return self

    def _write(self, recorder: object) -> None:
        while not self._stop.is_set():
            aggregate = uuid.uuid4()
            try:
                recorder.insert_events(batch(aggregate))  # type: ignore[attr-defined]
            except PersistenceError as error:
                self.failed[aggregate] = f"{type(error).__name__}: {error}"
            else:
                self.committed.append(aggregate)

    def wait_for(self, more: int, within: float) -> None:
        """Wait until ``more`` further writes committed (fails the test otherwise)."""
        target = len(self.committed) + more
        deadline = time.monotonic() + within
        while len(self.committed) < target:
            assert not self.failed, self.failed
            assert time.monotonic() < deadline, f"only {len(self.committed)} of {target} writes"
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._running:
            thread.join(timeout=120)


def check_log(env: dict[str, str], committed: list[uuid.UUID]) -> None:
    """Dense ids, every committed aggregate once and whole, nothing else, the chain intact."""
    reread = KafkaFactory(Environment("App", env))
    try:
        recorder = reread.application_recorder()
        notifications = recorder.select_notifications(None, 1_000_000)
        assert [n.id for n in notifications] == list(range(1, len(notifications) + 1))
        assert len(notifications) == BATCH * len(committed)
        assert len({n.originator_id for n in notifications}) == len(committed)
        for aggregate in committed:
            versions = [e.originator_version for e in recorder.select_events(aggregate)]
            assert versions == list(range(1, BATCH + 1))
        assert verify_topic_chain(reread.store.config).ok
    finally:
        reread.close()
