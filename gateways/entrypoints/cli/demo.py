"""`mentoring demo`: the whole system on a synthetic organisation, with a report at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.settings import load_settings


def register(app: typer.Typer) -> None:
    """Add the `demo` command to the CLI."""
    app.command("demo")(demo)


def demo(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same world.")] = 7,
    employees: Annotated[int, typer.Option(min=50, help="Employees at the start.")] = 2000,
    report: Annotated[Path, typer.Option(help="Where to write the HTML report.")] = Path(
        "var/mentoring/report.html"
    ),
    fresh: Annotated[bool, typer.Option(help="Start from an empty store and read side.")] = True,
) -> None:
    """Simulate an organisation, run its mentoring programs through the commands, project the
    events into DuckDB and write a report (terminal tables and an HTML file with charts)."""
    from gateways.demo.run import DemoOptions, run_demo
    from gateways.logging import configure_logging
    from gateways.report.render.terminal import print_summary

    with run_cleanly():
        settings = load_settings()
        configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
        console = Console(stderr=True)
        console.print(f"store: {settings.store_location}   read side: {settings.duckdb}")
        columns = (
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            outcome = run_demo(
                settings, DemoOptions(seed, employees, report, fresh), _phases(progress)
            )
        print_summary(outcome.data, Console())
        for line in outcome.estimates.lines() if outcome.estimates else ():
            typer.echo(line)
        refused = sum(outcome.drive.refused.values())
        timings = ", ".join(f"{k} {v:.0f}s" for k, v in outcome.timings.items())
        typer.echo(
            f"{outcome.drive.accepted:,} commands accepted, {refused} refused; "
            f"{outcome.events:,} events; {timings}"
        )
        typer.echo(f"report: {outcome.report.resolve()}")


def _phases(progress: Progress) -> Callable[[str, int], Callable[[int], None]]:
    previous: list[TaskID] = []

    def start(description: str, total: int) -> Callable[[int], None]:
        for task in previous:
            progress.update(task, completed=progress.tasks[task].total)
        task = progress.add_task(description, total=total)
        previous.append(task)
        return lambda n: progress.advance(task, n)

    return start
