"""Fixtures of the HRIS ingestion's integration tests: real broker, both stores, own topics."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition

from gateways.bootstrap import build_hris_ingestion, build_hris_publisher, hris_service_env
from gateways.entrypoints.hris.settings import HrisSettings
from gateways.settings import Settings
from services.mentoring import MentoringService
from tests.integration.kafka_store.support import delete_prefixed_topics

STORES = ["sqlite", "kafka"]


class Hris:
    """One test's HRIS setup: its environment, and helpers to publish, ingest and inspect."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    @classmethod
    def of_test(cls, store: str, bootstrap: str, unique_name: str, tmp_path: Path) -> Hris:
        """A test's setup on the "sqlite" or "kafka" store: its own topics, group and files."""
        env = {
            "MENTORING_HRIS_BOOTSTRAP": bootstrap,
            "MENTORING_HRIS_TOPIC": f"{unique_name}.hris",
            "MENTORING_HRIS_GROUP_ID": f"{unique_name}.ingest",
            "MENTORING_HRIS_POLL_TIMEOUT_MS": "100",
            "MENTORING_ENVIRONMENT": "test",
        }
        if store == "sqlite":
            env["MENTORING_STORE"] = f"sqlite:///{tmp_path / 'events.db'}"
        else:
            env["MENTORING_STORE"] = f"kafka://{bootstrap}"
            env["MENTORING_KAFKA_TOPIC_PREFIX"] = unique_name
        return cls(env)

    @property
    def settings(self) -> Settings:
        return Settings(
            store=self.env["MENTORING_STORE"],
            kafka_topic_prefix=self.env.get("MENTORING_KAFKA_TOPIC_PREFIX", "mentoring"),
        )

    def hris_settings(self, **overrides: object) -> HrisSettings:
        values: dict[str, object] = {
            "bootstrap": self.env["MENTORING_HRIS_BOOTSTRAP"],
            "topic": self.env["MENTORING_HRIS_TOPIC"],
            "group_id": self.env["MENTORING_HRIS_GROUP_ID"],
            "poll_timeout_ms": 100,
            **overrides,
        }
        return HrisSettings.model_validate(values)

    @property
    def topic(self) -> str:
        return self.env["MENTORING_HRIS_TOPIC"]

    def publish(self, values: list[bytes], **overrides: object) -> None:
        publisher = build_hris_publisher(self.settings, self.hris_settings(**overrides))
        try:
            publisher.publish(values)
        finally:
            publisher.close()

    def ingest(self, **overrides: object) -> None:
        """Run the ingestion in this process until it has handled the whole topic."""
        ingestion = build_hris_ingestion(self.settings, self.hris_settings(**overrides))
        try:
            ingestion.run(until_caught_up=True)
        finally:
            ingestion.close()

    def service(self) -> MentoringService:
        """The service on the test's store, as the ingestion builds it (positions readable)."""
        return MentoringService(env=hris_service_env(self.settings))

    def event_counts(self) -> Counter[str]:
        """How many events of each type the store holds (by class name)."""
        service = self.service()
        try:
            notifications = service.recorder.select_notifications(start=1, limit=1_000_000)
        finally:
            service.close()
        return Counter(n.topic.rpartition(":")[2] for n in notifications)


# The name the HRIS import tests import it by (the Kafka store tests' helper).
_delete_topics = delete_prefixed_topics


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    """Each test runs once on SQLite and once on the Kafka store."""
    return str(request.param)


@pytest.fixture
def hris(kafka_bootstrap: str, unique_name: str, tmp_path: Path, store: str) -> Iterator[Hris]:
    yield Hris.of_test(store, kafka_bootstrap, unique_name, tmp_path)
    delete_prefixed_topics(kafka_bootstrap, unique_name)


@pytest.fixture
def read_topic(kafka_bootstrap: str) -> Callable[..., list[Any]]:
    """Every record of a topic, read to its end once it holds ``count`` (within ``timeout`` s)."""

    def read(topic: str, count: int = 0, timeout: float = 20.0) -> list[Any]:
        consumer = KafkaConsumer(bootstrap_servers=kafka_bootstrap, enable_auto_commit=False)
        try:
            consumer.topics()  # fetch metadata
            partitions = consumer.partitions_for_topic(topic) or set()
            assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
            consumer.assign(assigned)
            consumer.seek_to_beginning(*assigned)
            records: list[Any] = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                ends = consumer.end_offsets(assigned)
                if sum(ends.values()) >= count and all(
                    consumer.position(tp) >= ends[tp] for tp in assigned
                ):
                    break
                for batch in consumer.poll(timeout_ms=200).values():
                    records.extend(batch)
            return records
        finally:
            consumer.close()

    return read
