"""Who may act: the rules that depend on the actor, and the errors that refuse an actor.

An event's ``actor`` is an employee's HRIS id when a person acts (HRIS ids never contain a
colon), or a service actor: ``system``, ``scheduler``, ``hris``, or a caller's role and key,
such as ``admin:3f9a0c1d2e4b`` (see ``Caller.actor`` in the HTTP gateway). Admins and the
system act with authority: they may end any mentorship and nominate anyone; a person acts only
where a relation allows (a participant of the mentorship, the addressed mentor of a request,
the program's sponsor or the nominee's managers).
"""

from __future__ import annotations

from domain.base import HRIS_ACTOR, SCHEDULER_ACTOR, SYSTEM_ACTOR
from domain.errors import RuleViolation

SERVICE_ACTORS = frozenset({SYSTEM_ACTOR, SCHEDULER_ACTOR, HRIS_ACTOR})
"""The actors of the application's own policies and of the HRIS feed."""

AUTHORITY_ROLES = frozenset({"admin", "hris", "scheduler", "system"})
"""The roles whose keyed actors (``role:key``) act with authority."""


def acts_with_authority(actor: str) -> bool:
    """Whether ``actor`` is an admin or a service actor rather than an employee."""
    role, keyed, _ = actor.partition(":")
    return actor in SERVICE_ACTORS or (bool(keyed) and role in AUTHORITY_ROLES)


class NotPermitted(RuleViolation):
    """The actor has no relation that allows this command (HTTP 403)."""

    rule = "not-permitted"


class NotAllowedToNominate(NotPermitted):
    """Only the program's sponsor and those the program allows nominate mentors."""

    rule = "not-allowed-to-nominate"
