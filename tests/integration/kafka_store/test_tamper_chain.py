"""The store verifies the hash chain of what it reads: it never writes on top of a broken chain.

A record forged with well-formed headers but a wrong hash (a renumbered copy of the last
event, written with raw kafka-python) is refused, naming its offset: by a process that opens
the log (it would be the writer), and by a process reading on from what it verified before
(only the tail it reads is checked: the index's last verified hash is its checkpoint).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.errors import LogCorruptedError
from tests.integration.audit.topic_forgery import Record, append_to_topic, read_topic
from tests.integration.kafka_store.conftest import FactoryMaker


def _events(count: int) -> list[StoredEvent]:
    originator = uuid.uuid4()
    return [StoredEvent(originator_id=originator, originator_version=v, topic="tests:E",
                        state=b'{"n": %d}' % v) for v in range(1, count + 1)]


def _forge_after_last(bootstrap: str, topic: str, *, change_value: bool = False) -> None:
    """Append a renumbered copy of the last record (its hash no longer chains)."""
    records = read_topic(bootstrap, topic)
    last = records[-1]
    number = str(int(dict(last.headers)["notification_id"]) + 1).encode()
    headers = [(n, number if n == "notification_id" else v) for n, v in last.headers]
    value = last.value + b" " if change_value else last.value
    append_to_topic(bootstrap, topic, Record(last.key, value, headers))


def _writing(make_factory: FactoryMaker, count: int) -> tuple[KafkaFactory, ApplicationRecorder]:
    """A factory and its application recorder, having written ``count`` events."""
    factory = make_factory()
    recorder = factory.application_recorder()
    recorder.insert_events(_events(count))
    return factory, recorder


def _close_and_forge(
    factory: KafkaFactory, kafka_env: dict[str, str], *, change_value: bool = False
) -> str:
    """Close the factory (its writer is gone), then forge a record after its log's last one.
    Returns the events topic's name."""
    factory.close()
    topic = factory.store.config.events_topic
    _forge_after_last(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], topic, change_value=change_value)
    return topic


def test_a_writer_refuses_to_open_a_log_with_a_forged_record(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    first, _ = _writing(make_factory, 3)
    topic = _close_and_forge(first, kafka_env)

    with pytest.raises(LogCorruptedError) as refused:
        make_factory().application_recorder()

    message = str(refused.value)
    assert "notification id 4" in message and "hash does not chain" in message
    assert "offset " in message and topic in message


def test_a_reader_reading_on_checks_the_tail_from_its_checkpoint(
    make_factory: FactoryMaker, kafka_env: dict[str, str]
) -> None:
    writing, writer = _writing(make_factory, 2)
    reader = make_factory().application_recorder()
    assert _eventually(reader.max_notification_id, 2)  # verified up to here
    writer.insert_events(_events(2))
    assert _eventually(reader.max_notification_id, 4)  # the tail chains on from the checkpoint
    _close_and_forge(writing, kafka_env, change_value=True)  # behind the writer's back

    with pytest.raises(LogCorruptedError, match="notification id 5"):
        _eventually(reader.max_notification_id, 5)


def _eventually(read: Callable[[], int | None], expected: int, seconds: float = 10) -> bool:
    """Whether ``read()`` gives ``expected`` within the time (commit markers land a little
    after the commit is answered: until then read_committed readers stop before them)."""
    deadline = time.monotonic() + seconds
    while read() != expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_an_intact_log_reopens_and_writes_on(make_factory: FactoryMaker) -> None:
    first = make_factory()
    first.application_recorder().insert_events(_events(5))
    first.close()
    again = make_factory().application_recorder()
    assert again.insert_events(_events(1)) == [6]
    assert again.max_notification_id() == 6


def test_a_faithful_copy_read_by_the_generic_decoder_verifies(
    make_factory: FactoryMaker, kafka_env: dict[str, str], unique_name: str
) -> None:
    """Records in compressed batches take the generic path; their chain checks all the same."""
    from kafka import KafkaProducer

    from tests.integration.audit.topic_forgery import write_topic

    first = make_factory()
    first.application_recorder().insert_events(_events(4))
    first.close()
    bootstrap = kafka_env["KAFKA_BOOTSTRAP_SERVERS"]
    records = read_topic(bootstrap, first.store.config.events_topic)
    copy_prefix = f"{unique_name}.copy"
    write_topic(bootstrap, f"{copy_prefix}.App.events", [])
    producer = KafkaProducer(bootstrap_servers=bootstrap, compression_type="gzip", linger_ms=50)
    try:
        for record in records:
            producer.send(f"{copy_prefix}.App.events", key=record.key, value=record.value,
                          headers=record.headers)
        producer.flush()
    finally:
        producer.close()
    from eventsourcing.utils import Environment

    copy = KafkaFactory(Environment("App", {**kafka_env, "KAFKA_TOPIC_PREFIX": copy_prefix}))
    try:
        recorder = copy.application_recorder()
        assert recorder.max_notification_id() == 4
        assert recorder.insert_events(_events(1)) == [5]
    finally:
        copy.close()
