"""The SQL checker and the in-memory database analysts' own SQL runs in (no files involved)."""

from __future__ import annotations

import duckdb
import pytest

from projections.aggregate_views import VIEWS
from projections.analyst_sql import (
    AggregateData,
    AggregateTable,
    QueryFailed,
    RefusedStatement,
    aggregate_connection,
    check_one_select,
    run_select,
)

WORKFORCE = next(view for view in VIEWS if view.name == "workforce")
DATA = AggregateData([AggregateTable(
    WORKFORCE, ["VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "BIGINT", "BIGINT", "BIGINT",
                "BIGINT"],
    [("total", None, None, None, 14, None, 9, None), ("department", "Eng", None, None, 8, None,
                                                       None, None)],
)], None)


@pytest.mark.parametrize("sql", [
    "SELECT 1; SELECT 2", "DELETE FROM workforce", "ATTACH 'x.duckdb' AS x",
    "SET enable_external_access = true", "COPY workforce TO 'out.csv'", "PRAGMA database_list",
    "CREATE TABLE mine AS SELECT 1", "not sql at all",
])
def test_anything_but_one_select_is_refused(sql: str) -> None:
    with duckdb.connect(":memory:") as connection, pytest.raises(RefusedStatement):
        check_one_select(connection, sql)


@pytest.mark.parametrize("sql", [
    "SELECT 1", "WITH x AS (SELECT 1 AS a) SELECT a FROM x", "SELECT 1 UNION ALL SELECT 2",
])
def test_one_select_passes(sql: str) -> None:
    with duckdb.connect(":memory:") as connection:
        check_one_select(connection, sql)


def test_the_views_database_holds_only_the_views_given() -> None:
    with aggregate_connection(DATA) as connection:
        result = run_select(connection, "SELECT table_name FROM information_schema.tables",
                            None, 10)
    assert result.rows == [("workforce",)]


def test_the_views_database_answers_a_select_over_them() -> None:
    with aggregate_connection(DATA) as connection:
        result = run_select(connection, "SELECT department, people FROM workforce "
                                        "WHERE breakdown = 'department'", None, 10)
    assert (result.columns, result.rows) == (["department", "people"], [("Eng", 8)])


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/*')",
    "SELECT * FROM read_text('/etc/hostname')",
])
def test_the_views_database_reads_no_file(sql: str) -> None:
    with aggregate_connection(DATA) as connection, pytest.raises(RefusedStatement):
        run_select(connection, sql, None, 10)


def test_a_person_level_table_is_unknown_there() -> None:
    with aggregate_connection(DATA) as connection, pytest.raises(QueryFailed):
        run_select(connection, "SELECT hris_id FROM employees", None, 10)


def test_results_are_capped_and_say_so() -> None:
    with aggregate_connection(DATA) as connection:
        result = run_select(connection, "SELECT * FROM range(5)", None, 3)
    assert (len(result.rows), result.truncated) == (3, True)
