"""The set-based routes (DuckDB decodes the JSON) write exactly the rows the Python handlers do."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from eventsourcing.cipher import AESCipher

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


def store_env(store: str, tmp_path: Path) -> dict[str, str]:
    """memory: the generic read; sqlite: the store's columnar read; encrypted: plus a cipher."""
    if store == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    env = {"PERSISTENCE_MODULE": "gateways.stores.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")}
    if store == "encrypted":
        env.update(CIPHER_KEY=AESCipher.create_key(16), COMPRESSOR_TOPIC="zlib")
    return env


@pytest.mark.parametrize("store", ["memory", "sqlite", "encrypted"])
@pytest.mark.parametrize("organisation", ["scenario", "synthetic"])
def test_set_based_and_python_projections_write_identical_tables(
    organisation: str, store: str, tmp_path: Path
) -> None:
    app = EventLog(env=store_env(store, tmp_path))
    if organisation == "scenario":
        build_organisation(app)
    else:
        fill(app, employees=300)

    set_based = project(app, tmp_path / "sql.duckdb", set_based=True)
    python = project(app, tmp_path / "py.duckdb", set_based=False)

    assert set_based == python


def project_step_by_step(app: EventLog, path: Path, share: float) -> dict[str, list[tuple]]:
    """Project with the reader computing `share` of the set-based rows (no adapting)."""
    view = DuckDBView(path)
    catch_up = CatchUp(app.recorder, app.mapper, ReadSideProjection(view), 400)
    catch_up.split.share = share
    while catch_up.step():
        pass
    contents = {t: view.fetch(f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
    view.close()
    return contents


def test_the_rows_are_the_same_whichever_thread_computes_them(tmp_path: Path) -> None:
    app = EventLog(env=store_env("sqlite", tmp_path))
    fill(app, employees=300)

    by_main = project_step_by_step(app, tmp_path / "main.duckdb", share=0.0)
    by_reader = project_step_by_step(app, tmp_path / "reader.duckdb", share=1.0)
    split = project_step_by_step(app, tmp_path / "split.duckdb", share=0.5)

    assert by_main == by_reader == split
    assert by_main["sessions"] and by_main["employee_changes"] and by_main["participations"]


def test_employee_uuid_in_sql_is_the_domain_natural_id() -> None:
    connection = duckdb.connect()
    connection.execute(EMPLOYEE_UUID_MACRO)

    for hris in ("E1", "E1001", "Zoë-7", "x" * 60):
        (row,) = connection.execute("SELECT employee_uuid(?)", [hris]).fetchall()
        assert row[0] == natural_id("employee", hris)
