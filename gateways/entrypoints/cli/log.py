"""`mentoring log export FILE` and `mentoring log import FILE`: backup and migration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.logging import configure_logging
from gateways.settings import load_settings
from services.mentoring import MentoringService

log_app = typer.Typer(
    help="Back up the event log to JSON lines, or load such a file into an empty store.",
    no_args_is_help=True,
)


@contextmanager
def configured_service(*, positions: bool = False) -> Iterator[MentoringService]:
    """The mentoring service on MENTORING_STORE; refusals exit 2 and failures 1, in one line.

    With ``positions`` it records through a process recorder (as the HRIS ingestion does), so
    that consumer positions can be written.
    """
    from gateways.bootstrap import hris_service_env, persistence_env
    from gateways.log_transfer.chain import BrokenChain
    from gateways.log_transfer.export import UnsupportedStore
    from gateways.log_transfer.importing import ImportMismatch, TargetNotEmpty
    from gateways.log_transfer.lines import BadExportFile

    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
        if settings.store_location.kind == "memory":
            typer.secho("error: the in-memory store keeps no hash chain: use a sqlite:// or"
                        " kafka:// MENTORING_STORE", err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
        env = hris_service_env(settings) if positions else persistence_env(settings)
        service = MentoringService(env=env)
        try:
            yield service
        except (BrokenChain, BadExportFile, TargetNotEmpty, UnsupportedStore) as error:
            typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
            raise typer.Exit(2) from None
        except (ImportMismatch, KafkaError, OperationalError, OSError) as error:
            typer.secho(f"error: {type(error).__name__}: {error}", err=True, fg=typer.colors.RED)
            raise typer.Exit(1) from None
        finally:
            service.close()


@log_app.command("export")
def export(
    file: Path = typer.Argument(..., dir_okay=False, help="the JSON-lines file to write"),
) -> None:
    """Write the whole event log, every header and the hash chain, verifying it as it goes."""
    from gateways.log_transfer.export import export_log

    with configured_service() as service:
        summary = export_log(service, file)
    typer.echo(
        f"exported {summary.events} events and {summary.positions} consumer positions from the"
        f" {summary.store} store to {file} (chain verified, head {summary.head_hash})"
    )


@log_app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a `log export` file"),
) -> None:
    """Load an export into the empty MENTORING_STORE (either kind) and verify its chain."""
    from gateways.log_transfer.importing import import_log

    with configured_service(positions=True) as service:
        summary = import_log(service, file)
    typer.echo(
        f"imported {summary.source.events} events and {len(summary.source.positions)} consumer"
        f" positions exported from {summary.source.header.store} into the"
        f" {summary.target_store} store (source and target chains verified,"
        f" head {summary.verdict.head_hash})"
    )


def register(app: typer.Typer) -> None:
    """Add `log export` and `log import` to the `mentoring` command."""
    app.add_typer(log_app, name="log")
