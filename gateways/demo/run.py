"""`mentoring demo`: simulate, feed every step through the commands, project, report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import structlog

from gateways.bootstrap import build_demo_service, demo_persistence_env
from gateways.demo.cohort import CohortMatcher, matching_facts
from gateways.demo.driver import DailyScheduler, DriveResult, drive
from gateways.demo.estimates import EffectEstimates, Windows, estimate_effects
from gateways.demo.stores import fresh_settings
from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import World, simulate
from gateways.report.assemble import report_data
from gateways.report.collect import Questions, answer
from gateways.report.model import ReportData, WorldStory
from gateways.report.render.page import render
from gateways.settings import Settings
from projections.analytics import Analytics
from projections.catch_up import Progress
from projections.runner import run_projector

log = structlog.get_logger(__name__)

Phase = Callable[[str, int], Callable[[int], None]]
"""Starts a phase (description, total steps) and returns the function that advances it."""


@dataclass(frozen=True)
class DemoOptions:
    """What to simulate and where to write the report."""

    seed: int = 7
    employees: int = 2000
    report: Path = Path("var/mentoring/report.html")
    fresh: bool = True


@dataclass
class DemoOutcome:
    """What the run produced, and how long each phase took (seconds)."""

    report: Path
    data: ReportData
    drive: DriveResult
    events: int
    timings: dict[str, float] = field(default_factory=dict)
    estimates: EffectEstimates | None = None
    """The three estimates of the known effect beside it (naive, landmark, adjusted)."""


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    began = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - began
    log.info("demo_phase_finished", phase=name, seconds=round(timings[name], 1))


def run_demo(settings: Settings, options: DemoOptions, phase: Phase) -> DemoOutcome:
    """Run the whole demo on the configured store; returns the report's model and path."""
    timings: dict[str, float] = {}
    settings = fresh_settings(settings, options.fresh)
    params = WorldParams(seed=options.seed, employees=options.employees)
    with _timed(timings, "simulate"):
        phase("simulating the organisation", 1)
        world = simulate(params)
    service = build_demo_service(settings)
    matcher = CohortMatcher(service)
    try:
        with _timed(timings, "commands"):
            advance = phase("sending commands", len(world.timeline))
            scheduler = DailyScheduler(service, params.start)
            result = drive(
                service,
                world.timeline,
                f"demo-{options.seed}",
                advance,
                scheduler=scheduler,
                until=params.end - timedelta(days=1),
                matcher=matcher,
            )
        timings["scheduler"] = scheduler.seconds
        timings["commands"] -= scheduler.seconds
        events = service.recorder.max_notification_id() or 0
    finally:
        matcher.close()
        service.close()
    with _timed(timings, "projection"):
        run_projector(
            demo_persistence_env(settings),
            settings.duckdb,
            progress=_positions(phase("projecting into DuckDB", events)),
        )
    with _timed(timings, "report"):
        data = _report(settings.duckdb, world, result, events, timings)
        options.report.parent.mkdir(parents=True, exist_ok=True)
        options.report.write_text(render(data), encoding="utf-8")
    with _timed(timings, "estimates"):
        estimates = _estimates(settings.duckdb, params)
    return DemoOutcome(options.report, data, result, events, timings, estimates)


def _estimates(duckdb_path: Path, params: WorldParams) -> EffectEstimates:
    connection = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        return estimate_effects(connection, params)
    finally:
        connection.close()


def _positions(advance: Callable[[int], None]) -> Callable[[Progress], None]:
    reached = [0]

    def report(progress: Progress) -> None:
        position = progress.position or 0
        advance(position - reached[0])
        reached[0] = position

    return report


def questions_for(params: WorldParams) -> Questions:
    """The report's windows: the whole period, and a one-year landmark window half-way."""
    w = Windows.of(params)
    return Questions.for_period(w.first, w.last, w.landmark, w.horizon)


def scheduler_facts(result: DriveResult) -> tuple[tuple[str, str], ...]:
    """What the daily scheduler passes produced, as report facts."""
    tally = result.scheduler
    return (
        ("daily scheduler passes", f"{tally.passes:,}"),
        ("due-soon reminders sent", f"{tally.reminders:,}"),
        ("requests expired by the scheduler", f"{tally.expired:,}"),
        ("expired requests forwarded", f"{tally.forwarded:,}"),
    )


def _report(
    duckdb_path: Path, world: World, result: DriveResult, events: int, timings: dict[str, float]
) -> ReportData:
    questions = questions_for(world.params)
    connection = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        answers = answer(Analytics(connection), questions)
    finally:
        connection.close()
    facts = (
        ("employees at the start", f"{world.params.employees:,}"),
        ("people over three years", f"{world.people:,}"),
        ("commands accepted", f"{result.accepted:,}"),
        ("events in the log", f"{events:,}"),
        *scheduler_facts(result),
        *matching_facts(result.matching),
    )
    p, t = world.params, world.truth
    story = WorldStory(
        p.seed,
        p.employees,
        world.people,
        p.describe(),
        p.effect_factor,
        p.selection_strength,
        t.observed_factor,
    )
    return report_data(answers, questions, facts, story, date.today())
