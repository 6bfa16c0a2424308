"""`mentoring ingest-hris` (the HRIS consumer) and `mentoring hris-publish FILE.jsonl`."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import typer
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.entrypoints.hris.settings import load_hris_settings
from gateways.logging import configure_logging
from gateways.settings import load_settings


@contextmanager
def _infrastructure_errors_in_one_line() -> Iterator[None]:
    """Unreachable brokers, a locked store or a fenced writer: one line and exit code 1."""
    try:
        yield
    except (KafkaError, OperationalError, OSError) as error:
        typer.secho(f"error: {type(error).__name__}: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None


def ingest_hris(
    until_caught_up: bool = typer.Option(
        False, "--until-caught-up", help="stop once every partition is handled to its end"
    ),
    metrics_port: int | None = typer.Option(
        None, min=0, max=65535,
        help="serve Prometheus /metrics on this port (default MENTORING_METRICS_PORT; none: off)",
    ),
) -> None:
    """Consume the HRIS topic into the configured MENTORING_STORE, exactly once per message."""
    from gateways.bootstrap import build_hris_ingestion
    from gateways.observability.metrics import start_metrics_server
    from gateways.observability.tracing import configure_tracing

    with run_cleanly(), _infrastructure_errors_in_one_line():
        settings = load_settings()
        hris = load_hris_settings()
        configure_logging(settings)
        configure_tracing("mentoring-hris")
        ingestion = build_hris_ingestion(settings, hris)
        start_metrics_server(metrics_port if metrics_port is not None else settings.metrics_port)

    def _stop(signum: int, frame: FrameType | None) -> None:
        ingestion.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        with _infrastructure_errors_in_one_line():
            ingestion.run(until_caught_up=until_caught_up)
    finally:
        ingestion.close()


def hris_publish(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="one JSON message a line"),
) -> None:
    """Publish each non-blank line of FILE as one record (keyed by its employee_id)."""
    from gateways.bootstrap import build_hris_publisher
    from gateways.entrypoints.hris.publish import read_lines

    with run_cleanly(), _infrastructure_errors_in_one_line():
        settings = load_settings()
        hris = load_hris_settings()
        publisher = build_hris_publisher(settings, hris)
    try:
        with _infrastructure_errors_in_one_line():
            count = publisher.publish(read_lines(file))
    finally:
        publisher.close()
    typer.echo(f"published {count} messages to {hris.topic}")


def register(app: typer.Typer) -> None:
    """Add `ingest-hris` and `hris-publish` to the `mentoring` command."""
    app.command("ingest-hris")(ingest_hris)
    app.command("hris-publish")(hris_publish)
