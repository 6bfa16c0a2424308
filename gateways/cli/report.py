"""`mentoring report retention|promotion|survival|funnel|momentum|equity|skills`.

Reads the analyst snapshot if one is published, else the projector's DuckDB file read-only.
Tables by default, the result as JSON with --json; bad input is one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from gateways.cli import report_tables as tables
from gateways.cli.errors import run_cleanly
from gateways.cli.report_input import (
    AsJson,
    End,
    GroupByOption,
    Programs,
    RoleOption,
    Start,
    Voluntary,
    attribute_of,
    day,
    group_by_of,
    method_of,
    program_ids,
    role_of,
    window,
)
from gateways.cli.report_output import as_json, describe_source
from gateways.settings import load_settings
from projections.analytics import Analytics
from projections.queries.equity import ATTRIBUTES, EquityQuery
from projections.queries.funnel import FunnelQuery
from projections.queries.momentum import MomentumQuery
from projections.queries.options import CohortQuery, InvalidQuery
from projections.queries.skills import SkillsQuery
from projections.queries.survival import SurvivalQuery

reports = typer.Typer(help="Cohort analytics from the read side.", no_args_is_help=True)
Result = TypeVar("Result")


@contextmanager
def _bad_input_in_one_line() -> Iterator[None]:
    try:
        yield
    except InvalidQuery as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None


def _answer(
    ask: Callable[[Analytics], Result], show: Callable[[Result, Console], None], json: bool
) -> None:
    """Open the read side, ask, and print the answer as tables or JSON."""
    from gateways.bootstrap import open_read_side_analytics
    from gateways.read_side import ReadSideUnavailable

    with run_cleanly():
        settings = load_settings()
    try:
        session = open_read_side_analytics(settings)
    except ReadSideUnavailable as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    try:
        with _bad_input_in_one_line():
            result = ask(session.analytics)
    finally:
        session.close()
    typer.echo(describe_source(session), err=True)
    if json:
        typer.echo(as_json(result))
    else:
        show(result, Console(width=160))


@reports.command("retention")
def retention(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
              group_by: GroupByOption = None, voluntary_only: Voluntary = False,
              json: AsJson = False) -> None:
    """Landmark retention over [start, end]: participants at the start against everyone else."""
    with _bad_input_in_one_line():
        query = CohortQuery(day("--start", start), day("--end", end), role_of(role),
                            program_ids(program), group_by_of(group_by), voluntary_only)
    _answer(lambda a: a.retention(query), tables.print_rates, json)


@reports.command("promotion")
def promotion(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
              group_by: GroupByOption = None, json: AsJson = False) -> None:
    """Landmark promotion rate over [start, end]: promoted at least once in the window."""
    with _bad_input_in_one_line():
        query = CohortQuery(day("--start", start), day("--end", end), role_of(role),
                            program_ids(program), group_by_of(group_by))
    _answer(lambda a: a.promotion(query), tables.print_rates, json)


@reports.command("survival")
def survival(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
             voluntary_only: Voluntary = False,
             method: Annotated[str, typer.Option(help="time_varying or landmark")]
             = "time_varying",
             json: AsJson = False) -> None:
    """Kaplan–Meier time to exit by participation, with a log-rank test."""
    with _bad_input_in_one_line():
        query = SurvivalQuery(day("--start", start), day("--end", end), role_of(role),
                              program_ids(program), voluntary_only, method_of(method))
    _answer(lambda a: a.survival(query), tables.print_survival, json)


@reports.command("funnel")
def funnel(start: Start, end: End, program: Programs = None,
           by_program: Annotated[bool, typer.Option(help="one funnel per program")] = False,
           json: AsJson = False) -> None:
    """Requests made in [start, end] → accepted → first session → memo filed."""
    with _bad_input_in_one_line():
        first, last = window(start, end)
        query = FunnelQuery(first, last, program_ids(program), by_program)
    _answer(lambda a: a.funnel(query), tables.print_funnel, json)


@reports.command("momentum")
def momentum(
    today: Annotated[str | None, typer.Option(help="the day to look from (default: today)")]
    = None,
    dormant_days: Annotated[int, typer.Option(min=1, help="days without a session")] = 30,
    near_days: Annotated[int, typer.Option(min=0, help="days before a deadline")] = 7,
    json: AsJson = False,
) -> None:
    """Dormant pairs, requests near or past their deadline, full mentors, waiting mentees."""
    with _bad_input_in_one_line():
        query = MomentumQuery(day("--today", today), dormant_days, near_days)
    title = f"Momentum on {query.today} (dormant after {dormant_days} days)"
    _answer(lambda a: a.momentum(query),
            lambda rows, console: tables.print_momentum(rows, console, title), json)


@reports.command("equity")
def equity(
    day_: Annotated[str | None, typer.Option("--day", help="the day (default: today)")] = None,
    attribute: Annotated[str, typer.Option(help=" | ".join(ATTRIBUTES))] = "demographic_group",
    program: Programs = None, json: AsJson = False,
) -> None:
    """Shares of each group among mentors, mentees and nominees against the workforce."""
    with _bad_input_in_one_line():
        query = EquityQuery(day("--day", day_), attribute_of(attribute), program_ids(program))
    title = f"Equity of selection on {query.day} by {attribute}"
    _answer(lambda a: a.equity(query),
            lambda rows, console: tables.print_equity(rows, console, title), json)


@reports.command("skills")
def skills(start: Start, end: End, program: Programs = None, json: AsJson = False) -> None:
    """Skills mentees report learning in memos filed in [start, end]."""
    with _bad_input_in_one_line():
        first, last = window(start, end)
        query = SkillsQuery(first, last, program_ids(program))
    title = f"Skills learned {first} – {last}"
    _answer(lambda a: a.skills(query),
            lambda report, console: tables.print_skills(report, console, title), json)


def register(app: typer.Typer) -> None:
    """Add `report` to the `mentoring` command."""
    app.add_typer(reports, name="report")

