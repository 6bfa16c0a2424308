"""The `mentoring audit` and `mentoring replay` commands, on a SQLite store and DuckDB file."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from eventsourcing.utils import get_topic
from typer.testing import CliRunner

from domain.employees import Employee
from gateways.entrypoints.cli.main import app
from projections.runner import run_projector
from tests.integration.audit.conftest import sqlite_env
from tests.unit.audit.scenario import Story


class CurrentStderr:
    """Whatever sys.stderr is when a log line is written (CliRunner swaps it per call)."""

    def write(self, text: str) -> None:
        sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


@pytest.fixture(autouse=True)
def logs_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs on stderr, as configure_logging sets up, but never to a stream CliRunner closed."""
    monkeypatch.setattr("gateways.entrypoints.cli.audit.configure_logging", lambda settings: None)
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=CurrentStderr()))
    yield
    structlog.reset_defaults()


@pytest.fixture
def cli_env(events_db: Path, tmp_path: Path, sqlite_story: Story) -> dict[str, str]:
    """MENTORING_* settings naming the story's SQLite log and a caught-up DuckDB file."""
    duckdb_path = tmp_path / "live.duckdb"
    run_projector(sqlite_env(events_db), duckdb_path)
    return {
        "MENTORING_STORE": f"sqlite:///{events_db}",
        "MENTORING_DUCKDB": str(duckdb_path),
        "MENTORING_ENVIRONMENT": "test",
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout and stderr)."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def stdout_of(env: dict[str, str], *args: str) -> str:
    """What the command printed on stdout alone."""
    return CliRunner().invoke(app, list(args), env=env).stdout


def test_employee_history_exports_json_lines_on_stdout(cli_env: dict[str, str]) -> None:
    output = stdout_of(cli_env, "audit", "history", "employee", "E3", "--jsonl")
    lines = [json.loads(line) for line in output.splitlines()]
    assert [e["event_type"] for e in lines] == ["Employee.Hired", "CommandLog.Handled"]


def test_employee_history_writes_to_a_file(cli_env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "e2.jsonl"
    code, _ = run(cli_env, "audit", "history", "employee", "E2", "--jsonl", "-o", str(target))
    assert code == 0 and len(target.read_text().splitlines()) == 22


def test_aggregate_history_shows_the_recorded_form_on_request(
    cli_env: dict[str, str], sqlite_story: Story
) -> None:
    code, output = run(cli_env, "audit", "history", "aggregate", str(sqlite_story.program_id),
                       "--raw")
    assert code == 0 and "Program.Launched (schema v2)" in output and "recorded as:" in output


def test_history_of_an_unknown_aggregate_exits_2(cli_env: dict[str, str]) -> None:
    code, output = run(cli_env, "audit", "history", "aggregate",
                       "00000000-0000-0000-0000-000000000001")
    assert code == 2 and "no events recorded" in output


def test_state_as_of_a_version(cli_env: dict[str, str], sqlite_story: Story) -> None:
    output = stdout_of(cli_env, "audit", "state", str(sqlite_story.mentee_id), "--version", "1")
    state = json.loads(output)
    assert state["version"] == 1 and state["state"]["left_on"] is None


def test_verify_of_an_untouched_log_exits_0(cli_env: dict[str, str]) -> None:
    code, output = run(cli_env, "audit", "verify")
    assert code == 0 and "OK: 34 events" in output


def test_verify_of_a_forged_log_names_the_event_and_exits_1(
    cli_env: dict[str, str], events_db: Path
) -> None:
    with sqlite3.connect(events_db) as db:
        db.execute("UPDATE stored_events SET state = replace(state, 'Lyon', 'Paris')"
                   " WHERE rowid = 3")
    code, output = run(cli_env, "audit", "verify")
    assert code == 1 and f"notification 3 ({get_topic(Employee.Hired)}" in output


def test_replay_of_an_untouched_projection_is_identical(cli_env: dict[str, str]) -> None:
    code, output = run(cli_env, "replay", "--batch-size", "10")
    assert code == 0 and "IDENTICAL" in output


def test_replay_prints_progress(cli_env: dict[str, str]) -> None:
    _, output = run(cli_env, "replay", "--batch-size", "10")
    assert "replay: 10/34 events (29%)" in output


def test_verify_against_a_noted_anchor_exits_1_when_events_were_cut(
    cli_env: dict[str, str], events_db: Path
) -> None:
    output = stdout_of(cli_env, "audit", "verify")
    anchor = output.rsplit(" ", 1)[-1].strip()
    with sqlite3.connect(events_db) as db:
        db.execute("DELETE FROM stored_events WHERE rowid > 26")
        db.execute("DELETE FROM event_chain WHERE notification_id > 26")
    code, output = run(cli_env, "audit", "verify", "--anchor", anchor)
    assert code == 1 and "removed from its end" in output
