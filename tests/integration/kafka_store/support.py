"""Helpers shared by the Kafka store's integration tests (and their subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

ROOT = Path(__file__).resolve().parents[3]


def store_env(bootstrap: str, prefix: str) -> dict[str, str]:
    """PERSISTENCE_MODULE and KAFKA_* settings for a store under a test's own topic prefix."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_REPLICATION_FACTOR": "1",
        "KAFKA_MIN_INSYNC_REPLICAS": "1",
    }


BOUNDED_CACHE = "300"  # entries: a few hundred, far fewer than the tests' events


def bounded_caches(state_dir: Path) -> dict[str, str]:
    """Store settings that bound the index's caches and keep its files in ``state_dir``."""
    return {
        "KAFKA_STATE_DIR": str(state_dir),
        "KAFKA_INDEX_CACHE_SIZE": BOUNDED_CACHE,
        "KAFKA_EVENT_CACHE_SIZE": BOUNDED_CACHE,
    }


def delete_prefixed_topics(bootstrap: str, prefix: str) -> None:
    """Delete every topic named `{prefix}.*` (cheap on a single broker)."""
    delete_topics_with(KafkaAdminClient(bootstrap_servers=bootstrap), prefix)


def delete_topics_with(admin: KafkaAdminClient, prefix: str) -> None:
    """Delete every topic named `{prefix}.*` through ``admin``, and close it."""
    try:
        doomed = [name for name in admin.list_topics() if name.startswith(prefix + ".")]
        if doomed:
            admin.delete_topics(doomed)
    finally:
        admin.close()


def partition_records(bootstrap: str, topic: str, isolation_level: str) -> list[Any]:
    """Every record of the topic's partition 0, read with raw kafka-python at this isolation."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        isolation_level=isolation_level,
        enable_auto_commit=False,
        consumer_timeout_ms=2000,
    )
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, 0)
    try:
        return list(consumer)
    finally:
        consumer.close()


class Worker:
    """A store in a subprocess (see worker.py), answering one JSON line per command."""

    def __init__(self, bootstrap: str, prefix: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.kafka_store.worker", bootstrap, prefix],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.started = self.receive()

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited with {self.process.wait(timeout=10)}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, **command: Any) -> dict[str, Any]:
        self.send(**command)
        return self.receive()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send(op="exit")
            self.process.wait(timeout=30)


def write(recorder: Any, count: int) -> list[uuid.UUID]:
    """``count`` new aggregates of one event each, one transaction each."""
    from eventsourcing.persistence import StoredEvent

    ids = [uuid.uuid4() for _ in range(count)]
    for originator in ids:
        recorder.insert_events([StoredEvent(originator, 1, "Created", b"{}")])
    return ids


def application(factory: Any) -> Any:
    """The factory's application recorder (a KafkaApplicationRecorder)."""
    from gateways.stores.kafka.recorders import KafkaApplicationRecorder

    recorder = factory.application_recorder()
    assert isinstance(recorder, KafkaApplicationRecorder)
    return recorder


def records_read(action: Callable[[], object]) -> int:
    """How many records the process fetched from the broker while ``action`` ran."""
    from gateways.stores.kafka.protocol.partition_fetcher import PartitionFetcher

    before = sum(PartitionFetcher.records_fetched.values())
    action()
    return sum(PartitionFetcher.records_fetched.values()) - before


def send_ours(producer: Any, topic: str, first_id: int, count: int) -> None:
    """Begin a transaction of records that would pass for the store's own (numbered on from
    ``first_id``) if visible; the caller commits or aborts it."""
    from datetime import UTC, datetime

    from eventsourcing.persistence import StoredEvent

    from gateways.stores.kafka.records import encode_event

    producer.begin_transaction()
    for number in range(first_id, first_id + count):
        encoded = encode_event(
            StoredEvent(uuid.uuid4(), 1, "topic", b"{}"), recorded_at=datetime.now(UTC),
            notification_id=number, previous_hash="0" * 64,
        )
        producer.send(topic, key=encoded.key, value=encoded.value, headers=encoded.headers)
    producer.flush()
