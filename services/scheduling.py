"""Time-driven work: one scheduler pass expires, reminds and flags what is due on a day.

The pass asks a small index (``SchedulerIndex``, read incrementally from the application's
event log) for candidates, then runs one command per candidate. Each command loads the
aggregates it needs, decides again on their current state, and records its notifications
(deterministic ids: the cause and the day) in the same atomic save as its change. So a pass
can be interrupted anywhere, repeated, or run by two processes at once: nothing is lost and
nothing is sent twice.

Due dates (per program, see ``ReminderPolicy``; defaults in ``domain.notifications``):
- request-due-soon: ``due_soon_days`` before the respond-by date and on the day itself, to the
  addressed mentor; a pending request past its date expires (``ExpireRequest``).
- mentorship-dormant: no session (or start) for twice the program's meeting cadence, to both.
- kickoff-due: ``kickoff_after_days`` after the start, to each side that has not answered.
- survey-due: every ``survey_every_days`` after the start, to both.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import structlog
from eventsourcing.persistence import OperationalError
from eventsourcing.utils import get_topic

from domain.base import SCHEDULER_ACTOR, Stamp
from domain.mentorships import Mentorship
from domain.notifications import (
    DEFAULT_DUE_SOON_DAYS,
    DEFAULT_KICKOFF_AFTER_DAYS,
    DEFAULT_SURVEY_EVERY_DAYS,
    Notification,
    NotificationType,
    ReminderPolicy,
    cadence_days,
)
from domain.programs import Program
from domain.requests import PENDING, MentorshipRequest
from services.changes import Changes
from services.command import Command, handles
from services.notifications import Concerned, notify
from services.requests import ExpireRequest

log = structlog.get_logger(__name__)
T = NotificationType


def business_today(timezone: str = "UTC") -> date:
    """Today in the company's time zone, by the server's clock."""
    return datetime.now(ZoneInfo(timezone)).date()


# --- commands -------------------------------------------------------------------------------


class _Reminder:
    """Result coding of the reminder commands: whether something was recorded."""

    def encode_result(self, result: bool) -> str:
        return "recorded" if result else ""

    def decode_result(self, text: str) -> bool:
        return text == "recorded"


@dataclass(frozen=True, kw_only=True)
class SetReminderPolicy(Command[UUID]):
    """An admin sets a program's reminder days; returns the policy id."""

    program_id: UUID
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    kickoff_after_days: int = DEFAULT_KICKOFF_AFTER_DAYS
    survey_every_days: int = DEFAULT_SURVEY_EVERY_DAYS


@dataclass(frozen=True, kw_only=True)
class RemindDueRequest(_Reminder, Command[bool]):
    """Remind the addressed mentor of a pending request whose respond-by date is near."""

    request_id: UUID


@dataclass(frozen=True, kw_only=True)
class _MentorshipReminder(_Reminder, Command[bool]):
    """A reminder about one mentorship."""

    mentorship_id: UUID


class FlagDormantMentorship(_MentorshipReminder):
    """Tell both sides when a pair has not met for twice the program's meeting cadence."""


class RemindKickoff(_MentorshipReminder):
    """Remind each side that has not answered the kickoff questionnaire once it is due."""


class RemindSurvey(_MentorshipReminder):
    """Remind both sides when the survey falls due (every survey period after the start)."""


def scheduler_stamp(today: date) -> Stamp:
    """The scheduler acting on ``today``."""
    return Stamp(SCHEDULER_ACTOR, today)


# --- handlers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderDays:
    """The reminder days in force for one program."""

    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    kickoff_after_days: int = DEFAULT_KICKOFF_AFTER_DAYS
    survey_every_days: int = DEFAULT_SURVEY_EVERY_DAYS


def reminder_days(changes: Changes, program_id: UUID) -> ReminderDays:
    """The program's reminder policy, or the defaults."""
    policy_id = ReminderPolicy.create_id(program_id)
    if not changes.exists(policy_id):
        return ReminderDays()
    policy = changes.get(ReminderPolicy, policy_id)
    return ReminderDays(
        policy.due_soon_days, policy.kickoff_after_days, policy.survey_every_days
    )


@handles(SetReminderPolicy)
def set_reminder_policy(command: SetReminderPolicy, changes: Changes) -> UUID:
    program = changes.get(Program, command.program_id)
    days = {
        "due_soon_days": command.due_soon_days,
        "kickoff_after_days": command.kickoff_after_days,
        "survey_every_days": command.survey_every_days,
    }
    policy_id = ReminderPolicy.create_id(program.id)
    if changes.exists(policy_id):
        changes.get(ReminderPolicy, policy_id).change(**days, stamp=command.stamp)
    else:
        changes.add(ReminderPolicy.set(program_id=program.id, **days, stamp=command.stamp))
    return policy_id


def request_reminder_dates(respond_by: date, due_soon_days: int) -> tuple[date, ...]:
    """The days the addressed mentor is reminded: N days before the respond-by date, and on it."""
    return tuple(sorted({respond_by - timedelta(days=due_soon_days), respond_by}))


@handles(RemindDueRequest)
def remind_due_request(command: RemindDueRequest, changes: Changes) -> bool:
    today = command.stamp.effective_date
    request = changes.get(MentorshipRequest, command.request_id)
    if request.status != PENDING or today > request.respond_by:
        return False
    days = reminder_days(changes, request.program_id)
    due = [d for d in request_reminder_dates(request.respond_by, days.due_soon_days) if d <= today]
    if not due:
        return False
    return notify(
        changes, T.REQUEST_DUE_SOON, request.mentor_id, command.stamp,
        cause=str(request.id), business_date=due[-1],
        concerned=Concerned(program_id=request.program_id, request_id=request.id),
    )


def last_meeting(changes: Changes, mentorship: Mentorship) -> date:
    """The date of the pair's last session, or of the start if they never met."""
    last = mentorship.started_on
    for event in changes.repository.event_store.get(mentorship.id):
        if isinstance(event, Mentorship.SessionHeld) and event.effective_date > last:
            last = event.effective_date
    return last


def _remind(
    command: _MentorshipReminder,
    changes: Changes,
    kind: NotificationType,
    due_of: Callable[[Mentorship], date | None],
    answered: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Notify each side of an active mentorship (but those in ``answered``) once the reminder
    ``due_of`` the mentorship is due; whether anything was recorded."""
    mentorship = changes.get(Mentorship, command.mentorship_id)
    if not mentorship.is_active:
        return False
    due = due_of(mentorship)
    if due is None or command.stamp.effective_date < due:
        return False
    sent = False
    for person in (mentorship.mentee_id, mentorship.mentor_id):
        if person not in answered:
            sent |= notify(
                changes, kind, person, command.stamp, cause=str(mentorship.id), business_date=due,
                concerned=Concerned(program_id=mentorship.program_id, mentorship_id=mentorship.id),
            )
    return sent


@handles(FlagDormantMentorship)
def flag_dormant_mentorship(command: FlagDormantMentorship, changes: Changes) -> bool:
    def due(mentorship: Mentorship) -> date:
        program = changes.get(Program, mentorship.program_id)
        cadence = timedelta(days=2 * cadence_days(program.meeting_cadence))
        return last_meeting(changes, mentorship) + cadence

    return _remind(command, changes, T.MENTORSHIP_DORMANT, due)


@handles(RemindKickoff)
def remind_kickoff(command: RemindKickoff, changes: Changes) -> bool:
    mentorship = changes.get(Mentorship, command.mentorship_id)

    def due(mentorship: Mentorship) -> date:
        days = reminder_days(changes, mentorship.program_id)
        return mentorship.started_on + timedelta(days=days.kickoff_after_days)

    return _remind(command, changes, T.KICKOFF_DUE, due, mentorship.kickoff_answered_by)


def survey_due_date(started_on: date, period_days: int, today: date) -> date | None:
    """The latest survey date on or before ``today`` (None before the first)."""
    periods = (today - started_on).days // period_days
    return started_on + timedelta(days=periods * period_days) if periods >= 1 else None


@handles(RemindSurvey)
def remind_survey(command: RemindSurvey, changes: Changes) -> bool:
    def due(mentorship: Mentorship) -> date | None:
        days = reminder_days(changes, mentorship.program_id)
        return survey_due_date(mentorship.started_on, days.survey_every_days, today)

    today = command.stamp.effective_date
    return _remind(command, changes, T.SURVEY_DUE, due)


# --- the index of candidates ----------------------------------------------------------------


@dataclass
class PendingRequest:
    """A pending request as the index knows it."""

    program_id: UUID
    respond_by: date


@dataclass
class ActivePair:
    """An active mentorship as the index knows it."""

    program_id: UUID
    started_on: date
    last_meeting: date
    kickoff_answered_by: set[str] = field(default_factory=set)


R, M = MentorshipRequest, Mentorship
TIME_DRIVEN = frozenset(
    kind.value
    for kind in (T.REQUEST_DUE_SOON, T.MENTORSHIP_DORMANT, T.KICKOFF_DUE, T.SURVEY_DUE)
)
INDEXED = (
    R.Made, R.Forwarded, R.Accepted, R.Declined, R.Expired, R.Withdrawn,
    M.Matched, M.PairAssigned, M.CohortMatched, M.SessionHeld, M.KickoffAnswered, M.Ended,
    Program.Launched, ReminderPolicy.Set, ReminderPolicy.Changed, Notification.Sent,
)
INDEXED_TOPICS = [get_topic(cls) for cls in INDEXED]
PAGE = 1000


@dataclass
class SchedulerIndex:
    """Pending requests, active pairs and program settings, read from the log incrementally.

    The index only proposes candidates; each command decides again on the aggregates.
    """

    position: int = 0
    requests: dict[UUID, PendingRequest] = field(default_factory=dict)
    pairs: dict[UUID, ActivePair] = field(default_factory=dict)
    cadences: dict[UUID, int] = field(default_factory=dict)
    policies: dict[UUID, ReminderDays] = field(default_factory=dict)
    request_programs: dict[UUID, UUID] = field(default_factory=dict)
    sent: dict[tuple[str, str], date] = field(default_factory=dict)
    """The latest business date of each time-driven notification (type, cause) sent."""

    def catch_up(self, application: Any) -> int:
        """Read the log from where the index stopped; returns how many events it took in."""
        taken = 0
        while True:
            records = application.recorder.select_notifications(
                self.position, PAGE, topics=INDEXED_TOPICS, inclusive_of_start=False
            )
            for record in records:
                self.take(application.mapper.to_domain_event(record))
                self.position = record.id
            taken += len(records)
            if len(records) < PAGE:
                return taken

    def take(self, event: Any) -> None:
        """Take one event into the index."""
        key = event.originator_id
        if isinstance(event, R.Made):
            self.request_programs[key] = event.program_id
        if isinstance(event, R.Made | R.Forwarded) and key in self.request_programs:
            self.requests[key] = PendingRequest(self.request_programs[key], event.respond_by)
        elif isinstance(event, R.Accepted | R.Declined | R.Expired | R.Withdrawn):
            self.requests.pop(key, None)
        elif isinstance(event, M.Matched | M.PairAssigned):
            day = event.effective_date
            self.pairs[key] = ActivePair(event.program_id, day, day)
        elif isinstance(event, M.SessionHeld) and key in self.pairs:
            pair = self.pairs[key]
            pair.last_meeting = max(pair.last_meeting, event.effective_date)
        elif isinstance(event, M.KickoffAnswered) and key in self.pairs:
            self.pairs[key].kickoff_answered_by.add(event.participant_id)
        elif isinstance(event, M.Ended):
            self.pairs.pop(key, None)
        elif isinstance(event, Notification.Sent) and event.notification_type in TIME_DRIVEN:
            sent = (event.notification_type, event.cause)
            self.sent[sent] = max(self.sent.get(sent, event.business_date), event.business_date)
        elif isinstance(event, Program.Launched):
            self.cadences[key] = cadence_days(event.meeting_cadence)
        elif isinstance(event, ReminderPolicy.Set):
            self.policies[event.program_id] = self._days(event)
        elif isinstance(event, ReminderPolicy.Changed):
            program = next((p for p in self.policies if ReminderPolicy.create_id(p) == key), None)
            if program is not None:
                self.policies[program] = self._days(event)

    @staticmethod
    def _days(event: Any) -> ReminderDays:
        return ReminderDays(
            event.due_soon_days, event.kickoff_after_days, event.survey_every_days
        )

    def days(self, program_id: UUID) -> ReminderDays:
        """The program's reminder days as the index knows them."""
        return self.policies.get(program_id, ReminderDays())

    def candidates(self, today: date) -> Iterator[Command[Any]]:
        """The commands due on ``today``: expiries first, then reminders and flags."""
        stamp = scheduler_stamp(today)
        for request_id, request in list(self.requests.items()):
            if request.respond_by < today:
                yield ExpireRequest(request_id=request_id, stamp=stamp)
        for request_id, request in list(self.requests.items()):
            soon = self.days(request.program_id).due_soon_days
            due = [d for d in request_reminder_dates(request.respond_by, soon) if d <= today]
            if (
                due
                and today <= request.respond_by
                and self._unsent(T.REQUEST_DUE_SOON, request_id, due[-1])
            ):
                yield RemindDueRequest(request_id=request_id, stamp=stamp)
        for mentorship_id, pair in list(self.pairs.items()):
            yield from self._pair_candidates(mentorship_id, pair, today, stamp)

    def _pair_candidates(
        self, mentorship_id: UUID, pair: ActivePair, today: date, stamp: Stamp
    ) -> Iterator[Command[Any]]:
        days = self.days(pair.program_id)
        cadence = self.cadences.get(pair.program_id, 14)
        dormant_since = pair.last_meeting + timedelta(days=2 * cadence)
        quiet = self._unsent(T.MENTORSHIP_DORMANT, mentorship_id, dormant_since)
        if dormant_since <= today and quiet:
            yield FlagDormantMentorship(mentorship_id=mentorship_id, stamp=stamp)
        kickoff_due = pair.started_on + timedelta(days=days.kickoff_after_days)
        if (
            len(pair.kickoff_answered_by) < 2
            and kickoff_due <= today
            and self._unsent(T.KICKOFF_DUE, mentorship_id, kickoff_due)
        ):
            yield RemindKickoff(mentorship_id=mentorship_id, stamp=stamp)
        survey_due = survey_due_date(pair.started_on, days.survey_every_days, today)
        if survey_due is not None and self._unsent(T.SURVEY_DUE, mentorship_id, survey_due):
            yield RemindSurvey(mentorship_id=mentorship_id, stamp=stamp)

    def _unsent(self, kind: NotificationType, cause: UUID, due: date) -> bool:
        """Whether no notification of ``kind`` about ``cause`` was sent for ``due`` or later."""
        latest = self.sent.get((kind.value, str(cause)))
        return latest is None or latest < due


# --- one pass -------------------------------------------------------------------------------


@dataclass
class PassReport:
    """What one pass did: commands run, and how many recorded something."""

    today: date
    commands: int = 0
    recorded: int = 0
    failed: int = 0


CRASH_AFTER_VARIABLE = "MENTORING_SCHEDULER_CRASH_AFTER"
"""Test hook: SIGKILL this process after that many commands of a pass (fault injection)."""
DELAY_VARIABLE = "MENTORING_SCHEDULER_COMMAND_DELAY"
"""Test hook: seconds to wait before each command, so a test can kill a pass in the middle."""


def run_pass(
    service: Any,
    index: SchedulerIndex,
    today: date,
    on_command: Callable[[int], None] | None = None,
) -> PassReport:
    """Catch the index up, then run every command due on ``today`` (each its own save)."""
    index.catch_up(service)
    report = PassReport(today)
    crash_after = os.environ.get(CRASH_AFTER_VARIABLE)
    delay = float(os.environ.get(DELAY_VARIABLE) or 0)
    for command in list(index.candidates(today)):
        if crash_after is not None and report.commands >= int(crash_after):
            log.warning("scheduler_crash_injected", after=report.commands)
            os.kill(os.getpid(), signal.SIGKILL)
        report.commands += 1
        if delay:
            time.sleep(delay)
        try:
            recorded = bool(service.handle(command))
        except OperationalError:
            raise  # the store failed (unreachable, fenced): stop the pass, nothing is lost
        except Exception as error:  # one bad candidate must not stop the others
            report.failed += 1
            log.error(
                "scheduler_command_failed", command=command.type_name(), error=str(error),
                error_type=type(error).__name__,
            )
            continue
        report.recorded += int(recorded)
        if on_command is not None:
            on_command(report.commands)
    log.info(
        "scheduler_pass", today=today.isoformat(), commands=report.commands,
        recorded=report.recorded, failed=report.failed,
    )
    return report
