"""Records are readable without our code; topics have the configs the design promises."""

from __future__ import annotations

import json
import uuid

from eventsourcing.persistence import StoredEvent
from kafka.admin import ConfigResource, ConfigResourceType

from gateways.stores.kafka.chain import check_chain, verify_topic_chain
from tests.integration.kafka_store.conftest import FactoryMaker
from tests.integration.kafka_store.support import partition_records


def plain_records(bootstrap: str, topic: str) -> list[object]:
    return partition_records(bootstrap, topic, "read_committed")


def topic_configs(make_factory: FactoryMaker, topic: str) -> dict[str, str]:
    admin = make_factory().store.admin
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    return {name: entry["value"] for name, entry in described["topic"][topic].items()}


def test_an_event_record_is_keyed_by_aggregate_with_its_state_as_value_and_headers(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = make_factory().application_recorder()
    aggregate = uuid.uuid4()
    recorder.insert_events([StoredEvent(aggregate, 1, "Mentor.Registered", b'{"name":"Ada"}')])

    [record] = plain_records(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], recorder.topic)  # type: ignore[attr-defined]

    headers = {name: value.decode() for name, value in record.headers}  # type: ignore[attr-defined]
    assert record.key == str(aggregate).encode()  # type: ignore[attr-defined]
    assert json.loads(record.value) == {"name": "Ada"}  # type: ignore[attr-defined]
    assert headers["schema"] == "mentoring-es/1"
    assert headers["event_type"] == "Mentor.Registered"
    assert headers["originator_version"] == "1"
    assert headers["notification_id"] == "1"
    assert headers["recorded_at"].endswith("+00:00")
    assert len(headers["hash"]) == 64


def test_the_hash_chain_of_the_events_topic_verifies(make_factory: FactoryMaker) -> None:
    factory = make_factory()
    recorder = factory.application_recorder()
    aggregate = uuid.uuid4()
    recorder.insert_events([StoredEvent(aggregate, v, "T", b"{}") for v in (1, 2, 3)])
    recorder.insert_events([StoredEvent(aggregate, 4, "T", b"{}")])

    check = verify_topic_chain(factory.store.config)

    assert check.ok
    assert check.records == 4


def test_a_changed_value_breaks_the_hash_chain_at_that_record(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    recorder = make_factory().application_recorder()
    aggregate = uuid.uuid4()
    recorder.insert_events([StoredEvent(aggregate, v, "T", b"{}") for v in (1, 2, 3)])
    records = plain_records(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], recorder.topic)  # type: ignore[attr-defined]

    records[1] = records[1]._replace(value=b'{"tampered":true}')  # type: ignore[attr-defined]
    check = check_chain(records)

    assert not check.ok
    assert check.broken_at_offset == records[1].offset  # type: ignore[attr-defined]


def test_the_events_topic_is_never_deleted_by_retention(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    topic = make_factory().application_recorder().topic  # type: ignore[attr-defined]

    configs = topic_configs(make_factory, topic)

    assert configs["cleanup.policy"] == "delete"
    assert configs["retention.ms"] == "-1"
    assert configs["min.insync.replicas"] == "1"


def test_snapshots_and_tracking_topics_are_compacted(make_factory: FactoryMaker) -> None:
    factory = make_factory()
    snapshots = factory.aggregate_recorder("snapshots").topic  # type: ignore[attr-defined]
    factory.tracking_recorder()

    assert topic_configs(make_factory, snapshots)["cleanup.policy"] == "compact"
    tracking = factory.store.config.tracking_topic
    assert topic_configs(make_factory, tracking)["cleanup.policy"] == "compact"
