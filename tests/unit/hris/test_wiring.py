"""The HRIS ingestion's configuration: durable stores only, brokers and topics by default."""

from __future__ import annotations

import pytest

from gateways.bootstrap import hris_bootstrap, hris_service_env
from gateways.entrypoints.hris.settings import HrisSettings
from gateways.settings import ConfigurationError, Settings


def test_ingestion_refuses_the_memory_store() -> None:
    with pytest.raises(ConfigurationError, match="durable"):
        hris_service_env(Settings(store="memory://"))


def test_ingesting_service_records_through_a_positioned_recorder() -> None:
    env = hris_service_env(Settings(store="sqlite:///x.db"))
    assert env["APPLICATION_RECORDER_TOPIC"].endswith("PositionedSQLiteRecorder")


def test_hris_brokers_default_to_those_of_the_kafka_store() -> None:
    assert hris_bootstrap(Settings(store="kafka://k1:9092"), HrisSettings()) == "k1:9092"


def test_hris_brokers_are_required_with_the_sqlite_store() -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_HRIS_BOOTSTRAP"):
        hris_bootstrap(Settings(store="sqlite:///x.db"), HrisSettings())


def test_dead_letter_topic_defaults_to_the_topic_with_dlq_suffix() -> None:
    assert HrisSettings(topic="hr.events").dead_letter_topic == "hr.events.dlq"
