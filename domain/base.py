"""What every aggregate and event of the mentoring domain shares.

Every event carries ``actor`` (who did it: an HRIS employee id, "hris", "scheduler" or
"system") and ``effective_date`` (when it happened in the business), besides the library's
``timestamp`` (when it was recorded), and a ``class_version`` so its schema can evolve.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import NotFound

NAMESPACE = UUID("6f1c1c6e-3a52-4c8e-9a57-0d5b3c2f7a10")
"""The uuid5 namespace of every natural key: ``uuid5(NAMESPACE, "<kind>:<key>")``."""

D = TypeVar("D")

SYSTEM_ACTOR = "system"
SCHEDULER_ACTOR = "scheduler"
HRIS_ACTOR = "hris"


def natural_id(kind: str, *parts: str | UUID) -> UUID:
    """The deterministic aggregate id of a natural key, e.g. ``natural_id("employee", "E1001")``."""
    return uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in parts)]))


def same_named(cls: type[D], source: object, **given: Any) -> D:
    """A ``cls`` dataclass of the fields ``given``, the others the same-named attributes of
    ``source`` (an event, a command, an aggregate)."""
    return cls(**{
        field.name: given[field.name] if field.name in given else getattr(source, field.name)
        for field in fields(cls)  # type: ignore[arg-type]
    })


@dataclass(frozen=True)
class Stamp:
    """Who did something (``actor``) and when it happened in the business (``effective_date``).

    Every command carries one; domain methods take it as ``stamp=`` and put both fields on the
    events they trigger (``**stamp.fields``), so who and when never travel as loose arguments.
    """

    actor: str
    effective_date: date

    @property
    def fields(self) -> dict[str, Any]:
        """The two event fields it stands for."""
        return {"actor": self.actor, "effective_date": self.effective_date}

    def on(self, effective_date: date) -> Stamp:
        """The same actor on another business date."""
        return Stamp(self.actor, effective_date)


class MentoringAggregate(Aggregate):
    """Base aggregate: its events carry the actor and the business effective date.

    ``not_found`` is the error a load of an unknown id raises, and ``noun`` names the aggregate
    in its message ("request 5f0c… not found"); each aggregate class names its own.
    """

    not_found: ClassVar[type[NotFound]] = NotFound
    noun: ClassVar[str] = "aggregate"

    class Event(Aggregate.Event):
        """Base event of the mentoring domain."""

        class_version = 1  # raise it, with an upcast_vN_vN+1 static method, when a schema changes
        private_fields: ClassVar[frozenset[str]] = frozenset()
        """Fields only the pair and admins may read (free texts); audits show them redacted."""

        actor: str
        effective_date: date

    class Created(Event, Aggregate.Created):
        """Base creation event of the mentoring domain."""


_BASE_FIELDS = frozenset(field.name for field in fields(MentoringAggregate.Created))


def _own_fields(event_class: type[MentoringAggregate.Created]) -> list[str]:
    """The fields ``event_class`` declares besides those every creation event carries."""
    return [field.name for field in fields(event_class) if field.name not in _BASE_FIELDS]


class CreatedWithState(MentoringAggregate.Created):
    """A creation event whose own fields are the aggregate's first state: ``apply`` sets each
    on the aggregate, so the aggregate needs no ``__init__`` restating them. (Declared here,
    not nested in ``MentoringAggregate``, whose nested events the library redefines in every
    aggregate.)"""

    def apply(self, aggregate: Any) -> None:
        for name in _own_fields(type(self)):
            value = getattr(self, name)  # a tuple reads back from JSON as a list
            setattr(aggregate, name, tuple(value) if isinstance(value, list) else value)
