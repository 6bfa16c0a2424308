"""Where a fresh demo run writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateways.bootstrap import demo_persistence_env
from gateways.demo.stores import fresh_settings
from gateways.settings import ConfigurationError, Settings
from services.mentoring import MentoringService


def test_the_in_memory_store_is_refused_with_the_variable_named(tmp_path: Path) -> None:
    settings = Settings(store="memory://", duckdb=tmp_path / "a.duckdb")
    with pytest.raises(ConfigurationError, match="MENTORING_STORE"):
        fresh_settings(settings, fresh=True)


def test_a_fresh_kafka_run_gets_its_own_topic_prefix(tmp_path: Path) -> None:
    settings = Settings(store="kafka://127.0.0.1:9", duckdb=tmp_path / "a.duckdb")
    prefix = fresh_settings(settings, fresh=True).kafka_topic_prefix
    assert prefix.startswith(f"{settings.kafka_topic_prefix}-demo-")


def test_a_prefix_set_in_the_environment_does_not_override_the_run_s_own_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORING_KAFKA_TOPIC_PREFIX", "team")
    settings = Settings(store="kafka://127.0.0.1:9", duckdb=tmp_path / "a.duckdb")
    run = fresh_settings(settings, fresh=True)
    unstarted = MentoringService.__new__(MentoringService)  # how it reads env, without a store
    env = unstarted.construct_env(MentoringService.name, demo_persistence_env(run))
    assert env.get("KAFKA_TOPIC_PREFIX") == run.kafka_topic_prefix
    assert run.kafka_topic_prefix.startswith("team-demo-")


def test_a_fresh_sqlite_run_deletes_the_old_files(tmp_path: Path) -> None:
    events, analytics = tmp_path / "events.db", tmp_path / "a.duckdb"
    events.write_text("old")
    analytics.write_text("old")
    fresh_settings(Settings(store=f"sqlite:///{events}", duckdb=analytics), fresh=True)
    assert not events.exists() and not analytics.exists()


def test_a_run_that_is_not_fresh_keeps_the_files(tmp_path: Path) -> None:
    events = tmp_path / "events.db"
    events.write_text("old")
    fresh_settings(Settings(store=f"sqlite:///{events}", duckdb=tmp_path / "a.duckdb"), False)
    assert events.exists()
