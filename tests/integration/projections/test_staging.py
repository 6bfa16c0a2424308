"""Staged batches are disposable: a catch-up drops them once applied."""

from __future__ import annotations

from pathlib import Path

from projections.catch_up import CatchUp
from projections.read_side import ReadSideProjection
from projections.staging import STAGING
from projections.view import DuckDBView
from tests.integration.projections.log_filler import fill
from tests.integration.projections.scenario_org import EventLog


def staged_batches(view: DuckDBView) -> int:
    rows = view.fetch(
        "SELECT count(*) FROM duckdb_schemas() WHERE database_name = ? "
        "AND schema_name LIKE 'batch_%'",
        [STAGING],
    )
    return int(rows[0][0])


def test_a_catch_up_leaves_no_batch_staged(tmp_path: Path) -> None:
    app = EventLog(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    fill(app, employees=200)
    view = DuckDBView(tmp_path / "view.duckdb")

    applied = CatchUp(app.recorder, app.mapper, ReadSideProjection(view), batch_size=50).run()

    assert applied > 10 * 50
    assert staged_batches(view) == 0
    view.close()
