"""The Kafka outbox publisher: a crash before a transaction commits loses and repeats nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from typing import Any

from domain.base import Stamp
from domain.notifications import Notification, NotificationType
from gateways.entrypoints.notifications.publisher import (
    NotificationPublisher,
    last_published_position,
    notifications_topic,
)
from gateways.stores.kafka.records import GENESIS_HASH, chain_hash
from services.mentoring import MentoringService
from tests.support.kafka_topics import committed_records

STAMP = Stamp("scheduler", date(2024, 3, 15))


def env(bootstrap: str, prefix: str) -> dict[str, str]:
    """The Kafka store of the test."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
    }


def record(service: MentoringService, first: int, count: int) -> list[str]:
    """Save ``count`` notifications; their ids in order."""
    notifications = [
        Notification.send(
            notification_type=NotificationType.SURVEY_DUE, recipient_id=f"E{n}",
            business_date=STAMP.effective_date, cause=f"c{n}", stamp=STAMP,
        )
        for n in range(first, first + count)
    ]
    service.save(*notifications)
    return [str(n.id) for n in notifications]


def topic_ids(bootstrap: str, topic: str) -> list[str]:
    """The notification ids on the topic, read_committed, in order."""
    records = committed_records(topic, bootstrap_servers=bootstrap)
    return [json.loads(r.value)["id"] for r in records]


def check_hash_chain(records: list[Any]) -> None:
    """Every record's ``hash`` chains to the previous one's, the first to 64 zeros."""
    previous = GENESIS_HASH
    for record in records:
        headers = list(record.headers)
        assert [name for name, _ in headers] == [
            "schema", "event_type", "originator_version", "notification_id", "recorded_at",
            "hash",
        ]
        expected = chain_hash(previous, record.key, record.value, headers)
        assert dict(headers)["hash"].decode() == expected
        previous = expected


CRASHING_PUBLISHER = textwrap.dedent(
    """
    import os, sys
    from services.mentoring import MentoringService
    from gateways.entrypoints.notifications.publisher import NotificationPublisher

    bootstrap, prefix = sys.argv[1], sys.argv[2]
    service = MentoringService(env={
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix,
    })
    publisher = NotificationPublisher(service, bootstrap, prefix)
    def crash():
        publisher.producer.flush()  # the records reached the broker, uncommitted
        os._exit(9)
    publisher.producer.commit_transaction = crash
    publisher.publish_once()
    """
)


def crash_while_publishing(bootstrap: str, prefix: str) -> Any:
    """A publisher process that dies after sending a batch, before committing it."""
    command = [sys.executable, "-c", CRASHING_PUBLISHER, bootstrap, prefix]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=dict(os.environ)
    )


def test_a_publisher_crash_before_commit_loses_and_repeats_nothing(
    kafka_bootstrap: str, unique_name: str
) -> None:
    service = MentoringService(env=env(kafka_bootstrap, unique_name))
    topic = notifications_topic(unique_name)
    try:
        expected = record(service, 0, 30)
        first = NotificationPublisher(service, kafka_bootstrap, unique_name)
        assert first.publish_once() == 30
        first.close()
        expected += record(service, 30, 20)
        crashed = crash_while_publishing(kafka_bootstrap, unique_name)
        assert crashed.returncode == 9, crashed.stderr
        assert topic_ids(kafka_bootstrap, topic) == expected[:30]
        assert last_published_position(kafka_bootstrap, topic) > 0
        restarted = NotificationPublisher(service, kafka_bootstrap, unique_name)
        assert restarted.publish_once() == 20
        assert restarted.publish_once() == 0
        restarted.close()
        assert topic_ids(kafka_bootstrap, topic) == expected
        # unbroken across the crash
        check_hash_chain(committed_records(topic, bootstrap_servers=kafka_bootstrap))
    finally:
        service.close()
