"""Reads of private texts: recorded before the texts are sent, listed for auditors.

A route that shows private texts (the pair's private record, an admin's unredacted audit
history) first records a ``PrivateRead`` in the application's log: if the store does not take
it, the texts are not sent (503). Auditors list the reads by scanning the log for that one
event topic, filtered by reader (or the employees concerned) and mentorship.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

import structlog

from domain.base import Stamp, same_named
from domain.reads import PrivateRead
from gateways.entrypoints.http.auth.callers import Caller
from gateways.recorded_facts import recorded, save_once
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PrivateSubject:
    """What a route shows the private texts of, and whose texts they are."""

    route: str
    subject: str
    mentorship_id: UUID | None = None
    concerns: tuple[str, ...] = ()


def record_private_read(service: MentoringService, caller: Caller, what: PrivateSubject) -> None:
    """Record that the caller reads ``what``'s private texts (once per request and subject)."""
    request_id = structlog.contextvars.get_contextvars().get("request_id") or uuid4().hex
    read = PrivateRead.record(
        role=caller.role.value,
        route=what.route,
        subject=what.subject,
        mentorship_id=what.mentorship_id,
        concerns=what.concerns,
        request_id=str(request_id),
        stamp=Stamp(caller.actor, datetime.now(UTC).date()),
    )
    if not save_once(service, read):
        log.info("private_read_already_recorded", subject=what.subject)
        return
    log.info("private_read_recorded", subject=what.subject, route=what.route)


@dataclass(frozen=True)
class RecordedRead:
    """One recorded read of private texts."""

    read_id: UUID
    reader: str
    role: str
    route: str
    subject: str
    mentorship_id: UUID | None
    concerns: tuple[str, ...]
    read_at: datetime
    request_id: str


def private_reads(
    service: MentoringService, *, employee: str | None = None, mentorship: UUID | None = None
) -> Iterator[RecordedRead]:
    """The recorded reads, oldest first: by or about ``employee``, of ``mentorship``."""
    for event in recorded(service, PrivateRead.PrivateTextRead):
        if mentorship is not None and event.mentorship_id != mentorship:
            continue
        if employee is not None and employee != event.actor and employee not in event.concerns:
            continue
        yield same_named(
            RecordedRead, event, read_id=event.originator_id, reader=event.actor,
            concerns=tuple(event.concerns), read_at=event.timestamp,
        )
