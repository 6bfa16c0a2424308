"""Set-based writes of a RowBatch: one DataFrame scan per table instead of one INSERT per row."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any
from uuid import UUID

import duckdb
import pandas as pd

from projections.rows import Key, RowBatch
from projections.schema import KEYS, columns


def write_rows(connection: duckdb.DuckDBPyConnection, batch: RowBatch) -> None:
    """Insert then update every table's pending rows, inside the caller's transaction."""
    for table, rows in batch.inserts.items():
        if rows:
            _insert(connection, table, list(rows.values()))
    for table, updates in batch.updates.items():
        by_columns: dict[tuple[str, ...], list[tuple[Key, dict[str, Any]]]] = {}
        for key, values in updates.items():
            by_columns.setdefault(tuple(sorted(values)), []).append((key, values))
        for names, keyed in by_columns.items():
            _update(connection, table, names, keyed)


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    spec = columns(table)
    frame = pd.DataFrame(
        {name: pd.Series([_cell(row.get(name)) for row in rows], dtype=object) for name, _ in spec}
    )
    select = ", ".join(_cast(name, sql_type) for name, sql_type in spec)
    connection.register("batch_rows", frame)
    try:
        connection.execute(f"INSERT INTO {table} SELECT {select} FROM batch_rows")
    finally:
        connection.unregister("batch_rows")


def _update(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    names: tuple[str, ...],
    keyed: list[tuple[Key, dict[str, Any]]],
) -> None:
    types = dict(columns(table))
    key_names = KEYS[table]
    frame = pd.DataFrame(
        [[_cell(k) for k in key] + [_cell(values[n]) for n in names] for key, values in keyed],
        columns=[*key_names, *names],
        dtype=object,
    )
    assignments = ", ".join(f"{n} = {_cast(n, types[n], 'u.')}" for n in names)
    matches = " AND ".join(f"{table}.{k} = {_cast(k, types[k], 'u.')}" for k in key_names)
    connection.register("batch_updates", frame)
    try:
        connection.execute(f"UPDATE {table} SET {assignments} FROM batch_updates u WHERE {matches}")
    finally:
        connection.unregister("batch_updates")


def _cast(name: str, sql_type: str, prefix: str = "") -> str:
    return f"CAST({prefix}{name} AS {sql_type}) AS {name}" if not prefix else (
        f"CAST({prefix}{name} AS {sql_type})"
    )


NATIVE = frozenset({type(None), str, int, float, bool, UUID, datetime.date, list})


def _cell(value: Any) -> Any:
    """A value DuckDB reads natively from a pandas object column (lists must hold strings)."""
    if type(value) in NATIVE:
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, Enum):
        return _cell(value.value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(_cell(item)) for item in value]
    return str(value)
