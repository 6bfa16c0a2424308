"""`mentoring replay`: a fresh rebuild from the first event equals the live projection."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gateways.audit.compare import ProjectionUnreadable
from gateways.audit.replay import replay_and_compare
from projections.runner import run_projector
from services.mentoring import MentoringService
from tests.integration.audit.conftest import sqlite_env
from tests.unit.audit.scenario import Story, hire


@pytest.fixture
def live(tmp_path: Path, events_db: Path, sqlite_story: Story) -> Path:
    """The live projection of the story, caught up by the projector."""
    path = tmp_path / "live.duckdb"
    run_projector(sqlite_env(events_db), path)
    return path


def test_the_replay_equals_the_live_projection(events_db: Path, live: Path) -> None:
    report = replay_and_compare(sqlite_env(events_db), live)
    assert report.equal, [t for t in report.tables if not t.equal]


def test_the_replay_compares_every_table(events_db: Path, live: Path) -> None:
    report = replay_and_compare(sqlite_env(events_db), live)
    assert {"employees", "mentorships", "requests", "tracking"} <= {t.table for t in report.tables}


def test_the_replay_covers_every_event(events_db: Path, live: Path,
                                       sqlite_service: MentoringService) -> None:
    report = replay_and_compare(sqlite_env(events_db), live)
    head = sqlite_service.recorder.max_notification_id()
    assert report.events_replayed == head == report.replay_position


def test_a_changed_live_row_is_reported_by_table(events_db: Path, live: Path) -> None:
    with duckdb.connect(str(live)) as connection:
        connection.execute("UPDATE mentorships SET topic = 'forged'")
    report = replay_and_compare(sqlite_env(events_db), live)
    assert [(t.table, t.only_in_live, t.only_in_replay) for t in report.differing] == [
        ("mentorships", 1, 1)
    ]


def test_a_live_projection_behind_the_log_is_reported_as_out_of_step(
    events_db: Path, live: Path, sqlite_service: MentoringService
) -> None:
    hire(sqlite_service, "E4")
    report = replay_and_compare(sqlite_env(events_db), live)
    assert not report.in_step and not report.equal


def test_reports_progress_while_it_runs(events_db: Path, live: Path) -> None:
    seen: list[int] = []
    replay_and_compare(sqlite_env(events_db), live, batch_size=5,
                       progress=lambda p: seen.append(p.events))
    assert len(seen) > 3 and seen == sorted(seen)


def test_a_missing_live_projection_is_refused(events_db: Path, tmp_path: Path,
                                              sqlite_story: Story) -> None:
    with pytest.raises(ProjectionUnreadable):
        replay_and_compare(sqlite_env(events_db), tmp_path / "nowhere.duckdb")
