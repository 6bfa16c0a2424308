"""`mentoring api-key new` and the checks `mentoring serve` makes before it binds."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gateways.entrypoints.cli.main import app
from gateways.entrypoints.http.auth.keys import hash_key

runner = CliRunner()


def test_a_new_key_comes_with_the_hash_line_the_server_needs() -> None:
    result = runner.invoke(app, ["api-key", "new", "auditor"])
    key = result.output.split("key:", 1)[1].split()[0]
    assert f"line: auditor {hash_key(key)}" in result.output


def test_an_unknown_role_gets_no_key() -> None:
    assert runner.invoke(app, ["api-key", "new", "janitor"]).exit_code == 2


def test_serve_refuses_production_without_keys_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_ENVIRONMENT", "production")
    monkeypatch.delenv("MENTORING_API_KEYS", raising=False)
    monkeypatch.delenv("MENTORING_API_KEYS_FILE", raising=False)
    result = runner.invoke(app, ["serve"])
    assert (result.exit_code, result.output.count("\n")) == (2, 1)
    assert "no API keys configured" in result.output


def test_serve_refuses_several_workers_on_the_kafka_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_STORE", "kafka://127.0.0.1:9092")
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2 and "one worker" in result.output


def test_serve_refuses_a_cpu_it_may_not_run_on_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORING_HTTP_CPUS", "4095")
    result = runner.invoke(app, ["serve"])
    assert (result.exit_code, result.output.count("\n")) == (2, 1)
    assert "MENTORING_HTTP_CPUS: CPU 4095 is not available to this process" in result.output
