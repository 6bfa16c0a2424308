"""`mentoring hris-import` against a real store: SQLite (applied here) or Kafka (published)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateways.entrypoints.cli.main import app
from tests.integration.hris.conftest import Hris, _delete_topics
from tests.support import cli_logs


@pytest.fixture(autouse=True)
def logs_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs on stderr, but never to a stream CliRunner has closed."""
    yield from cli_logs.logs_to_the_current_stderr(monkeypatch)


@pytest.fixture(params=["sqlite", "kafka"])
def hris(
    request: pytest.FixtureRequest, kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> Iterator[Hris]:
    """A store of each kind, with an HRIS topic of the test's own."""
    env = {
        "MENTORING_HRIS_BOOTSTRAP": kafka_bootstrap,
        "MENTORING_HRIS_TOPIC": f"{unique_name}.hris",
        "MENTORING_HRIS_GROUP_ID": f"{unique_name}.ingest",
        "MENTORING_HRIS_POLL_TIMEOUT_MS": "100",
        "MENTORING_ENVIRONMENT": "test",
    }
    if request.param == "sqlite":
        env["MENTORING_STORE"] = f"sqlite:///{tmp_path / 'events.db'}"
    else:
        env["MENTORING_STORE"] = f"kafka://{kafka_bootstrap}"
        env["MENTORING_KAFKA_TOPIC_PREFIX"] = unique_name
    yield Hris(env)
    _delete_topics(kafka_bootstrap, unique_name)


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `mentoring` command."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr
