"""The state of an aggregate as of a version or a recorded instant, replayed from given events.

No I/O: the caller reads the aggregate's events (decoded, in version order); the events are
applied by the aggregate's own code (the library's ``project_aggregate``), so the answer is
what the system knew then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import takewhile
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, project_aggregate
from eventsourcing.domain import Aggregate, DomainEvent, DomainEventProtocol
from eventsourcing.utils import get_topic

from gateways.audit.logic.jsonable import jsonable, public_attributes
from gateways.audit.logic.privacy import REDACTED

PRIVATE_STATE: frozenset[str] = frozenset()
"""Aggregate attributes never shown to auditors (none today: texts live only in events)."""

Events = Iterable[DomainEventProtocol[Any]]


class NothingRecordedYet(LookupError):
    """The aggregate had no event recorded at or before the instant asked about."""


@dataclass(frozen=True)
class AggregateState:
    """An aggregate as it was: its class, version, first and last recorded times, attributes."""

    aggregate_id: str
    aggregate_type: str
    version: int
    created_at: str
    modified_at: str
    state: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The state as a JSON object."""
        return asdict(self)


def recorded_by(events: Events, instant: datetime) -> list[DomainEventProtocol[Any]]:
    """The events recorded at or before ``instant`` (timezone-aware), in order."""
    return list(takewhile(lambda e: cast("DomainEvent", e).timestamp <= instant, events))


def replay(
    aggregate_id: UUID, events: Events, *, version: int | None = None,
    at: datetime | None = None,
) -> AggregateState:
    """Apply the aggregate's ``events`` up to ``version`` (or the instant ``at``); else all.

    ``at`` wins over ``version``. Raises ``AggregateNotFoundError`` when there are no events
    (or none up to ``version``) or the version is beyond the last, ``NothingRecordedYet``
    when ``at`` precedes the first event.
    """
    if at is not None:
        chosen = recorded_by(events, at)
        if not chosen:
            raise NothingRecordedYet(
                f"nothing of {aggregate_id} was recorded by {at.isoformat()}"
            )
        version = None
    else:
        chosen = [e for e in events if version is None or e.originator_version <= version]
    aggregate: Aggregate | None = project_aggregate(None, chosen)
    if aggregate is None:
        raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} version {version!r} not found.")
    if version is not None and aggregate.version != version:
        raise AggregateNotFoundError(f"{aggregate_id} has no version {version}")
    return aggregate_state(aggregate)


def aggregate_state(aggregate: Aggregate) -> AggregateState:
    """What auditors see of ``aggregate``: its public attributes, as JSON values."""
    state = {
        name: REDACTED if name in PRIVATE_STATE else value
        for name, value in public_attributes(aggregate).items()
    }
    return AggregateState(
        aggregate_id=str(aggregate.id),
        aggregate_type=get_topic(type(aggregate)),
        version=aggregate.version,
        created_at=jsonable(aggregate.created_on),
        modified_at=jsonable(aggregate.modified_on),
        state=state,
    )
