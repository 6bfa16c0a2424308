"""MENTORING_STORE and friends: accepted forms, and one-line errors for everything else."""

from __future__ import annotations

from pathlib import Path

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
    assert env["PERSISTENCE_MODULE"] == "gateways.stores.kafka"
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "127.0.0.1:9092"


def test_sqlite_store_selects_the_hash_chained_sqlite_module() -> None:
    env = persistence_env(Settings(store="sqlite:///x.db"))
    assert env == {
        "PERSISTENCE_MODULE": "gateways.stores.sqlite",
        "SQLITE_DBNAME": "x.db",
        "SQLITE_LOCK_TIMEOUT": "10",
        # private fields sealed under per-person keys kept beside the log (docs/security.md)
        "MAPPER_TOPIC": "gateways.erasure.mapper:ShreddingMapper[sqlite:///x.keys.db]",
        # long-lived aggregates snapshotted every 100 events (services/snapshots.py)
        "SNAPSHOT_INTERVAL": "100",
        "MENTORING_SNAPSHOT_INTERVAL": "100",
    }


# -- Kafka security: one set of settings for every client --------------------------------

PASSWORD = "pa55-never-printed"


@pytest.fixture
def ca_file(tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    path.write_text("not read until a connection is made\n")
    return path


def secure_env(monkeypatch: pytest.MonkeyPatch, ca_file: Path, **extra: str) -> None:
    values = {
        "MENTORING_STORE": "kafka://k1:9193",
        "MENTORING_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "MENTORING_KAFKA_SSL_CAFILE": str(ca_file),
        "MENTORING_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "MENTORING_KAFKA_SASL_USERNAME": "writer",
        "MENTORING_KAFKA_SASL_PASSWORD": PASSWORD,
        **extra,
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_kafka_security_settings_are_read_and_the_password_kept_secret(
    monkeypatch: pytest.MonkeyPatch, ca_file: Path
) -> None:
    secure_env(monkeypatch, ca_file)
    settings = load_settings()
    assert settings.kafka_security_protocol == "SASL_SSL"
    assert settings.kafka_sasl_password is not None
    assert settings.kafka_sasl_password.get_secret_value() == PASSWORD
    assert PASSWORD not in repr(settings)
    assert PASSWORD not in settings.kafka_security_summary()


def test_the_store_env_carries_the_security_settings(
    monkeypatch: pytest.MonkeyPatch, ca_file: Path
) -> None:
    secure_env(monkeypatch, ca_file)
    env = persistence_env(load_settings())
    assert env["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["KAFKA_SSL_CAFILE"] == str(ca_file)
    assert env["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert env["KAFKA_SASL_USERNAME"] == "writer"
    assert env["KAFKA_SASL_PASSWORD"] == PASSWORD


def test_a_plaintext_kafka_store_env_says_plaintext() -> None:
    env = persistence_env(Settings(store="kafka://127.0.0.1:9092"))
    assert env["KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT"
    assert not any(key.startswith(("KAFKA_SSL", "KAFKA_SASL")) for key in env)


def test_the_password_can_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, ca_file: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD)
    secure_env(monkeypatch, ca_file, MENTORING_KAFKA_SASL_PASSWORD_FILE=str(secret))
    monkeypatch.delenv("MENTORING_KAFKA_SASL_PASSWORD")
    settings = load_settings()
    assert settings.kafka_security().sasl_password == PASSWORD
    assert persistence_env(settings)["KAFKA_SASL_PASSWORD_FILE"] == str(secret)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"MENTORING_KAFKA_SASL_MECHANISM": ""}, "MENTORING_KAFKA_SASL_MECHANISM"),
        ({"MENTORING_KAFKA_SASL_MECHANISM": "KERBEROS"}, "MENTORING_KAFKA_SASL_MECHANISM"),
        ({"MENTORING_KAFKA_SASL_PASSWORD": ""}, "MENTORING_KAFKA_SASL_PASSWORD"),
        ({"MENTORING_KAFKA_SECURITY_PROTOCOL": "TLS"}, "MENTORING_KAFKA_SECURITY_PROTOCOL"),
        ({"MENTORING_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}, "MENTORING_KAFKA_SSL_CAFILE"),
        ({"MENTORING_KAFKA_SSL_CAFILE": "/no/such/ca.pem"}, "MENTORING_KAFKA_SSL_CAFILE"),
        ({"MENTORING_KAFKA_SASL_PASSWORD_FILE": "/no/such"}, "MENTORING_KAFKA_SASL_PASSWORD"),
        ({"MENTORING_KAFKA_SASL_MECHANISM": "OAUTHBEARER"}, "MENTORING_KAFKA_SASL_OAUTH"),
    ],
)
def test_inconsistent_kafka_security_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, ca_file: Path, change: dict[str, str], named: str
) -> None:
    secure_env(monkeypatch, ca_file, **change)
    with pytest.raises(ConfigurationError, match=named) as caught:
        load_settings()
    assert "\n" not in str(caught.value)
    assert PASSWORD not in str(caught.value)


def test_mentoring_config_masks_the_kafka_secrets(
    monkeypatch: pytest.MonkeyPatch, ca_file: Path
) -> None:
    from typer.testing import CliRunner

    from gateways.entrypoints.cli.main import app

    secure_env(monkeypatch, ca_file)
    result = CliRunner().invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    assert "SASL_SSL" in result.output and "user=writer" in result.output
    assert PASSWORD not in result.output
    assert "password=**********" in result.output


def test_a_streaming_reader_on_kafka_uses_the_index_free_recorder() -> None:
    from eventsourcing.utils import resolve_topic

    from gateways.bootstrap import streaming_reader_env
    from gateways.stores.kafka.recorders import KafkaStreamingRecorder

    env = streaming_reader_env(Settings(store="kafka://127.0.0.1:9092"))

    assert resolve_topic(env["APPLICATION_RECORDER_TOPIC"]) is KafkaStreamingRecorder


def test_a_streaming_reader_on_sqlite_reads_as_the_application_does() -> None:
    from gateways.bootstrap import streaming_reader_env

    settings = Settings(store="sqlite:///x.db")

    assert streaming_reader_env(settings) == persistence_env(settings)
