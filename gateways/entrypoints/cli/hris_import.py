"""`mentoring hris-import SNAPSHOT.csv [--mapping FILE]`: a workforce export as HRIS messages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import typer
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.logging import configure_logging
from gateways.settings import load_settings


def _fail(message: str, code: int) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def hris_import(
    snapshot: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="the CSV export, one row a person"
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", exists=True, dir_okay=False,
        help="a TOML file renaming the vendor's columns and mapping its values",
    ),
    as_of: dt.datetime | None = typer.Option(
        None, "--as-of", formats=["%Y-%m-%d"],
        help="the snapshot's date: promotions, transfers and manager changes take effect then"
        " (default: today, UTC)",
    ),
    publish: bool = typer.Option(
        False, "--publish", help="publish to the HRIS topic even on the embedded store"
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="print the messages as JSON lines; send nothing"
    ),
) -> None:
    """Compare SNAPSHOT with what the system knows and send the HRIS messages that differ.

    On a kafka:// store (or with --publish) the messages go to the HRIS topic for
    `ingest-hris`; on the embedded store they are applied here, as `ingest-hris` would.
    """
    from gateways.bootstrap import build_hris_publisher, persistence_env
    from gateways.entrypoints.hris.contract import dump_message
    from gateways.entrypoints.hris.settings import load_hris_settings
    from gateways.entrypoints.hris_import.delivery import Delivered, apply_here
    from gateways.entrypoints.hris_import.delivery import publish as publish_messages
    from gateways.entrypoints.hris_import.importer import plan_snapshot
    from gateways.entrypoints.hris_import.mapping import (
        DEFAULT_MAPPING,
        BadMapping,
        parse_mapping,
    )
    from gateways.entrypoints.hris_import.rows import ERROR, SnapshotUnreadable
    from services.mentoring import MentoringService

    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
        day = as_of.date() if as_of else dt.datetime.now(dt.UTC).date()
        try:
            columns = parse_mapping(mapping.read_text("utf-8")) if mapping else DEFAULT_MAPPING
            text = snapshot.read_text(encoding="utf-8-sig")
        except (BadMapping, UnicodeDecodeError) as error:
            raise _fail(f"{mapping if isinstance(error, BadMapping) else snapshot}: {error}",
                        2) from None
        service = MentoringService(env=persistence_env(settings))
        try:
            try:
                planned = plan_snapshot(service, text, columns, day)
            except SnapshotUnreadable as error:
                raise _fail(f"{snapshot}: {error}", 2) from None
            for problem in planned.snapshot.problems:
                typer.echo(problem.describe(), err=True)
            for notice in planned.plan.notices:
                typer.echo(f"notice: {notice.describe()}", err=True)
            messages = planned.plan.messages
            if dry_run:
                for message in messages:
                    typer.echo(dump_message(message).decode())
                delivered = Delivered()
            elif publish or settings.store_location.kind == "kafka":
                publisher = build_hris_publisher(settings, load_hris_settings())
                try:
                    delivered = publish_messages(publisher, messages)
                finally:
                    publisher.close()
            else:
                delivered = apply_here(service, messages)
        except (KafkaError, OperationalError, OSError) as error:
            raise _fail(f"{type(error).__name__}: {error}", 1) from None
        finally:
            service.close()
    for refusal in delivered.refusals:
        typer.echo(f"refused: {refusal.describe()}", err=True)
    kinds = Counter[str](str(message.type) for message in messages)
    errors = sum(1 for p in planned.snapshot.problems if p.severity == ERROR)
    sent = "nothing sent (dry run)" if dry_run else _counts(delivered.outcomes)
    typer.echo(
        f"{len(planned.snapshot.rows)} rows read, {errors} bad; {planned.known} employees known;"
        f" {len(messages)} messages ({_counts(kinds)}); {len(planned.plan.notices)} notices;"
        f" {sent}",
        err=dry_run,
    )
    if errors or delivered.refusals:
        raise typer.Exit(1)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name}: {count}" for name, count in sorted(counter.items())) or "none"


def register(app: typer.Typer) -> None:
    """Add `hris-import` to the `mentoring` command."""
    app.command("hris-import")(hris_import)
