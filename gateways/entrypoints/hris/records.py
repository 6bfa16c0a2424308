"""One record read from the HRIS topic, independent of the Kafka client that read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRecord:
    """A record's place in its topic and its raw key and value."""

    topic: str
    partition: int
    offset: int
    value: bytes
    key: bytes | None = None

    @property
    def source(self) -> str:
        """The tracking name of the record's partition, e.g. ``hris.employee-events:0``."""
        return source_name(self.topic, self.partition)

    @property
    def notification_id(self) -> int:
        """The tracking id of the record: offset + 1, so it equals the next offset to read."""
        return self.offset + 1


def source_name(topic: str, partition: int) -> str:
    """The application name under which a partition's position is tracked."""
    return f"{topic}:{partition}"
