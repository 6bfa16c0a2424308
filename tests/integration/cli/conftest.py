"""Fixtures of the CLI tests: the scenario organisation in a SQLite store, and the CLI's env."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateways.bootstrap import persistence_env
from gateways.entrypoints.cli.main import app
from gateways.settings import Settings
from tests.integration.projections.scenario_org import EventLog, build_organisation
from tests.support import cli_logs


@pytest.fixture(autouse=True)
def logs_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs on stderr, but never to a stream CliRunner has closed."""
    yield from cli_logs.logs_to_the_current_stderr(monkeypatch)


TRUSTED = ("--trusted", "--as", "ana")
"""The options of a trusted analyst's person-level read (recorded in the store)."""


def scenario_store(folder: Path, build: Callable[[EventLog], object] = build_organisation) -> Path:
    """The events ``build`` records, in a SQLite file in ``folder`` (by default the scenario
    organisation's 96 events)."""
    path = folder / "events.db"
    log = EventLog(env=persistence_env(Settings(store=f"sqlite:///{path}")))
    build(log)
    log.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario organisation's events in a SQLite file (96 events)."""
    return scenario_store(tmp_path_factory.mktemp("store"))


@pytest.fixture
def env(store: Path, tmp_path: Path) -> dict[str, str]:
    """MENTORING_* settings naming the store and a DuckDB file of this test's own."""
    return {
        "MENTORING_STORE": f"sqlite:///{store}",
        "MENTORING_DUCKDB": str(tmp_path / "analytics.duckdb"),
        "MENTORING_ANALYST_SNAPSHOT": "",  # the default: beside the DuckDB file
        "MENTORING_ENVIRONMENT": "test",
    }


@pytest.fixture
def projected(env: dict[str, str]) -> dict[str, str]:
    """The CLI's env after `mentoring project` (which publishes the snapshot)."""
    assert invoke(env, "project")[0] == 0
    return env


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `mentoring` command."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr
