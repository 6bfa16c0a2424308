"""`mentoring scheduler` (time-driven work) and `mentoring notifications tail` (the outbox)."""

from __future__ import annotations

import json
import signal
import time
from datetime import date
from types import FrameType

import typer
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.logging import configure_logging
from gateways.settings import ConfigurationError, load_settings

notifications = typer.Typer(help="The notification outbox.", no_args_is_help=True)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigurationError(f"--today: {text!r} is not a date (YYYY-MM-DD)") from None


def scheduler(
    once: bool = typer.Option(False, "--once", help="run one pass and exit"),
    today: str | None = typer.Option(
        None, "--today", help="business date YYYY-MM-DD (default: the clock, MENTORING_TIMEZONE)"
    ),
    interval: float = typer.Option(60.0, min=1.0, help="seconds between passes"),
    take_writer: bool = typer.Option(
        False, "--take-writer",
        help="on Kafka: become the store's writer (fences a running `mentoring serve`)",
    ),
    metrics_port: int | None = typer.Option(
        None, min=0, max=65535,
        help="serve Prometheus /metrics on this port (default MENTORING_METRICS_PORT; none: off)",
    ),
) -> None:
    """Expire, remind and flag what is due: one pass per interval on the server's clock."""
    from gateways.bootstrap import persistence_env
    from gateways.entrypoints.scheduler.wiring import build_scheduler
    from gateways.observability.instrument import observe_scheduler, observe_service
    from gateways.observability.metrics import start_metrics_server
    from services.mentoring import MentoringService

    with run_cleanly():
        settings = load_settings()
        fixed = _day(today)
        configure_logging(settings)
        if settings.store_location.kind == "kafka" and not take_writer:
            raise ConfigurationError(
                "on Kafka only the store's writer schedules: `mentoring serve` does it; to run "
                "the scheduler alone, pass --take-writer (it fences any other writer)"
            )
    try:
        service = observe_service(MentoringService(env=persistence_env(settings)))
        runner = observe_scheduler(
            build_scheduler(settings, service, today=fixed, interval_seconds=interval)
        )
        start_metrics_server(metrics_port if metrics_port is not None else settings.metrics_port)
        if once:
            report = runner.run_once()
            typer.echo(
                f"{report.today}: {report.commands} due, {report.recorded} recorded, "
                f"{report.failed} failed"
            )
            if runner.publisher is not None:
                runner.publisher.close()
            service.close()
            raise typer.Exit(1 if report.failed else 0)

        def _stop(signum: int, frame: FrameType | None) -> None:
            runner.stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        runner.run()
        service.close()
    except (KafkaError, OperationalError, OSError) as error:
        typer.secho(f"error: {type(error).__name__}: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None


@notifications.command("tail")
def tail(
    follow: bool = typer.Option(False, "--follow", "-f", help="keep printing new ones"),
    after: str | None = typer.Option(None, "--after", help="a cursor (default: the start)"),
    limit: int = typer.Option(500, min=1, help="notifications read at a time"),
    poll: float = typer.Option(1.0, min=0.05, help="seconds between reads when following"),
) -> None:
    """Print the notifications as JSON lines, oldest first (each has its `cursor`)."""
    from gateways.bootstrap import persistence_env
    from services.mentoring import MentoringService
    from services.notifications import parse_cursor, read_feed

    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)  # logs on stderr: stdout is the notifications only
        try:
            cursor = parse_cursor(after)
        except ValueError:
            raise ConfigurationError(f"--after: {after!r} is not a cursor") from None
    service = MentoringService(env=persistence_env(settings))
    try:
        while True:
            page = read_feed(service, cursor, limit)
            for item in page.notifications:
                typer.echo(json.dumps(item, separators=(",", ":")))
            cursor = parse_cursor(page.next)
            if len(page.notifications) < limit:
                if not follow:
                    return
                time.sleep(poll)
    except KeyboardInterrupt:
        return
    finally:
        service.close()


def register(app: typer.Typer) -> None:
    """Add `scheduler` and `notifications` to the `mentoring` command."""
    app.command("scheduler")(scheduler)
    app.add_typer(notifications, name="notifications")
