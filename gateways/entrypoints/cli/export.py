"""`mentoring export --format parquet|csv DIR`: the analyst snapshot's tables, to take away."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from uuid import uuid4

import typer

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.entrypoints.cli.sql import Identity, Trusted, require_identity
from gateways.settings import load_settings

if TYPE_CHECKING:
    from projections.export import ExportManifest


def export(
    directory: Annotated[Path, typer.Argument(help="where to write the files (created)")],
    file_format: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    trusted: Trusted = False,
    identity: Identity = None,
) -> None:
    """Write the aggregate-safe views (as analysts' SQL sees them) and schema.json; with
    `--trusted --as NAME`, the person-level tables, the export recorded for auditors."""
    from projections.aggregate_export import export_aggregates
    from projections.export import FORMATS, NoSnapshot, export_snapshot

    if file_format not in FORMATS:
        typer.secho(f"error: --format: {file_format!r} is not one of {', '.join(FORMATS)}",
                    err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    if trusted:
        require_identity(identity)
    with run_cleanly():
        snapshot = load_settings().analyst_snapshot_path
    try:
        if trusted:
            manifest = export_snapshot(snapshot, directory, file_format)
            record_trusted_export(str(identity), manifest, directory)
        else:
            manifest = export_aggregates(snapshot, directory, file_format)
    except NoSnapshot as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    rows = sum(table.rows for table in manifest.tables)
    typer.echo(f"data: up to notification {manifest.notification_id}, published "
               f"{manifest.published_at}", err=True)
    typer.echo(f"wrote {len(manifest.tables)} tables ({rows:,} rows) as {file_format} "
               f"and schema.json to {directory}")


def record_trusted_export(identity: str, manifest: ExportManifest, directory: Path) -> None:
    """Record a person-level export for auditors, as a trusted query of the CLI; if the store
    does not take the record, the written files are removed."""
    from gateways.entrypoints.cli.audit import audited
    from gateways.trusted_sql import TrustedAnalyst, record_trusted_read

    tables = ", ".join(table.name for table in manifest.tables)
    described = f"EXPORT {manifest.format} TO {directory.resolve()}: {tables}"
    rows = sum(table.rows for table in manifest.tables)
    try:
        with audited() as service:
            record_trusted_read(service, TrustedAnalyst(f"cli:{identity}", "cli", uuid4().hex),
                                described, rows, False, manifest.notification_id)
    except BaseException:  # not recorded: take the files back
        for name in [table.file for table in manifest.tables] + ["schema.json"]:
            (directory / name).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    """Add `export` to the `mentoring` command."""
    app.command("export")(export)
