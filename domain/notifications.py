"""Notifications: the recorded fact that someone was told something, and the reminder rules.

A ``Notification`` is created once and never changes: its id is derived from its type, its
cause, its recipient and its business date, so the same notification decided twice (a re-run
of the same day, a second scheduler, a retry after a crash) collides on creation and is
recorded once. It carries ids and dates only, never free texts.

A program's ``ReminderPolicy`` says when the scheduler reminds: how many days before a request's
respond-by date the addressed mentor is reminded (and again on the day), after how many days a
pair that has not answered the kickoff questionnaire is reminded, and how often the survey is due.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.base import CreatedWithState, MentoringAggregate, Stamp, natural_id
from domain.errors import InvalidValue, NotFound

DEFAULT_DUE_SOON_DAYS = 3
DEFAULT_KICKOFF_AFTER_DAYS = 7
DEFAULT_SURVEY_EVERY_DAYS = 90


class NotificationType(StrEnum):
    """Every kind of notification the outbox carries (see docs/notifications.md)."""

    REQUEST_RECEIVED = "request-received"
    REQUEST_DUE_SOON = "request-due-soon"
    REQUEST_EXPIRED = "request-expired"
    REQUEST_FORWARDED = "request-forwarded"
    REQUEST_ACCEPTED = "request-accepted"
    REQUEST_DECLINED = "request-declined"
    REQUEST_WITHDRAWN = "request-withdrawn"
    MENTORSHIP_STARTED = "mentorship-started"
    MENTORSHIP_DORMANT = "mentorship-dormant"
    KICKOFF_DUE = "kickoff-due"
    SURVEY_DUE = "survey-due"
    MENTORSHIP_ENDED = "mentorship-ended"
    NOMINATION_RECEIVED = "nomination-received"
    STORY_RECORDED = "story-recorded"


class NotificationNotFound(NotFound):
    """No notification has this id."""


class Notification(MentoringAggregate):
    """One notification to one recipient (an HRIS id), about ids, on a business date."""

    not_found = NotificationNotFound
    noun = "notification"

    class Sent(CreatedWithState):
        """The notification was decided; the outbox delivers it to ``recipient_id``.

        ``cause`` names what caused it (an event ``<aggregate id>@<version>``, or a due date's
        subject ``<aggregate id>``); ``business_date`` is the day it is about.
        """

        notification_type: str
        recipient_id: str
        business_date: date
        cause: str
        program_id: UUID | None
        request_id: UUID | None
        mentorship_id: UUID | None
        story_id: UUID | None

    @staticmethod
    def create_id(
        notification_type: str, cause: str, recipient_id: str, business_date: date
    ) -> UUID:
        """The deterministic id: the same type, cause, recipient and day give the same id."""
        return natural_id(
            "notification", notification_type, cause, recipient_id, business_date.isoformat()
        )

    @classmethod
    def send(
        cls,
        *,
        notification_type: NotificationType,
        recipient_id: str,
        business_date: date,
        cause: str,
        stamp: Stamp,
        program_id: UUID | None = None,
        request_id: UUID | None = None,
        mentorship_id: UUID | None = None,
        story_id: UUID | None = None,
    ) -> Notification:
        """Decide a notification (its id says whether it was decided before)."""
        kind = NotificationType(notification_type)
        if not recipient_id:
            raise InvalidValue("a notification needs a recipient")
        return cls._create(
            cls.Sent,
            id=cls.create_id(kind.value, cause, recipient_id, business_date),
            notification_type=kind.value,
            recipient_id=recipient_id,
            business_date=business_date,
            cause=cause,
            program_id=program_id,
            request_id=request_id,
            mentorship_id=mentorship_id,
            story_id=story_id,
            **stamp.fields,
        )

class ReminderPolicyNotFound(NotFound):
    """The program has no reminder policy of its own (the defaults apply)."""


class ReminderPolicy(MentoringAggregate):
    """When the scheduler reminds, for one program (absent: the defaults)."""

    not_found = ReminderPolicyNotFound
    noun = "reminder policy"
    program_id: UUID  # the state: the Set fields, then the Changed days
    due_soon_days: int
    kickoff_after_days: int
    survey_every_days: int

    class Set(CreatedWithState):
        """An admin set the program's reminder days."""

        program_id: UUID
        due_soon_days: int
        kickoff_after_days: int
        survey_every_days: int

    class Changed(MentoringAggregate.Event):
        """An admin changed the program's reminder days."""

        due_soon_days: int
        kickoff_after_days: int
        survey_every_days: int

        def apply(self, aggregate: ReminderPolicy) -> None:
            aggregate.due_soon_days = self.due_soon_days
            aggregate.kickoff_after_days = self.kickoff_after_days
            aggregate.survey_every_days = self.survey_every_days

    @staticmethod
    def create_id(program_id: UUID) -> UUID:
        """The policy's id: one per program."""
        return natural_id("reminder-policy", program_id)

    @staticmethod
    def check_days(due_soon_days: int, kickoff_after_days: int, survey_every_days: int) -> None:
        """Refuse negative reminder days and a survey period under a day."""
        if due_soon_days < 0 or kickoff_after_days < 0:
            raise InvalidValue("reminder days cannot be negative")
        if survey_every_days < 1:
            raise InvalidValue("the survey period must be at least one day")

    @classmethod
    def set(
        cls,
        *,
        program_id: UUID,
        due_soon_days: int,
        kickoff_after_days: int,
        survey_every_days: int,
        stamp: Stamp,
    ) -> ReminderPolicy:
        """The program's first policy."""
        cls.check_days(due_soon_days, kickoff_after_days, survey_every_days)
        return cls._create(
            cls.Set,
            id=cls.create_id(program_id),
            program_id=program_id,
            due_soon_days=due_soon_days,
            kickoff_after_days=kickoff_after_days,
            survey_every_days=survey_every_days,
            **stamp.fields,
        )

    def change(
        self, *, due_soon_days: int, kickoff_after_days: int, survey_every_days: int, stamp: Stamp
    ) -> None:
        """Change the days (no event when nothing changes)."""
        self.check_days(due_soon_days, kickoff_after_days, survey_every_days)
        days = (due_soon_days, kickoff_after_days, survey_every_days)
        if days == (self.due_soon_days, self.kickoff_after_days, self.survey_every_days):
            return
        self.trigger_event(
            self.Changed,
            due_soon_days=due_soon_days,
            kickoff_after_days=kickoff_after_days,
            survey_every_days=survey_every_days,
            **stamp.fields,
        )


def cadence_days(meeting_cadence: str) -> int:
    """The days between meetings a program's free-text cadence means (14 if not understood).

    Understands "weekly", "biweekly", "fortnightly", "monthly", "quarterly", "daily" and
    "every N days|weeks|months" (N in digits or one to twelve in words).
    """
    text = meeting_cadence.strip().lower().replace("-", " ")
    named = {
        "daily": 1, "weekly": 7, "biweekly": 14, "bi weekly": 14, "fortnightly": 14,
        "monthly": 30, "bimonthly": 60, "quarterly": 91,
    }
    if text in named:
        return named[text]
    words = text.split()
    numbers = {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "other": 2,
    }
    units = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
    if len(words) in (2, 3) and words[0] == "every":
        count = 1 if len(words) == 2 else _count(words[1], numbers)
        unit = units.get(words[-1])
        if count is not None and count > 0 and unit is not None:
            return count * unit
    return 14


def _count(word: str, numbers: dict[str, int]) -> int | None:
    if word.isdigit():
        return int(word)
    return numbers.get(word)
