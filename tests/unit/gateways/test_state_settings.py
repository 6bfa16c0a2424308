"""Where the portal read model's file lives, its memory limit, the snapshot interval, and the
refusal, naming the variable, of a setting's value that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateways.bootstrap import persistence_env, portal_duckdb_path
from gateways.settings import ConfigurationError, Settings, load_settings


def test_the_portal_file_of_a_sqlite_store_lies_beside_it() -> None:
    settings = Settings(store="sqlite:///var/x/events.db")
    assert portal_duckdb_path(settings) == "var/x/events.portal.duckdb"


def test_the_portal_file_of_a_kafka_store_lies_in_its_state_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_STATE_DIR", str(tmp_path))
    settings = Settings(store="kafka://127.0.0.1:9092", kafka_topic_prefix="acme")
    assert portal_duckdb_path(settings) == str(tmp_path / "acme.portal.duckdb")


def test_a_kafka_store_without_a_state_directory_keeps_the_portal_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MENTORING_KAFKA_STATE_DIR", raising=False)
    assert portal_duckdb_path(Settings(store="kafka://127.0.0.1:9092")) == ":memory:"


def test_the_portal_file_setting_wins(tmp_path: Path) -> None:
    chosen = tmp_path / "portal.duckdb"
    settings = Settings(store="sqlite:///events.db", portal_duckdb=chosen)
    assert portal_duckdb_path(settings) == str(chosen)


def test_the_snapshot_interval_reaches_the_application_under_both_keys() -> None:
    env = persistence_env(Settings(store="memory://", snapshot_interval=0))
    assert env["SNAPSHOT_INTERVAL"] == env["MENTORING_SNAPSHOT_INTERVAL"] == "0"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MENTORING_PORTAL_MEMORY_LIMIT", "lots"),
        ("MENTORING_SNAPSHOT_INTERVAL", "-1"),
        ("MENTORING_TIMEZONE", "Mars/Olympus_Mons"),
    ],
    ids=[
        "a memory limit DuckDB cannot read",
        "a negative snapshot interval",
        "an unknown time zone",
    ],
)
def test_a_value_that_cannot_be_used_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=variable):
        load_settings()
