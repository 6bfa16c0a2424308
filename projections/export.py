"""Analysts' data to take away: the analyst snapshot's tables as Parquet or CSV files.

Exports the copy analysts' own SQL reads (`analyst_sql_target`), so the same privacy holds:
no private text ever reaches the read side, and the self-reported demographic group
(PRIVATE_COLUMNS) is left out — dropped again here, should a source still have it. Each table
becomes `<table>.parquet` (or `.csv`, with a header) in the directory, UUIDs as text, and
`schema.json` describes them: columns and types, row counts, and the snapshot's freshness.
`schema.json` is written last, so its presence means the export is complete.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import duckdb

from projections.analyst_sql import read_freshness
from projections.snapshot import PRIVATE_COLUMNS, analyst_sql_target, resolve_snapshot

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "csv")
INTERNAL = frozenset({"tracking", "dirty_employees", "snapshot_freshness"})
"""The projector's bookkeeping: not analysts' data (the freshness goes into schema.json)."""
SCHEMA_FILE = "schema.json"
COPY_OPTIONS = {"parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER true"}
PRIVACY = (
    "The analyst snapshot's tables: no memo text, kickoff answers, goal descriptions, request "
    "reasons or story text (they never reach the read side), and no demographic group. Rows "
    "are about individual people: publish no figure about fewer than 5 people."
)


class NoSnapshot(FileNotFoundError):
    """No analyst snapshot is published at the configured path yet."""


@dataclass(frozen=True)
class ExportedColumn:
    """A column of an exported table: its type in the file and in the read side.

    UUIDs are written as their canonical text (VARCHAR), which every tool reads; the read
    side's type stays in `read_side_type`.
    """

    name: str
    type: str
    read_side_type: str


@dataclass(frozen=True)
class ExportedTable:
    """One exported table: its file (relative to the directory), rows and columns."""

    name: str
    file: str
    rows: int
    columns: list[ExportedColumn]


@dataclass(frozen=True)
class ExportManifest:
    """What `schema.json` says: the format, the snapshot's freshness, the tables."""

    format: Format
    notification_id: int | None
    published_at: str | None
    privacy: str
    tables: list[ExportedTable]

    def to_json(self) -> str:
        """The manifest as the JSON text of schema.json."""
        return json.dumps(asdict(self), indent=2) + "\n"


def export_source(snapshot: Path, directory: Path, file_format: Format) -> Path:
    """The published analyst snapshot of `snapshot` to export (NoSnapshot if none yet), with
    `directory` made ready (its old schema.json gone); an unknown format is refused."""
    if file_format not in FORMATS:
        raise ValueError(f"format {file_format!r} is not one of {', '.join(FORMATS)}")
    source = analyst_sql_target(snapshot)
    if not source.exists():
        raise NoSnapshot(f"no analyst snapshot at {source} yet: run `mentoring project`")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SCHEMA_FILE).unlink(missing_ok=True)
    return resolve_snapshot(source)


def export_snapshot(snapshot: Path, directory: Path, file_format: Format) -> ExportManifest:
    """Write every analyst table of the published `snapshot` into `directory`."""
    source = export_source(snapshot, directory, file_format)
    connection = duckdb.connect(str(source), read_only=True,
                                config={"autoinstall_known_extensions": False})
    try:
        tables = [_export(connection, name, directory, file_format)
                  for name in _tables(connection)]
        freshness = read_freshness(connection)
    finally:
        connection.close()
    published: datetime | None = freshness.published_at if freshness else None
    manifest = ExportManifest(
        file_format, freshness.notification_id if freshness else None,
        published.isoformat() + "Z" if published else None, PRIVACY, tables,
    )
    (directory / SCHEMA_FILE).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name"
    ).fetchall()
    return [name for (name,) in rows if name not in INTERNAL]


def _export(
    connection: duckdb.DuckDBPyConnection, table: str, directory: Path, file_format: Format
) -> ExportedTable:
    private = set(PRIVATE_COLUMNS.get(table, ()))
    described = connection.execute(f'DESCRIBE "{table}"').fetchall()
    columns = [_column(str(row[0]), str(row[1])) for row in described if row[0] not in private]
    names = ", ".join(
        f'CAST("{c.name}" AS VARCHAR) AS "{c.name}"' if c.type != c.read_side_type
        else f'"{c.name}"'
        for c in columns
    )
    file = f"{table}.{file_format}"
    target = str(directory.resolve() / file).replace("'", "''")
    connection.execute(
        f"COPY (SELECT {names} FROM \"{table}\") TO '{target}' ({COPY_OPTIONS[file_format]})"
    )
    row = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return ExportedTable(table, file, int(row[0]) if row else 0, columns)


def _column(name: str, read_side_type: str) -> ExportedColumn:
    exported = "VARCHAR" if read_side_type == "UUID" else read_side_type
    return ExportedColumn(name, exported, read_side_type)
