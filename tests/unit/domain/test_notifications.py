"""The Notification and ReminderPolicy aggregates, and reading a program's meeting cadence."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.base import Stamp
from domain.errors import InvalidValue
from domain.notifications import Notification, NotificationType, ReminderPolicy, cadence_days

STAMP = Stamp("scheduler", date(2024, 3, 15))


def sent(recipient: str = "M1", day: date = date(2024, 3, 15), cause: str = "c") -> Notification:
    """A request-due-soon notification."""
    return Notification.send(
        notification_type=NotificationType.REQUEST_DUE_SOON, recipient_id=recipient,
        business_date=day, cause=cause, stamp=STAMP,
    )


def test_the_same_cause_recipient_and_day_give_the_same_id() -> None:
    assert sent().id == sent().id
    assert len({sent().id, sent("M2").id, sent(day=date(2024, 3, 16)).id, sent(cause="d").id}) == 4


def test_a_notification_records_ids_and_dates_only() -> None:
    request_id = uuid4()
    notification = Notification.send(
        notification_type=NotificationType.REQUEST_EXPIRED, recipient_id="T1",
        business_date=date(2024, 3, 16), cause="x", stamp=STAMP, request_id=request_id,
    )
    (event,) = notification.collect_events()
    assert isinstance(event, Notification.Sent)
    assert (event.notification_type, event.recipient_id) == ("request-expired", "T1")
    assert (event.request_id, event.program_id, event.business_date) == (
        request_id, None, date(2024, 3, 16),
    )


def test_an_unknown_type_or_no_recipient_is_refused() -> None:
    with pytest.raises(ValueError):
        Notification.send(
            notification_type="gossip",  # type: ignore[arg-type]
            recipient_id="T1", business_date=STAMP.effective_date, cause="x", stamp=STAMP,
        )
    with pytest.raises(InvalidValue):
        sent(recipient="")


def test_a_reminder_policy_changes_only_when_its_days_change() -> None:
    policy = ReminderPolicy.set(
        program_id=uuid4(), due_soon_days=3, kickoff_after_days=7, survey_every_days=90,
        stamp=STAMP,
    )
    policy.change(due_soon_days=3, kickoff_after_days=7, survey_every_days=90, stamp=STAMP)
    assert policy.version == 1
    policy.change(due_soon_days=5, kickoff_after_days=7, survey_every_days=90, stamp=STAMP)
    assert (policy.version, policy.due_soon_days) == (2, 5)


@pytest.mark.parametrize("days", [(-1, 7, 90), (3, -1, 90), (3, 7, 0)])
def test_negative_reminder_days_are_refused(days: tuple[int, int, int]) -> None:
    soon, kickoff, survey = days
    with pytest.raises(InvalidValue):
        ReminderPolicy.set(
            program_id=uuid4(), due_soon_days=soon, kickoff_after_days=kickoff,
            survey_every_days=survey, stamp=STAMP,
        )


@pytest.mark.parametrize(
    ("cadence", "days"),
    [
        ("weekly", 7), ("biweekly", 14), ("Bi-weekly", 14), ("every two weeks", 14),
        ("every 10 days", 10), ("monthly", 30), ("every month", 30), ("every 3 weeks", 21),
        ("whenever", 14), ("every 0 days", 14),
    ],
)
def test_a_free_text_meeting_cadence_is_read_in_days(cadence: str, days: int) -> None:
    assert cadence_days(cadence) == days
