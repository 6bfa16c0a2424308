"""`mentoring report retention|promotion|survival|funnel|momentum|equity|skills|performance|
adjusted|origin`.

Reads the analyst snapshot if one is published, else the projector's DuckDB file read-only.
Tables by default, the result as JSON with --json; bad input is one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from gateways.entrypoints.cli import outcome_tables
from gateways.entrypoints.cli import report_tables as tables
from gateways.entrypoints.cli.errors import run_cleanly
from gateways.entrypoints.cli.report_input import (
    AsJson,
    End,
    GroupByOption,
    Programs,
    RoleOption,
    Start,
    Voluntary,
    attribute_of,
    cohort,
    day,
    group_by_of,
    method_of,
    program_ids,
    window,
)
from gateways.entrypoints.cli.report_output import as_json, describe_source
from gateways.settings import load_settings
from projections.queries.adjusted_hazard import AdjustedHazardQuery
from projections.queries.base import AnalyticsQuery
from projections.queries.equity import ATTRIBUTES, EquityQuery
from projections.queries.funnel import FunnelQuery
from projections.queries.momentum import MomentumQuery
from projections.queries.options import InvalidQuery
from projections.queries.origin_outcomes import OriginOutcomesQuery
from projections.queries.performance import PerformanceQuery
from projections.queries.promotion import PromotionQuery
from projections.queries.retention import RetentionQuery
from projections.queries.skills import SkillsQuery
from projections.queries.survival import SurvivalQuery

reports = typer.Typer(help="Cohort analytics from the read side.", no_args_is_help=True)
Query = TypeVar("Query", bound=AnalyticsQuery[Any])


@contextmanager
def _bad_input_in_one_line() -> Iterator[None]:
    try:
        yield
    except InvalidQuery as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None


def _answer(
    ask: Callable[[], Query], show: Callable[[Query, Any, Console], None], json: bool
) -> None:
    """Build the question `ask` builds, run it on the read side, print tables or JSON."""
    from gateways.bootstrap import open_read_side_analytics
    from gateways.read_side import ReadSideUnavailable

    with _bad_input_in_one_line():
        query = ask()
    with run_cleanly():
        settings = load_settings()
    try:
        session = open_read_side_analytics(settings)
    except ReadSideUnavailable as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    try:
        with _bad_input_in_one_line():
            result = session.analytics.run(query)
    finally:
        session.close()
    typer.echo(describe_source(session), err=True)
    if json:
        typer.echo(as_json(result))
    else:
        show(query, result, Console(width=160))


@reports.command("retention")
def retention(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
              group_by: GroupByOption = None, voluntary_only: Voluntary = False,
              json: AsJson = False) -> None:
    """Landmark retention over [start, end]: participants at the start against everyone else."""
    _answer(lambda: RetentionQuery(*cohort(start, end, role, program), group_by_of(group_by),
                                   voluntary_only),
            tables.print_rates, json)


@reports.command("promotion")
def promotion(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
              group_by: GroupByOption = None, json: AsJson = False) -> None:
    """Landmark promotion rate over [start, end]: promoted at least once in the window."""
    _answer(lambda: PromotionQuery(*cohort(start, end, role, program), group_by_of(group_by)),
            tables.print_rates, json)


@reports.command("survival")
def survival(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
             voluntary_only: Voluntary = False,
             method: Annotated[str, typer.Option(help="time_varying or landmark")]
             = "time_varying",
             json: AsJson = False) -> None:
    """Kaplan–Meier time to exit by participation, with a log-rank test."""
    _answer(lambda: SurvivalQuery(*cohort(start, end, role, program), voluntary_only,
                                  method_of(method)),
            tables.print_survival, json)


@reports.command("funnel")
def funnel(start: Start, end: End, program: Programs = None,
           by_program: Annotated[bool, typer.Option(help="one funnel per program")] = False,
           json: AsJson = False) -> None:
    """Requests made in [start, end] → accepted → first session → memo filed."""
    _answer(lambda: FunnelQuery(*window(start, end), program_ids(program), by_program),
            tables.print_funnel, json)


@reports.command("momentum")
def momentum(
    today: Annotated[str | None, typer.Option(help="the day to look from (default: today)")]
    = None,
    dormant_days: Annotated[int, typer.Option(min=1, help="days without a session")] = 30,
    near_days: Annotated[int, typer.Option(min=0, help="days before a deadline")] = 7,
    json: AsJson = False,
) -> None:
    """Dormant pairs, requests near or past their deadline, full mentors, waiting mentees."""
    _answer(lambda: MomentumQuery(day("--today", today), dormant_days, near_days),
            tables.print_momentum, json)


@reports.command("equity")
def equity(
    day_: Annotated[str | None, typer.Option("--day", help="the day (default: today)")] = None,
    attribute: Annotated[str, typer.Option(help=" | ".join(ATTRIBUTES))] = "demographic_group",
    program: Programs = None, json: AsJson = False,
) -> None:
    """Shares of each group among mentors, mentees and nominees against the workforce."""
    _answer(lambda: EquityQuery(day("--day", day_), attribute_of(attribute), program_ids(program)),
            tables.print_equity, json)


@reports.command("skills")
def skills(start: Start, end: End, program: Programs = None, json: AsJson = False) -> None:
    """Skills mentees report learning in memos filed in [start, end]."""
    _answer(lambda: SkillsQuery(*window(start, end), program_ids(program)),
            tables.print_skills, json)


@reports.command("performance")
def performance(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
                group_by: GroupByOption = None, json: AsJson = False) -> None:
    """Landmark change in performance rating over [start, end], normalised to 0–1, in vs out."""
    _answer(lambda: PerformanceQuery(*cohort(start, end, role, program),
                                     group_by_of(group_by)),
            outcome_tables.print_performance, json)


@reports.command("adjusted")
def adjusted(start: Start, end: End, role: RoleOption = "either", program: Programs = None,
             voluntary_only: Voluntary = False, json: AsJson = False) -> None:
    """Cox hazard ratio of exit while participating, adjusted for what the HRIS knows."""
    _answer(lambda: AdjustedHazardQuery(*cohort(start, end, role, program), voluntary_only),
            outcome_tables.print_adjusted_hazard, json)


@reports.command("origin")
def origin(start: Start, end: End,
           follow_up_months: Annotated[int, typer.Option(
               min=1, max=120, help="the mentee's follow-up from the pair's start")] = 12,
           program: Programs = None, voluntary_only: Voluntary = False,
           json: AsJson = False) -> None:
    """Outcomes of pairs started in [start, end] by how they were formed (first choice, later
    choice, admin assignment, cohort matching); self-chosen against placed pairs."""
    _answer(lambda: OriginOutcomesQuery(*window(start, end), follow_up_months,
                                        program_ids(program), voluntary_only),
            outcome_tables.print_origin_outcomes, json)


def register(app: typer.Typer) -> None:
    """Add `report` to the `mentoring` command."""
    app.add_typer(reports, name="report")

