"""The notification outbox over HTTP (notifier, admin): every notification in order, by cursor;
and a program's reminder policy (admin).

``GET /notifications?after=<cursor>&limit=<n>`` returns the notifications recorded after the
cursor, oldest first, and ``next``, the cursor to send on the next call (the same cursor when
nothing new was recorded). Start without ``after``. Notifications carry ids and dates only.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import AdminCaller, NewCommandDep, ServiceDep
from gateways.entrypoints.http.models.common import CommandBody, Recorded
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import api_router
from services import scheduling
from services.notifications import parse_cursor, read_feed

router = api_router("notifications")

NotifierCaller = Annotated[Caller, Depends(require(Role.NOTIFIER, Role.ADMIN))]
MAX_LIMIT = 1000


class NotificationView(BaseModel):
    """One notification: whom to tell, what about (ids), and the business date."""

    id: str = Field(description="the notification's id: the same notification never repeats")
    type: str = Field(description="e.g. request-received, request-due-soon (docs/notifications)")
    recipient: str = Field(description="the recipient's HRIS id")
    created_at: str = Field(description="when it was recorded (ISO-8601, UTC)")
    business_date: str = Field(description="the business day it is about (ISO date)")
    program_id: str | None = None
    request_id: str | None = None
    mentorship_id: str | None = None
    story_id: str | None = None
    cursor: str = Field(description="the cursor just after this notification")


class NotificationPage(BaseModel):
    """Notifications in order and the cursor to read on from."""

    notifications: list[NotificationView]
    next: str = Field(description="send it as `after` on the next call")


@router.get("/notifications", summary="The notification outbox, after a cursor")
def list_notifications(
    caller: NotifierCaller,
    service: ServiceDep,
    after: Annotated[str | None, Query(description="the `next` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many")] = 100,
) -> NotificationPage:
    """The notifications recorded after ``after``, oldest first, at most ``limit``."""
    try:
        position = parse_cursor(after)
    except ValueError:
        raise HttpProblem(
            422, "invalid-cursor", "`after` must be a `next` this API returned"
        ) from None
    page = read_feed(service, position, limit)
    return NotificationPage(
        notifications=[NotificationView(**item) for item in page.notifications], next=page.next
    )


Days = Annotated[int, Field(ge=0, le=365)]


class SetReminderPolicy(CommandBody, command=scheduling.SetReminderPolicy):
    """When the scheduler reminds, for one program."""

    due_soon_days: Days = Field(
        default=3, description="remind the mentor this many days before a respond-by date"
    )
    kickoff_after_days: Days = Field(
        default=7, description="remind the pair this many days after the start, if not answered"
    )
    survey_every_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        default=90, description="the survey falls due this often after the start"
    )


@router.put("/programs/{program_id}/reminder-policy", summary="Set a program's reminder days")
def set_reminder_policy(
    program_id: UUID, caller: AdminCaller, context: NewCommandDep, body: SetReminderPolicy,
    service: ServiceDep,
) -> Recorded:
    """Set when the scheduler reminds mentors and pairs in this program."""
    return Recorded(id=service.handle(body.to_command(context, program_id=program_id)))
