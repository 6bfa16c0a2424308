"""Small helpers over DuckDB connections."""

from __future__ import annotations

from typing import Any

import duckdb


def first_row(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a small result, fully consumed (DuckDB refuses new work otherwise)."""
    rows = connection.execute(sql, parameters or []).fetchall()
    return rows[0] if rows else None
