"""`mentoring sql "SELECT ..."`: analysts' own read-only SQL against the published snapshot.

By default the SELECT runs on the aggregate-safe views only (every row a group of at least 5
people; docs/analysts.md). `--trusted --as NAME` runs it on the person-level snapshot, as the
HTTP role `analyst-trusted` does, and records the run (who, when, the SQL, the row count) in the
event log before printing; auditors list the runs with `mentoring audit analyst-queries`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Annotated
from uuid import uuid4

import typer
from rich.console import Console

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.entrypoints.cli.report_tables import table
from gateways.settings import load_settings

if TYPE_CHECKING:
    from projections.analyst_sql import SqlResult

TRUSTED_IDENTITY = r"^[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}$"
Trusted = Annotated[bool, typer.Option(
    "--trusted", help="person-level data (role analyst-trusted), the read recorded for auditors"
)]
Identity = Annotated[str | None, typer.Option(
    "--as", help="who reads person-level data (required with --trusted; recorded)"
)]


def sql(
    statement: Annotated[str, typer.Argument(help="one SELECT statement")],
    max_rows: Annotated[int, typer.Option(min=1, help="rows to return at most")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="print columns and rows as JSON")]
    = False,
    trusted: Trusted = False,
    identity: Identity = None,
) -> None:
    """Run one SELECT on the aggregate-safe views (or, --trusted, the person-level snapshot)."""
    from projections.analyst_sql import AggregateSQL, QueryFailed, RefusedStatement

    if trusted:
        require_identity(identity)
    with run_cleanly():
        snapshot = load_settings().analyst_snapshot_path
    if not snapshot.exists():
        typer.secho(f"error: no analyst snapshot at {snapshot} yet: run `mentoring project`",
                    err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    try:
        if trusted:
            result = _run_trusted(statement, str(identity), max_rows)
        else:
            result = AggregateSQL(snapshot, max_rows=max_rows).run(statement)
    except (RefusedStatement, QueryFailed) as error:
        kind = "refused" if isinstance(error, RefusedStatement) else "failed"
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        typer.secho(f"error: statement {kind}: {first}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    _print(result, max_rows, as_json)


def require_identity(identity: str | None) -> None:
    """Exit 2 unless `--as` names who runs a trusted (person-level) read."""
    if identity is None or re.fullmatch(TRUSTED_IDENTITY, identity) is None:
        typer.secho("error: --trusted needs --as NAME: who reads person-level data (it is "
                    "recorded)", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)


def _run_trusted(statement: str, identity: str, max_rows: int) -> SqlResult:
    """Run on the person-level snapshot, the run recorded in the configured event store."""
    from gateways.entrypoints.cli.audit import audited
    from gateways.trusted_sql import TrustedAnalyst, run_trusted_query

    analyst = TrustedAnalyst(f"cli:{identity}", "cli", uuid4().hex)
    snapshot = load_settings().analyst_snapshot_path
    with audited() as service:
        return run_trusted_query(service, snapshot, statement, analyst, max_rows=max_rows)


def _print(result: SqlResult, max_rows: int, as_json: bool) -> None:
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
