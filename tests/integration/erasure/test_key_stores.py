"""The key stores on their real media: a SQLite file, a compacted topic on the real broker."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition

from gateways.erasure.kafka_keys import KafkaKeyStore, KeyTopic
from gateways.erasure.keys import KeyStore
from gateways.erasure.sealing import PersonKey
from gateways.erasure.sqlite_keys import SqliteKeyStore

COMPACTED_WITHIN_SECONDS = 120


@pytest.fixture(params=["sqlite", "kafka"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store keeps its keys: a file path, or a unique topic on the broker."""
    if request.param == "kafka":
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        return f"kafka:{bootstrap}:{request.getfixturevalue('unique_name')}.keys"
    return str(tmp_path / "keys.db")


def open_store(place: str) -> KeyStore:
    """A key store on ``place`` (a second one on the same place is another process's view)."""
    if place.startswith("kafka:"):
        _, host, port, topic = place.split(":")
        return KafkaKeyStore(KeyTopic(f"{host}:{port}", topic))
    return SqliteKeyStore(place)


@pytest.fixture
def stores(place: str) -> Iterator[tuple[KeyStore, KeyStore]]:
    """Two views of one key store, as two processes have them."""
    first, second = open_store(place), open_store(place)
    yield first, second
    first.close()
    second.close()


def test_a_key_added_by_one_process_is_read_by_another(
    stores: tuple[KeyStore, KeyStore]
) -> None:
    first, second = stores
    key = first.add("E1", PersonKey.new())
    assert second.keys_of("E1") == [key]


def test_a_second_key_for_the_same_owner_is_not_kept(stores: tuple[KeyStore, KeyStore]) -> None:
    first, second = stores
    kept = first.add("E1", PersonKey.new())
    assert second.add("E1", PersonKey.new()) == kept


def test_a_destroyed_key_is_gone_for_every_process(stores: tuple[KeyStore, KeyStore]) -> None:
    first, second = stores
    first.add("E1", PersonKey.new())
    second.keys_of("E1")
    first.destroy("E1")
    assert second.keys_of("E1") == []


def test_destroying_one_owner_keeps_the_others(stores: tuple[KeyStore, KeyStore]) -> None:
    first, second = stores
    other = first.add("E2", PersonKey.new())
    first.add("E1", PersonKey.new())
    first.destroy("E1")
    assert second.keys_of("E2") == [other]


def test_a_key_destroyed_by_another_process_is_not_handed_out_again(
    stores: tuple[KeyStore, KeyStore]
) -> None:
    first, second = stores
    destroyed = first.add("E1", PersonKey.new())
    second.destroy("E1")
    assert first.add("E1", PersonKey.new()) != destroyed


def test_kafka_a_new_owners_key_is_written_without_reading_the_others_since(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """An owner this process has no key of gets its own key at once, even if another
    process gave the owner one since its last read: an owner may have several keys."""
    where = KeyTopic(kafka_bootstrap, f"{unique_name}.keys")
    first, second = KafkaKeyStore(where), KafkaKeyStore(where)
    try:
        first.add("E0", PersonKey.new())  # first has read the topic
        theirs = second.add("E1", PersonKey.new())
        ours = first.add("E1", PersonKey.new())
        assert ours != theirs
        assert {key.key_id for key in second.keys_of("E1")} == {ours.key_id, theirs.key_id}
    finally:
        first.close()
        second.close()


def test_kafka_destroying_an_owner_destroys_every_key_any_process_gave_it(
    kafka_bootstrap: str, unique_name: str
) -> None:
    where = KeyTopic(kafka_bootstrap, f"{unique_name}.keys")
    first, second, third = KafkaKeyStore(where), KafkaKeyStore(where), KafkaKeyStore(where)
    try:
        first.add("E0", PersonKey.new())
        second.add("E1", PersonKey.new())
        first.add("E1", PersonKey.new())
        assert first.destroy("E1") == 2
        assert third.keys_of("E1") == []
    finally:
        for store in (first, second, third):
            store.close()


def test_sqlite_overwrites_a_destroyed_keys_bytes(tmp_path: Path) -> None:
    store = SqliteKeyStore(tmp_path / "keys.db")
    key = store.add("E1", PersonKey.new())
    store.add("E2", PersonKey.new())
    store.destroy("E1")
    store.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert key.secret not in raw and b"E2" in raw


def raw_topic(bootstrap: str, topic: str) -> bytes:
    """Every key and value on the topic now, read with a plain consumer."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.seek_to_beginning(partition)
        end = consumer.end_offsets([partition])[partition]
        chunks: list[bytes] = []
        while consumer.position(partition) < end:
            for records in consumer.poll(timeout_ms=1000).values():
                chunks += [(r.key or b"") + (r.value or b"") for r in records]
        return b"".join(chunks)
    finally:
        consumer.close()


def test_kafka_compaction_removes_a_destroyed_key_from_the_topic(
    kafka_bootstrap: str, unique_name: str
) -> None:
    where = KeyTopic(kafka_bootstrap, f"{unique_name}.keys", segment_ms=200,
                     max_compaction_lag_ms=200, delete_retention_ms=200)
    store = KafkaKeyStore(where)
    try:
        secret = base64.b64encode(store.add("E1", PersonKey.new()).secret)
        assert secret in raw_topic(kafka_bootstrap, where.topic)
        store.destroy("E1")
        deadline = time.monotonic() + COMPACTED_WITHIN_SECONDS
        while secret in raw_topic(kafka_bootstrap, where.topic) and time.monotonic() < deadline:
            time.sleep(2)
            store.add(f"roll-{time.monotonic_ns()}", PersonKey.new())  # closes the segment
        assert secret not in raw_topic(kafka_bootstrap, where.topic)
    finally:
        store.close()
