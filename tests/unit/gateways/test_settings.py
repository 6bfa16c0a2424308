"""MENTORING_STORE and friends: accepted forms, and one-line errors for everything else."""

from __future__ import annotations

import pytest

from gateways.bootstrap import persistence_env
from gateways.settings import ConfigurationError, Settings, StoreLocation, load_settings


def test_sqlite_url_names_a_relative_file() -> None:
    location = StoreLocation.parse("sqlite:///var/events.db")
    assert location == StoreLocation("sqlite", "var/events.db")


def test_sqlite_url_with_four_slashes_names_an_absolute_file() -> None:
    location = StoreLocation.parse("sqlite:////tmp/events.db")
    assert location == StoreLocation("sqlite", "/tmp/events.db")


def test_kafka_url_names_every_bootstrap_server() -> None:
    location = StoreLocation.parse("kafka://k1:9092,k2:9092")
    assert location == StoreLocation("kafka", "k1:9092,k2:9092")


def test_memory_url_needs_nothing_else() -> None:
    assert StoreLocation.parse("memory://") == StoreLocation("memory", "")


@pytest.mark.parametrize(
    "url", ["postgres://db", "kafka://", "kafka://host", "kafka://host:notaport", "sqlite://", "x"]
)
def test_unknown_store_url_is_refused_with_the_accepted_forms(url: str) -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_STORE.*accepted forms"):
        StoreLocation.parse(url)


def test_bad_store_in_the_environment_gives_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_STORE", "mysql://nope")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert "MENTORING_STORE" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_numeric_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_REPLICATION_FACTOR", "zero")
    with pytest.raises(ConfigurationError, match="MENTORING_KAFKA_REPLICATION_FACTOR"):
        load_settings()


def test_kafka_store_selects_the_kafka_persistence_module() -> None:
    env = persistence_env(Settings(store="kafka://127.0.0.1:9092"))
    assert env["PERSISTENCE_MODULE"] == "gateways.kafka_store"
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "127.0.0.1:9092"


def test_sqlite_store_selects_the_hash_chained_sqlite_module() -> None:
    env = persistence_env(Settings(store="sqlite:///x.db"))
    assert env == {
        "PERSISTENCE_MODULE": "gateways.sqlite_store",
        "SQLITE_DBNAME": "x.db",
        "SQLITE_LOCK_TIMEOUT": "10",
    }
