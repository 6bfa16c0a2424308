"""Reads of private texts from the CLI, recorded like the HTTP ones (`GET /audit/private-reads`).

`mentoring audit history ... --include-private` and `mentoring audit state` (which replays
private attributes such as a request's reason) show private texts; before they are printed a
``PrivateRead`` naming the reader (`--as NAME`, else the operating-system user) is saved in the
log. If the store does not take it, nothing is printed.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from domain.base import Stamp
from domain.errors import NotFound
from domain.mentorships import Mentorship
from domain.reads import PrivateRead
from services.mentoring import MentoringService

CLI_ROLE = "cli"


def cli_reader(identity: str | None) -> str:
    """The actor a CLI read is recorded under: `cli:<--as>` or `cli:<OS user>`."""
    return f"{CLI_ROLE}:{identity or getpass.getuser()}"


def record_cli_read(
    service: MentoringService, reader: str, route: str, subject: str,
    concerns: tuple[str, ...] = (),
) -> None:
    """Record that ``reader`` reads the private texts of ``subject`` through the CLI."""
    read = PrivateRead.record(
        role=CLI_ROLE, route=route, subject=subject,
        mentorship_id=_mentorship(service, subject), concerns=concerns,
        request_id=uuid4().hex, stamp=Stamp(reader, datetime.now(UTC).date()),
    )
    service.save(read)


def shows_private_state(aggregate_type: str, state: dict[str, object]) -> bool:
    """Whether a replayed state holds a private text (an attribute its events declare private)."""
    from gateways.entrypoints.http.routers.audit import private_attributes

    return any(isinstance(state.get(name), str) for name in private_attributes(aggregate_type))


def _mentorship(service: MentoringService, subject: str) -> UUID | None:
    try:
        mentorship_id = UUID(subject)
        service.load(Mentorship, mentorship_id)
    except (ValueError, NotFound):
        return None
    return mentorship_id
