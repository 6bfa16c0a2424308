"""`mentoring sql "SELECT ..."`: analysts' own read-only SQL against the published snapshot."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.entrypoints.cli.report_tables import table
from gateways.settings import load_settings


def sql(
    statement: Annotated[str, typer.Argument(help="one SELECT statement")],
    max_rows: Annotated[int, typer.Option(min=1, help="rows to return at most")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="print columns and rows as JSON")]
    = False,
) -> None:
    """Run one SELECT on the analyst snapshot (read-only, no file access); others are refused."""
    from projections.analyst_sql import AnalystSQL, QueryFailed, RefusedStatement

    with run_cleanly():
        snapshot = load_settings().analyst_snapshot_path
    if not snapshot.exists():
        typer.secho(f"error: no analyst snapshot at {snapshot} yet: run `mentoring project`",
                    err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    try:
        result = AnalystSQL(snapshot, max_rows=max_rows).run(statement)
    except (RefusedStatement, QueryFailed) as error:
        kind = "refused" if isinstance(error, RefusedStatement) else "failed"
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        typer.secho(f"error: statement {kind}: {first}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    if result.freshness is not None:
        typer.echo(f"data: up to notification {result.freshness.notification_id}, published "
                   f"{result.freshness.published_at.isoformat()}Z", err=True)
    if as_json:
        rows = [list(row) for row in result.rows]
        data = {"columns": result.columns, "rows": rows, "truncated": result.truncated}
        typer.echo(json.dumps(data, default=str, ensure_ascii=False))
        return
    shown = table("", result.columns)
    for row in result.rows:
        shown.add_row(*("NULL" if value is None else str(value) for value in row))
    Console(width=160).print(shown)
    if result.truncated:
        typer.echo(f"(only the first {max_rows} rows shown)", err=True)


def register(app: typer.Typer) -> None:
    """Add `sql` to the `mentoring` command."""
    app.command("sql")(sql)
