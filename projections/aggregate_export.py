"""`mentoring export` for analysts: the aggregate-safe views as Parquet or CSV files.

The files hold exactly what analysts' own SQL sees (`projections.aggregate_views`): every row a
group of at least 5 people. The person-level export (`projections.export.export_snapshot`) is
for the `analyst-trusted` role only, and recorded (`mentoring export --trusted --as NAME`).
"""

from __future__ import annotations

from pathlib import Path

from projections.analyst_sql import aggregate_connection, aggregate_data
from projections.export import SCHEMA_FILE, ExportManifest, Format, _export, export_source

PRIVACY = (
    "The aggregate-safe views: every row a group of at least 5 people, smaller groups and the "
    "figures that would reveal them by subtraction withheld (docs/analysts.md)."
)


def export_aggregates(snapshot: Path, directory: Path, file_format: Format) -> ExportManifest:
    """Write every aggregate-safe view of the published `snapshot` into `directory`."""
    data = aggregate_data(export_source(snapshot, directory, file_format))
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
