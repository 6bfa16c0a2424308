"""One transaction of one record through a ``TransactionalWriter``, waited for (writer tests)."""

from __future__ import annotations

import threading

from eventsourcing.utils import Environment

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.records import EncodedRecord
from gateways.stores.kafka.writer import Outcome, TransactionalWriter
from tests.unit.kafka_store.scripted_cluster import ADDRESS


def commit(writer: TransactionalWriter, topic: str = "App.events") -> Outcome:
    """One transaction of one record to ``topic``; its outcome."""
    done = threading.Event()
    outcomes: list[Outcome] = []

    def settle(outcome: Outcome) -> None:
        outcomes.append(outcome)
        done.set()

    record = EncodedRecord(b"key", b"value", [("schema", b"mentoring-es/1")])
    writer.begin([(topic, record)], None, settle)
    assert done.wait(30)
    return outcomes[0]


def acquired_writer(producers: int) -> TransactionalWriter:
    """A writer of ``producers`` transactional ids on the scripted cluster, its ids acquired."""
    env = {"KAFKA_BOOTSTRAP_SERVERS": ADDRESS, "KAFKA_WRITER_PRODUCERS": str(producers)}
    writer = TransactionalWriter(KafkaStoreConfig.from_env(Environment("App", env)))
    writer.acquire()
    return writer
