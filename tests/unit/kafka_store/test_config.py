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
