"""Analysts' own SQL: one SELECT at a time, with no file access.

Two engines. `AggregateSQL` (the `analyst` role) runs on the aggregate-safe views of
`projections.aggregate_views` only: a fresh in-memory database holding nothing but rows about
groups of at least 5 people, so no SELECT, however written, can reach a person. `AnalystSQL`
(the `analyst-trusted` role, each query recorded for auditors by the gateways) runs on the
person-level analyst snapshot.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from projections.aggregate_views import VIEWS, AggregateView, suppress
from projections.snapshot import Freshness, analyst_sql_target, resolve_snapshot
from projections.sql import first_row

LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


class RefusedStatement(ValueError):
    """The SQL is not a single read-only SELECT, or it touched what analysts may not."""


class QueryFailed(ValueError):
    """An allowed SELECT failed (syntax, unknown table or column, type error)."""


@dataclass(frozen=True)
class SqlResult:
    """Columns and rows of an analyst query, with the freshness of the snapshot it ran on."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    freshness: Freshness | None


class AnalystSQL:
    """Runs analysts' SELECTs on the published snapshot.

    Defence in depth: only a single SELECT statement is accepted; the connection is read-only;
    external access (files, URLs, extensions, ATTACH, COPY) is disabled and the configuration
    is locked so SQL cannot re-enable it.
    """

    def __init__(self, snapshot: Path, max_rows: int = 10_000) -> None:
        self.snapshot = snapshot
        self.max_rows = max_rows

    def run(self, sql: str) -> SqlResult:
        """Run one SELECT and return at most `max_rows` rows."""
        with self.connect() as connection:
            return run_select(connection, sql, read_freshness(connection), self.max_rows)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A locked-down read-only connection to the snapshot (for tools like notebooks)."""
        published = analyst_sql_target(self.snapshot)
        if not published.exists():
            raise FileNotFoundError(f"no snapshot published at {published} yet")
        return open_read_only(resolve_snapshot(published))


def check_one_select(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but exactly one SELECT statement."""
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as error:
        raise RefusedStatement(f"not valid SQL: {error}") from None
    if len(statements) != 1:
        raise RefusedStatement(f"send exactly one statement, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise RefusedStatement(f"only SELECT is allowed, not {kind.name}")


def run_select(
    connection: duckdb.DuckDBPyConnection, sql: str, freshness: Freshness | None, max_rows: int
) -> SqlResult:
    """Check that `sql` is one SELECT, run it, and return at most `max_rows` rows."""
    check_one_select(connection, sql)
    try:
        cursor = connection.execute(sql)
    except (duckdb.PermissionException, duckdb.InvalidInputException) as error:
        raise RefusedStatement(str(error)) from None
    except duckdb.Error as error:
        raise QueryFailed(str(error)) from None
    rows = cursor.fetchmany(max_rows + 1)
    columns = [d[0] for d in cursor.description or []]
    return SqlResult(columns, rows[:max_rows], len(rows) > max_rows, freshness)


@dataclass(frozen=True)
class AggregateTable:
    """One aggregate-safe view's published rows and the DuckDB type of each column."""

    view: AggregateView
    types: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class AggregateData:
    """Every aggregate-safe view of one snapshot version, and its freshness."""

    tables: list[AggregateTable]
    freshness: Freshness | None


class AggregateSQL:
    """Runs analysts' SELECTs on the aggregate-safe views of the published snapshot, only.

    The views are computed once per snapshot version (`aggregate_data`); each query gets a new
    in-memory database holding just those rows, with external access disabled and the
    configuration locked, so the person-level snapshot is out of reach of the SQL.
    """

    def __init__(self, snapshot: Path, max_rows: int = 10_000) -> None:
        self.snapshot = snapshot
        self.max_rows = max_rows

    def run(self, sql: str) -> SqlResult:
        """Run one SELECT over the views and return at most `max_rows` rows."""
        published = analyst_sql_target(self.snapshot)
        if not published.exists():
            raise FileNotFoundError(f"no snapshot published at {published} yet")
        data = aggregate_data(resolve_snapshot(published))
        with aggregate_connection(data) as connection:
            return run_select(connection, sql, data.freshness, self.max_rows)


_BUILDING = threading.Lock()


@lru_cache(maxsize=2)
def _cached_aggregate_data(version: Path) -> AggregateData:
    with open_read_only(version) as connection:
        return AggregateData(
            [_aggregate_table(connection, view) for view in VIEWS], read_freshness(connection)
        )


def aggregate_data(version: Path) -> AggregateData:
    """The aggregate-safe views of one snapshot version (computed once, then cached)."""
    with _BUILDING:
        return _cached_aggregate_data(version)


def _aggregate_table(connection: duckdb.DuckDBPyConnection, view: AggregateView
                     ) -> AggregateTable:
    cursor = connection.execute(view.source)
    source_types = [str(d[1]) for d in cursor.description or []]
    rows = cursor.fetchall()
    width = len(view.dimensions)
    counts = 1 + (1 if view.units else 0) + len(view.flags)
    types = ["VARCHAR", *source_types[2:2 + width], *["BIGINT"] * counts,
             *["DOUBLE"] * len(view.values)]
    return AggregateTable(view, types, suppress(view, rows))


def aggregate_connection(data: AggregateData, locked: bool = True
                         ) -> duckdb.DuckDBPyConnection:
    """A new in-memory database holding only the aggregate-safe views: locked down (no
    external access, configuration locked) unless `locked` is False (the export writes files).
    """
    connection = duckdb.connect(":memory:", config=dict(LOCKED_DOWN) if locked else {})
    for table in data.tables:
        columns = ", ".join(
            f'"{name}" {kind}' for name, kind in zip(table.view.columns, table.types, strict=True)
        )
        connection.execute(f'CREATE TABLE "{table.view.name}" ({columns})')
        if table.rows:
            marks = ", ".join("?" for _ in table.types)
            connection.executemany(f'INSERT INTO "{table.view.name}" VALUES ({marks})',
                                   table.rows)
    return connection


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access disabled and the configuration locked."""
    return duckdb.connect(str(path), read_only=True, config=dict(LOCKED_DOWN))


def read_freshness(connection: duckdb.DuckDBPyConnection) -> Freshness | None:
    """The snapshot's freshness record, or None for a database that is not a snapshot."""
    try:
        row = first_row(
            connection,
            "SELECT application_name, notification_id, published_at FROM snapshot_freshness",
        )
    except duckdb.CatalogException:
        return None
    if row is None:
        return None
    published: datetime = row[2]
    return Freshness(row[0], row[1], published)
