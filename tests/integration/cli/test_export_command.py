"""`mentoring export`: the analyst snapshot's tables as Parquet or CSV, with schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tests.integration.cli.conftest import TRUSTED, invoke
from tests.integration.cli.stores import store_per_test  # noqa: F401  (the fixture `store`)


def manifest(directory: Path) -> dict:
    return json.loads((directory / "schema.json").read_text(encoding="utf-8"))


def test_export_writes_every_analyst_table_as_parquet_with_a_schema_file(
    projected: dict[str, str], tmp_path: Path
) -> None:
    code, out, err = invoke(
        projected, "export", *TRUSTED, "--format", "parquet", str(tmp_path / "out")
    )

    assert code == 0, err
    assert "wrote" in out and "data: up to notification 96" in err
    schema = manifest(tmp_path / "out")
    tables = {t["name"]: t for t in schema["tables"]}
    assert {"employees", "participations", "sessions", "promotions"} <= tables.keys()
    assert not {"tracking", "dirty_employees", "snapshot_freshness"} & tables.keys()
    assert (schema["format"], schema["notification_id"]) == ("parquet", 96)
    people = duckdb.connect().execute(
        f"SELECT count(*) FROM '{tmp_path / 'out' / 'employees.parquet'}'"
    ).fetchone()
    assert people == (tables["employees"]["rows"],) == (20,)


def test_export_leaves_out_the_demographic_group_as_analysts_sql_does(
    projected: dict[str, str], tmp_path: Path
) -> None:
    invoke(projected, "export", *TRUSTED, "--format", "parquet", str(tmp_path))

    for table in manifest(tmp_path)["tables"]:
        assert "demographic_group" not in {c["name"] for c in table["columns"]}
        columns = duckdb.connect().execute(
            f"DESCRIBE SELECT * FROM '{tmp_path / table['file']}'"
        ).fetchall()
        assert "demographic_group" not in {c[0] for c in columns}


def test_export_as_csv_has_headers_and_no_private_text(
    projected: dict[str, str], tmp_path: Path
) -> None:
    code, _, _ = invoke(projected, "export", *TRUSTED, "--format", "csv", str(tmp_path))

    assert code == 0
    employees = (tmp_path / "employees.csv").read_text(encoding="utf-8").splitlines()
    assert employees[0].startswith("employee_id,hris_id,first_hired_on")
    assert len(employees) == 21
    everything = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    assert "private" not in everything  # memo text, aims, reasons of the scenario say "private"


def test_an_unknown_format_is_refused_in_one_line(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = invoke(env, "export", "--format", "xlsx", str(tmp_path))
    assert (code, err) == (2, "error: --format: 'xlsx' is not one of parquet, csv\n")


def test_export_before_any_snapshot_says_to_run_project(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = invoke(env, "export", str(tmp_path))
    assert (code, "run `mentoring project`" in err) == (1, True)
