"""The set-based routes (DuckDB decodes the JSON) write exactly the rows the Python handlers do."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from domain.base import natural_id
from projections.bulk_routes import EMPLOYEE_UUID_MACRO
from projections.catch_up import CatchUp
from projections.read_side import ReadSideProjection
from projections.schema import TABLES
from projections.view import DuckDBView
from tests.integration.projections.log_filler import fill
from tests.integration.projections.scenario_org import EventLog, build_organisation


def project(app: EventLog, path: Path, set_based: bool) -> dict[str, list[tuple[object, ...]]]:
    view = DuckDBView(path)
    batch = 7 if len(app.recorder.select_notifications(None, 200)) < 200 else 400
    CatchUp(app.recorder, app.mapper, ReadSideProjection(view), batch, set_based=set_based).run()
    contents = {t: view.fetch(f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
    view.close()
    return contents


@pytest.mark.parametrize("organisation", ["scenario", "synthetic"])
def test_set_based_and_python_projections_write_identical_tables(
    organisation: str, tmp_path: Path
) -> None:
    app = EventLog(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    if organisation == "scenario":
        build_organisation(app)
    else:
        fill(app, employees=300)

    set_based = project(app, tmp_path / "sql.duckdb", set_based=True)
    python = project(app, tmp_path / "py.duckdb", set_based=False)

    assert set_based == python


def test_employee_uuid_in_sql_is_the_domain_natural_id() -> None:
    connection = duckdb.connect()
    connection.execute(EMPLOYEE_UUID_MACRO)

    for hris in ("E1", "E1001", "Zoë-7", "x" * 60):
        (row,) = connection.execute("SELECT employee_uuid(?)", [hris]).fetchall()
        assert row[0] == natural_id("employee", hris)
