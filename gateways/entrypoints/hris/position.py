"""The source position a unit of ingestion records in the same write as its effect.

The ingestor sets the position of the record it handles (``carrying``); the first insert the
service makes while it is set carries the position along (``riding_along``), so the domain
events and the tracking record are written in one transaction. No service code knows about
it: it flows through a contextvar.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Tracking


@dataclass
class Position:
    """Where the handled record is in its source; ``recorded`` once an insert committed it."""

    tracking: Tracking
    recorded: bool = False

    def insert_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``insert_events`` that record this position."""
        return {"tracking": self.tracking}


_current: ContextVar[Position | None] = ContextVar("hris_position", default=None)


@contextmanager
def carrying(position: Position | None) -> Iterator[Position | None]:
    """Make ``position`` ride along with the next insert made in this context."""
    token = _current.set(position)
    try:
        yield position
    finally:
        _current.reset(token)


@contextmanager
def riding_along(kwargs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """An insert's kwargs plus the pending position, marked recorded if the insert succeeds."""
    position = _current.get()
    if position is None or position.recorded or kwargs.get("tracking") is not None:
        yield kwargs
        return
    yield {**kwargs, **position.insert_kwargs()}
    position.recorded = True
