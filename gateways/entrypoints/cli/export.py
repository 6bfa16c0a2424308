"""`mentoring export --format parquet|csv DIR`: the analyst snapshot's tables, to take away."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.settings import load_settings


def export(
    directory: Annotated[Path, typer.Argument(help="where to write the files (created)")],
    file_format: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
) -> None:
    """Write the analyst snapshot's tables (as analysts' SQL sees them) and schema.json."""
    from projections.export import FORMATS, NoSnapshot, export_snapshot

    if file_format not in FORMATS:
        typer.secho(f"error: --format: {file_format!r} is not one of {', '.join(FORMATS)}",
                    err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    with run_cleanly():
        snapshot = load_settings().analyst_snapshot_path
    try:
        manifest = export_snapshot(snapshot, directory, file_format)
    except NoSnapshot as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    rows = sum(table.rows for table in manifest.tables)
    typer.echo(f"data: up to notification {manifest.notification_id}, published "
               f"{manifest.published_at}", err=True)
    typer.echo(f"wrote {len(manifest.tables)} tables ({rows:,} rows) as {file_format} "
               f"and schema.json to {directory}")


def register(app: typer.Typer) -> None:
    """Add `export` to the `mentoring` command."""
    app.command("export")(export)
