"""The Kafka notification outbox: every notification of the event log on `{prefix}.notifications`.

A notifier service reads the topic without our code: one partition, in log order; the key is
the recipient's HRIS id, the value the notification as JSON (ids and dates only), and the
headers are those of the events topic (``schema``, ``event_type``, ``originator_version``,
``notification_id``, ``recorded_at``, and ``hash``: SHA-256 chained to the previous record of
this topic as on the events topic, ``gateways.stores.kafka.records.chain_hash``, the first
from 64 zeros). Read it ``read_committed``.

Exactly once: each batch is one Kafka transaction of a transactional producer (one
``transactional.id`` per prefix, so a second publisher fences the first). The publisher's
position and chain head are the ``notification_id`` and ``hash`` headers of the last committed
record of the topic itself, read back at start, so a crash between transactions repeats nothing
and loses nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from gateways.stores.kafka.records import GENESIS_HASH, chain_hash
from services.notifications import SENT_TOPIC, notification_json

log = structlog.get_logger(__name__)

SCHEMA = b"mentoring-es/1"
BATCH = 500
LOOK_BACK = 1000
CONNECT_TIMEOUT_MS = 10_000


def notifications_topic(prefix: str) -> str:
    """The outbox topic of a topic prefix."""
    return f"{prefix}.notifications"


def ensure_topic(
    bootstrap: str, topic: str, replication_factor: int, client_options: dict[str, Any]
) -> None:
    """Create the outbox topic (one partition) unless it exists."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="mentoring-notifications-admin",
        request_timeout_ms=CONNECT_TIMEOUT_MS, **client_options,
    )
    try:
        if topic not in set(admin.list_topics()):
            admin.create_topics([NewTopic(topic, 1, replication_factor)])
            log.info("notification_topic_created", topic=topic)
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def last_published_position(
    bootstrap: str, topic: str, client_options: dict[str, Any] | None = None
) -> int:
    """The ``notification_id`` header of the topic's last committed record (0: none yet)."""
    return last_published(bootstrap, topic, client_options)[0]


def last_published(
    bootstrap: str, topic: str, client_options: dict[str, Any] | None = None
) -> tuple[int, str]:
    """The ``notification_id`` and ``hash`` of the last committed record (0 and 64 zeros)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        isolation_level="read_committed",
        enable_auto_commit=False,
        group_id=None,
        consumer_timeout_ms=2_000,
        request_timeout_ms=30_000,
        **(client_options or {}),
    )
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        end = consumer.end_offsets([partition])[partition]  # the last stable offset
        start = end
        while start > 0:
            start = max(0, start - LOOK_BACK)
            last = _last_headers_from(consumer, partition, start, end)
            if last is not None:
                return int(last["notification_id"]), last["hash"].decode("ascii")
            end = start
        return 0, GENESIS_HASH
    finally:
        consumer.close()


def _last_headers_from(
    consumer: Any, partition: Any, start: int, end: int
) -> dict[str, bytes] | None:
    consumer.seek(partition, start)
    last: dict[str, bytes] | None = None
    while consumer.position(partition) < end:
        batch = consumer.poll(timeout_ms=1_000)
        records = batch.get(partition, [])
        if not records and consumer.position(partition) < end:
            # control records (transaction markers) advance the position without records
            continue
        for record in records:
            if record.offset >= end:
                return last
            headers = dict(record.headers or [])
            if "notification_id" in headers and "hash" in headers:
                last = headers
    return last


class NotificationPublisher:
    """Copies the log's notifications to the outbox topic, transactionally, from its position."""

    def __init__(
        self,
        application: Any,
        bootstrap: str,
        prefix: str,
        *,
        replication_factor: int = 1,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self.application = application
        self.bootstrap = bootstrap
        self.topic = notifications_topic(prefix)
        self.client_options = client_options or {}
        ensure_topic(bootstrap, self.topic, replication_factor, self.client_options)
        self.producer = KafkaProducer(
            bootstrap_servers=bootstrap,
            client_id=f"{prefix}.notifications.publisher",
            transactional_id=f"{prefix}.notifications.publisher",
            acks="all",
            enable_idempotence=True,
            max_block_ms=CONNECT_TIMEOUT_MS,
            **self.client_options,
        )
        self.producer.init_transactions()  # fences an earlier publisher, ends its transaction
        self.position, self.last_hash = last_published(
            bootstrap, self.topic, self.client_options
        )
        self.stop = threading.Event()
        log.info("notification_publisher_started", topic=self.topic, position=self.position)

    def publish_once(self) -> int:
        """Publish what the log holds after the position; returns how many were published."""
        published = 0
        while True:
            records = self.application.recorder.select_notifications(
                self.position, BATCH, topics=[SENT_TOPIC], inclusive_of_start=False
            )
            if not records:
                return published
            self._publish(records)
            published += len(records)
            if len(records) < BATCH:
                return published

    def _publish(self, records: Sequence[Any]) -> None:
        head = self.last_hash
        self.producer.begin_transaction()
        try:
            for record in records:
                event = self.application.mapper.to_domain_event(record)
                key = event.recipient_id.encode("utf-8")
                value = json.dumps(
                    notification_json(event, record.id), separators=(",", ":")
                ).encode("utf-8")
                headers = _headers(record, event)
                head = chain_hash(head, key, value, headers)
                headers.append(("hash", head.encode("ascii")))
                self.producer.send(
                    self.topic, key=key, value=value, headers=headers, partition=0
                )
            self.producer.commit_transaction()
        except BaseException:
            self.producer.abort_transaction()
            raise
        self.position, self.last_hash = records[-1].id, head
        log.info("notifications_published", count=len(records), position=self.position)

    def run(self, interval: float = 1.0) -> None:
        """Publish until ``stop`` is set, polling the log every ``interval`` seconds."""
        while not self.stop.is_set():
            self.publish_once()
            self.stop.wait(interval)

    def close(self) -> None:
        """Close the producer."""
        self.producer.close()


def _headers(record: Any, event: Any) -> list[tuple[str, bytes]]:
    recorded_at = getattr(event, "timestamp", None) or datetime.now(UTC)
    return [
        ("schema", SCHEMA),
        ("event_type", record.topic.encode("utf-8")),
        ("originator_version", str(record.originator_version).encode("ascii")),
        ("notification_id", str(record.id).encode("ascii")),
        ("recorded_at", recorded_at.isoformat().encode("ascii")),
    ]
