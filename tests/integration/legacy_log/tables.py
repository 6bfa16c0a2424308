"""What a projection of a log looks like, as one digest per DuckDB table (rows in a fixed order)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from projections.schema import ADDED_COLUMNS

SKIPPED = ("tracking",)


def table_digests(duckdb_path: Path) -> dict[str, dict[str, object]]:
    """Each projected table's row count and the SHA-256 of its rows, sorted (without the
    columns added since the recording, `ADDED_COLUMNS`)."""
    connection = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
            if name not in SKIPPED
        ]
        digests: dict[str, dict[str, object]] = {}
        for name in names:
            added = ", ".join(ADDED_COLUMNS.get(name, ()))
            columns = f"* EXCLUDE ({added})" if added else "*"
            rows = connection.execute(f'SELECT {columns} FROM "{name}"').fetchall()
            lines = sorted(repr(row) for row in rows)
            digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
            digests[name] = {"rows": len(rows), "sha256": digest}
        return digests
    finally:
        connection.close()
