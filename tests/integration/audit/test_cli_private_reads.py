"""Reads of private texts from the CLI are recorded like the HTTP ones (`/audit/private-reads`)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gateways.entrypoints.cli.main import app
from gateways.entrypoints.http.private_reads import private_reads
from services.mentoring import MentoringService
from tests.unit.audit.scenario import Story


def audit(events_db: Path, *args: str) -> None:
    """Run `mentoring audit ...` on the story's store; it must succeed."""
    env = {"MENTORING_STORE": f"sqlite:///{events_db}", "MENTORING_ENVIRONMENT": "test"}
    result = CliRunner().invoke(app, ["audit", *args], env=env)
    assert result.exit_code == 0, result.output


def recorded(service: MentoringService) -> list[tuple[str, str, str, str]]:
    """Reader, role, route and subject of every recorded read."""
    return [(r.reader, r.role, r.route, r.subject) for r in private_reads(service)]


def test_an_unredacted_aggregate_history_is_a_recorded_read_of_the_mentorship(
    events_db: Path, sqlite_story: Story, sqlite_service: MentoringService
) -> None:
    audit(events_db, "history", "aggregate", str(sqlite_story.mentorship_id),
          "--include-private", "--as", "aud")

    (read,) = list(private_reads(sqlite_service))
    assert (read.reader, read.role, read.route, read.mentorship_id) == (
        "cli:aud", "cli", "cli-audit-aggregate-history", sqlite_story.mentorship_id)


def test_a_state_holding_a_request_reason_is_a_recorded_read(
    events_db: Path, sqlite_story: Story, sqlite_service: MentoringService
) -> None:
    audit(events_db, "state", str(sqlite_story.request_id), "--as", "aud")

    assert recorded(sqlite_service) == [
        ("cli:aud", "cli", "cli-audit-aggregate-state", str(sqlite_story.request_id))]


def test_a_state_without_private_text_records_nothing(
    events_db: Path, sqlite_story: Story, sqlite_service: MentoringService
) -> None:
    audit(events_db, "state", str(sqlite_story.mentee_id), "--version", "1")

    assert recorded(sqlite_service) == []
