"""Audit integration tests: the story recorded in a real SQLite file and on the real broker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.mentoring import MentoringService
from tests.unit.audit.scenario import Story, record_story


def sqlite_env(path: Path) -> dict[str, str]:
    """The hash-chained SQLite store in ``path``."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.sqlite",
        "SQLITE_DBNAME": str(path),
        "SQLITE_LOCK_TIMEOUT": "10",
    }


@pytest.fixture
def events_db(tmp_path: Path) -> Path:
    """Where the SQLite event log lives."""
    return tmp_path / "events.db"


@pytest.fixture
def sqlite_service(events_db: Path) -> Iterator[MentoringService]:
    """The mentoring service on the hash-chained SQLite store."""
    service = MentoringService(env=sqlite_env(events_db))
    yield service
    service.close()


@pytest.fixture
def sqlite_story(sqlite_service: MentoringService) -> Story:
    """The story, recorded in the SQLite file."""
    return record_story(sqlite_service)
