"""Service tests run once per store: the in-memory store and a temporary SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.fixtures import service, world

__all__ = ["service", "world"]

STORES = ("memory", "sqlite")


@pytest.fixture(params=STORES)
def service_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The eventsourcing environment of the store under test."""
    if request.param == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "events.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
