"""A small demo run on SQLite (the log to move), and a Kafka prefix of each test's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateways.demo.run import DemoOptions, run_demo
from gateways.entrypoints.cli.main import app
from gateways.settings import Settings
from tests.integration.audit.topic_forgery import delete_topics
from tests.support import cli_logs

EMPLOYEES = 60


@pytest.fixture(autouse=True)
def logs_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs on stderr, but never to a stream CliRunner has closed."""
    yield from cli_logs.logs_to_the_current_stderr(monkeypatch)


def quiet(description: str, total: int) -> Callable[[int], None]:
    """A progress phase that shows nothing."""
    return lambda n: None


@pytest.fixture(scope="package")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's SQLite event log (60 employees, seed 3), projected once by the demo."""
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(store=f"sqlite:///{folder}/events.db", duckdb=folder / "analytics.duckdb")
    run_demo(settings, DemoOptions(seed=3, employees=EMPLOYEES, report=folder / "r.html"), quiet)
    return folder / "events.db"


@pytest.fixture
def kafka_prefix(kafka_bootstrap: str, unique_name: str) -> Iterator[str]:
    """A topic prefix of this test's own; its topics are deleted afterwards."""
    yield unique_name
    delete_topics(kafka_bootstrap, unique_name)


def sqlite_env(path: Path) -> dict[str, str]:
    """The CLI's environment for a SQLite store."""
    return {"MENTORING_STORE": f"sqlite:///{path}", "MENTORING_ENVIRONMENT": "test"}


def kafka_env(bootstrap: str, prefix: str) -> dict[str, str]:
    """The CLI's environment for a Kafka store under its own topic prefix."""
    return {
        "MENTORING_STORE": f"kafka://{bootstrap}",
        "MENTORING_KAFKA_TOPIC_PREFIX": prefix,
        "MENTORING_ENVIRONMENT": "test",
    }


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `mentoring` command."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr
