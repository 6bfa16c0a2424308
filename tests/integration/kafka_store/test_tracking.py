"""A consumer of another topic records its position atomically with the events it writes."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.structs import OffsetAndMetadata

from gateways.stores.kafka.recorders import KafkaProcessRecorder
from gateways.stores.kafka.writer import ConsumerOffsets
from tests.integration.kafka_store.conftest import FactoryMaker


def source_topic(bootstrap: str, name: str, values: list[bytes]) -> TopicPartition:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(name, 1, 1)])
    admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    for value in values:
        producer.send(name, value)
    producer.flush()
    producer.close()
    return TopicPartition(name, 0)


def consume_all(
    bootstrap: str, group: str, partition: TopicPartition
) -> tuple[KafkaConsumer, list]:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        consumer_timeout_ms=3000,
    )
    consumer.assign([partition])
    records = []
    for record in consumer:
        records.append(record)
        if len(records) == 2:
            break
    return consumer, records


def hris_source(kafka_env: dict[str, str]) -> tuple[str, str, TopicPartition]:
    """The bootstrap, the topic prefix, and a source topic of two records under it."""
    bootstrap, prefix = kafka_env["KAFKA_BOOTSTRAP_SERVERS"], kafka_env["KAFKA_TOPIC_PREFIX"]
    return bootstrap, prefix, source_topic(bootstrap, f"{prefix}.hris", [b"hired", b"moved"])


def committed(bootstrap: str, group: str, partition: TopicPartition) -> int | None:
    """The group's committed offset of ``partition``, as group tooling reads it."""
    checker = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    try:
        return checker.committed(partition)
    finally:
        checker.close()


def test_events_tracking_and_consumer_offsets_commit_in_one_transaction(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    bootstrap, prefix, partition = hris_source(kafka_env)
    recorder = make_factory().process_recorder()
    assert isinstance(recorder, KafkaProcessRecorder)
    consumer, records = consume_all(bootstrap, f"{prefix}.ingest", partition)
    last = records[-1].offset
    employee = uuid.uuid4()

    recorder.insert_events(
        [
            StoredEvent(employee, 1, "Employee.Hired", b"{}"),
            StoredEvent(employee, 2, "Moved", b"{}"),
        ],
        tracking=Tracking(f"{partition.topic}:0", last + 1),
        consumer_offsets=ConsumerOffsets(
            {partition: OffsetAndMetadata(last + 1, "", -1)}, consumer.group_metadata()
        ),
    )
    consumer.close()

    fresh = make_factory().process_recorder()
    assert fresh.max_tracking_id(f"{partition.topic}:0") == last + 1
    assert [e.originator_version for e in fresh.select_events(employee)] == [1, 2]
    assert committed(bootstrap, f"{prefix}.ingest", partition) == last + 1


def test_consumer_offsets_alone_commit_in_a_transaction_of_their_own(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    bootstrap, prefix, partition = hris_source(kafka_env)
    recorder = make_factory().process_recorder()
    head = recorder.max_notification_id()

    recorder.insert_events(
        [], consumer_offsets=ConsumerOffsets({partition: OffsetAndMetadata(2, "", -1)},
                                             f"{prefix}.ingest"),
    )

    assert committed(bootstrap, f"{prefix}.ingest", partition) == 2
    assert make_factory().process_recorder().max_notification_id() == head


def test_a_stale_tracking_position_refuses_the_events_written_with_it(
    make_factory: FactoryMaker,
) -> None:
    recorder = make_factory().process_recorder()
    recorder.insert_tracking(Tracking("hris:0", 5))
    employee = uuid.uuid4()

    with pytest.raises(IntegrityError):
        recorder.insert_events(
            [StoredEvent(employee, 1, "Employee.Hired", b"{}")], tracking=Tracking("hris:0", 5)
        )

    assert make_factory().process_recorder().select_events(employee) == []
