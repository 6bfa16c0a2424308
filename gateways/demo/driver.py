"""Feed the world's timeline to the mentoring service, one command per step, in order, with
one scheduler pass for every business day the timeline crosses (as `mentoring serve` would)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import structlog
from eventsourcing.utils import get_topic

from domain.errors import DomainError
from domain.notifications import Notification
from domain.requests import MentorshipRequest
from gateways.demo.cohort import CohortMatcher, MatchingTally
from gateways.demo.world.engine import Step, day_of
from services.command import Command
from services.mentoring import MentoringService
from services.scheduling import SchedulerIndex, run_pass

log = structlog.get_logger(__name__)

COUNTED = {
    get_topic(cls): cls
    for cls in (Notification.Sent, MentorshipRequest.Expired, MentorshipRequest.Forwarded)
}
PAGE = 1000


@dataclass
class SchedulerTally:
    """What the daily scheduler passes did over the run."""

    passes: int = 0
    commands: int = 0
    recorded: int = 0
    failed: int = 0
    expired: int = 0
    """Requests the passes expired (``MentorshipRequest.Expired`` events)."""
    forwarded: int = 0
    """Expired requests the passes forwarded to the next choice."""
    notifications: Counter[str] = field(default_factory=Counter)
    """Notifications the passes recorded, by type (``request-due-soon``, ...)."""
    first_day: date | None = None
    last_day: date | None = None

    @property
    def reminders(self) -> int:
        """Request-due-soon reminders sent to the addressed mentors."""
        return self.notifications["request-due-soon"]


class DailyScheduler:
    """One scheduler pass per business day, on the service the timeline is fed to."""

    def __init__(self, service: MentoringService, start: date = date.min) -> None:
        self.service = service
        self.start = start
        """No pass before this day (the world's HRIS history reaches back further)."""
        self.index = SchedulerIndex()
        self.tally = SchedulerTally()
        self.seconds = 0.0
        """Time spent in passes."""

    def through(self, day: date) -> None:
        """Run a pass for every day after the last pass up to ``day`` (at first: from the
        start, or only ``day`` without one)."""
        last = self.tally.last_day
        first = max(self.start, day) if self.start == date.min else self.start
        next_day = first if last is None else last + timedelta(days=1)
        while next_day <= day:
            self.run(next_day)
            next_day += timedelta(days=1)

    def run(self, day: date) -> None:
        """One pass for ``day``; counts what it recorded."""
        began = time.perf_counter()
        before = self.service.recorder.max_notification_id() or 0
        report = run_pass(self.service, self.index, day)
        tally = self.tally
        tally.passes += 1
        tally.commands += report.commands
        tally.recorded += report.recorded
        tally.failed += report.failed
        tally.first_day = tally.first_day or day
        tally.last_day = day
        if report.recorded:
            self._count(before, self.service.recorder.max_notification_id() or 0)
        self.seconds += time.perf_counter() - began

    def _count(self, after: int, stop: int) -> None:
        while after < stop:
            records = self.service.recorder.select_notifications(
                after, PAGE, stop=stop, topics=list(COUNTED), inclusive_of_start=False
            )
            if not records:
                return
            for record in records:
                kind = COUNTED[record.topic]
                if kind is MentorshipRequest.Expired:
                    self.tally.expired += 1
                elif kind is MentorshipRequest.Forwarded:
                    self.tally.forwarded += 1
                else:
                    event = self.service.mapper.to_domain_event(record)
                    assert isinstance(event, Notification.Sent)
                    self.tally.notifications[event.notification_type] += 1
            after = records[-1].id


@dataclass
class DriveResult:
    """How many commands ran, which the service refused (by rule), which recorded nothing
    (an expiry the scheduler had already done), and what the scheduler's passes did."""

    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    idle: Counter[str] = field(default_factory=Counter)
    scheduler: SchedulerTally = field(default_factory=SchedulerTally)
    matching: MatchingTally | None = None
    """The admin assignments made through suggestions and cohort matching (with a matcher)."""

    @property
    def total(self) -> int:
        """Every command sent."""
        return self.accepted + sum(self.refused.values())


def as_command(step: Step, command_id: str) -> Command[Any]:
    """The command a step is: a world command gets ``command_id``; an HRIS message becomes its
    own command (with its ``event_id`` as command id, as the HRIS ingestion does)."""
    if isinstance(step, Command):
        return replace(step, command_id=command_id)
    return step.to_command()


def drive(
    service: MentoringService,
    steps: Iterable[Step],
    run_id: str,
    advance: Callable[[int], None] = lambda n: None,
    *,
    scheduler: DailyScheduler | None = None,
    until: date | None = None,
    matcher: CohortMatcher | None = None,
) -> DriveResult:
    """Send every step as one command (command ids ``<run_id>:<n>``); refusals are counted.

    With a ``scheduler``, before the first step of each new day it runs a pass for every day
    since its last pass (and, after the last step, up to ``until``). A refusal is not fatal:
    a later step about what was refused is refused in turn (usually as not found), and counted
    by its rule too. With a ``matcher``, the admin assignments go through suggestions and
    cohort matching (``gateways.demo.cohort``).
    """
    result = DriveResult(matching=matcher.tally if matcher is not None else None)
    if scheduler is not None:
        result.scheduler = scheduler.tally
    for number, step in enumerate(steps):
        if scheduler is not None:
            scheduler.through(day_of(step))
        command = as_command(step, f"{run_id}:{number}")
        if matcher is not None:
            command = matcher.rename(command)
        try:
            if matcher is not None and matcher.handles(command):
                outcome = matcher.handle(command)  # type: ignore[arg-type]
            else:
                outcome = service.handle(command)
            result.accepted += 1
            if outcome is False:
                result.idle[command.type_name()] += 1
        except DomainError as error:
            result.refused[error.rule] += 1
            log.debug("demo_step_refused", command=command.type_name(), rule=error.rule)
        advance(1)
    if scheduler is not None and until is not None:
        scheduler.through(until)
    return result
