"""`mentoring programs|rounds|mentors|requests|mentorships`: the portal's lists for admins.

Read from the projected DuckDB file (`MENTORING_DUCKDB`, the one `mentoring project` writes),
read-only; while a projector holds it, from the published snapshot. The SQL is the portal's
own (`projections/portal/queries.py`); pages as over HTTP: `--limit`, `--cursor` (the `next`
printed after a page). Tables by default, `{"items": [...], "next": ...}` with --json; bad
input is one line and exit code 2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.settings import load_settings
from projections.portal import queries
from projections.portal.pages import DEFAULT_LIMIT, MAX_LIMIT, InvalidCursor, Page

Limit = Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="items per page")]
CursorOption = Annotated[
    str | None, typer.Option("--cursor", help="the `next` of the previous page")
]
AsJson = Annotated[bool, typer.Option("--json", help="print the page as JSON")]
ProgramId = Annotated[str, typer.Argument(help="the program's id")]
EmployeeId = Annotated[str, typer.Argument(help="the employee's HRIS id")]
SORT_KEY = re.compile(r"k\d+")
"""The sort-key columns a page's rows carry (`k0, k1, ...`), not shown."""


def _fail(message: str, code: int) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _choice(option: str, value: str, allowed: Sequence[str]) -> str:
    """`value` if it is one of `allowed` (exit 2 otherwise)."""
    if value not in allowed:
        raise _fail(f"{option} must be one of {', '.join(allowed)}, not {value!r}", 2)
    return value


def _program_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise _fail(f"{value!r} is not a program id", 2) from None


@contextmanager
def read_side() -> Iterator[Any]:
    """A read-only connection to the projected file, else (locked) to the published snapshot."""
    with run_cleanly():
        settings = load_settings()
    connection = _open(settings.duckdb, settings.analyst_snapshot_path)
    try:
        yield connection
    finally:
        connection.close()


def _open(projected: Path, snapshot: Path) -> Any:
    import duckdb

    from projections.analyst_sql import open_read_only
    from projections.snapshot import resolve_snapshot

    problem = f"nothing projected at {projected} yet: run `mentoring project` first"
    if projected.exists():
        try:
            return open_read_only(projected)
        except duckdb.IOException as error:
            problem = (f"{projected} is locked by a running projector and no snapshot is "
                       f"published at {snapshot} ({str(error).splitlines()[0]})")
    if snapshot.exists():
        return open_read_only(resolve_snapshot(snapshot))
    raise _fail(problem, 1)


def _show(run: Callable[[Any], Page], columns: Sequence[str], title: str, as_json: bool) -> None:
    """Run one list query on the read side and print its page (and the next cursor)."""
    with read_side() as connection:
        try:
            page = run(connection)
        except InvalidCursor as error:
            raise _fail(str(error), 2) from None
    items = [{k: v for k, v in row.items() if not SORT_KEY.fullmatch(k)} for row in page.items]
    if as_json:
        typer.echo(json.dumps({"items": items, "next": page.next}, indent=2, default=str,
                              ensure_ascii=False))
        return
    Console(width=200).print(_table(title, columns, items))
    if page.next is not None:
        typer.echo(f"next: {page.next}", err=True)


def _table(title: str, columns: Sequence[str], items: Sequence[dict[str, Any]]) -> Table:
    shown = Table(title=title)
    for column in columns:
        shown.add_column(column)
    for item in items:
        shown.add_row(*(_text(item.get(column)) for column in columns))
    return shown


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def _open_rounds(row: dict[str, Any]) -> str:
    return "; ".join(f"{r['round_no']} {r['round_name']}" for r in row["open_rounds"]) or "—"


def programs(
    status: Annotated[str, typer.Option(help="open, closed or all")] = "all",
    limit: Limit = DEFAULT_LIMIT, cursor: CursorOption = None, as_json: AsJson = False,
) -> None:
    """Programs in launch order, each with its open rounds."""
    chosen = _choice("--status", status, queries.PROGRAM_STATUSES)

    def run(connection: Any) -> Page:
        page = queries.programs(connection, status=chosen, limit=limit, cursor=cursor)
        if not as_json:
            for row in page.items:
                row["open"] = _open_rounds(row)
        return page

    _show(run, ("program_id", "name", "program_type", "launched_on", "closed_on", "open"),
          "Programs", as_json)


def rounds(
    program_id: ProgramId,
    status: Annotated[str, typer.Option(help="open, closed or all")] = "all",
    limit: Limit = DEFAULT_LIMIT, cursor: CursorOption = None, as_json: AsJson = False,
) -> None:
    """A program's rounds by number, with their department and hire limits."""
    chosen, program = _choice("--status", status, queries.ROUND_STATUSES), _program_id(program_id)
    _show(lambda c: queries.rounds(c, program, status=chosen, limit=limit, cursor=cursor),
          ("round_no", "round_name", "departments", "hired_on_or_after", "max_tenure_days",
           "opened_on", "closed_on"), "Rounds", as_json)


def mentors(
    program_id: ProgramId,
    topic: Annotated[str | None, typer.Option(help="offers this topic")] = None,
    available: Annotated[bool | None, typer.Option(
        "--available/--unavailable", help="active with a free slot (or not)"
    )] = None,
    department: Annotated[str | None, typer.Option(help="the mentor's department now")] = None,
    location: Annotated[str | None, typer.Option(help="the mentor's location now")] = None,
    limit: Limit = DEFAULT_LIMIT, cursor: CursorOption = None, as_json: AsJson = False,
) -> None:
    """A program's mentors by HRIS id, filtered."""
    program = _program_id(program_id)
    _show(lambda c: queries.mentors(
        c, program, topic=topic, available=available, department=department, location=location,
        limit=limit, cursor=cursor,
    ), ("employee_id", "status", "topics", "capacity", "free_slots", "trained", "department",
        "location"), "Mentors", as_json)


def requests(
    employee_id: EmployeeId,
    role: Annotated[str | None, typer.Option(help="mentee (sent) or mentor (received)")] = None,
    status: Annotated[list[str] | None, typer.Option(
        help="pending, accepted, declined, expired or withdrawn (repeatable)"
    )] = None,
    limit: Limit = DEFAULT_LIMIT, cursor: CursorOption = None, as_json: AsJson = False,
) -> None:
    """Requests the employee sent and received (once addressed to them), in any state."""
    if role is not None:
        _choice("--role", role, queries.REQUEST_ROLES)
    statuses = tuple(_choice("--status", s, queries.REQUEST_STATUSES) for s in status or ())
    _show(lambda c: queries.requests(
        c, employee_id, role=role, statuses=statuses, limit=limit, cursor=cursor
    ), ("request_id", "role", "mentee_id", "mentor_id", "topic", "made_on", "respond_by",
        "status", "decided_on"), "Requests", as_json)


def mentorships(
    employee_id: EmployeeId,
    status: Annotated[str, typer.Option(help="active, ended or all")] = "active",
    limit: Limit = DEFAULT_LIMIT, cursor: CursorOption = None, as_json: AsJson = False,
) -> None:
    """The employee's mentorships as mentee or mentor, oldest first."""
    chosen = _choice("--status", status, queries.MENTORSHIP_STATUSES)
    _show(lambda c: queries.mentorships(
        c, employee_id, status=chosen, limit=limit, cursor=cursor
    ), ("mentorship_id", "role", "mentee_id", "mentor_id", "topic", "started_on", "ended_on",
        "status", "sessions_held"), "Mentorships", as_json)


def register(app: typer.Typer) -> None:
    """Add the lists to the `mentoring` command."""
    for name, command in (("programs", programs), ("rounds", rounds), ("mentors", mentors),
                          ("requests", requests), ("mentorships", mentorships)):
        app.command(name)(command)
