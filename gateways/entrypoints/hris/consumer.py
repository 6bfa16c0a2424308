"""The HRIS topic as a sequence of SourceRecords, read from the positions the store recorded.

Partitions are assigned, not subscribed: the tracking records in the event store say where to
resume, and consumer-group offsets only mirror them (for lag monitoring). They are committed
once per round of records, after the round's effects: on the Kafka store in a store
transaction of their own (``committed_in_store``), otherwise by the consumer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from kafka.structs import OffsetAndMetadata, TopicPartition

from gateways.entrypoints.hris.records import SourceRecord, source_name
from gateways.stores.kafka.writer import ConsumerOffsets

OffsetsWriter = Callable[[ConsumerOffsets], object]
"""Commits consumer-group offsets somewhere other than through the consumer."""


def committed_in_store(recorder: ApplicationRecorder) -> OffsetsWriter:
    """Offsets committed in a transaction of the store's own writer (the Kafka store, whose
    brokers hold the HRIS topic), so that one writer, fenced as the store's, commits them."""

    def commit(offsets: ConsumerOffsets) -> None:
        recorder.insert_events([], consumer_offsets=offsets)

    return commit


class TopicMissing(RuntimeError):
    """The HRIS topic does not exist on the brokers."""


class HrisConsumer:
    """Reads the HRIS topic and keeps track of the next offset to handle per partition."""

    def __init__(
        self, consumer: Any, topic: str, group_id: str, commit_in: OffsetsWriter | None = None
    ) -> None:
        self.consumer = consumer
        self.topic = topic
        self.group_id = group_id
        self.commit_in = commit_in
        """Where the offsets are committed (None: through the consumer)."""
        self.next_offsets: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}

    def assign_from(self, position_of: Callable[[str], int | None]) -> None:
        """Assign every partition and seek each to the position the store recorded."""
        partitions = self.consumer.partitions_for_topic(self.topic)
        if not partitions:
            raise TopicMissing(f"topic {self.topic!r} does not exist")
        assigned = [TopicPartition(self.topic, p) for p in sorted(partitions)]
        self.consumer.assign(assigned)
        for tp in assigned:
            position = position_of(source_name(tp.topic, tp.partition))
            if position is None:
                self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, position)
        self.next_offsets = {tp: self.consumer.position(tp) for tp in assigned}

    def poll(self, timeout_ms: int) -> list[SourceRecord]:
        """The next records, partition by partition, in offset order."""
        batches = self.consumer.poll(timeout_ms=timeout_ms)
        return [
            SourceRecord(r.topic, r.partition, r.offset, r.value or b"", r.key)
            for tp in sorted(batches)
            for r in batches[tp]
        ]

    def done(self, record: SourceRecord) -> None:
        """The record is handled; the next one to handle follows it."""
        self.next_offsets[TopicPartition(record.topic, record.partition)] = record.offset + 1

    def commit(self) -> None:
        """Mirror the handled positions in the consumer group: the offsets that moved since
        the last commit, at once (the round's effects and positions are already stored)."""
        changed = {
            tp: OffsetAndMetadata(offset, "", -1)
            for tp, offset in self.next_offsets.items()
            if self._committed.get(tp) != offset
        }
        if not changed:
            return
        if self.commit_in is None:
            self.consumer.commit(changed)
        else:
            self.commit_in(ConsumerOffsets(changed, self.group_id))
        self._committed.update({tp: meta.offset for tp, meta in changed.items()})

    def caught_up(self) -> bool:
        """Whether every partition is handled up to its current end."""
        ends = self.consumer.end_offsets(list(self.next_offsets))
        return all(self.next_offsets[tp] >= ends[tp] for tp in self.next_offsets)

    def close(self) -> None:
        self.consumer.close()
