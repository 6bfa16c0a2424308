"""The state of an aggregate as of a version or a recorded instant, read from the event log.

Never from projections: this module only reads the aggregate's events from the store
(decoded and upcast by the application's mapper); ``gateways.audit.logic.as_of`` replays them
with the aggregate's own code, so the answer is what the system knew then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.application import Application

from gateways.audit.logic.as_of import AggregateState, replay

log = structlog.get_logger(__name__)


def state_as_of(
    app: Application[Any],
    aggregate_id: UUID,
    *,
    version: int | None = None,
    at: datetime | None = None,
) -> AggregateState:
    """Replay the aggregate's events up to ``version`` (or the instant ``at``); else all.

    Raises ``AggregateNotFoundError`` for an unknown id or version, ``NothingRecordedYet``
    when ``at`` precedes its first event.
    """
    log.info("audit_state_as_of", aggregate_id=str(aggregate_id), version=version,
             at=None if at is None else at.isoformat())
    events = app.events.get(aggregate_id, lte=None if at is not None else version)
    return replay(aggregate_id, events, version=version, at=at)
