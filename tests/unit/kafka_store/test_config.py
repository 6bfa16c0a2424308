"""Settings from the eventsourcing environment, and the names derived from them."""

from __future__ import annotations

import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka.config import KafkaStoreConfig


def config(name: str = "Mentoring", **env: str) -> KafkaStoreConfig:
    return KafkaStoreConfig.from_env(
        Environment(name, {"KAFKA_BOOTSTRAP_SERVERS": "b:9092", **env})
    )


def test_topics_are_named_after_prefix_and_application() -> None:
    settings = config(KAFKA_TOPIC_PREFIX="prod")

    assert settings.events_topic == "prod.Mentoring.events"
    assert settings.topic("snapshots") == "prod.Mentoring.snapshots"
    assert settings.tracking_topic == "prod.Mentoring.tracking"


def test_the_transactional_id_is_derived_from_the_topics_owned() -> None:
    assert config(KAFKA_TOPIC_PREFIX="prod").transactional_id == "prod.Mentoring.writer"


def test_application_prefixed_variables_win() -> None:
    assert config(MENTORING_KAFKA_TOPIC_PREFIX="mine").events_topic == "mine.Mentoring.events"


def test_a_missing_bootstrap_names_the_variable() -> None:
    with pytest.raises(OSError, match="KAFKA_BOOTSTRAP_SERVERS"):
        KafkaStoreConfig.from_env(Environment("App", {}))


def test_a_non_numeric_replication_factor_is_refused() -> None:
    with pytest.raises(OSError, match="KAFKA_REPLICATION_FACTOR"):
        config(KAFKA_REPLICATION_FACTOR="three")


def test_the_state_directory_and_cache_sizes_come_from_mentoring_kafka_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_STATE_DIR", "/srv/state")
    monkeypatch.setenv("MENTORING_KAFKA_INDEX_CACHE_SIZE", "500")
    monkeypatch.setenv("MENTORING_KAFKA_EVENT_CACHE_SIZE", "400")

    settings = config("Other")

    assert (str(settings.state_dir), settings.index_cache_size, settings.event_cache_size) == (
        "/srv/state", 500, 400
    )


def test_an_applications_own_environment_overrides_the_state_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_EVENT_CACHE_SIZE", "400")

    settings = config("Other", KAFKA_EVENT_CACHE_SIZE="300", KAFKA_STATE_DIR="/tmp/x")

    assert (str(settings.state_dir), settings.event_cache_size) == ("/tmp/x", 300)


def test_without_a_state_directory_the_index_is_temporary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MENTORING_KAFKA_STATE_DIR", raising=False)

    assert config("Other").state_dir is None


def test_a_bad_cache_size_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_EVENT_CACHE_SIZE", "0")

    with pytest.raises(OSError, match="MENTORING_KAFKA_EVENT_CACHE_SIZE"):
        config("Other")
