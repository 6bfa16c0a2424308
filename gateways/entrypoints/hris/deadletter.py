"""Dead letters: the original bytes, why they were refused, and where they came from.

Publishing is at-least-once: a crash after the publish and before the position is recorded
publishes the letter again on restart, with the same key (``topic:partition:offset`` of the
original record), so a reader of the dead-letter topic deduplicates by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog

from gateways.entrypoints.hris.records import SourceRecord

log = structlog.get_logger(__name__)

MALFORMED = "malformed"
REJECTED = "rejected"
EXPIRED = "expired"


@dataclass(frozen=True)
class DeadLetter:
    """A refused record: ``stage`` is malformed, rejected (by a domain rule) or expired (parked)."""

    record: SourceRecord
    stage: str
    reason: str
    event_id: str | None = None

    @property
    def key(self) -> bytes:
        """Idempotency key: the original record's coordinates."""
        r = self.record
        return f"{r.topic}:{r.partition}:{r.offset}".encode()

    def headers(self, now: datetime | None = None) -> list[tuple[str, bytes]]:
        """The Kafka headers of the dead-letter record."""
        r = self.record
        when = (now or datetime.now(UTC)).isoformat()
        headers = [
            ("dlq.stage", self.stage),
            ("dlq.reason", self.reason),
            ("dlq.source.topic", r.topic),
            ("dlq.source.partition", str(r.partition)),
            ("dlq.source.offset", str(r.offset)),
            ("dlq.dead_lettered_at", when),
        ]
        if self.event_id is not None:
            headers.append(("dlq.event_id", self.event_id))
        return [(name, value.encode()) for name, value in headers]


class DeadLetters(Protocol):
    """Where dead letters go; ``flush`` returns once every sent letter is stored."""

    def send(self, letter: DeadLetter) -> None: ...

    def flush(self) -> None: ...


class KafkaDeadLetters:
    """Dead letters published to a Kafka topic (idempotent producer, acks=all)."""

    def __init__(self, producer: Any, topic: str) -> None:
        self.producer = producer
        self.topic = topic
        self._pending: list[Any] = []

    def send(self, letter: DeadLetter) -> None:
        self._pending.append(
            self.producer.send(
                self.topic, value=letter.record.value, key=letter.key, headers=letter.headers()
            )
        )
        log.warning(
            "hris_dead_lettered",
            stage=letter.stage,
            reason=letter.reason,
            source=letter.record.source,
            offset=letter.record.offset,
        )

    def flush(self) -> None:
        """Wait for every sent letter; raise (a KafkaError) if one was not stored."""
        if not self._pending:
            return
        self.producer.flush(timeout=30)
        pending, self._pending = self._pending, []
        for future in pending:
            future.get(timeout=30)

    def close(self) -> None:
        self.producer.close(timeout=5)
