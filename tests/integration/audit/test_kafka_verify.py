"""`audit verify` on the Kafka store: forged copies of the events topic are named.

The story is recorded once through the store; each test writes a tampered copy of the
events topic with raw kafka-python (changed payload, removed record, swapped order) and
verifies it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from eventsourcing.utils import Environment, get_topic

from domain.employees import Employee
from gateways.audit.kafka_chain import verify_kafka
from gateways.audit.logic.verdict import Anchor, ChainVerdict
from gateways.audit.verify import verify_store
from gateways.stores.kafka.config import KafkaStoreConfig
from services.mentoring import MentoringService
from tests.integration.audit.topic_forgery import (
    Record,
    append_to_topic,
    read_topic,
    write_topic,
)
from tests.integration.kafka_store.support import delete_prefixed_topics
from tests.unit.audit.scenario import hire, record_story


@dataclass
class RecordedLog:
    """The store's config, its events topic's records, and the service that wrote them."""

    config: KafkaStoreConfig
    records: list[Record]
    service: MentoringService

    def verify_copy(self, records: list[Record]) -> ChainVerdict:
        """Write ``records`` to a new topic and verify it."""
        topic = f"{self.config.topic_prefix}.forged.{uuid.uuid4().hex[:8]}"
        write_topic(self.config.bootstrap_servers, topic, records)
        return verify_kafka(self.config, topic)


@pytest.fixture(scope="module")
def recorded(kafka_bootstrap: str) -> Iterator[RecordedLog]:
    """The story recorded on the broker under a prefix of this module's own."""
    prefix = "t" + uuid.uuid4().hex[:12]
    env = {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
    }
    service = MentoringService(env=env)
    record_story(service)
    config = KafkaStoreConfig.from_env(Environment(service.name, env))
    yield RecordedLog(config, read_topic(kafka_bootstrap, config.events_topic), service)
    service.close()
    delete_prefixed_topics(kafka_bootstrap, prefix)


def test_the_untouched_log_verifies_clean(recorded: RecordedLog) -> None:
    verdict = verify_store(recorded.service)
    assert verdict.ok and verdict.events_verified == len(recorded.records) > 20


def test_an_untouched_copy_verifies_clean(recorded: RecordedLog) -> None:
    assert recorded.verify_copy(recorded.records).ok


def test_a_changed_payload_is_named(recorded: RecordedLog) -> None:
    records = list(recorded.records)
    records[4] = records[4].with_value(records[4].value.replace(b"Sales", b"Legal"))
    altered = recorded.verify_copy(records).altered
    assert altered is not None
    assert (altered.notification_id, altered.position) == (5, 4)
    assert altered.event_type == get_topic(Employee.Hired)
    assert "hash does not match" in altered.reason


def test_a_removed_record_is_named(recorded: RecordedLog) -> None:
    records = recorded.records[:6] + recorded.records[7:]
    altered = recorded.verify_copy(records).altered
    assert altered is not None
    assert (altered.notification_id, altered.expected_notification_id) == (8, 7)
    assert "out of sequence" in altered.reason


def test_swapped_records_are_named(recorded: RecordedLog) -> None:
    records = list(recorded.records)
    records[8], records[9] = records[9], records[8]
    altered = recorded.verify_copy(records).altered
    assert altered is not None
    assert (altered.position, altered.notification_id, altered.expected_notification_id) == (
        8, 10, 9,
    )


def test_a_renumbered_forgery_is_still_named(recorded: RecordedLog) -> None:
    records = list(recorded.records)
    first, second = records[8], records[9]
    records[8] = Record(second.key, second.value, _renumber(second.headers, 9))
    records[9] = Record(first.key, first.value, _renumber(first.headers, 10))
    altered = recorded.verify_copy(records).altered
    assert altered is not None and altered.position == 8
    assert "hash does not match" in altered.reason


def _renumber(headers: list[tuple[str, bytes]], notification_id: int) -> list[tuple[str, bytes]]:
    return [(n, str(notification_id).encode() if n == "notification_id" else v)
            for n, v in headers]


def test_a_record_forged_onto_the_live_topic_is_named(
    kafka_bootstrap: str, unique_name: str
) -> None:
    env = {"PERSISTENCE_MODULE": "gateways.stores.kafka",
           "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "KAFKA_TOPIC_PREFIX": unique_name}
    service = MentoringService(env=env)
    hire(service, "E1")
    service.close()
    config = KafkaStoreConfig.from_env(Environment(service.name, env))
    last = read_topic(kafka_bootstrap, config.events_topic)[-1]
    try:
        append_to_topic(kafka_bootstrap, config.events_topic,
                        Record(last.key, last.value, _renumber(last.headers, 3)))
        altered = verify_kafka(config).altered
    finally:
        delete_prefixed_topics(kafka_bootstrap, unique_name)
    assert altered is not None and altered.notification_id == 3
    assert "hash does not match" in altered.reason


def test_a_copy_cut_short_is_caught_by_an_anchor_noted_earlier(recorded: RecordedLog) -> None:
    noted = verify_kafka(recorded.config, anchor_id=len(recorded.records))
    anchor = Anchor(noted.events_verified, noted.head_hash)
    cut = recorded.verify_copy(recorded.records[:-3])
    assert noted.anchor_hash == noted.head_hash and cut.ok
    altered = cut.against(anchor).altered
    assert altered is not None and "removed from its end" in altered.reason
