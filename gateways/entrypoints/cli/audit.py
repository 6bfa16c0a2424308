"""`mentoring audit ...` (history, state as of, verify) and `mentoring replay`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from uuid import UUID

import typer
from eventsourcing.application import AggregateNotFoundError

from gateways.audit.as_of import state_as_of
from gateways.audit.compare import ProjectionUnreadable
from gateways.audit.history import aggregate_history, employee_history
from gateways.audit.log import EventLog
from gateways.audit.logic.as_of import NothingRecordedYet
from gateways.audit.logic.entries import HistoryEntry
from gateways.audit.logic.export import write_history
from gateways.audit.logic.verdict import Anchor
from gateways.audit.progress import print_progress
from gateways.audit.replay import ReplayReport, replay_and_compare
from gateways.audit.verify import StoreKeepsNoChain, verify_kafka_log, verify_store
from gateways.bootstrap import build_audit_service, persistence_env, streaming_reader_env
from gateways.entrypoints.cli.errors import run_cleanly, store_failures_in_one_line
from gateways.entrypoints.cli.private_reads import (
    cli_reader,
    record_cli_read,
    shows_private_state,
)
from gateways.logging import configure_logging
from gateways.settings import load_settings
from services.mentoring import MentoringService

audit = typer.Typer(help="Audit the event log: history, state as of, tamper evidence.",
                    no_args_is_help=True)
history = typer.Typer(help="The recorded history of an aggregate or an employee.",
                      no_args_is_help=True)

RAW = typer.Option(False, "--raw", help="also show each event as originally recorded")
PRIVATE = typer.Option(False, "--include-private",
                       help="show private texts (memos, kickoff answers, reasons, ...)")
JSONL = typer.Option(False, "--jsonl", help="JSON Lines instead of readable lines")
READER = typer.Option(None, "--as",
                      help="who reads private texts (recorded; default: cli:<OS user>)")
OUTPUT = typer.Option(None, "--output", "-o", help="write to this file instead of stdout")


@contextmanager
def audited() -> Iterator[MentoringService]:
    """The service on the configured store; audit failures exit 2 with one line, a store that
    refuses to open (a forged record, no broker) exits 1 with one line."""
    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
    with store_failures_in_one_line():
        service = build_audit_service(settings)
        try:
            yield service
        except (AggregateNotFoundError, NothingRecordedYet, StoreKeepsNoChain) as error:
            typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
            raise typer.Exit(2) from None
        finally:
            service.close()


@contextmanager
def output(path: Path | None) -> Iterator[TextIO]:
    """The file to write to, or stdout."""
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle


@history.command("aggregate")
def aggregate(
    aggregate_id: UUID = typer.Argument(..., help="the aggregate id"),
    raw: bool = RAW, private: bool = PRIVATE, jsonl: bool = JSONL, out: Path | None = OUTPUT,
    reader: str | None = READER,
) -> None:
    """Every event of one aggregate, in recorded order (a read of private texts is recorded)."""
    read = ("cli-audit-aggregate-history", str(aggregate_id), ()) if private else None
    _write_history(
        lambda log: aggregate_history(log, aggregate_id, with_raw=raw, private=private),
        f"no events recorded for {aggregate_id}", read, reader, out, jsonl=jsonl,
    )


@history.command("employee")
def employee(
    hris_id: str = typer.Argument(..., help="the employee's HRIS id"),
    raw: bool = RAW, private: bool = PRIVATE, jsonl: bool = JSONL, out: Path | None = OUTPUT,
    reader: str | None = READER,
) -> None:
    """Every event concerning an employee, across aggregates (a scan of the whole log; a read
    of private texts is recorded)."""
    read = ("cli-audit-employee-history", hris_id, (hris_id,)) if private else None
    _write_history(
        lambda log: employee_history(log, hris_id, with_raw=raw, private=private),
        f"no events concern employee {hris_id}", read, reader, out, jsonl=jsonl,
    )


PrivateRead = tuple[str, str, tuple[str, ...]]
"""A read of private texts to record: the route, the subject, whose texts they are."""


def _write_history(
    entries_of: Callable[[EventLog], Iterator[HistoryEntry]], missing: str,
    read: PrivateRead | None, reader: str | None, out: Path | None, *, jsonl: bool,
) -> None:
    """Write the history ``entries_of`` the log (first recording the ``read`` of private
    texts, if any); no entries: ``missing``, exit 2."""
    with audited() as service, output(out) as handle:
        if read is not None:
            record_cli_read(service, cli_reader(reader), *read)
        entries = entries_of(EventLog(service.recorder, service.mapper))
        if not write_history(entries, handle, jsonl=jsonl):
            raise AggregateNotFoundError(missing)


@audit.command("state")
def state(
    aggregate_id: UUID = typer.Argument(..., help="the aggregate id"),
    version: int | None = typer.Option(None, min=1, help="as of this version"),
    at: datetime | None = typer.Option(None, help="as of this recorded time (ISO, UTC if naive)"),
    reader: str | None = READER,
) -> None:
    """The aggregate's state as of a version or a recorded time, replayed from its events (a
    state holding a private text is a recorded read)."""
    with audited() as service:
        instant = None if at is None else at if at.tzinfo else at.replace(tzinfo=UTC)
        found = state_as_of(service, aggregate_id, version=version, at=instant)
        view = found.to_json()
        if shows_private_state(found.aggregate_type, view["state"]):
            record_cli_read(service, cli_reader(reader), "cli-audit-aggregate-state",
                            str(aggregate_id))
        typer.echo(json.dumps(view, indent=2, sort_keys=True))


@audit.command("analyst-queries")
def analyst_queries(
    analyst: str | None = typer.Option(None, help="only the queries of this actor"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """The person-level SQL trusted analysts ran (HTTP and `mentoring sql --trusted`)."""
    from gateways.trusted_sql import trusted_queries

    with audited() as service:
        for run in trusted_queries(service, analyst=analyst):
            if as_json:
                typer.echo(json.dumps(asdict(run), default=str, sort_keys=True))
            else:
                typer.echo(f"{run.ran_at.isoformat()} {run.analyst} ({run.channel}) "
                           f"{run.row_count} rows: {run.sql}")


@audit.command("verify")
def verify(
    topic: str | None = typer.Option(None, help="Kafka only: check this topic instead"),
    as_json: bool = typer.Option(False, "--json", help="print the verdict as JSON"),
    anchor: str | None = typer.Option(
        None, help="N:HASH noted at an earlier audit (its head): the chain must still pass it"
    ),
) -> None:
    """Walk the log's hash chain; name the first event whose content, order or presence changed.

    Exit 0: intact; 1: altered (the first altered event is named).
    """
    try:
        noted = Anchor.parse(anchor) if anchor else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--anchor") from None
    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
    if settings.store_location.kind == "kafka":
        # read the topic as it is: opening the store would refuse the very record to name
        with store_failures_in_one_line():
            try:
                verdict = verify_kafka_log(persistence_env(settings), MentoringService.name,
                                           topic, noted)
            except StoreKeepsNoChain as error:
                typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
                raise typer.Exit(2) from None
    else:
        with audited() as service:
            verdict = verify_store(service, topic, noted)
    typer.echo(json.dumps(verdict.to_json(), sort_keys=True) if as_json else verdict.describe())
    if not verdict.ok:
        raise typer.Exit(1)


def replay(
    live: Path | None = typer.Option(None, help="the live projection (default MENTORING_DUCKDB)"),
    keep: Path | None = typer.Option(None, help="keep the replayed file here"),
    batch_size: int = typer.Option(5000, min=1, help="events per projector batch"),
) -> None:
    """Rebuild every projection from the first event into a fresh file and compare with live.

    Exit 0: identical; 1: tables differ; 3: the live projection is at another log position.
    """
    with run_cleanly():
        settings = load_settings()
        configure_logging(settings)
    with store_failures_in_one_line():
        try:
            report = replay_and_compare(
                streaming_reader_env(settings), live or settings.duckdb, keep=keep,
                batch_size=batch_size, progress=print_progress,
            )
        except ProjectionUnreadable as error:
            typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
            raise typer.Exit(2) from None
    raise typer.Exit(_report(report))


def _report(report: ReplayReport) -> int:
    typer.echo(f"replayed {report.events_replayed} events; live at {report.live_position},"
               f" replay at {report.replay_position}")
    for table in report.tables:
        verdict = "equal" if table.equal else table.note or (
            f"{table.only_in_live} rows only live, {table.only_in_replay} only in replay")
        typer.echo(
            f"  {table.table}: live {table.live_rows}, replay {table.replay_rows}: {verdict}"
        )
    if report.equal:
        typer.echo("IDENTICAL: the replay reproduced the live projection")
        return 0
    if not report.in_step:
        typer.echo("INCONCLUSIVE: the live projection is at another position; catch it up first")
        return 3
    typer.echo("DIFFERENT: " + ", ".join(t.table for t in report.differing))
    return 1


def register(app: typer.Typer) -> None:
    """Add `audit` and `replay` to the `mentoring` command."""
    audit.add_typer(history, name="history")
    app.add_typer(audit, name="audit")
    app.command("replay")(replay)
