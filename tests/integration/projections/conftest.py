"""Fixtures of the read-side integration tests: the scenario organisation, projected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.analytics import Analytics
from projections.catch_up import CatchUp
from projections.read_side import ReadSideProjection
from projections.view import DuckDBView
from tests.integration.projections.scenario_org import EventLog, build_organisation


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DuckDBView, dict]]:
    """The organisation's events, projected in small batches into a DuckDB file."""
    app = EventLog(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    programs = build_organisation(app)
    path: Path = tmp_path_factory.mktemp("scenario") / "view.duckdb"
    view = DuckDBView(path)
    CatchUp(app.recorder, app.mapper, ReadSideProjection(view), batch_size=7).run()
    yield view, programs
    view.close()


@pytest.fixture(scope="module")
def analytics(scenario: tuple[DuckDBView, dict]) -> Analytics:
    """Analytics over the projected scenario."""
    view, _ = scenario
    return Analytics(view.cursor())
