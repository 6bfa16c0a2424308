"""Comparing two DuckDB projection files table by table (rows counted, EXCEPT ALL both ways)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


class ProjectionUnreadable(RuntimeError):
    """A projection file cannot be opened for reading (missing, or held by a writer)."""


@dataclass(frozen=True)
class TableComparison:
    """One table in both files: row counts and rows found in only one of them."""

    table: str
    live_rows: int
    replay_rows: int
    only_in_live: int
    only_in_replay: int
    note: str | None = None

    @property
    def equal(self) -> bool:
        """Whether both files hold exactly the same rows (as multisets)."""
        return self.note is None and self.only_in_live == 0 and self.only_in_replay == 0


def compare_files(live: Path, replay: Path) -> list[TableComparison]:
    """Compare every base table of the ``main`` schema of both files."""
    connection = duckdb.connect()
    try:
        for alias, path in (("live", live), ("replay", replay)):
            _attach(connection, alias, path)
        live_tables, replay_tables = _tables(connection, "live"), _tables(connection, "replay")
        return [
            _compare(connection, table, live_tables, replay_tables)
            for table in sorted(set(live_tables) | set(replay_tables))
        ]
    finally:
        connection.close()


def check_readable(path: Path) -> None:
    """Refuse early a projection file that cannot be compared (before an expensive replay)."""
    connection = duckdb.connect()
    try:
        _attach(connection, "live", path)
    finally:
        connection.close()


def _attach(connection: duckdb.DuckDBPyConnection, alias: str, path: Path) -> None:
    if not path.exists():
        raise ProjectionUnreadable(f"no projection file at {path}")
    quoted = str(path).replace("'", "''")
    try:
        connection.execute(f"ATTACH '{quoted}' AS {alias} (READ_ONLY)")
    except duckdb.Error as error:
        raise ProjectionUnreadable(
            f"cannot read {path} ({error}); if the projector holds it, stop it or compare"
            " with its snapshot file"
        ) from error


def _tables(connection: duckdb.DuckDBPyConnection, alias: str) -> dict[str, list[str]]:
    rows = connection.execute(
        "SELECT table_name, column_name FROM duckdb_columns()"
        " WHERE database_name = ? AND schema_name = 'main'"
        " AND table_name IN (SELECT table_name FROM duckdb_tables()"
        "   WHERE database_name = ? AND schema_name = 'main')"
        " ORDER BY table_name, column_index",
        [alias, alias],
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(str(table), []).append(str(column))
    return tables


def _compare(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    live_tables: dict[str, list[str]],
    replay_tables: dict[str, list[str]],
) -> TableComparison:
    live_rows = _count(
        connection, f'SELECT count(*) FROM live.main."{table}"', table in live_tables
    )
    replay_rows = _count(
        connection, f'SELECT count(*) FROM replay.main."{table}"', table in replay_tables
    )
    if table not in live_tables or table not in replay_tables:
        where = "live" if table not in live_tables else "replay"
        return TableComparison(table, live_rows, replay_rows, 0, 0, f"table missing in {where}")
    if live_tables[table] != replay_tables[table]:
        return TableComparison(table, live_rows, replay_rows, 0, 0, "columns differ")
    live, replay = f'live.main."{table}"', f'replay.main."{table}"'
    only_live = _count(connection, f"SELECT count(*) FROM (FROM {live} EXCEPT ALL FROM {replay})")
    only_replay = _count(
        connection, f"SELECT count(*) FROM (FROM {replay} EXCEPT ALL FROM {live})"
    )
    return TableComparison(table, live_rows, replay_rows, only_live, only_replay)


def _count(connection: duckdb.DuckDBPyConnection, sql: str, exists: bool = True) -> int:
    if not exists:
        return 0
    row = connection.execute(sql).fetchone()
    return int(row[0]) if row else 0
