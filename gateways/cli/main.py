"""The `mentoring` command: one typer app, each command group in its own module."""

from __future__ import annotations

import typer

from gateways.cli import audit, demo, hris, project, report, serve, sql
from gateways.cli.errors import run_cleanly
from gateways.settings import load_settings

app = typer.Typer(
    name="mentoring",
    help="Event-sourced mentoring programs: commands, projections, analytics and audit.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Event-sourced mentoring programs: commands, projections, analytics and audit."""


@app.command("config")
def show_config() -> None:
    """Print the configuration read from the environment (MENTORING_* variables)."""
    with run_cleanly():
        settings = load_settings()
        typer.echo(f"store:    {settings.store_location}")
        typer.echo(f"duckdb:   {settings.duckdb}")
        typer.echo(f"env:      {settings.environment}")


serve.register(app)
hris.register(app)
audit.register(app)
demo.register(app)
project.register(app)
report.register(app)
sql.register(app)


def main() -> None:
    """Entry point for `python -m gateways.cli`."""
    app()
