"""An organisation's events, stored in memory and projected into a DuckDB file of a test's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from domain.base import Stamp
from domain.programs import ConflictRules, Program
from projections.catch_up import CatchUp
from projections.read_side import ReadSideProjection
from projections.view import DuckDBView
from tests.integration.projections.scenario_org import EventLog


def projected(
    build: Callable[[EventLog], object], folder: Path, set_based: bool = True, batch_size: int = 5
) -> DuckDBView:
    """`build`'s events projected (set-based or by the Python handlers) into `folder`."""
    app = EventLog(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    build(app)
    view = DuckDBView(folder / "view.duckdb")
    CatchUp(app.recorder, app.mapper, ReadSideProjection(view), batch_size=batch_size,
            set_based=set_based).run()
    return view


def projection_fixture(
    build: Callable[[EventLog], object], *, name: str, batch_size: int = 5
) -> Any:
    """A module fixture ``name``: ``build``'s events projected into a DuckDB view, once by each
    path of the projector (set-based, then the Python handlers)."""

    @pytest.fixture(scope="module", params=[True, False], ids=["set-based", "python"], name=name)
    def view(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[DuckDBView]:
        folder = tmp_path_factory.mktemp(name)
        projection = projected(build, folder, request.param, batch_size=batch_size)
        yield projection
        projection.close()

    return view


def launched(name: str, day: date) -> Program:
    """A general, structured program launched by an admin on `day`, with the default rules."""
    return Program.launch(
        program_id=uuid4(), name=name, program_type="general", goal="grow",
        formality="structured", starts_on=day, ends_on=None, meeting_cadence="monthly",
        executive_sponsor_id="CEO", rules=ConflictRules(), stamp=Stamp("admin", day),
    )
