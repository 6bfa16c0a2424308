"""Analysts' own SQL: one SELECT at a time, on a read-only snapshot, with no file access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

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
            self._check(connection, sql)
            freshness = read_freshness(connection)
            try:
                cursor = connection.execute(sql)
            except (duckdb.PermissionException, duckdb.InvalidInputException) as error:
                raise RefusedStatement(str(error)) from None
            except duckdb.Error as error:
                raise QueryFailed(str(error)) from None
            rows = cursor.fetchmany(self.max_rows + 1)
            columns = [d[0] for d in cursor.description or []]
            return SqlResult(columns, rows[: self.max_rows], len(rows) > self.max_rows, freshness)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A locked-down read-only connection to the snapshot (for tools like notebooks)."""
        published = analyst_sql_target(self.snapshot)
        if not published.exists():
            raise FileNotFoundError(f"no snapshot published at {published} yet")
        return open_read_only(resolve_snapshot(published))

    @staticmethod
    def _check(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
        try:
            statements = connection.extract_statements(sql)
        except duckdb.Error as error:
            raise RefusedStatement(f"not valid SQL: {error}") from None
        if len(statements) != 1:
            raise RefusedStatement(f"send exactly one statement, not {len(statements)}")
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            raise RefusedStatement(f"only SELECT is allowed, not {kind.name}")


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
