"""Analysts query a published read-only snapshot; writes and file access are refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from projections.analyst_sql import AnalystSQL, QueryFailed, RefusedStatement
from projections.snapshot import publish_snapshot
from projections.view import DuckDBView


@pytest.fixture(scope="module")
def snapshot(scenario: tuple[DuckDBView, dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    view, _ = scenario
    target = tmp_path_factory.mktemp("published") / "analytics.snapshot.duckdb"
    publish_snapshot(view, target)
    return target


def test_a_select_returns_columns_rows_and_the_snapshot_freshness(
    snapshot: Path, scenario: tuple[DuckDBView, dict]
) -> None:
    view, _ = scenario

    result = AnalystSQL(snapshot).run("SELECT count(*) AS people FROM employees")

    assert result.columns == ["people"] and result.rows == [(20,)]
    assert result.freshness is not None
    assert result.freshness.notification_id == view.max_tracking_id("mentoring")


def test_results_are_capped_and_say_so(snapshot: Path) -> None:
    result = AnalystSQL(snapshot, max_rows=3).run("SELECT * FROM employee_history")

    assert len(result.rows) == 3 and result.truncated


NOT_ONE_SELECT = [
    "INSERT INTO programs (program_id) VALUES (uuid())",
    "DELETE FROM employees",
    "CREATE TABLE mine AS SELECT 1",
    "COPY employees TO '/tmp/leak.csv'",
    "ATTACH '/tmp/other.duckdb' AS other",
    "SET enable_external_access = true",
    "SELECT 1; DROP TABLE employees",
    "INSTALL httpfs",
]
SELECTS_OF_FILES_OR_URLS = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_parquet('https://example.com/x.parquet')",
]


@pytest.mark.parametrize("sql", NOT_ONE_SELECT + SELECTS_OF_FILES_OR_URLS)
def test_statements_other_than_one_select_and_selects_of_files_or_urls_are_refused(
    snapshot: Path, sql: str
) -> None:
    with pytest.raises(RefusedStatement):
        AnalystSQL(snapshot).run(sql)


def test_a_failing_select_is_reported_as_a_failed_query(snapshot: Path) -> None:
    with pytest.raises(QueryFailed):
        AnalystSQL(snapshot).run("SELECT no_such_column FROM employees")


def test_the_configuration_cannot_be_unlocked_from_an_open_connection(snapshot: Path) -> None:
    connection = AnalystSQL(snapshot).connect()

    with pytest.raises(duckdb.InvalidInputException):
        connection.execute("SET enable_external_access = true")


def test_readers_keep_their_snapshot_while_a_newer_one_is_published(tmp_path: Path) -> None:
    view = DuckDBView(tmp_path / "view.duckdb")
    view.connection.execute("INSERT INTO programs (program_id, name) VALUES (uuid(), 'old')")
    target = tmp_path / "snapshot.duckdb"
    publish_snapshot(view, target)
    reader = AnalystSQL(target).connect()

    view.connection.execute("INSERT INTO programs (program_id, name) VALUES (uuid(), 'new')")
    publish_snapshot(view, target)

    assert reader.execute("SELECT count(*) FROM programs").fetchall() == [(1,)]
    assert AnalystSQL(target).run("SELECT count(*) FROM programs").rows == [(2,)]
    view.close()


def test_analysts_own_sql_never_sees_the_demographic_group(snapshot: Path) -> None:
    with pytest.raises(QueryFailed, match="demographic_group"):
        AnalystSQL(snapshot).run("SELECT demographic_group FROM employees")


def test_the_equity_report_still_reads_the_demographic_group_from_the_snapshot(
    snapshot: Path,
) -> None:
    from datetime import date

    from projections.analytics import Analytics
    from projections.queries.equity import EquityQuery

    analytics = Analytics.on_snapshot(snapshot)
    try:
        rows = analytics.run(EquityQuery(date(2024, 6, 30), "demographic_group")).rows
    finally:
        analytics.close()

    assert rows, "the equity report found no demographic groups in the snapshot"
