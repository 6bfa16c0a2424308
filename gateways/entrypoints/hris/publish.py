"""Publishing HRIS messages: one JSONL line per record, keyed by its employee_id."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def read_lines(path: Path) -> Iterator[bytes]:
    """The non-blank lines of a JSONL file, as the bytes to publish (never re-encoded)."""
    with path.open("rb") as file:
        for line in file:
            stripped = line.rstrip(b"\r\n")
            if stripped.strip():
                yield stripped


def key_of(value: bytes) -> bytes | None:
    """The record key: the message's employee_id when the line has one, else no key."""
    try:
        message = json.loads(value)
    except ValueError:
        return None
    employee_id = message.get("employee_id") if isinstance(message, dict) else None
    return employee_id.encode() if isinstance(employee_id, str) and employee_id else None


class HrisPublisher:
    """Publishes raw lines to the HRIS topic and waits until every one is stored."""

    def __init__(self, producer: Any, topic: str) -> None:
        self.producer = producer
        self.topic = topic

    def publish(self, values: Iterable[bytes]) -> int:
        """Publish each value (keyed by employee_id); return how many were stored."""
        futures = [self.producer.send(self.topic, value=v, key=key_of(v)) for v in values]
        self.producer.flush(timeout=60)
        for future in futures:
            future.get(timeout=60)
        return len(futures)

    def close(self) -> None:
        self.producer.close(timeout=5)
