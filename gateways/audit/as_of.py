"""The state of an aggregate as of a version or a recorded instant, by replaying its events.

Never from projections: the events are read from the store and applied by the aggregate's
own code (``repository.get(id, version=N)``), so the answer is what the system knew then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from gateways.audit.jsonable import jsonable, public_attributes
from gateways.audit.privacy import REDACTED

PRIVATE_STATE: frozenset[str] = frozenset()
"""Aggregate attributes never shown to auditors (none today: texts live only in events)."""


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
        return {
            "aggregate_id": self.aggregate_id,
            "aggregate_type": self.aggregate_type,
            "version": self.version,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
            "state": self.state,
        }


def version_at(app: Application[Any], aggregate_id: UUID, instant: datetime) -> int:
    """The last version of the aggregate recorded at or before ``instant`` (timezone-aware)."""
    version = 0
    for stored in app.recorder.select_events(aggregate_id):
        recorded: Any = app.mapper.to_domain_event(stored)
        if recorded.timestamp > instant:
            break
        version = stored.originator_version
    if version == 0:
        raise NothingRecordedYet(f"nothing of {aggregate_id} was recorded by {instant.isoformat()}")
    return version


def state_as_of(
    app: Application[Any],
    aggregate_id: UUID,
    *,
    version: int | None = None,
    at: datetime | None = None,
) -> AggregateState:
    """Replay the aggregate's events up to ``version`` (or the instant ``at``); else all.

    Raises ``AggregateNotFoundError`` for an unknown id, ``NothingRecordedYet`` when ``at``
    precedes its first event.
    """
    if at is not None:
        version = version_at(app, aggregate_id, at)
    aggregate: Aggregate = app.repository.get(aggregate_id, version=version)
    if version is not None and aggregate.version != version:
        raise AggregateNotFoundError(f"{aggregate_id} has no version {version}")
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
