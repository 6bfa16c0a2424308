"""The notification policy and the outbox feed.

``notify`` adds a ``Notification`` to a command's working set, so it is saved in the same
atomic save as the change that causes it, unless one with the same deterministic id exists
(then nothing happens: a re-run sends nothing twice). ``notify_changes`` derives the
event-driven notifications (a request received, accepted, ...; a mentorship started or ended;
a nomination; a success story) from the events a command is about to save; the mentoring
service calls it for every command, so every path that records such an event notifies.

``read_feed`` is the outbox: the ``Notification.Sent`` events of the application's event log
in log order, after a cursor (the log position of the last one read).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.base import MentoringAggregate, Stamp
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.notifications import Notification, NotificationType
from domain.requests import MentorshipRequest
from domain.stories import SuccessStory
from services.changes import Changes

T = NotificationType
SENT_TOPIC = get_topic(Notification.Sent)
"""The mapper topic of the notification events, to select them from the log."""


@dataclass(frozen=True)
class Concerned:
    """The ids a notification concerns (None: not about one)."""

    program_id: UUID | None = None
    request_id: UUID | None = None
    mentorship_id: UUID | None = None
    story_id: UUID | None = None


def notify(
    changes: Changes,
    notification_type: NotificationType,
    recipient_id: str,
    stamp: Stamp,
    *,
    cause: str,
    concerned: Concerned,
    business_date: date | None = None,
) -> bool:
    """Add the notification to ``changes`` unless it exists; returns whether it was added.

    ``business_date`` (the day it is about) defaults to the stamp's date.
    """
    day = business_date or stamp.effective_date
    notification_id = Notification.create_id(notification_type.value, cause, recipient_id, day)
    if changes.exists(notification_id):
        return False
    changes.add(
        Notification.send(
            notification_type=notification_type,
            recipient_id=recipient_id,
            business_date=day,
            cause=cause,
            stamp=stamp,
            **asdict(concerned),
        )
    )
    return True


@dataclass(frozen=True)
class Planned:
    """One event-driven notification: its type, recipient and the ids it concerns."""

    notification_type: NotificationType
    recipient_id: str
    concerned: Concerned


def notify_changes(changes: Changes) -> int:
    """Notify about every event the working set is about to save; returns how many were added."""
    added = 0
    for aggregate in changes.all():
        if isinstance(aggregate, Notification):
            continue
        for event in list(aggregate.pending_events):
            assert isinstance(event, MentoringAggregate.Event)
            stamp = Stamp(event.actor, event.effective_date)
            cause = f"{event.originator_id}@{event.originator_version}"
            for plan in _planned(changes, aggregate, event):
                added += notify(
                    changes, plan.notification_type, plan.recipient_id, stamp, cause=cause,
                    concerned=plan.concerned,
                )
    return added


def _planned(changes: Changes, aggregate: Any, event: Any) -> Iterator[Planned]:
    if isinstance(aggregate, MentorshipRequest):
        yield from _request_plans(aggregate, event)
    elif isinstance(aggregate, Mentorship):
        yield from _mentorship_plans(aggregate, event)
    elif isinstance(aggregate, MentorEnrolment) and isinstance(event, MentorEnrolment.Nominated):
        concerned = Concerned(program_id=aggregate.program_id)
        yield Planned(T.NOMINATION_RECEIVED, aggregate.employee_id, concerned)
    elif isinstance(aggregate, SuccessStory) and isinstance(event, SuccessStory.Recorded):
        about = Concerned(
            program_id=aggregate.program_id,
            mentorship_id=aggregate.mentorship_id,
            story_id=aggregate.id,
        )
        for person in story_audience(changes, aggregate.employee_ids):
            yield Planned(T.STORY_RECORDED, person, about)


def _request_plans(request: MentorshipRequest, event: Any) -> Iterator[Planned]:
    ids = Concerned(program_id=request.program_id, request_id=request.id)
    R = MentorshipRequest
    if isinstance(event, R.Made):
        yield Planned(T.REQUEST_RECEIVED, event.choices[0], ids)
    elif isinstance(event, R.Forwarded):
        yield Planned(T.REQUEST_FORWARDED, request.mentee_id, ids)
        yield Planned(T.REQUEST_RECEIVED, event.to_mentor_id, ids)
    elif isinstance(event, R.Accepted):
        accepted = replace(ids, mentorship_id=event.mentorship_id)
        yield Planned(T.REQUEST_ACCEPTED, request.mentee_id, accepted)
    elif isinstance(event, R.Declined):
        yield Planned(T.REQUEST_DECLINED, request.mentee_id, ids)
    elif isinstance(event, R.Expired):
        yield Planned(T.REQUEST_EXPIRED, request.mentee_id, ids)
        yield Planned(T.REQUEST_EXPIRED, event.mentor_id, ids)
    elif isinstance(event, R.Withdrawn):
        yield Planned(T.REQUEST_WITHDRAWN, request.mentor_id, ids)


def _mentorship_plans(mentorship: Mentorship, event: Any) -> Iterator[Planned]:
    ids = Concerned(program_id=mentorship.program_id, mentorship_id=mentorship.id)
    kind: NotificationType | None = None
    if isinstance(event, Mentorship.Matched | Mentorship.PairAssigned):
        kind = T.MENTORSHIP_STARTED
    elif isinstance(event, Mentorship.Ended):
        kind = T.MENTORSHIP_ENDED
    if kind is not None:
        for person in (mentorship.mentee_id, mentorship.mentor_id):
            yield Planned(kind, person, ids)


def story_audience(changes: Changes, employee_ids: Iterable[str]) -> list[str]:
    """Each person named in a story and each one's manager (HRIS org chart), once each."""
    audience: list[str] = []
    for person in employee_ids:
        employee = changes.find_employee(person)
        manager = employee.manager_id if employee is not None else None
        for recipient in (person, manager):
            if recipient and recipient not in audience:
                audience.append(recipient)
    return audience


# --- the outbox feed ---------------------------------------------------------------------


@dataclass(frozen=True)
class FeedPage:
    """Notifications in log order, and the cursor to read on from."""

    notifications: list[dict[str, Any]]
    next: str


MAX_CURSOR = 2**63 - 1


def parse_cursor(cursor: str | None) -> int:
    """The log position a cursor names (absent: the start); ValueError if malformed."""
    if cursor is None or cursor == "":
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 19:
        raise ValueError("a cursor is a log position: decimal digits")
    position = int(cursor)
    if position > MAX_CURSOR:
        raise ValueError("a cursor is a log position: too large")
    return position


def read_feed(application: Any, after: int, limit: int) -> FeedPage:
    """Up to ``limit`` notifications after log position ``after``, in log order."""
    records = application.recorder.select_notifications(
        after, limit, topics=[SENT_TOPIC], inclusive_of_start=False
    )
    items = [
        notification_json(application.mapper.to_domain_event(record), record.id)
        for record in records
    ]
    position = records[-1].id if records else after
    return FeedPage(items, str(position))


def notification_json(event: Notification.Sent, position: int | None = None) -> dict[str, Any]:
    """The JSON a notifier reads: ids and dates only, never texts."""
    item: dict[str, Any] = {
        "id": str(event.originator_id),
        "type": event.notification_type,
        "recipient": event.recipient_id,
        "created_at": event.timestamp.isoformat(),
        "business_date": event.business_date.isoformat(),
        "program_id": _text(event.program_id),
        "request_id": _text(event.request_id),
        "mentorship_id": _text(event.mentorship_id),
        "story_id": _text(event.story_id),
    }
    if position is not None:
        item["cursor"] = str(position)
    return item


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)
