"""The `mentoring` command: one typer app, each command group in its own module."""

from __future__ import annotations

import typer

from gateways.entrypoints.cli import audit, demo, hris, hris_import, project, report, serve, sql
from gateways.entrypoints.cli import export as export_commands
from gateways.entrypoints.cli import lists as list_commands
from gateways.entrypoints.cli import log as log_commands
from gateways.entrypoints.cli import scheduler as scheduler_commands
from gateways.entrypoints.cli.errors import run_cleanly
from gateways.protocol_checks import remember_protocol_members
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
    remember_protocol_members()  # every command saves or reads events: 3.11's checks, faster


@app.command("config")
def show_config() -> None:
    """Print the configuration read from the environment (MENTORING_* variables)."""
    with run_cleanly():
        settings = load_settings()
        typer.echo(f"store:    {settings.store_location}")
        typer.echo(f"duckdb:   {settings.duckdb}")
        typer.echo(f"env:      {settings.environment}")
        typer.echo(f"timezone: {settings.timezone}")
        secured = settings.kafka_security_protocol != "PLAINTEXT"
        if settings.store_location.kind == "kafka" or secured:
            typer.echo(f"kafka:    {settings.kafka_security_summary()}")


serve.register(app)
hris.register(app)
audit.register(app)
demo.register(app)
project.register(app)
report.register(app)
sql.register(app)
log_commands.register(app)
scheduler_commands.register(app)
hris_import.register(app)
export_commands.register(app)
list_commands.register(app)


def main() -> None:
    """Entry point for `python -m gateways.entrypoints.cli`."""
    app()
