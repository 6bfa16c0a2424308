"""What every aggregate and event of the mentoring domain shares.

Every event carries ``actor`` (who did it: an HRIS employee id, "hris", "scheduler" or
"system") and ``effective_date`` (when it happened in the business), besides the library's
``timestamp`` (when it was recorded), and a ``class_version`` so its schema can evolve.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

NAMESPACE = UUID("6f1c1c6e-3a52-4c8e-9a57-0d5b3c2f7a10")
"""The uuid5 namespace of every natural key: ``uuid5(NAMESPACE, "<kind>:<key>")``."""

SYSTEM_ACTOR = "system"
SCHEDULER_ACTOR = "scheduler"
HRIS_ACTOR = "hris"


def natural_id(kind: str, *parts: str | UUID) -> UUID:
    """The deterministic aggregate id of a natural key, e.g. ``natural_id("employee", "E1001")``."""
    return uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in parts)]))


class MentoringAggregate(Aggregate):
    """Base aggregate: its events carry the actor and the business effective date."""

    class Event(Aggregate.Event):
        """Base event of the mentoring domain."""

        class_version = 1  # raise it, with an upcast_vN_vN+1 static method, when a schema changes

        actor: str
        effective_date: date

    class Created(Event, Aggregate.Created):
        """Base creation event of the mentoring domain."""
