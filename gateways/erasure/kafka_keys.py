"""The key store of the Kafka event store: a compacted topic, a key destroyed by a tombstone.

Topic ``{prefix}.{app}.keys`` (1 partition, ``cleanup.policy=compact``). One record per key:
record key ``["<owner>", "<key id>"]`` (JSON), value ``{"secret": "<base64>"}``; destroying an
owner's keys writes a tombstone (null value) for each. Compaction then removes the key's
record from the broker's segments: ``segment.ms`` closes the segment holding it,
``max.compaction.lag.ms`` bounds how long it may stay uncompacted, ``delete.retention.ms`` how
long the tombstone itself is kept (docs/security.md: how long "for good" takes on Kafka).

Every process reads the topic into memory at its first need, and reads on to the end again on
a key it does not hold (keys are written, acknowledged by all in-sync replicas, before any
event sealed with them). A new owner's key (a hire's) is written without reading on first: a
read to the end cost about three times the write (2.7 ms of CPU against 1 ms), and what it
could find is a key another process gave the same owner meanwhile, which the store allows (an
owner may have several keys; erasure destroys them all). An owner this process holds a key of
is read on first, so a key destroyed elsewhere is never handed out again.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from gateways.erasure.sealing import PersonKey

log = structlog.get_logger(__name__)

TIMEOUT_MS = 10_000
READ_TIMEOUT_SECONDS = 30


class KeyStoreUnavailable(RuntimeError):
    """The key topic could not be read: no private field can be sealed or opened."""


@dataclass(frozen=True)
class KeyTopic:
    """Where the keys are and how compaction treats them."""

    bootstrap: str
    topic: str
    replication_factor: int = 1
    min_insync_replicas: int = 1
    segment_ms: int = 3_600_000
    max_compaction_lag_ms: int = 86_400_000
    delete_retention_ms: int = 86_400_000

    def configs(self) -> dict[str, str]:
        """The topic's configs: compacted, and compacting a destroyed key within a bound."""
        return {
            "cleanup.policy": "compact",
            "min.cleanable.dirty.ratio": "0.01",
            "segment.ms": str(self.segment_ms),
            "max.compaction.lag.ms": str(self.max_compaction_lag_ms),
            "delete.retention.ms": str(self.delete_retention_ms),
            "min.insync.replicas": str(self.min_insync_replicas),
        }


class KafkaKeyStore:
    """Per-person keys on a compacted Kafka topic; created on first use if missing."""

    def __init__(
        self, where: KeyTopic, client_options: Callable[[], dict[str, Any]] = dict
    ) -> None:
        """``client_options``: kafka-python's TLS/SASL arguments, asked for at first use."""
        self.where = where
        self._client_options = client_options
        self._options: dict[str, Any] | None = None
        self._keys: dict[str, dict[str, PersonKey]] = {}
        self._lock = threading.RLock()
        self._producer: Any = None
        self._consumer: Any = None
        self._partition = TopicPartition(where.topic, 0)

    def keys_of(self, owner: str) -> list[PersonKey]:
        with self._lock:
            self._read_to_end()
            return list(self._keys.get(owner, {}).values())

    def add(self, owner: str, key: PersonKey) -> PersonKey:
        with self._lock:
            if self._consumer is None or owner in self._keys:  # first use, or maybe destroyed
                self._read_to_end()
            held = self._keys.get(owner)
            if held:
                return next(iter(held.values()))
            value = json.dumps({"secret": base64.b64encode(key.secret).decode()}).encode()
            self._send(owner, key.key_id, value)
            self._keys[owner] = {key.key_id: key}
            return key

    def destroy(self, owner: str) -> int:
        with self._lock:
            self._read_to_end()
            key_ids = list(self._keys.pop(owner, {}))
            for key_id in key_ids:
                self._send(owner, key_id, None)
            return len(key_ids)

    def close(self) -> None:
        with self._lock:
            if self._producer is not None:
                self._producer.close()
                self._producer = None
            if self._consumer is not None:
                self._consumer.close()
                self._consumer = None

    def _send(self, owner: str, key_id: str, value: bytes | None) -> None:
        record_key = json.dumps([owner, key_id]).encode()
        self._writer().send(self.where.topic, key=record_key, value=value).get(
            timeout=TIMEOUT_MS / 1000
        )

    def _read_to_end(self) -> None:
        consumer = self._reader()
        end = consumer.end_offsets([self._partition])[self._partition]
        deadline = time.monotonic() + READ_TIMEOUT_SECONDS
        while consumer.position(self._partition) < end:
            if time.monotonic() > deadline:
                raise KeyStoreUnavailable(
                    f"the key topic {self.where.topic} on {self.where.bootstrap} was not read to "
                    f"its end (offset {end}) within {READ_TIMEOUT_SECONDS} s"
                )
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    self._apply(record.key, record.value)
                deadline = time.monotonic() + READ_TIMEOUT_SECONDS  # it moves

    def _apply(self, record_key: bytes, value: bytes | None) -> None:
        owner, key_id = json.loads(record_key)
        if value is None:
            held = self._keys.get(owner, {})
            held.pop(key_id, None)
            if not held:
                self._keys.pop(owner, None)
            return
        secret = base64.b64decode(json.loads(value)["secret"])
        self._keys.setdefault(owner, {}).setdefault(key_id, PersonKey(key_id, secret))

    def _reader(self) -> Any:
        if self._consumer is None:
            self._ensure_topic()
            consumer = KafkaConsumer(
                bootstrap_servers=self.where.bootstrap,
                client_id=f"{self.where.topic}.reader",
                enable_auto_commit=False,
                request_timeout_ms=30_000,
                **self._security(),
            )
            consumer.assign([self._partition])
            consumer.seek_to_beginning(self._partition)
            self._consumer = consumer
        return self._consumer

    def _writer(self) -> Any:
        if self._producer is None:
            self._producer = KafkaProducer(
                bootstrap_servers=self.where.bootstrap,
                client_id=f"{self.where.topic}.writer",
                acks="all",
                enable_idempotence=True,
                max_block_ms=TIMEOUT_MS,
                **self._security(),
            )
        return self._producer

    def _security(self) -> dict[str, Any]:
        if self._options is None:
            self._options = self._client_options()
        return self._options

    def _ensure_topic(self) -> None:
        admin = KafkaAdminClient(
            bootstrap_servers=self.where.bootstrap,
            client_id=f"{self.where.topic}.admin",
            request_timeout_ms=TIMEOUT_MS,
            **self._security(),
        )
        try:
            # The metadata of this topic alone (listing the topics would fetch every topic's).
            described = admin.describe_topics([self.where.topic])
            if any(t["name"] == self.where.topic and t["error_code"] == 0 for t in described):
                return
            topic = NewTopic(
                self.where.topic, 1, self.where.replication_factor,
                topic_configs=self.where.configs(),
            )
            try:
                admin.create_topics([topic])
                log.info("erasure_key_topic_created", topic=self.where.topic)
            except TopicAlreadyExistsError:
                pass
        finally:
            admin.close()
