"""`mentoring export` for analysts: the aggregate-safe views as Parquet or CSV files.

The files hold exactly what analysts' own SQL sees (`projections.aggregate_views`): every row a
group of at least 5 people. The person-level export (`projections.export.export_snapshot`) is
for the `analyst-trusted` role only, and recorded (`mentoring export --trusted --as NAME`).
"""

from __future__ import annotations

from pathlib import Path

from projections.analyst_sql import aggregate_connection, aggregate_data
from projections.export import (
    FORMATS,
    SCHEMA_FILE,
    ExportManifest,
    Format,
    NoSnapshot,
    _export,
)
from projections.snapshot import analyst_sql_target, resolve_snapshot

PRIVACY = (
    "The aggregate-safe views: every row a group of at least 5 people, smaller groups and the "
    "figures that would reveal them by subtraction withheld (docs/analysts.md)."
)


def export_aggregates(snapshot: Path, directory: Path, file_format: Format) -> ExportManifest:
    """Write every aggregate-safe view of the published `snapshot` into `directory`."""
    if file_format not in FORMATS:
        raise ValueError(f"format {file_format!r} is not one of {', '.join(FORMATS)}")
    source = analyst_sql_target(snapshot)
    if not source.exists():
        raise NoSnapshot(f"no analyst snapshot at {source} yet: run `mentoring project`")
    data = aggregate_data(resolve_snapshot(source))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SCHEMA_FILE).unlink(missing_ok=True)
    with aggregate_connection(data, locked=False) as connection:
        tables = [_export(connection, table.view.name, directory, file_format)
                  for table in data.tables]
    freshness = data.freshness
    manifest = ExportManifest(
        file_format, freshness.notification_id if freshness else None,
        freshness.published_at.isoformat() + "Z" if freshness else None, PRIVACY, tables,
    )
    (directory / SCHEMA_FILE).write_text(manifest.to_json(), encoding="utf-8")
    return manifest
