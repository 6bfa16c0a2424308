"""The consumer-group offsets mirror the handled positions once per round, where the wiring says."""

from __future__ import annotations

from kafka.structs import OffsetAndMetadata, TopicPartition

from gateways.entrypoints.hris.consumer import HrisConsumer
from gateways.entrypoints.hris.records import SourceRecord
from gateways.stores.kafka.writer import ConsumerOffsets
from tests.unit.hris.conftest import TOPIC

PARTITION = TopicPartition(TOPIC, 0)


class CommittingConsumer:
    """The one call of kafka-python's consumer that ``commit`` makes, kept in a list."""

    def __init__(self) -> None:
        self.commits: list[dict[TopicPartition, OffsetAndMetadata]] = []

    def commit(self, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        self.commits.append(offsets)


def handled(consumer: HrisConsumer, offsets: range) -> None:
    for offset in offsets:
        consumer.done(SourceRecord(TOPIC, 0, offset, b"{}"))


def test_a_round_of_records_commits_its_offsets_once_in_the_store() -> None:
    written: list[ConsumerOffsets] = []
    kafka = CommittingConsumer()
    consumer = HrisConsumer(kafka, TOPIC, "ingest", written.append)
    handled(consumer, range(3))
    consumer.commit()
    assert [(w.offsets, w.group_metadata) for w in written] == [
        ({PARTITION: OffsetAndMetadata(3, "", -1)}, "ingest")
    ]
    assert kafka.commits == []


def test_offsets_that_did_not_move_are_not_committed_again() -> None:
    written: list[ConsumerOffsets] = []
    consumer = HrisConsumer(CommittingConsumer(), TOPIC, "ingest", written.append)
    handled(consumer, range(2))
    consumer.commit()
    consumer.commit()
    handled(consumer, range(2, 4))
    consumer.commit()
    assert [w.offsets[PARTITION].offset for w in written] == [2, 4]


def test_without_the_store_the_consumer_commits_the_offsets() -> None:
    kafka = CommittingConsumer()
    consumer = HrisConsumer(kafka, TOPIC, "ingest")
    handled(consumer, range(5))
    consumer.commit()
    assert kafka.commits == [{PARTITION: OffsetAndMetadata(5, "", -1)}]
