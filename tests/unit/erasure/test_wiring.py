"""Which key store goes with which event store (MENTORING_KEY_STORE)."""

from __future__ import annotations

import pytest

from gateways.erasure.wiring import key_store_spec
from gateways.settings import ConfigurationError, Settings


def test_a_sqlite_log_keeps_its_keys_in_a_file_beside_it() -> None:
    spec = key_store_spec(Settings(store="sqlite:///var/m/events.db"))
    assert spec == "sqlite:///var/m/events.keys.db"


def test_a_kafka_log_keeps_its_keys_on_a_compacted_topic_of_its_brokers() -> None:
    settings = Settings(store="kafka://k1:9092", kafka_topic_prefix="acme")
    assert key_store_spec(settings) == "kafka://k1:9092/acme.mentoring.keys"


def test_the_in_memory_log_keeps_its_keys_in_memory() -> None:
    assert key_store_spec(Settings(store="memory://")) == "memory"


def test_a_named_key_file_is_used_for_any_log() -> None:
    settings = Settings(store="kafka://k1:9092", key_store="sqlite:////secure/keys.db")
    assert key_store_spec(settings) == "sqlite:////secure/keys.db"


def test_sealing_can_be_turned_off_outside_production() -> None:
    assert key_store_spec(Settings(store="memory://", key_store="none")) is None


def test_production_refuses_to_turn_sealing_off() -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_KEY_STORE"):
        key_store_spec(Settings(store="memory://", key_store="none", environment="production"))


def test_a_kafka_key_store_needs_a_kafka_log() -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_KEY_STORE"):
        key_store_spec(Settings(store="sqlite:///e.db", key_store="kafka"))


def test_an_unknown_key_store_is_refused_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_KEY_STORE"):
        key_store_spec(Settings(store="memory://", key_store="vault://x"))
