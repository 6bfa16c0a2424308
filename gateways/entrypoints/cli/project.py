"""`mentoring project`: catch the DuckDB read side up with the event log (and follow it)."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Event
from typing import Annotated, TextIO

import duckdb
import typer
from eventsourcing.persistence import PersistenceError
from kafka.errors import KafkaError

from gateways.entrypoints.cli.errors import one_line, run_cleanly
from gateways.settings import load_settings
from projections.catch_up import Progress


class ProgressLine:
    """One line on stderr at most every `every` seconds: position / head, events/s."""

    def __init__(self, stream: TextIO, every: float = 1.0) -> None:
        self.stream = stream
        self.every = every
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        """Report a batch (always the one that catches up)."""
        now = time.monotonic()
        if not progress.caught_up and now - self._last < self.every:
            return
        self._last = now
        self.stream.write(describe(progress) + "\n")
        self.stream.flush()


def describe(progress: Progress) -> str:
    """'projected 1,200 / 5,000 (24.0%) · 1,200 events · 35,000 events/s [catching up]'."""
    position, head = progress.position or 0, progress.head or 0
    share = f" ({position / head:.1%})" if head else ""
    state = "caught up" if progress.caught_up else "catching up"
    return (
        f"projected {position:,} / {head:,}{share} · {progress.events:,} events · "
        f"{progress.events_per_second:,.0f} events/s [{state}]"
    )


@contextmanager
def stop_on_signals() -> Iterator[Event]:
    """An event set by SIGTERM or Ctrl-C (SIGINT); the previous handlers come back after."""
    stop = Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def infrastructure_errors_in_one_line() -> Iterator[None]:
    """An unreachable store or a DuckDB file locked by another projector: one line, exit 1."""
    try:
        yield
    except duckdb.IOException as error:
        first = str(error).splitlines()[0]
        typer.secho(
            f"error: the read side is in use by another projector (one writer per file): {first}",
            err=True, fg=typer.colors.RED,
        )
        raise typer.Exit(1) from None
    except (KafkaError, PersistenceError, OSError) as error:  # also a forged or foreign record
        typer.secho(f"error: {type(error).__name__}: {one_line(error)}", err=True,
                    fg=typer.colors.RED)
        raise typer.Exit(1) from None


def project(
    follow: Annotated[bool, typer.Option(help="Keep following the log until SIGTERM/Ctrl-C.")]
    = False,
    rebuild: Annotated[bool, typer.Option(
        help="Replay the whole log into a new file, then swap it in atomically.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Events per DuckDB transaction.")] = 5000,
    snapshot: Annotated[Path | None, typer.Option(
        help="Where to publish analysts' snapshot (default MENTORING_ANALYST_SNAPSHOT, "
             "else <duckdb stem>.snapshot.duckdb beside the DuckDB file).")] = None,
    snapshot_every: Annotated[float, typer.Option(
        min=0, help="Seconds between snapshots while following.")] = 30.0,
    metrics_port: Annotated[int | None, typer.Option(
        min=0, max=65535,
        help="Serve Prometheus /metrics on this port (default MENTORING_METRICS_PORT; "
             "none: off).")] = None,
) -> None:
    """Project the configured MENTORING_STORE into MENTORING_DUCKDB, publishing a snapshot."""
    from gateways.bootstrap import streaming_reader_env
    from gateways.logging import configure_logging
    from gateways.observability.instrument import ProjectorLag
    from gateways.observability.metrics import start_metrics_server
    from projections.runner import rebuild as rebuild_read_side
    from projections.runner import run_projector

    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
    env, target = streaming_reader_env(settings), settings.duckdb
    published = snapshot or settings.analyst_snapshot_path
    target.parent.mkdir(parents=True, exist_ok=True)
    published.parent.mkdir(parents=True, exist_ok=True)
    start_metrics_server(metrics_port if metrics_port is not None else settings.metrics_port)
    report = ProjectorLag(ProgressLine(sys.stderr))  # the lag gauges, then the progress line
    if rebuild:
        with infrastructure_errors_in_one_line(), _interrupted_rebuild(target):
            _refuse_if_locked(target)
            events = rebuild_read_side(
                env, target, batch_size=batch_size, progress=report,
                memory_limit=settings.duckdb_memory_limit,
            )
        typer.echo(f"rebuilt {target} from {events:,} events", err=True)
    with infrastructure_errors_in_one_line(), stop_on_signals() as stop:
        run_projector(
            env, target, batch_size=batch_size, follow=follow, progress=report, stop=stop,
            snapshot_path=published, snapshot_every_seconds=snapshot_every,
            memory_limit=settings.duckdb_memory_limit,
        )
    typer.echo(f"read side {target} · snapshot {published}", err=True)


@contextmanager
def _interrupted_rebuild(target: Path) -> Iterator[None]:
    """Ctrl-C during a rebuild: the swap never happened, so the old file is untouched."""
    try:
        yield
    except KeyboardInterrupt:
        typer.secho(f"rebuild interrupted: {target} is unchanged", err=True, fg=typer.colors.RED)
        raise typer.Exit(130) from None


def _refuse_if_locked(target: Path) -> None:
    """Fail before replaying when a projector still writes the file the rebuild would replace."""
    if target.exists():
        duckdb.connect(str(target), read_only=True).close()


def register(app: typer.Typer) -> None:
    """Add `project` to the `mentoring` command."""
    app.command("project")(project)
