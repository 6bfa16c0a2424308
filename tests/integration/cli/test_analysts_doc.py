"""The examples of docs/analysts.md run on a real export (the R example is shown, not run)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import duckdb
import pytest

from tests.integration.cli.conftest import TRUSTED, invoke
from tests.integration.cli.stores import store_per_test  # noqa: F401  (the fixture `store`)

DOC = Path(__file__).parents[3] / "docs" / "analysts.md"


def blocks(language: str) -> list[str]:
    """The fenced code blocks of docs/analysts.md in `language`."""
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)



@pytest.fixture
def exported(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding `export/` (Parquet) and `export-csv/` (CSV), as the current directory."""
    assert invoke(env, "project")[0] == 0
    assert invoke(env, "export", *TRUSTED, "--format", "parquet", str(tmp_path / "export"))[0] == 0
    assert invoke(env, "export", *TRUSTED, "--format", "csv", str(tmp_path / "export-csv"))[0] == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_duckdb_example_runs_and_returns_rows(exported: Path) -> None:
    (sql,) = blocks("sql")
    connection = duckdb.connect()
    statements = connection.extract_statements(sql)

    assert len(statements) == 4
    for statement in statements:
        assert connection.execute(statement).fetchall(), statement.query


def test_the_pandas_example_runs(exported: Path) -> None:
    (code,) = blocks("python")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), {"__name__": "analysts_doc"})  # noqa: S102

    assert "data up to notification 96" in printed.getvalue()
    assert "participants" in printed.getvalue()


def test_the_r_example_is_shown_and_said_not_to_be_executed() -> None:
    (code,) = blocks("r")
    assert "read_parquet(\"export/employees.parquet\")" in code
    assert "**not executed**" in DOC.read_text(encoding="utf-8")
